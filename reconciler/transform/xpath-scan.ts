// A lexical scan of XPath 3.1 expressions (and of the expressions inside attribute and text value
// templates) that finds every function call and named function reference without parsing the
// grammar: string literals and comments are skipped, names followed by "(" or "#arity" are calls.
// The stylesheet policy (xslt-policy.ts) decides what each call may be; a false positive can only
// refuse a stylesheet, never let one through.

export interface FunctionName {
  /** Prefix as written ('' when unprefixed); undefined for an EQName Q{uri}local. */
  prefix?: string;
  /** Namespace URI of an EQName, as written. */
  uri?: string;
  local: string;
}

export interface FunctionUse {
  name: FunctionName;
  /** 'call' for name(…), 'reference' for name#arity. */
  form: 'call' | 'reference';
  /** Offset of the name in the expression. */
  offset: number;
  /** For calls: the first argument when it is a lone string literal, decoded. */
  literalArgument?: string;
  /** For calls: how many arguments (0 for name()). */
  arity?: number;
}

/** Unprefixed names that take parentheses without being function calls (XPath 3.1 A.3 reserved names, kind tests, keywords). */
const NOT_FUNCTIONS = new Set([
  'array',
  'attribute',
  'comment',
  'document-node',
  'element',
  'empty-sequence',
  'function',
  'if',
  'item',
  'map',
  'namespace-node',
  'node',
  'processing-instruction',
  'schema-attribute',
  'schema-element',
  'switch',
  'text',
  'typeswitch',
]);

// XML's NameStartChar and NameChar ranges: each character is tested alone, joiners and combining marks included.
const isNameStart = (c: string) =>
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: one character at a time, by XML's own ranges
  /[A-Za-z_\u00C0-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/u.test(c);
// biome-ignore lint/suspicious/noMisleadingCharacterClass: one character at a time, by XML's own ranges
const isNameChar = (c: string) => isNameStart(c) || /[-.0-9\u00B7\u0300-\u036F\u203F\u2040]/u.test(c);

export class XPathSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Skips whitespace and (nested) comments from `index`; returns the next significant index. */
function skipIgnorable(text: string, index: number): number {
  let i = index;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('(:', i)) {
      let depth = 0;
      const start = i;
      while (i < text.length) {
        if (text.startsWith('(:', i)) {
          depth++;
          i += 2;
        } else if (text.startsWith(':)', i)) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      if (depth !== 0) throw new XPathSyntaxError('unterminated comment', start);
      continue;
    }
    return i;
  }
}

/** Reads a string literal starting at `index` (a quote); returns its decoded value and the index after it. */
function readString(text: string, index: number): { value: string; end: number } {
  const quote = text[index]!;
  let value = '';
  let i = index + 1;
  for (;;) {
    if (i >= text.length) throw new XPathSyntaxError('unterminated string literal', index);
    const c = text[i]!;
    if (c === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i++;
  }
}

function readNCName(text: string, index: number): number {
  let i = index;
  if (i < text.length && isNameStart(text[i]!)) {
    i++;
    while (i < text.length && isNameChar(text[i]!)) i++;
  }
  return i;
}

/** After "(" at `open`: the first argument if it is a lone string literal, and the argument count. */
function argumentsAt(text: string, open: number): { literal?: string; arity: number } {
  let i = skipIgnorable(text, open + 1);
  if (text[i] === ')') return { arity: 0 };
  let literal: string | undefined;
  if (text[i] === '"' || text[i] === "'") {
    const string = readString(text, i);
    const after = skipIgnorable(text, string.end);
    if (text[after] === ',' || text[after] === ')') literal = string.value;
  }
  // Count top-level commas up to the matching ")".
  let depth = 0;
  let arity = 1;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      i = readString(text, i).end - 1;
    } else if (text.startsWith('(:', i)) {
      i = skipIgnorable(text, i) - 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) arity++;
  }
  return { literal, arity };
}

/** Every function call and named function reference in an XPath expression. Throws XPathSyntaxError on unterminated literals or comments. */
export function functionUses(expression: string): FunctionUse[] {
  const uses: FunctionUse[] = [];
  const text = expression;
  let previous = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (/\s/.test(c) || text.startsWith('(:', i)) {
      i = skipIgnorable(text, i);
      continue;
    }
    if (c === '"' || c === "'") {
      i = readString(text, i).end;
      previous = 'literal';
      continue;
    }
    let name: FunctionName | undefined;
    const start = i;
    if (text.startsWith('Q{', i)) {
      const close = text.indexOf('}', i + 2);
      if (close < 0) throw new XPathSyntaxError('unterminated Q{…} name', i);
      const end = readNCName(text, close + 1);
      name = { uri: text.slice(i + 2, close), local: text.slice(close + 1, end) };
      i = end;
    } else if (isNameStart(c)) {
      let end = readNCName(text, i);
      let prefix = '';
      let local = text.slice(i, end);
      if (text[end] === ':' && text[end + 1] !== ':' && isNameStart(text[end + 1] ?? '')) {
        prefix = local;
        const localEnd = readNCName(text, end + 1);
        local = text.slice(end + 1, localEnd);
        end = localEnd;
      }
      name = { prefix, local };
      i = end;
    } else {
      previous = c;
      i++;
      continue;
    }
    const variable = previous === '$';
    const attribute = previous === '@';
    previous = 'name';
    if (variable || attribute) continue;
    const next = skipIgnorable(text, i);
    if (name.prefix === '' && NOT_FUNCTIONS.has(name.local)) continue;
    if (text[next] === '(') {
      const { literal, arity } = argumentsAt(text, next);
      uses.push({ name, form: 'call', offset: start, arity, ...(literal !== undefined ? { literalArgument: literal } : {}) });
    } else if (text[next] === '#' && /[0-9]/.test(text[skipIgnorable(text, next + 1)] ?? '')) {
      uses.push({ name, form: 'reference', offset: start });
    }
  }
  return uses;
}

/**
 * The expressions of an attribute or text value template ("a{expr}b", with "{{" and "}}" as
 * escapes), each with its offset in the template.
 */
export function templateExpressions(template: string): { expression: string; offset: number }[] {
  const found: { expression: string; offset: number }[] = [];
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '{') {
      if (template[i + 1] === '{') {
        i++;
        continue;
      }
      let j = i + 1;
      let depth = 0;
      for (; j < template.length; j++) {
        const d = template[j]!;
        if (d === '"' || d === "'") {
          j = readString(template, j).end - 1;
        } else if (template.startsWith('(:', j)) {
          j = skipIgnorable(template, j) - 1;
        } else if (d === '{') depth++;
        else if (d === '}') {
          if (depth === 0) break;
          depth--;
        }
      }
      if (j >= template.length) throw new XPathSyntaxError('unterminated { in a value template', i);
      found.push({ expression: template.slice(i + 1, j), offset: i + 1 });
      i = j;
    } else if (c === '}' && template[i + 1] === '}') {
      i++;
    }
  }
  return found;
}
