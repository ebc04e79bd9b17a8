// Elasticsearch query DSL evaluated over the twin's index. compileQuery() validates the whole
// query first (so a bad query fails even on an empty catalogue) and returns a matcher giving
// each document's score, or null when it does not match.
import { parseQueryString, type Clause, type QueryNode } from './query-string.ts';
import type { IndexedRecord } from './record-index.ts';
import { notEmulated, parsingError } from './search-error.ts';
import { DATE_FIELDS, baseField, dateMillis, expandFields, fieldValues, globToRegExp, isNumericField, isTextField, tokens } from './search-fields.ts';

export type Matcher = (record: IndexedRecord) => number | null;

/** Queries ES knows that the twin does not evaluate: refused with a 400, never answered wrongly. */
const KNOWN_ES_QUERIES = new Set([
  'nested',
  'has_child',
  'has_parent',
  'parent_id',
  'function_score',
  'script_score',
  'script',
  'dis_max',
  'boosting',
  'more_like_this',
  'fuzzy',
  'regexp',
  'terms_set',
  'geo_shape',
  'geo_bounding_box',
  'geo_distance',
  'geo_polygon',
  'shape',
  'span_term',
  'span_near',
  'span_or',
  'span_not',
  'span_first',
  'span_multi',
  'span_containing',
  'span_within',
  'field_masking_span',
  'simple_query_string',
  'match_bool_prefix',
  'match_phrase_prefix',
  'combined_fields',
  'intervals',
  'distance_feature',
  'rank_feature',
  'percolate',
  'wrapper',
  'pinned',
  'knn',
  'semantic',
]);

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw parsingError(`[${where}] query malformed, expected an object`);
  return value as Record<string, unknown>;
}

/** The single `{field: spec}` pair of term-level queries (plus optional boost / _name keys). */
function fieldAndSpec(body: Record<string, unknown>, query: string): [string, unknown] {
  const entries = Object.entries(body).filter(([key]) => key !== 'boost' && key !== '_name');
  if (entries.length !== 1) throw parsingError(`[${query}] query doesn't support multiple fields, found [${entries.map(([k]) => k).join('] and [')}]`);
  return entries[0];
}

function valueOf(spec: unknown, key: string): unknown {
  return spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>)[key] : spec;
}

function equalsKeyword(docValue: unknown, wanted: unknown, path: string): boolean {
  if (isNumericField(path)) return Number(docValue) === Number(wanted);
  if (DATE_FIELDS.has(path)) return dateMillis(docValue) === dateMillis(wanted);
  return String(docValue) === String(wanted);
}

/** term-level match: exact value on keyword fields, exact token on text fields (the term is not analysed). */
function termMatches(record: IndexedRecord, field: string, wanted: unknown, caseInsensitive = false): boolean {
  const { path, keyword } = baseField(field);
  const values = fieldValues(record, path);
  if (isTextField(path) && !keyword) return values.some((value) => tokens(String(value)).includes(String(wanted)));
  if (caseInsensitive) return values.some((value) => String(value).toLowerCase() === String(wanted).toLowerCase());
  return values.some((value) => equalsKeyword(value, wanted, path));
}

function patternMatches(record: IndexedRecord, field: string, pattern: RegExp): boolean {
  const { path, keyword } = baseField(field);
  const values = fieldValues(record, path);
  if (isTextField(path) && !keyword) return values.some((value) => tokens(String(value)).some((token) => pattern.test(token)));
  return values.some((value) => pattern.test(String(value)));
}

/** Full-text match of analysed query text: how many query tokens the field holds (null when the operator fails). */
function textScore(record: IndexedRecord, fields: string[], text: string, operator: 'or' | 'and', phrase: boolean): number | null {
  const wanted = tokens(text);
  if (wanted.length === 0) return null;
  let best: number | null = null;
  for (const field of fields) {
    const { path, keyword } = baseField(field);
    for (const value of fieldValues(record, path)) {
      if (!isTextField(path) || keyword) {
        if (String(value) === text) best = Math.max(best ?? 0, 1);
        continue;
      }
      const have = tokens(String(value));
      let score: number | null;
      if (phrase) {
        const at = have.findIndex((_, i) => wanted.every((token, k) => have[i + k] === token));
        score = at >= 0 ? wanted.length : null;
      } else {
        const found = wanted.filter((token) => have.includes(token)).length;
        score = found === 0 || (operator === 'and' && found < wanted.length) ? null : found;
      }
      if (score !== null) best = Math.max(best ?? 0, score);
    }
  }
  return best;
}

