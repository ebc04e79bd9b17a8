<?xml version="1.0" encoding="UTF-8"?>
<!--
  Rebases GeoServer and GeoNetwork URLs on the target platform.
  Records are written against preprod (https://preprod.geo.example.org/…); on every platform the
  URLs starting with the authored base are rewritten to the platform's geoserverUrl / geonetworkUrl.
  Only links are touched: gmd:URL (ISO 19139) and cit:linkage (ISO 19115-3), plus browse graphics.
  Text elsewhere (abstracts, lineage) keeps the URLs it quotes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:gmd="http://www.isotc211.org/2005/gmd"
    xmlns:gco="http://www.isotc211.org/2005/gco"
    xmlns:cit="http://standards.iso.org/iso/19115/-3/cit/2.0"
    xmlns:mcc="http://standards.iso.org/iso/19115/-3/mcc/1.0"
    xmlns:gco3="http://standards.iso.org/iso/19115/-3/gco/1.0"
    xmlns:geoflux="urn:geoflux:transforms"
    exclude-result-prefixes="#all">

  <!-- Supplied by geoflux for each platform. -->
  <xsl:param name="platform" as="xs:string" select="''"/>
  <xsl:param name="geoserverUrl" as="xs:string" select="''"/>
  <xsl:param name="geonetworkUrl" as="xs:string" select="''"/>

  <!-- The base URLs the records are written with; a platform var of the same name overrides them. -->
  <xsl:param name="authoredGeoserverUrl" as="xs:string" select="'https://preprod.geo.example.org/geoserver'"/>
  <xsl:param name="authoredGeonetworkUrl" as="xs:string" select="'https://preprod.geo.example.org/geonetwork'"/>

  <xsl:mode on-no-match="shallow-copy"/>

  <xsl:function name="geoflux:rebase" as="xs:string">
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="from" as="xs:string"/>
    <xsl:param name="to" as="xs:string"/>
    <xsl:variable name="source" select="replace($from, '/+$', '')"/>
    <xsl:variable name="target" select="replace($to, '/+$', '')"/>
    <!-- Match the base only as a whole path segment: …/geoserver2 is not …/geoserver. -->
    <xsl:sequence select="
      if ($target = '' or $source = $target) then $url
      else if ($url = $source or starts-with($url, concat($source, '/')) or starts-with($url, concat($source, '?')))
        then concat($target, substring($url, string-length($source) + 1))
      else $url"/>
  </xsl:function>

  <xsl:function name="geoflux:rewrite" as="xs:string">
    <xsl:param name="url" as="xs:string"/>
    <xsl:sequence select="geoflux:rebase(geoflux:rebase($url, $authoredGeoserverUrl, $geoserverUrl), $authoredGeonetworkUrl, $geonetworkUrl)"/>
  </xsl:function>

  <xsl:template match="gmd:URL/text()
                       | cit:linkage/gco3:CharacterString/text()
                       | gmd:MD_BrowseGraphic/gmd:fileName/gco:CharacterString/text()
                       | mcc:MD_BrowseGraphic/mcc:fileName/gco3:CharacterString/text()">
    <xsl:value-of select="geoflux:rewrite(string(.))"/>
  </xsl:template>

</xsl:stylesheet>
