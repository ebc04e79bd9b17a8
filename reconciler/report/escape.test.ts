// Hostile titles, keys, messages and diffs rendered into a plan comment, then through a real GFM
// renderer with raw HTML allowed (GitHub and GitLab keep <details>, <img>, comments): nothing of
// the hostile text may turn into markup.
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { buildReport } from './build.ts';
import { terminalText } from './escape.ts';
import { renderMarkdown } from './markdown.ts';
import type { ResourceResult } from './model.ts';
import { renderText } from './text.ts';

const HOSTILE = [
  'Zones <!-- everything below is hidden',
  'Plan ``` closed | cell <img src=x onerror=alert(1)>',
  '[click](https://evil.example/x) ![pixel](https://evil.example/p.png) @maintainer #1 www.evil.example https://evil.example',
  '</details><details open><summary>forged</summary> **bold** _em_ ~~strike~~ $x^2$',
  'line\nbreak\r\n| injected | row |',
];
const DIFF = '--- live\n+++ git\n-a\n+```\n+</details>\n+<img src=x>\n~~~~\n+@all\n';

function result(key: string, title: string): ResourceResult {
  return { kind: 'record', key, title, action: 'update', diff: DIFF, reason: title, ignored: [], error: title };
}

function html(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

describe('escaping untrusted text in the markdown plan', () => {
  const commit = { sha: 'abcdef0123456789abcdef0123456789abcdef01', author: 'x', email: 'x@example.org', date: '2024-05-01T10:00:00Z', message: HOSTILE[0]! };
  const resources = HOSTILE.map((text, index) => result(`ws:key${index}\`|<b>${text}`, text));
  const report = buildReport({ mode: 'plan', platform: 'prod', commit, started: new Date(), timings: {}, resources, errors: HOSTILE, exitCode: 2 });
  const rendered = html(renderMarkdown([report]));

  it('opens no HTML comment and adds no element of its own', () => {
    expect(rendered).not.toContain('<!--');
    expect(rendered).not.toMatch(/<img|<a |<em>|<del>|<b>/);
    expect(rendered.match(/<strong>/g)).toHaveLength(1); // the summary line's own
    expect(rendered.match(/<details>/g)).toHaveLength(HOSTILE.length);
    expect(rendered.match(/<\/details>/g)).toHaveLength(HOSTILE.length);
    expect(rendered).not.toContain('<details open>');
  });

  it('keeps one table row per resource, with the same cells', () => {
    const rows = rendered.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(HOSTILE.length + 1);
    for (const row of rows) expect(row.match(/<t[dh][ >]/g)).toHaveLength(4);
  });

  it('keeps each diff inside its code block', () => {
    const blocks = rendered.match(/<pre><code class="language-diff">[\s\S]*?<\/code><\/pre>/g) ?? [];
    expect(blocks).toHaveLength(HOSTILE.length);
    for (const block of blocks) expect(block).toContain('+&lt;/details&gt;');
  });

  it('mentions nobody and links nothing outside code (where GitHub and GitLab do neither)', () => {
    const text = rendered.replace(/<pre>[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g, '').replace(/<[^>]+>/g, '');
    expect(text).not.toMatch(/@maintainer|@all|(^|[^\u200B])https:\/\/evil/m);
    expect(text).toContain('@\u200Bmaintainer');
  });

  it('still reads as the original text', () => {
    const text = rendered
      .replace(/<[^>]+>/g, '')
      .replace(/\u200B/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    expect(text).toContain('[click](https://evil.example/x)');
    expect(text).toContain('Plan ``` closed | cell <img src=x onerror=alert(1)>');
  });
});

describe('escaping untrusted text in the terminal', () => {
  it('removes escape sequences and makes CI workflow commands inert', () => {
    const report = buildReport({
      mode: 'plan',
      platform: 'prod',
      started: new Date(),
      timings: {},
      exitCode: 2,
      errors: ['::add-mask::x'],
      resources: [{ ...result('k', 'title'), reason: 'ok\n::set-output name=x::y\n\u001b]8;;https://evil\u0007link\u001b[31m' }],
    });
    const text = renderText([report]);
    expect(text).not.toMatch(/\u001b|\u0007/);
    expect(text.split('\n').some((line) => /^\s*::/.test(line))).toBe(false);
    expect(terminalText('a\r\n::warning::x')).toBe('a\n\u200B::warning::x');
  });
});
