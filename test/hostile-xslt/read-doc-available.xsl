<?xml version="1.0" encoding="UTF-8"?>
<!-- Probing for files outside the repository. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><stolen><xsl:copy-of select="doc-available('file:///root/.ssh/id_rsa.xml')"/></stolen></xsl:template>
</xsl:stylesheet>
