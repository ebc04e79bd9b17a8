// The `_source` option of a search: false, a pattern, a list of patterns or {includes, excludes}.
import { parsingError } from './search-error.ts';
import { globToRegExp } from './search-fields.ts';

export type SourceFilter = ((source: Record<string, unknown>) => Record<string, unknown>) | false;

function patterns(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  throw parsingError(`[_source] ${where} must be a string or an array of strings`);
}

/** A path matches a pattern when the pattern names it or one of its ancestors ("a" selects "a.b"). */
function matcher(list: string[]): (path: string) => boolean {
  const regexps = list.flatMap((pattern) => [globToRegExp(pattern), globToRegExp(`${pattern}.*`)]);
  return (path) => regexps.some((regexp) => regexp.test(path));
}

function project(value: unknown, path: string, included: (path: string) => boolean, excluded: (path: string) => boolean, inside: boolean): unknown {
  if (path && excluded(path)) return undefined;
  const keepAll = inside || (path !== '' && included(path));
  if (Array.isArray(value)) {
    const items = value.map((item) => project(item, path, included, excluded, keepAll)).filter((item) => item !== undefined);
    return keepAll || items.length > 0 ? items : undefined;
  }
  if (value === null || typeof value !== 'object') return keepAll ? value : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const kept = project(child, path ? `${path}.${key}` : key, included, excluded, keepAll);
    if (kept !== undefined) out[key] = kept;
  }
  return keepAll || Object.keys(out).length > 0 ? out : undefined;
}

export function compileSourceFilter(option: unknown): SourceFilter {
  if (option === undefined || option === true) return (source) => source;
  if (option === false) return false;
  let includes: string[];
  let excludes: string[] = [];
  if (typeof option === 'string' || Array.isArray(option)) {
    includes = patterns(option, '_source');
  } else if (option !== null && typeof option === 'object') {
    const spec = option as Record<string, unknown>;
    for (const key of Object.keys(spec)) {
      if (!['includes', 'include', 'excludes', 'exclude'].includes(key)) throw parsingError(`[_source] unknown key [${key}]`);
    }
    includes = patterns(spec.includes ?? spec.include, 'includes');
    excludes = patterns(spec.excludes ?? spec.exclude, 'excludes');
  } else throw parsingError('[_source] must be a boolean, a string, an array or an object');
  const included = includes.length === 0 ? () => true : matcher(includes);
  const excluded = excludes.length === 0 ? () => false : matcher(excludes);
  return (source) => (project(source, '', included, excluded, false) as Record<string, unknown> | undefined) ?? {};
}
