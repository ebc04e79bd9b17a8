<?xml version="1.0" encoding="UTF-8"?>
<!-- Probing over HTTP. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><stolen><xsl:copy-of select="unparsed-text-available('http://127.0.0.1:5432/')"/></stolen></xsl:template>
</xsl:stylesheet>
