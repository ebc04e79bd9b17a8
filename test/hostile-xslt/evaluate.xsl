<?xml version="1.0" encoding="UTF-8"?>
<!-- Dynamic evaluation: the host call is built as a string at run time. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:mode on-no-match="shallow-copy"/>
  <xsl:template match="/">
    <xsl:evaluate xpath="concat('Q{http://saxonica.com/ns/', 'globalJS}eval(''1'')')"/>
  </xsl:template>
</xsl:stylesheet>
