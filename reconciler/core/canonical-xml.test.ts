import { describe, expect, it } from 'vitest';
import { canonicalXml, decodeReferences } from './canonical-xml.ts';
import { compareCanonical } from './canonical.ts';

const record = (body: string, root = 'gmd:MD_Metadata', decl = 'xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco"') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${decl}>${body}</${root}>`;

describe('canonicalXml', () => {
  it('ignores attribute order, whitespace between elements, comments and the declaration', () => {
    const a = record('<gmd:a x="1" y="2">  text   here </gmd:a><!-- note -->');
    const b = `<gmd:MD_Metadata xmlns:gco="http://www.isotc211.org/2005/gco" xmlns:gmd="http://www.isotc211.org/2005/gmd">\n  <gmd:a y="2" x="1">text here</gmd:a>\n</gmd:MD_Metadata>`;
    expect(canonicalXml(a).text).toBe(canonicalXml(b).text);
  });

  it('maps namespace prefixes to the well-known ones of their URIs', () => {
    const prefixed = record('<gmd:title><gco:CharacterString>T</gco:CharacterString></gmd:title>');
    const other = `<m:MD_Metadata xmlns:m="http://www.isotc211.org/2005/gmd" xmlns="http://www.isotc211.org/2005/gco"><m:title><CharacterString>T</CharacterString></m:title></m:MD_Metadata>`;
    const canonical = canonicalXml(other).text;
    expect(canonical).toBe(canonicalXml(prefixed).text);
    expect(canonical).toContain('<gco:CharacterString>T</gco:CharacterString>');
  });

  it('resolves character references so é and &#xE9; compare equal, and escapes consistently', () => {
    expect(canonicalXml(record('<gmd:a>caf&#xE9; &amp; th&#233;</gmd:a>')).text).toBe(canonicalXml(record('<gmd:a>café &amp; thé</gmd:a>')).text);
    expect(decodeReferences('&lt;&#x41;&unknown;')).toBe('<A&unknown;');
  });

  it('drops xsi:schemaLocation', () => {
    const withLocation = record(
      '<gmd:a/>',
      'gmd:MD_Metadata',
      'xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.isotc211.org/2005/gmd x.xsd"',
    );
    expect(canonicalXml(withLocation).text).toBe(canonicalXml(record('<gmd:a/>')).text);
  });

  it('masks gmd:dateStamp and reports it only where the two sides differ', () => {
    const git = canonicalXml(record('<gmd:dateStamp><gco:DateTime>2024-01-01T00:00:00</gco:DateTime></gmd:dateStamp><gmd:a>x</gmd:a>'));
    const server = canonicalXml(record('<gmd:dateStamp><gco:DateTime>2026-11-25T15:00:00</gco:DateTime></gmd:dateStamp><gmd:a>x</gmd:a>'));
    expect(server.text).toBe(git.text);
    expect(server.text).not.toContain('dateStamp');
    const comparison = compareCanonical(server, git);
    expect(comparison.equal).toBe(true);
    expect(comparison.ignored).toEqual([{ rule: 'gmd:dateStamp', path: 'gmd:MD_Metadata/gmd:dateStamp' }]);
    expect(compareCanonical(git, git).ignored).toEqual([]);
  });

  it('masks the ISO 19115-3 revision date but not the creation date', () => {
    const ns =
      'xmlns:mdb="http://standards.iso.org/iso/19115/-3/mdb/2.0" xmlns:cit="http://standards.iso.org/iso/19115/-3/cit/2.0" xmlns:gco="http://standards.iso.org/iso/19115/-3/gco/1.0"';
    const dateInfo = (type: string, date: string) =>
      `<mdb:dateInfo><cit:CI_Date><cit:date><gco:DateTime>${date}</gco:DateTime></cit:date><cit:dateType><cit:CI_DateTypeCode codeList="x" codeListValue="${type}"/></cit:dateType></cit:CI_Date></mdb:dateInfo>`;
    const a = canonicalXml(record(dateInfo('creation', '2020-01-01') + dateInfo('revision', '2024-01-01'), 'mdb:MD_Metadata', ns));
    const b = canonicalXml(record(dateInfo('creation', '2020-01-01') + dateInfo('revision', '2026-11-25'), 'mdb:MD_Metadata', ns));
    expect(a.text).toBe(b.text);
    expect(a.text).toContain('2020-01-01');
    const changedCreation = canonicalXml(record(dateInfo('creation', '2021-01-01') + dateInfo('revision', '2024-01-01'), 'mdb:MD_Metadata', ns));
    expect(changedCreation.text).not.toBe(a.text);
  });

  it('applies repository ignore rules by element path and lists them', () => {
    const a = canonicalXml(record('<gmd:contact>alice</gmd:contact><gmd:contact>bob</gmd:contact><gmd:a>x</gmd:a>'), {
      ignore: ['gmd:MD_Metadata/gmd:contact'],
    });
    const b = canonicalXml(record('<gmd:contact>carol</gmd:contact><gmd:a>x</gmd:a>'), { ignore: ['gmd:MD_Metadata/gmd:contact'] });
    expect(a.text).toBe(b.text);
    expect(a.ignored.map((item) => item.path)).toEqual(['gmd:MD_Metadata/gmd:contact[1]', 'gmd:MD_Metadata/gmd:contact[2]']);
    expect(compareCanonical(a, b).ignored.length).toBeGreaterThan(0);
  });

  it('reports a real change', () => {
    const a = canonicalXml(record('<gmd:a>old title</gmd:a>'));
    const b = canonicalXml(record('<gmd:a>new title</gmd:a>'));
    const comparison = compareCanonical(a, b);
    expect(comparison.equal).toBe(false);
    expect(comparison.diff).toContain('-  <gmd:a>old title</gmd:a>');
    expect(comparison.diff).toContain('+  <gmd:a>new title</gmd:a>');
  });

  it('never expands entities declared in a DOCTYPE, and refuses external ones', () => {
    expect(canonicalXml('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY big "expanded">]><r>&big;</r>').text).toBe('<r>&amp;big;</r>\n');
    expect(() => canonicalXml('<!DOCTYPE r [<!ENTITY s SYSTEM "file:///etc/hostname">]><r>&s;</r>')).toThrow(/not well-formed XML: External entities/);
  });

  it('prints one element per line with namespace declarations on the root', () => {
    expect(canonicalXml(record('<gmd:a><gmd:b>1</gmd:b></gmd:a>')).text).toBe(
      ['<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd">', '  <gmd:a>', '    <gmd:b>1</gmd:b>', '  </gmd:a>', '</gmd:MD_Metadata>', ''].join(
        '\n',
      ),
    );
  });
});
