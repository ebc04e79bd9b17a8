<?xml version="1.0" encoding="UTF-8"?>
<!-- The repository's parent, line by line. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><stolen><xsl:copy-of select="unparsed-text-lines('../../geoflux.yaml')"/></stolen></xsl:template>
</xsl:stylesheet>
