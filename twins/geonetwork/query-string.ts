// The Lucene syntax of the query_string query, parsed into a small boolean tree:
// terms, "phrases", field:value, field:(group), wildcards, + - NOT AND OR, parentheses.
import { notEmulated, SearchError } from './search-error.ts';

export type Occur = 'must' | 'should' | 'must_not';

export type QueryNode =
  | { kind: 'all' }
  | { kind: 'term'; field?: string; value: string; phrase: boolean }
  | { kind: 'group'; field?: string; clauses: Clause[] };

export interface Clause {
  occur: Occur;
  node: QueryNode;
}

type Token =
  | { type: 'word'; value: string }
  | { type: 'phrase'; value: string }
  | { type: 'field'; value: string }
  | { type: '(' | ')' | '+' | '-' | 'AND' | 'OR' | 'NOT' };

function failure(query: string, detail: string): SearchError {
  return new SearchError('query_shard_exception', `Failed to parse query [${query}]: ${detail}`);
}

function lex(query: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ type: c });
      i++;
    } else if ((c === '+' || c === '-' || c === '!') && i + 1 < query.length && !/\s/.test(query[i + 1])) {
      out.push({ type: c === '!' ? 'NOT' : c });
      i++;
    } else if (query.startsWith('&&', i) || query.startsWith('||', i)) {
      out.push({ type: c === '&' ? 'AND' : 'OR' });
      i += 2;
    } else if (c === '"') {
      let value = '';
      i++;
      while (i < query.length && query[i] !== '"') {
        if (query[i] === '\\' && i + 1 < query.length) i++;
        value += query[i++];
      }
      if (i >= query.length) throw failure(query, 'unterminated phrase');
      i++;
      out.push({ type: 'phrase', value });
    } else if (c === '[' || c === '{') {
      throw notEmulated('query_string range syntax');
    } else {
      let value = '';
      while (i < query.length && !/[\s()"]/.test(query[i])) {
        if (query[i] === '\\' && i + 1 < query.length) {
          value += query[i + 1];
          i += 2;
        } else if (query[i] === ':') {
          break;
        } else value += query[i++];
      }
      if (query[i] === ':') {
        i++;
        out.push({ type: 'field', value });
      } else if (value === 'AND' || value === 'OR' || value === 'NOT') out.push({ type: value });
      else {
        if (/[~]/.test(value)) throw notEmulated('query_string fuzzy/proximity operator ~');
        out.push({ type: 'word', value: value.replace(/\^[\d.]+$/, '') });
      }
    }
  }
  return out;
}

export function parseQueryString(query: string, defaultOperator: 'OR' | 'AND'): Clause[] {
  const tokens = lex(query);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];

  const parseOperand = (field?: string): QueryNode => {
    const token = tokens[position++];
    if (!token) throw failure(query, 'unexpected end of query');
    if (token.type === 'field') {
      if (field) throw failure(query, `nested field ${token.value}`);
      return parseOperand(token.value);
    }
    if (token.type === '(') {
      const clauses = parseClauses(field);
      if (tokens[position++]?.type !== ')') throw failure(query, 'missing )');
      return { kind: 'group', field, clauses };
    }
    if (token.type === 'word') {
      if ((field === undefined || field === '*') && token.value === '*') return { kind: 'all' };
      return { kind: 'term', field, value: token.value, phrase: false };
    }
    if (token.type === 'phrase') return { kind: 'term', field, value: token.value, phrase: true };
    throw failure(query, `unexpected ${token.type}`);
  };

  const parseClauses = (field?: string): Clause[] => {
    const clauses: Clause[] = [];
    const conjunctions: Array<'AND' | 'OR' | undefined> = [];
    let pending: 'AND' | 'OR' | undefined;
    while (peek() && peek()!.type !== ')') {
      const token = peek()!;
      if (token.type === 'AND' || token.type === 'OR') {
        if (clauses.length === 0) throw failure(query, `${token.type} without left operand`);
        pending = token.type;
        position++;
        continue;
      }
      let occur: Occur = defaultOperator === 'AND' ? 'must' : 'should';
      if (token.type === '+') (occur = 'must'), position++;
      else if (token.type === '-' || token.type === 'NOT') (occur = 'must_not'), position++;
      clauses.push({ occur, node: parseOperand(field) });
      conjunctions.push(pending);
      pending = undefined;
    }
    if (pending) throw failure(query, `${pending} without right operand`);
    // Lucene's classic parser: AND makes both neighbours required, OR makes them optional.
    conjunctions.forEach((conjunction, index) => {
      if (!conjunction) return;
      for (const clause of [clauses[index - 1], clauses[index]]) {
        if (clause.occur === 'must_not') continue;
        clause.occur = conjunction === 'AND' ? 'must' : 'should';
      }
    });
    return clauses;
  };

  const clauses = parseClauses();
  if (position < tokens.length) throw failure(query, 'unbalanced )');
  return clauses;
}
