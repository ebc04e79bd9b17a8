import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys and prints one property per line', () => {
    expect(canonicalJson({ title: 'Roads', enabled: true, keywords: ['a', 'b'], bbox: { minx: 1, maxx: 2 } }).text).toBe(
      ['bbox:', '  maxx: 2', '  minx: 1', 'enabled: true', 'keywords:', '  - "a"', '  - "b"', 'title: "Roads"', ''].join('\n'),
    );
  });

  it('drops server-managed fields (dates, hrefs, ids, @class) and undefined values', () => {
    const server = canonicalJson({ name: 'x', dateModified: '2026', href: 'http://h', style: { '@class': 'c', name: 's', href: 'h' }, abstract: undefined });
    const git = canonicalJson({ style: { name: 's' }, name: 'x' });
    expect(server.text).toBe(git.text);
  });

  it('drops properties equal to a default on either side', () => {
    const options = { defaults: { advertised: true } };
    expect(canonicalJson({ advertised: true, title: 't' }, options).text).toBe(canonicalJson({ title: 't' }, options).text);
    expect(canonicalJson({ advertised: false, title: 't' }, options).text).toContain('advertised: false');
  });

  it('applies ignore rules by dotted path and lists what they removed', () => {
    const result = canonicalJson(
      { attribution: { title: 'x' }, connection: { host: 'h', port: '5432' } },
      { ignore: ['attribution', 'connection.host', 'missing'] },
    );
    expect(result.text).toBe('connection:\n  port: "5432"\n');
    expect(result.ignored).toEqual([
      { rule: 'attribution', path: 'attribution' },
      { rule: 'connection.host', path: 'connection.host' },
    ]);
  });
});
