import { describe, expect, it } from 'vitest';
import { checkStylesheet, literalPath } from './xslt-policy.ts';

const XSL = 'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"';
const JS = 'xmlns:js="http://saxonica.com/ns/globalJS"';
const IXSL = 'xmlns:ixsl="http://saxonica.com/ns/interactiveXSLT"';

const stylesheet = (body: string, attributes = '') => `<xsl:stylesheet version="3.0" ${XSL} ${attributes}>\n${body}\n</xsl:stylesheet>`;
const check = (text: string, others: Record<string, string> = {}) =>
  checkStylesheet('transforms/t.xsl', new Map(Object.entries({ 'transforms/t.xsl': text, ...others })));
const codes = (text: string, others?: Record<string, string>) => check(text, others).problems.map((problem) => problem.code);

describe('the stylesheet policy accepts plain XSLT', () => {
  it('accepts the usual constructs: templates, modes, functions of its own, maps, TVTs, EXSLT node-set', () => {
    const text = stylesheet(
      `<xsl:mode on-no-match="shallow-copy"/>
       <xsl:param name="geoserverUrl" as="xs:string" select="''" xmlns:xs="http://www.w3.org/2001/XMLSchema"/>
       <xsl:function name="g:base" xmlns:g="urn:example"><xsl:param name="u"/><xsl:sequence select="substring-before($u, '/geoserver')"/></xsl:function>
       <xsl:template match="text()[starts-with(., 'http')]" expand-text="yes">{replace(., '^https://old', $geoserverUrl)}</xsl:template>
       <xsl:template match="/" xmlns:g="urn:example" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:exsl="http://exslt.org/common">
         <out a="{g:base(string(.))}" b="{map:size(map{'a':1}) + count(exsl:node-set(.))}">
           <xsl:if test="if (. instance of element()) then (1) else (2)"><xsl:value-of select="element-available('xsl:if'), format-number(1, '#')"/></xsl:if>
           <xsl:analyze-string select="." regex="(\\d+)\\(x\\)"><xsl:matching-substring/></xsl:analyze-string>
         </out>
       </xsl:template>`,
    );
    expect(check(text).problems).toEqual([]);
  });

  it('accepts includes and literal reads under transforms/, and reports the closure', () => {
    const result = check(
      stylesheet(`<xsl:include href="lib/common.xsl"/>
        <xsl:template match="/"><o><xsl:value-of select="doc('lib/codes.xml')//c, unparsed-text('lib/list.txt'), document('')/*/@version"/></o></xsl:template>`),
      {
        'transforms/lib/common.xsl': stylesheet(`<xsl:import href="../base.xsl"/><xsl:variable name="v" select="doc('codes.xml')"/>`),
        'transforms/base.xsl': stylesheet(''),
        'transforms/lib/codes.xml': '<codes/>',
        'transforms/lib/list.txt': 'a\nb\n',
      },
    );
    expect(result.problems).toEqual([]);
    expect(result.closure.modules).toEqual(['transforms/t.xsl', 'transforms/lib/common.xsl', 'transforms/base.xsl']);
    expect(result.closure.resources).toEqual(['transforms/lib/codes.xml', 'transforms/lib/list.txt', 'transforms/t.xsl']);
  });

  it('does not mistake keywords, kind tests, variables or strings for calls', () => {
    const text = stylesheet(
      `<xsl:template match="node()"><xsl:sequence select="for $doc in (1, 2) return $doc, 'unparsed-text(&quot;/etc&quot;)', (: doc('x') :) 1 div (2), @document"/></xsl:template>`,
    );
    expect(check(text).problems).toEqual([]);
  });
});

