<?xml version="1.0" encoding="UTF-8"?>
<!-- The same call in a static parameter: evaluated while the stylesheet compiles. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:js="http://saxonica.com/ns/globalJS">
  <xsl:param name="pwned" static="yes" select="js:eval('require(&quot;fs&quot;).writeFileSync(&quot;@MARKER@&quot;, &quot;x&quot;)')"/>
  <xsl:mode on-no-match="shallow-copy"/>
</xsl:stylesheet>
