import { describe, expect, it } from 'vitest';
import { recordJson } from './record-json.ts';
import { sample } from './test-support.ts';
import { parseXml } from './xml-tree.ts';

const json = (xml: string) => JSON.parse(recordJson(parseXml(xml)));

describe('recordJson: Xml.getJSON (json-lib XMLSerializer over the pretty-printed record)', () => {
  it('drops the root name, keeps prefixes, declares each namespace where its parent does not, collapses lone text', () => {
    const record = json(`<gmd:MD_Metadata xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco" id="r1">
  <gmd:fileIdentifier><gco:CharacterString> abc </gco:CharacterString></gmd:fileIdentifier>
  <gmd:language><gmd:LanguageCode codeList="http://x#LanguageCode" codeListValue="fre">français</gmd:LanguageCode></gmd:language>
  <gmd:contact><gmd:role/></gmd:contact>
  <gmd:contact><gmd:role>x</gmd:role></gmd:contact>
</gmd:MD_Metadata>`);
    expect(record).toEqual({
      '@xmlns:gmd': 'http://www.isotc211.org/2005/gmd',
      '@xmlns:gco': 'http://www.isotc211.org/2005/gco',
      '@id': 'r1',
      'gmd:fileIdentifier': { 'gco:CharacterString': { '@xmlns:gco': 'http://www.isotc211.org/2005/gco', '#text': 'abc' } },
      'gmd:language': { 'gmd:LanguageCode': { '@codeList': 'http://x#LanguageCode', '@codeListValue': 'fre', '#text': 'français' } },
      'gmd:contact': [{ 'gmd:role': null }, { 'gmd:role': 'x' }],
    });
  });

  it('makes an array of an unprefixed element whose children share one name, even a single child (checkChildElements)', () => {
    expect(json('<info><general><uuid>u</uuid></general><list><item>a</item><item>b</item></list><pair><a>1</a><b>2</b></pair></info>')).toEqual({
      general: ['u'],
      list: ['a', 'b'],
      pair: { a: '1', b: '2' },
    });
  });

  it('converts the upstream ISO 19115-3 sample with the fileIdentifier-like path python-geonetwork relies on for 19139', () => {
    const record = json(sample('iso19115-3-metawal.dataset.xml'));
    const code = record['mdb:metadataIdentifier']['mcc:MD_Identifier']['mcc:code']['gco:CharacterString'];
    expect(code['#text']).toBe('2d974612-70b1-4662-a9f4-c43cbe453773');
    expect(code['@xmlns:gco']).toBe('http://standards.iso.org/iso/19115/-3/gco/1.0');
  });
});
