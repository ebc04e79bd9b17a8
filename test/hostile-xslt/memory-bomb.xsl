<?xml version="1.0" encoding="UTF-8"?>
<!-- Plain XSLT that builds a string of gigabytes: stopped at the memory limit. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><o><xsl:value-of select="string-length(string-join(for $i in 1 to 100000000 return 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', ''))"/></o></xsl:template>
</xsl:stylesheet>