describe('the stylesheet policy refuses what reaches outside XSLT', () => {
  it.each([
    ['a globalJS declaration and call', stylesheet(`<xsl:template match="/"><xsl:value-of select="js:eval('1')"/></xsl:template>`, JS)],
    ['an ixsl call', stylesheet(`<xsl:template match="/"><xsl:value-of select="ixsl:window()"/></xsl:template>`, IXSL)],
    ['an EQName call into globalJS', stylesheet(`<xsl:template match="/"><xsl:value-of select="Q{http://saxonica.com/ns/globalJS}eval('1')"/></xsl:template>`)],
    [
      'a saxon extension function',
      stylesheet(`<xsl:template match="/"><xsl:value-of select="saxon:timestamp()"/></xsl:template>`, 'xmlns:saxon="http://saxon.sf.net/"'),
    ],
    ['an unknown extension namespace', stylesheet(`<xsl:template match="/"><xsl:value-of select="ext:run()"/></xsl:template>`, 'xmlns:ext="urn:other"')],
    ['a static parameter calling the host', stylesheet(`<xsl:param name="p" static="yes" select="Q{http://saxonica.com/ns/globalJS}eval('1')"/>`)],
    ['use-when calling the host', stylesheet(`<xsl:template match="/" use-when="Q{http://saxonica.com/ns/globalJS}eval('true')"/>`)],
    ['xsl:use-when on a literal result element', stylesheet(`<xsl:template match="/"><o xsl:use-when="environment-variable('HOME')"/></xsl:template>`)],
    ['xsl:evaluate', stylesheet(`<xsl:template match="/"><xsl:evaluate xpath="'1'"/></xsl:template>`)],
    ['fn:transform', stylesheet(`<xsl:template match="/"><xsl:sequence select="transform(map{})"/></xsl:template>`)],
    ['fn:load-xquery-module', stylesheet(`<xsl:template match="/"><xsl:sequence select="load-xquery-module('urn:x')"/></xsl:template>`)],
    [
      'function-lookup',
      stylesheet(`<xsl:template match="/"><xsl:sequence select="function-lookup(QName('http://saxonica.com/ns/globalJS', 'eval'), 1)('1')"/></xsl:template>`),
    ],
    ['environment-variable', stylesheet(`<xsl:template match="/"><xsl:value-of select="environment-variable('GS_PASSWORD')"/></xsl:template>`)],
    ['available-environment-variables', stylesheet(`<xsl:template match="/"><xsl:value-of select="available-environment-variables()"/></xsl:template>`)],
    ['unparsed-text of a file outside', stylesheet(`<xsl:template match="/"><xsl:value-of select="unparsed-text('file:///etc/hostname')"/></xsl:template>`)],
    ['unparsed-text-lines with ..', stylesheet(`<xsl:template match="/"><xsl:value-of select="unparsed-text-lines('../geoflux.yaml')"/></xsl:template>`)],
    [
      'unparsed-text-available of an absolute path',
      stylesheet(`<xsl:template match="/"><xsl:value-of select="unparsed-text-available('/etc/passwd')"/></xsl:template>`),
    ],
    ['doc over HTTP', stylesheet(`<xsl:template match="/"><xsl:copy-of select="doc('http://169.254.169.254/latest/meta-data/')"/></xsl:template>`)],
    ['document of a computed URI', stylesheet(`<xsl:template match="/"><xsl:copy-of select="document(concat('file:', '///etc/passwd'))"/></xsl:template>`)],
    ['document with a base node', stylesheet(`<xsl:template match="/"><xsl:copy-of select="document('x.xml', .)"/></xsl:template>`)],
    ['doc through the arrow operator', stylesheet(`<xsl:template match="/"><xsl:copy-of select="'file:///etc/passwd' => doc()"/></xsl:template>`)],
    [
      'a reading function passed by reference',
      stylesheet(`<xsl:template match="/"><xsl:copy-of select="let $f := doc#1 return $f('/etc/passwd')"/></xsl:template>`),
    ],
    ['collection', stylesheet(`<xsl:template match="/"><xsl:value-of select="count(collection('file:///etc/'))"/></xsl:template>`)],
    ['json-doc', stylesheet(`<xsl:template match="/"><xsl:value-of select="json-doc('https://example.org/x.json')"/></xsl:template>`)],
    ['a data: URI', stylesheet(`<xsl:template match="/"><xsl:value-of select="unparsed-text('data:text/plain,x')"/></xsl:template>`)],
    ['xsl:result-document', stylesheet(`<xsl:template match="/"><xsl:result-document href="out.xml"><w/></xsl:result-document></xsl:template>`)],
    [
      'xsl:source-document outside',
      stylesheet(`<xsl:template match="/"><xsl:source-document href="file:///etc/passwd"><x/></xsl:source-document></xsl:template>`),
    ],
    ['xsl:import-schema', stylesheet(`<xsl:import-schema schema-location="http://example.org/s.xsd"/>`)],
    ['an include outside transforms/', stylesheet(`<xsl:include href="../metadata/x.xsl"/>`)],
    ['an include over HTTP', stylesheet(`<xsl:import href="http://example.org/x.xsl"/>`)],
    ['extension-element-prefixes', stylesheet(`<xsl:template match="/"/>`, 'extension-element-prefixes="ixsl" xmlns:ixsl="urn:x"')],
    ['a shadow attribute', stylesheet(`<xsl:template match="/"><xsl:value-of _select="{'doc'}"/></xsl:template>`)],
    ['xml:base', stylesheet(`<xsl:template match="/" xml:base="file:///etc/"><xsl:copy-of select="doc('passwd')"/></xsl:template>`)],
    ['a TVT calling environment-variable', stylesheet(`<xsl:template match="/" expand-text="yes"><o>{environment-variable('PATH')}</o></xsl:template>`)],
    ['an AVT calling environment-variable', stylesheet(`<xsl:template match="/"><o a="{environment-variable('PATH')}"/></xsl:template>`)],
    ['xsl:output parameter-document', stylesheet(`<xsl:output parameter-document="/etc/passwd"/>`)],
    [
      'xsl:merge-source for-each-source',
      stylesheet(
        `<xsl:template match="/"><xsl:merge><xsl:merge-source for-each-source="'/etc/passwd'" select="*"><xsl:merge-key select="."/></xsl:merge-source><xsl:merge-action/></xsl:merge></xsl:template>`,
      ),
    ],
    ['a function declared in a host namespace', stylesheet(`<xsl:function name="Q{http://saxonica.com/ns/globalJS}f"/>`)],
    ['xsl:package', `<xsl:package version="3.0" ${XSL}/>`],
  ])('refuses %s', (_what, text) => {
    const { problems } = check(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({
      code: 'ForbiddenXslt',
      severity: 'error',
      location: { file: 'transforms/t.xsl', line: expect.any(Number), col: expect.any(Number) },
    });
  });

  it('names the line and column of the call and says why', () => {
    const text = `<xsl:stylesheet version="3.0" ${XSL}>\n  <xsl:template match="/">\n    <o><xsl:value-of select="1, environment-variable('CI_JOB_TOKEN')"/></o>\n  </xsl:template>\n</xsl:stylesheet>`;
    expect(check(text).problems).toEqual([
      {
        code: 'ForbiddenXslt',
        severity: 'error',
        message: 'environment-variable() is not allowed in a repository stylesheet: it reads the environment of the process (CI secrets)',
        location: { file: 'transforms/t.xsl', line: 3, col: 33 },
      },
    ]);
  });

  it('checks included modules too, locating the problem in the module', () => {
    const result = check(stylesheet('<xsl:include href="lib/evil.xsl"/>'), {
      'transforms/lib/evil.xsl': `<xsl:stylesheet version="3.0" ${XSL} ${JS}>\n<xsl:variable name="x" select="js:eval('1')"/>\n</xsl:stylesheet>`,
    });
    expect(result.problems.map((problem) => [problem.code, problem.location.file, problem.location.line])).toEqual([
      ['ForbiddenXslt', 'transforms/lib/evil.xsl', 1],
      ['ForbiddenXslt', 'transforms/lib/evil.xsl', 2],
    ]);
  });

  it('reports a missing include or read, and survives include cycles', () => {
    expect(codes(stylesheet('<xsl:include href="lib/missing.xsl"/>'))).toEqual(['InvalidXslt']);
    expect(codes(stylesheet(`<xsl:template match="/"><xsl:copy-of select="doc('missing.xml')"/></xsl:template>`))).toEqual(['InvalidXslt']);
    expect(codes(stylesheet('<xsl:include href="a.xsl"/>'), { 'transforms/a.xsl': stylesheet('<xsl:include href="t.xsl"/>') })).toEqual([]);
  });

  it('refuses a DOCTYPE in any module before parsing it', () => {
    expect(
      codes(stylesheet('<xsl:include href="a.xsl"/>'), { 'transforms/a.xsl': `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n${stylesheet('')}` }),
    ).toEqual(['ForbiddenDoctype']);
  });
});

describe('literalPath', () => {
  it('resolves relative URIs against the module and keeps them under transforms/', () => {
    expect(literalPath('transforms/lib/a.xsl', '../codes.xml')).toBe('transforms/codes.xml');
    expect(literalPath('transforms/a.xsl', 'lib/b.xsl')).toBe('transforms/lib/b.xsl');
    for (const href of ['../geoflux.yaml', '/etc/passwd', 'file:///etc/passwd', 'http://x/y', 'a%2e%2e/b', 'C:\\x', 'x?y', '']) {
      expect(literalPath('transforms/a.xsl', href)).toBeUndefined();
    }
  });
});
