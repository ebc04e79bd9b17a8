<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:gmd="http://www.isotc211.org/2005/gmd">
  <xsl:param name="geoserverUrl" select="''"/>
  <xsl:mode on-no-match="shallow-copy"/>
  <xsl:template match="gmd:URL/text()">
    <xsl:value-of select="replace(., '\{\{geoserverUrl\}\}', $geoserverUrl)"/>
  </xsl:template>
</xsl:stylesheet>
