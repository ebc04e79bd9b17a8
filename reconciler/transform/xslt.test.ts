import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileStylesheet, runStylesheet } from './xslt.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'geoflux-sef-test-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const location = { file: 'transforms/t.xsl' };
const XSL = 'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"';
const GMD = 'xmlns:gmd="http://www.isotc211.org/2005/gmd"';
const record = `<gmd:MD_Metadata ${GMD}><gmd:URL>https://old.example.org/geoserver/wms</gmd:URL></gmd:MD_Metadata>`;
const hostname = existsSync('/etc/hostname') ? readFileSync('/etc/hostname', 'utf8').trim() : 'no-hostname-file';

describe('XSLT versions', () => {
  it('runs an XSLT 1.0 stylesheet', async () => {
    const compiled = await compileStylesheet(
      `<xsl:stylesheet version="1.0" ${XSL} ${GMD}>
         <xsl:param name="geoserverUrl"/>
         <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
         <xsl:template match="gmd:URL/text()"><xsl:value-of select="concat($geoserverUrl, substring-after(., '/geoserver'))"/></xsl:template>
       </xsl:stylesheet>`,
      location,
      { cacheDir },
    );
    expect(compiled.version).toBe('1.0');
    expect(runStylesheet(compiled, record, { geoserverUrl: 'https://maps.example.org/geoserver', platform: 'prod' })).toContain(
      '<gmd:URL>https://maps.example.org/geoserver/wms</gmd:URL>',
    );
  });

  it('runs an XSLT 2.0 stylesheet', async () => {
    const compiled = await compileStylesheet(
      `<xsl:stylesheet version="2.0" ${XSL} ${GMD}>
         <xsl:param name="platform" as="xs:string" xmlns:xs="http://www.w3.org/2001/XMLSchema"/>
         <xsl:template match="/"><out><xsl:value-of select="upper-case($platform), tokenize(//gmd:URL, '/')[3]" separator="|"/></out></xsl:template>
       </xsl:stylesheet>`,
      location,
      { cacheDir },
    );
    expect(runStylesheet(compiled, record, { platform: 'preprod' })).toMatch(/>PREPROD\|old\.example\.org<\/out>$/);
  });

  it('runs an XSLT 3.0 stylesheet', async () => {
    const compiled = await compileStylesheet(
      `<xsl:stylesheet version="3.0" ${XSL} ${GMD}>
         <xsl:param name="geoserverUrl"/>
         <xsl:mode on-no-match="shallow-copy"/>
         <xsl:template match="gmd:URL/text()" expand-text="yes">{replace(., '^https://old\\.example\\.org/geoserver', $geoserverUrl)}</xsl:template>
       </xsl:stylesheet>`,
      location,
      { cacheDir },
    );
    expect(runStylesheet(compiled, record, { geoserverUrl: 'https://new.example.org/gs' })).toContain('<gmd:URL>https://new.example.org/gs/wms</gmd:URL>');
  });

  it('reports a compile error as InvalidXslt with its line', async () => {
    await expect(
      compileStylesheet(`<xsl:stylesheet version="3.0" ${XSL}>\n<xsl:template match="/">\n<o><xsl:value-of select="1 +"/></o>\n</xsl:template>\n</xsl:stylesheet>`, location, { cacheDir }),
    ).rejects.toMatchObject({ code: 'InvalidXslt', message: expect.stringMatching(/^does not compile: XPST0003/), location: { file: 'transforms/t.xsl', line: 3 } });
  });
});