function compileRange(body: Record<string, unknown>): Matcher {
  const [field, rawSpec] = fieldAndSpec(body, 'range');
  const spec = asObject(rawSpec, 'range');
  const bounds = Object.entries(spec).filter(([key]) => ['gt', 'gte', 'lt', 'lte', 'from', 'to'].includes(key));
  for (const key of Object.keys(spec)) {
    if (!['gt', 'gte', 'lt', 'lte', 'from', 'to', 'include_lower', 'include_upper', 'boost', 'format', 'time_zone', 'relation'].includes(key)) {
      throw parsingError(`[range] query does not support [${key}]`);
    }
  }
  const { path } = baseField(field);
  const isDate = DATE_FIELDS.has(path);
  const numeric = isNumericField(path);
  const key = (value: unknown): number | string | undefined => {
    if (isDate) {
      if (typeof value === 'string' && /now|\|\|/.test(value)) throw notEmulated('date math in range');
      return dateMillis(value);
    }
    return numeric ? Number(value) : String(value);
  };
  const limits = bounds.map(([operator, value]) => [operator, key(value)] as const);
  return (record) => {
    const matched = fieldValues(record, path).some((raw) => {
      const value = key(raw);
      if (value === undefined) return false;
      return limits.every(([operator, limit]) => {
        if (limit === undefined || limit === null) return true;
        if (operator === 'gt') return value > limit;
        if (operator === 'gte' || operator === 'from') return value >= limit;
        if (operator === 'lt') return value < limit;
        return value <= limit;
      });
    });
    return matched ? 1 : null;
  };
}

function compileBool(body: Record<string, unknown>): Matcher {
  const list = (key: string): Matcher[] => {
    const value = body[key];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).map((clause) => compileQuery(clause));
  };
  for (const key of Object.keys(body)) {
    if (!['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'boost', '_name', 'adjust_pure_negative'].includes(key)) {
      throw parsingError(`[bool] query does not support [${key}]`);
    }
  }
  const must = list('must');
  const filter = list('filter');
  const should = list('should');
  const mustNot = list('must_not');
  const minimum = body.minimum_should_match;
  const required = minimum === undefined ? (must.length === 0 && filter.length === 0 && should.length > 0 ? 1 : 0) : minimumShouldMatch(minimum, should.length);
  return (record) => {
    let score = 0;
    for (const clause of must) {
      const s = clause(record);
      if (s === null) return null;
      score += s;
    }
    for (const clause of filter) if (clause(record) === null) return null;
    for (const clause of mustNot) if (clause(record) !== null) return null;
    let matchedShould = 0;
    for (const clause of should) {
      const s = clause(record);
      if (s !== null) (matchedShould += 1), (score += s);
    }
    return matchedShould < required ? null : score;
  };
}

function minimumShouldMatch(value: unknown, clauses: number): number {
  const text = String(value);
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return n < 0 ? Math.max(0, clauses + n) : n;
  }
  if (/^-?\d+%$/.test(text)) {
    const percent = Number(text.slice(0, -1));
    return percent < 0 ? clauses - Math.floor((clauses * -percent) / 100) : Math.floor((clauses * percent) / 100);
  }
  throw notEmulated(`minimum_should_match ${text}`);
}

function compileQueryString(body: Record<string, unknown>): Matcher {
  for (const key of Object.keys(body)) {
    if (!['query', 'default_field', 'fields', 'default_operator', 'boost', 'analyze_wildcard', 'lenient', '_name'].includes(key)) {
      throw notEmulated(`query_string option ${key}`);
    }
  }
  if (typeof body.query !== 'string') throw parsingError('[query_string] must be provided with a [query]');
  const operator = String(body.default_operator ?? 'OR').toUpperCase() === 'AND' ? 'AND' : 'OR';
  const clauses = parseQueryString(body.query, operator);
  const defaults = Array.isArray(body.fields) ? (body.fields as string[]) : typeof body.default_field === 'string' ? [body.default_field] : ['anytext'];
  return (record) => evaluateClauses(record, clauses, defaults);
}

function evaluateClauses(record: IndexedRecord, clauses: Clause[], fields: string[]): number | null {
  let score = 0;
  let hasMust = false;
  let shouldMatched = 0;
  let shouldCount = 0;
  for (const clause of clauses) {
    const s = evaluateNode(record, clause.node, fields);
    if (clause.occur === 'must') {
      hasMust = true;
      if (s === null) return null;
      score += s;
    } else if (clause.occur === 'must_not') {
      if (s !== null) return null;
    } else {
      shouldCount += 1;
      if (s !== null) (shouldMatched += 1), (score += s);
    }
  }
  if (!hasMust && shouldCount > 0 && shouldMatched === 0) return null;
  // A purely negative query matches everything else (ES adds a match_all).
  return !hasMust && shouldCount === 0 ? 1 : score;
}

function evaluateNode(record: IndexedRecord, node: QueryNode, fields: string[]): number | null {
  if (node.kind === 'all') return 1;
  const targets = node.field ? [node.field] : fields;
  if (node.kind === 'group') return evaluateClauses(record, node.clauses, targets);
  const expanded = expandFields(record, targets);
  if (!node.phrase && node.value === '*') return expanded.some((field) => fieldValues(record, baseField(field).path).length > 0) ? 1 : null;
  if (!node.phrase && /[*?]/.test(node.value)) {
    return expanded.some((field) => {
      const textual = isTextField(baseField(field).path) && !baseField(field).keyword;
      return patternMatches(record, field, globToRegExp(textual ? node.value.toLowerCase() : node.value));
    })
      ? 1
      : null;
  }
  const keywordHit = expanded.some((field) => {
    const { path, keyword } = baseField(field);
    return (!isTextField(path) || keyword) && termMatches(record, field, node.value);
  });
  if (keywordHit) return 1;
  const textual = expanded.filter((field) => isTextField(baseField(field).path) && !baseField(field).keyword);
  return textual.length > 0 ? textScore(record, textual, node.value, 'and', node.phrase) : null;
}

