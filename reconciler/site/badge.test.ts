import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { badgeSvg, textWidth } from './badge.ts';

describe('status badge', () => {
  it('is well-formed SVG that writes label and status and names itself', () => {
    const svg = badgeSvg('prod', 'écart', '#a35a00');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg);
    expect(parsed.svg['@_role']).toBe('img');
    expect(parsed.svg['@_aria-label']).toBe('prod: écart');
    expect(parsed.svg.title).toBe('prod: écart');
    expect(parsed.svg.g.text.map((t: { '#text': string }) => t['#text'])).toEqual(['prod', 'écart']);
    expect(svg).toContain('fill="#a35a00"');
  });

  it('escapes names and grows with the text', () => {
    const svg = badgeSvg('a<b>&"c', 'ok', '#000');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('a&lt;b&gt;&amp;&quot;c');
    expect(Number(/width="(\d+)"/.exec(badgeSvg('synthese-public', 'en échec', '#000'))![1])).toBeGreaterThan(
      Number(/width="(\d+)"/.exec(badgeSvg('prod', 'ok', '#000'))![1]),
    );
    expect(textWidth('MMM')).toBeGreaterThan(textWidth('iii'));
  });
});
