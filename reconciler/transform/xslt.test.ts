import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileStylesheet, runStylesheets, type CompiledStylesheet } from './xslt.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'geoflux-sef-test-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const location = { file: 'transforms/t.xsl' };
const XSL = 'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"';
const GMD = 'xmlns:gmd="http://www.isotc211.org/2005/gmd"';
const record = `<gmd:MD_Metadata ${GMD}><gmd:URL>https://old.example.org/geoserver/wms</gmd:URL></gmd:MD_Metadata>`;

const compile = (text: string, others: Record<string, string> = {}, dir = cacheDir) =>
  compileStylesheet('transforms/t.xsl', new Map(Object.entries({ 'transforms/t.xsl': text, ...others })), location, { cacheDir: dir });
const run = async (compiled: CompiledStylesheet, xml: string, params: Record<string, string> = {}) =>
  (await runStylesheets([compiled], [{ xml, location: { file: 'metadata/r.xml' } }], params))[0]!;

describe('XSLT versions', () => {
  it('runs an XSLT 1.0 stylesheet', async () => {
    const compiled = await compile(
      `<xsl:stylesheet version="1.0" ${XSL} ${GMD}>
         <xsl:param name="geoserverUrl"/>
         <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
         <xsl:template match="gmd:URL/text()"><xsl:value-of select="concat($geoserverUrl, substring-after(., '/geoserver'))"/></xsl:template>
       </xsl:stylesheet>`,
    );
    expect(await run(compiled, record, { geoserverUrl: 'https://maps.example.org/geoserver', platform: 'prod' })).toContain(
      '<gmd:URL>https://maps.example.org/geoserver/wms</gmd:URL>',
    );
  });

  it('runs an XSLT 2.0 stylesheet', async () => {
    const compiled = await compile(
      `<xsl:stylesheet version="2.0" ${XSL} ${GMD}>
         <xsl:param name="platform" as="xs:string" xmlns:xs="http://www.w3.org/2001/XMLSchema"/>
         <xsl:template match="/"><out><xsl:value-of select="upper-case($platform), tokenize(//gmd:URL, '/')[3]" separator="|"/></out></xsl:template>
       </xsl:stylesheet>`,
    );
    expect(await run(compiled, record, { platform: 'preprod' })).toMatch(/>PREPROD\|old\.example\.org<\/out>$/);
  });

  it('runs an XSLT 3.0 stylesheet', async () => {
    const compiled = await compile(
      `<xsl:stylesheet version="3.0" ${XSL} ${GMD}>
         <xsl:param name="geoserverUrl"/>
         <xsl:mode on-no-match="shallow-copy"/>
         <xsl:template match="gmd:URL/text()" expand-text="yes">{replace(., '^https://old\\.example\\.org/geoserver', $geoserverUrl)}</xsl:template>
       </xsl:stylesheet>`,
    );
    expect(await run(compiled, record, { geoserverUrl: 'https://new.example.org/gs' })).toContain('<gmd:URL>https://new.example.org/gs/wms</gmd:URL>');
  });

  it('runs a chain of stylesheets over many records, in order', async () => {
    const first = await compile(
      `<xsl:stylesheet version="3.0" ${XSL}><xsl:template match="/*"><one><xsl:value-of select="name()"/></one></xsl:template></xsl:stylesheet>`,
    );
    const second = await compileStylesheet(
      'transforms/b.xsl',
      new Map([
        [
          'transforms/b.xsl',
          `<xsl:stylesheet version="3.0" ${XSL}><xsl:template match="/*"><two><xsl:value-of select="."/></two></xsl:template></xsl:stylesheet>`,
        ],
      ]),
      { file: 'transforms/b.xsl' },
      { cacheDir },
    );
    const inputs = Array.from({ length: 450 }, (_, index) => ({ xml: `<r${index}/>`, location: { file: `metadata/${index}.xml` } }));
    const outputs = await runStylesheets([first, second], inputs);
    expect(outputs).toHaveLength(450);
    expect(outputs[449]).toMatch(/<two>r449<\/two>$/);
  });
});