describe('sandbox', () => {
  const probes = `<xsl:stylesheet version="3.0" ${XSL}>
    <xsl:param name="probe"/>
    <xsl:template match="/">
      <out>
        <xsl:choose>
          <xsl:when test="$probe = 'unparsed-text'"><xsl:value-of select="unparsed-text('file:///etc/hostname')"/></xsl:when>
          <xsl:when test="$probe = 'unparsed-text-lines'"><xsl:value-of select="unparsed-text-lines('/etc/hostname')"/></xsl:when>
          <xsl:when test="$probe = 'doc'"><xsl:copy-of select="doc('file:///etc/hostname')"/></xsl:when>
          <xsl:when test="$probe = 'document'"><xsl:copy-of select="document('file:///etc/passwd')"/></xsl:when>
          <xsl:when test="$probe = 'collection'"><xsl:value-of select="count(collection('file:///etc/'))"/></xsl:when>
          <xsl:when test="$probe = 'http'"><xsl:copy-of select="doc('http://127.0.0.1:9/secret.xml')"/></xsl:when>
          <xsl:when test="$probe = 'https'"><xsl:value-of select="unparsed-text('https://example.org/')"/></xsl:when>
          <xsl:when test="$probe = 'data'"><xsl:value-of select="unparsed-text('data:text/plain,hello')"/></xsl:when>
          <xsl:when test="$probe = 'lookup'"><xsl:value-of select="function-lookup(QName('http://www.w3.org/2005/xpath-functions', 'unparsed-text'), 1)('file:///etc/hostname')"/></xsl:when>
          <xsl:when test="$probe = 'write'"><xsl:result-document href="file://${cacheDir}/written.xml"><w/></xsl:result-document></xsl:when>
          <xsl:when test="$probe = 'env'">[<xsl:value-of select="environment-variable('GEOFLUX_SECRET_PROBE'), available-environment-variables()"/>]</xsl:when>
        </xsl:choose>
      </out>
    </xsl:template>
  </xsl:stylesheet>`;

  it.each(['unparsed-text', 'unparsed-text-lines', 'doc', 'document', 'collection', 'http', 'https', 'data', 'lookup', 'write'])(
    'refuses %s at run time',
    async (probe) => {
      const compiled = await compileStylesheet(probes, location, { cacheDir });
      let message = '';
      try {
        runStylesheet(compiled, '<a/>', { probe });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^transform failed: /);
      expect(message).not.toContain(hostname);
      expect(existsSync(join(cacheDir, 'written.xml'))).toBe(false);
    },
  );

  it('cannot read /etc/hostname or an environment variable', async () => {
    process.env.GEOFLUX_SECRET_PROBE = 'top-secret-value';
    try {
      const compiled = await compileStylesheet(probes, location, { cacheDir });
      expect(() => runStylesheet(compiled, '<a/>', { probe: 'unparsed-text' })).toThrow(/geoflux sandbox: access to file:\/\/\/etc\/hostname is not allowed/);
      expect(runStylesheet(compiled, '<a/>', { probe: 'env' })).toMatch(/<out>\[\]<\/out>$/);
    } finally {
      delete process.env.GEOFLUX_SECRET_PROBE;
    }
  });

  it('evaluates compile-time expressions in an empty, sandboxed environment', async () => {
    process.env.GEOFLUX_SECRET_PROBE = 'top-secret-value';
    try {
      const fromEnvironment = await compileStylesheet(
        `<xsl:stylesheet version="3.0" ${XSL}><xsl:param name="s" static="yes" select="string-join((environment-variable('GEOFLUX_SECRET_PROBE'), environment-variable('PATH')), '|')"/>
          <xsl:template match="/"><o><xsl:value-of select="$s"/></o></xsl:template></xsl:stylesheet>`,
        location,
        { cacheDir },
      );
      expect(runStylesheet(fromEnvironment, '<a/>')).toMatch(/<o\/>$/);
    } finally {
      delete process.env.GEOFLUX_SECRET_PROBE;
    }
    await expect(
      compileStylesheet(
        `<xsl:stylesheet version="3.0" ${XSL}><xsl:param name="s" static="yes" select="unparsed-text('file:///etc/hostname')"/>
          <xsl:template match="/"><o><xsl:value-of select="$s"/></o></xsl:template></xsl:stylesheet>`,
        location,
        { cacheDir },
      ),
    ).rejects.toMatchObject({ code: 'InvalidXslt', message: expect.stringContaining('geoflux sandbox') });
  });

  it.each(['file:///etc/hostname', 'http://127.0.0.1:9/x.xsl', 'https://example.org/x.xsl', 'data:text/xml,<x/>', 'other.xsl'])(
    'refuses xsl:include and xsl:import of %s',
    async (href) => {
      for (const element of ['include', 'import']) {
        await expect(
          compileStylesheet(`<xsl:stylesheet version="3.0" ${XSL}>\n<xsl:${element} href="${href}"/>\n</xsl:stylesheet>`, location, { cacheDir }),
        ).rejects.toMatchObject({ code: 'InvalidXslt', message: `xsl:${element} is not allowed: stylesheets are sandboxed and cannot load other files`, location: { line: 2 } });
      }
    },
  );

  it('refuses a DOCTYPE in a stylesheet before compiling it', async () => {
    await expect(
      compileStylesheet(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<xsl:stylesheet version="1.0" ${XSL}/>`, location, { cacheDir }),
    ).rejects.toMatchObject({ code: 'ForbiddenDoctype' });
  });
});

describe('SEF cache', () => {
  it('writes the SEF to the cache folder and reuses it from disk by content hash', async () => {
    const first = `<xsl:stylesheet version="3.0" ${XSL}><xsl:template match="/"><first/></xsl:template></xsl:stylesheet>`;
    const second = `<xsl:stylesheet version="3.0" ${XSL}><xsl:template match="/"><second/></xsl:template></xsl:stylesheet>`;
    const compiledFirst = await compileStylesheet(first, location, { cacheDir });
    const compiledSecond = await compileStylesheet(second, location, { cacheDir });
    expect(existsSync(join(cacheDir, `${compiledFirst.hash}.sef.json`))).toBe(true);
    // A fresh cache folder holding the second stylesheet's SEF under the first one's hash: a disk hit
    // returns it without compiling, which is how the planted SEF can be told from a compilation.
    const otherDir = join(cacheDir, 'planted');
    mkdirSync(otherDir);
    copyFileSync(join(cacheDir, `${compiledSecond.hash}.sef.json`), join(otherDir, `${compiledFirst.hash}.sef.json`));
    const fromDisk = await compileStylesheet(first, location, { cacheDir: otherDir });
    expect(runStylesheet(fromDisk, '<a/>')).toMatch(/<second\/>$/);
    expect(await compileStylesheet(first, location, { cacheDir: otherDir })).toBe(fromDisk);
  });
});
