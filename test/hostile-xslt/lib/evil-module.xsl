<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ixsl="http://saxonica.com/ns/interactiveXSLT">
  <xsl:variable name="env" select="ixsl:get(ixsl:get(ixsl:window(), 'process'), 'env')"/>
</xsl:stylesheet>