describe('files under transforms/', () => {
  it('includes modules and reads literal files from the commit, not from disk', async () => {
    const compiled = await compile(
      `<xsl:stylesheet version="3.0" ${XSL}>
         <xsl:include href="lib/labels.xsl"/>
         <xsl:template match="/"><out><xsl:value-of select="doc('lib/codes.xml')//code[@id = 'a'], unparsed-text('lib/motd.txt'), document('')/*/@version, $label"/></out></xsl:template>
       </xsl:stylesheet>`,
      {
        'transforms/lib/labels.xsl': `<xsl:stylesheet version="3.0" ${XSL}><xsl:variable name="label" select="string(doc('codes.xml')//code[@id = 'b'])"/></xsl:stylesheet>`,
        'transforms/lib/codes.xml': '<codes><code id="a">Alpha</code><code id="b">Bravo</code></codes>',
        'transforms/lib/motd.txt': 'hello',
      },
    );
    expect(await run(compiled, '<a/>')).toMatch(/<out>Alpha hello 3\.0 Bravo<\/out>$/);
  });

  it('reports a compile error as InvalidXslt with its line', async () => {
    await expect(
      compile(`<xsl:stylesheet version="3.0" ${XSL}>\n<xsl:template match="/">\n<o><xsl:value-of select="1 +"/></o>\n</xsl:template>\n</xsl:stylesheet>`),
    ).rejects.toMatchObject({
      code: 'InvalidXslt',
      message: expect.stringMatching(/^does not compile: XPST0003/),
      location: { file: 'transforms/t.xsl', line: 3 },
    });
  });

  it('refuses by policy before compiling (nothing reaches the compiler)', async () => {
    await expect(
      compile(
        `<xsl:stylesheet version="3.0" ${XSL}><xsl:template match="/"><xsl:value-of select="environment-variable('HOME')"/></xsl:template></xsl:stylesheet>`,
      ),
    ).rejects.toMatchObject({
      code: 'ForbiddenXslt',
      location: { file: 'transforms/t.xsl', line: 1 },
    });
    await expect(compile(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<xsl:stylesheet version="1.0" ${XSL}/>`)).rejects.toMatchObject({
      code: 'ForbiddenDoctype',
    });
  });

  it('names the record a transform fails on', async () => {
    const compiled = await compile(
      `<xsl:stylesheet version="3.0" ${XSL}><xsl:template match="/"><xsl:sequence select="error(QName('urn:x', 'boom'), 'no title')"/></xsl:template></xsl:stylesheet>`,
    );
    await expect(run(compiled, '<a/>')).rejects.toMatchObject({
      code: 'InvalidXslt',
      message: expect.stringMatching(/^transform failed on metadata\/r\.xml: no title/),
    });
  });
});

describe('SEF cache', () => {
  it('writes the SEF to the cache folder and reuses it from disk by content hash', async () => {
    const first = `<xsl:stylesheet version="3.0" ${XSL}><xsl:template match="/"><first/></xsl:template></xsl:stylesheet>`;
    const second = `<xsl:stylesheet version="3.0" ${XSL}><xsl:template match="/"><second/></xsl:template></xsl:stylesheet>`;
    const compiledFirst = await compile(first);
    const compiledSecond = await compile(second);
    expect(existsSync(join(cacheDir, `${compiledFirst.key}.sef.json`))).toBe(true);
    // A fresh cache folder holding the second stylesheet's SEF under the first one's hash: a disk hit
    // returns it without compiling, which is how the planted SEF can be told from a compilation.
    const otherDir = join(cacheDir, 'planted');
    mkdirSync(otherDir, { mode: 0o700 });
    copyFileSync(join(cacheDir, `${compiledSecond.key}.sef.json`), join(otherDir, `${compiledFirst.key}.sef.json`));
    const fromDisk = await compile(first, {}, otherDir);
    expect(await run(fromDisk, '<a/>')).toMatch(/<second\/>$/);
    expect(await compile(first, {}, otherDir)).toBe(fromDisk);
  });

  it('ignores a cache folder that others can write', async () => {
    const shared = join(cacheDir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const compiled = await compile(`<xsl:stylesheet version="3.0" ${XSL}><xsl:template match="/"><shared/></xsl:template></xsl:stylesheet>`, {}, shared);
    expect(existsSync(join(shared, `${compiled.key}.sef.json`))).toBe(false);
    expect(await run(compiled, '<a/>')).toMatch(/<shared\/>$/);
  });
});
