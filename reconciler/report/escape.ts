// Untrusted text (titles, keys, commit messages, diffs, server messages) rendered into a
// merge-request comment or a CI log: it must read as the text it is and do nothing else — no HTML
// (comments that hide the rest, images, details), no Markdown (links, images, emphasis, code spans
// that swallow a table, headings), no table breaks, no @mentions or issue references that notify
// people, no autolinks, no terminal escape sequences or CI workflow commands.

const ZERO_WIDTH_SPACE = '\u200B';

/** Characters with a meaning in CommonMark/GFM inline syntax, escaped with a backslash. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]()!#|~$<>{}+=:-]/g;

/** Stops @mentions, #123 / GH-1 / !12 references and bare-URL autolinks without changing what is read. */
function defuseReferences(text: string): string {
  return text
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}${ZERO_WIDTH_SPACE}.`);
}

function oneLine(text: string): string {
  return stripControls(text).replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}

/** C0 and C1 control characters except tab and newline (ANSI escapes, bells, carriage returns). */
function stripControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');
}

/** Plain text inside a Markdown paragraph, heading, blockquote or table cell. */
export function markdownText(text: string): string {
  const escaped = oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(MARKDOWN_PUNCTUATION, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
  return defuseReferences(escaped);
}

/** An inline code span that holds `text` literally, safe inside a GFM table cell. */
export function markdownCode(text: string): string {
  const line = oneLine(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || line.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** A fenced code block holding `body` literally (fence longer than any backtick run in it). */
export function markdownFence(body: string, info = ''): string {
  const text = stripControls(body).replace(/\r\n?/g, '\n');
  const longest = Math.max(2, ...[...text.matchAll(/^ {0,3}(`{3,}|~{3,})/gm)].map((match) => match[1]!.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}\n`;
}

/** Text inside an HTML element of a Markdown comment (<summary>, <code>). */
export function htmlText(text: string): string {
  const escaped = oneLine(text).replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' } as Record<string, string>)[c]};`);
  return defuseReferences(escaped);
}

/**
 * Text for a terminal or a CI log: control characters removed (no ANSI escape sequences), and a
 * line that would start with a GitHub Actions workflow command (`::`) or a GitLab section marker
 * made inert.
 */
export function terminalText(text: string): string {
  return stripControls(text)
    .replace(/\r/g, '')
    .replace(/^(\s*)(::|section_(start|end):)/gm, `$1${ZERO_WIDTH_SPACE}$2`);
}
