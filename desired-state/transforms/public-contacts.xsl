<?xml version="1.0" encoding="UTF-8"?>
<!--
  Removes internal contacts from records published on the public portal.

  A contact is internal when one of its e-mail addresses is on the intranet mail domain
  (parameter internalMailDomain, default @intra.belleroche-metropole.example.org). Individual
  agents are written with their intranet address; public contacts use the functional addresses
  of the directions (sig@, urbanisme@, …) on belleroche-metropole.example.org.

  Removed: gmd:pointOfContact and gmd:distributorContact (ISO 19139), mri:pointOfContact and
  mrd:distributorContact (ISO 19115-3) holding an internal party; gmd:contact / mdb:contact too,
  except that a record always keeps one metadata contact (the mandatory one), the last, if every
  metadata contact is internal.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:gmd="http://www.isotc211.org/2005/gmd"
    xmlns:gco="http://www.isotc211.org/2005/gco"
    xmlns:mdb="http://standards.iso.org/iso/19115/-3/mdb/2.0"
    xmlns:mri="http://standards.iso.org/iso/19115/-3/mri/1.0"
    xmlns:mrd="http://standards.iso.org/iso/19115/-3/mrd/1.0"
    xmlns:cit="http://standards.iso.org/iso/19115/-3/cit/2.0"
    xmlns:gco3="http://standards.iso.org/iso/19115/-3/gco/1.0">

  <xsl:param name="platform" select="''"/>
  <xsl:param name="geoserverUrl" select="''"/>
  <xsl:param name="geonetworkUrl" select="''"/>
  <xsl:param name="internalMailDomain" select="'@intra.belleroche-metropole.example.org'"/>

  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyz'"/>
  <xsl:variable name="domain" select="translate($internalMailDomain, $upper, $lower)"/>

  <xsl:template match="@* | node()">
    <xsl:copy>
      <xsl:apply-templates select="@* | node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Outputs "internal" once per intranet address found under the context contact. -->
  <xsl:template name="internal-marks">
    <xsl:for-each select=".//gmd:electronicMailAddress/gco:CharacterString | .//cit:electronicMailAddress/gco3:CharacterString">
      <xsl:variable name="mail" select="translate(normalize-space(.), $upper, $lower)"/>
      <xsl:if test="string-length($mail) &gt; string-length($domain)
                    and substring($mail, string-length($mail) - string-length($domain) + 1) = $domain">internal</xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="gmd:pointOfContact | gmd:distributorContact | mri:pointOfContact | mrd:distributorContact">
    <xsl:variable name="marks">
      <xsl:call-template name="internal-marks"/>
    </xsl:variable>
    <xsl:if test="string($marks) = ''">
      <xsl:copy>
        <xsl:apply-templates select="@* | node()"/>
      </xsl:copy>
    </xsl:if>
  </xsl:template>

  <xsl:template match="gmd:contact | mdb:contact">
    <xsl:variable name="marks">
      <xsl:call-template name="internal-marks"/>
    </xsl:variable>
    <xsl:variable name="publicContacts">
      <xsl:for-each select="../gmd:contact | ../mdb:contact">
        <xsl:variable name="siblingMarks">
          <xsl:call-template name="internal-marks"/>
        </xsl:variable>
        <xsl:if test="string($siblingMarks) = ''">public</xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="string($marks) = ''
                  or (string($publicContacts) = '' and not(following-sibling::gmd:contact | following-sibling::mdb:contact))">
      <xsl:copy>
        <xsl:apply-templates select="@* | node()"/>
      </xsl:copy>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
