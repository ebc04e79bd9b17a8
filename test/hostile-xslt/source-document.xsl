<?xml version="1.0" encoding="UTF-8"?>
<!-- Streaming a document from outside the repository. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><xsl:source-document href="file:///etc/passwd"><stolen/></xsl:source-document></xsl:template>
</xsl:stylesheet>
