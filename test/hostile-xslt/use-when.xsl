<?xml version="1.0" encoding="UTF-8"?>
<!-- An EQName host call in use-when, without declaring the namespace. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:mode on-no-match="shallow-copy"/>
  <xsl:template match="/" use-when="Q{http://saxonica.com/ns/globalJS}eval('require(&quot;fs&quot;).writeFileSync(&quot;@MARKER@&quot;, &quot;x&quot;)')">
    <xsl:copy-of select="."/>
  </xsl:template>
</xsl:stylesheet>
