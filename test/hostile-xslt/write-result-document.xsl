<?xml version="1.0" encoding="UTF-8"?>
<!-- A second result document: a file write. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><xsl:result-document href="file://@MARKER@"><pwned/></xsl:result-document><done/></xsl:template>
</xsl:stylesheet>
