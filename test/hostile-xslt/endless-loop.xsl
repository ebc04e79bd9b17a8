<?xml version="1.0" encoding="UTF-8"?>
<!-- Plain XSLT that never ends: stopped at the time limit. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><xsl:iterate select="1 to 999999999999"><xsl:next-iteration/></xsl:iterate></xsl:template>
</xsl:stylesheet>