function compileMultiMatch(body: Record<string, unknown>): Matcher {
  if (typeof body.query !== 'string' && typeof body.query !== 'number') throw parsingError('[multi_match] requires query value');
  const type = String(body.type ?? 'best_fields');
  if (!['best_fields', 'most_fields', 'cross_fields', 'phrase'].includes(type)) throw notEmulated(`multi_match type ${type}`);
  const operator = String(body.operator ?? 'or').toLowerCase() === 'and' ? 'and' : 'or';
  const names = Array.isArray(body.fields) ? (body.fields as string[]) : ['*'];
  const text = String(body.query);
  return (record) => {
    const fields = expandFields(record, names);
    if (type === 'cross_fields') {
      const combined = fields.flatMap((field) => fieldValues(record, baseField(field).path)).join(' ');
      const have = tokens(combined);
      const wanted = tokens(text);
      const found = wanted.filter((token) => have.includes(token)).length;
      return found === 0 || (operator === 'and' && found < wanted.length) ? null : found;
    }
    return textScore(record, fields, text, operator, type === 'phrase');
  };
}

function compileMatch(body: Record<string, unknown>, phrase: boolean): Matcher {
  const name = phrase ? 'match_phrase' : 'match';
  const [field, spec] = fieldAndSpec(body, name);
  const query = valueOf(spec, 'query');
  if (query === undefined || query === null || typeof query === 'object') throw parsingError(`[${name}] requires query value`);
  const operator = String(valueOf(spec, 'operator') ?? 'or').toLowerCase() === 'and' ? 'and' : 'or';
  return (record) => textScore(record, [field], String(query), operator, phrase);
}

export function compileQuery(query: unknown): Matcher {
  const object = asObject(query, 'query');
  const names = Object.keys(object);
  if (names.length !== 1)
    throw parsingError(
      names.length === 0 ? 'query malformed, empty clause found' : `[${names[1]}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`,
    );
  const name = names[0];
  const body = asObject(object[name], name);
  const boost = typeof body.boost === 'number' ? body.boost : 1;
  const scored =
    (matches: (record: IndexedRecord) => boolean): Matcher =>
    (record) =>
      matches(record) ? boost : null;
  switch (name) {
    case 'match_all':
      return () => boost;
    case 'match_none':
      return () => null;
    case 'term': {
      const [field, spec] = fieldAndSpec(body, 'term');
      const value = valueOf(spec, 'value');
      if (value === undefined || value === null || typeof value === 'object') throw parsingError('[term] query malformed, no value specified');
      return scored((record) => termMatches(record, field, value, valueOf(spec, 'case_insensitive') === true));
    }
    case 'terms': {
      const [field, values] = fieldAndSpec(body, 'terms');
      if (!Array.isArray(values)) throw notEmulated('terms lookup');
      return scored((record) => values.some((value) => termMatches(record, field, value)));
    }
    case 'ids': {
      if (!Array.isArray(body.values)) throw parsingError('[ids] query malformed, values must be an array');
      const ids = new Set((body.values as unknown[]).map(String));
      return scored((record) => ids.has(record._id));
    }
    case 'exists': {
      if (typeof body.field !== 'string') throw parsingError('[exists] must be provided with a [field]');
      const field = body.field;
      return scored((record) => expandFields(record, [field]).some((f) => fieldValues(record, baseField(f).path).length > 0));
    }
    case 'prefix':
    case 'wildcard': {
      const [field, spec] = fieldAndSpec(body, name);
      const value = String(valueOf(spec, 'value') ?? valueOf(spec, name));
      const pattern =
        name === 'prefix' ? globToRegExp(`${value.replace(/[*?]/g, '\\$&')}*`) : globToRegExp(value, valueOf(spec, 'case_insensitive') === true ? 'i' : '');
      return scored((record) => patternMatches(record, field, pattern));
    }
    case 'range':
      return compileRange(body);
    case 'bool':
      return compileBool(body);
    case 'constant_score': {
      if (body.filter === undefined) throw parsingError("[constant_score] requires a 'filter' element");
      const filter = compileQuery(body.filter);
      return (record) => (filter(record) === null ? null : boost);
    }
    case 'query_string':
      return compileQueryString(body);
    case 'multi_match':
      return compileMultiMatch(body);
    case 'match':
      return compileMatch(body, false);
    case 'match_phrase':
      return compileMatch(body, true);
    default:
      if (KNOWN_ES_QUERIES.has(name)) throw notEmulated(`${name} query`);
      throw parsingError(`unknown query [${name}]`);
  }
}
