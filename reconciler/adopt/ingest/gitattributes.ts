// Whether a repository's .gitattributes route a path to Git LFS (`filter=lfs`), following git's
// rules (gitattributes(5)): a pattern without a slash matches the file name at any depth below its
// .gitattributes, one with a slash the path from there; later lines win, deeper files win, and
// .git/info/attributes wins over all. The files are read as text and never run.

export interface AttributesSource {
  /** The folder the file applies to, relative to the repository root ('' = root; info/attributes too). */
  dir: string;
  text: string;
}

/** A glob of gitattributes as a regular expression over a path relative to its folder. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (glob.startsWith('**/', index) && (index === 0 || glob[index - 1] === '/')) {
      source += '(?:.*/)?';
      index += 2;
    } else if (glob.startsWith('/**', index) && index + 3 === glob.length) {
      source += '/.*';
      index += 2;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const end = glob.indexOf(']', index + 2);
      if (end < 0) {
        source += '\\[';
        continue;
      }
      const body = glob.slice(index + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      source += `[${negated ? '^/' : ''}${(negated ? body.slice(1) : body).replace(/[\\\]]/g, '\\$&')}]`;
      index = end;
    } else {
      source += char.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

function matches(pattern: string, path: string): boolean {
  // a pattern with a slash (other than a trailing one, which only folders match) is anchored to its folder
  if (pattern.includes('/')) return globToRegExp(pattern.replace(/^\//, '')).test(path);
  return globToRegExp(pattern).test(path.slice(path.lastIndexOf('/') + 1));
}

/** The value of the `filter` attribute for `path` (relative to the repository root), or undefined when unset. */
export function filterAttribute(path: string, sources: readonly AttributesSource[]): string | undefined {
  let filter: string | undefined;
  for (const source of sources) {
    const prefix = source.dir === '' ? '' : `${source.dir}/`;
    if (!path.startsWith(prefix)) continue;
    const relative = path.slice(prefix.length);
    for (const line of source.text.split(/\r?\n/)) {
      const [pattern, ...attributes] = line.trim().split(/\s+/);
      if (!pattern || pattern.startsWith('#') || pattern.startsWith('[attr]') || pattern.endsWith('/')) continue;
      if (!matches(pattern, relative)) continue;
      for (const attribute of attributes) {
        if (attribute.startsWith('filter=')) filter = attribute.slice('filter='.length);
        else if (attribute === '-filter' || attribute === '!filter') filter = undefined;
      }
    }
  }
  return filter;
}

export function routedToLfs(path: string, sources: readonly AttributesSource[]): boolean {
  return filterAttribute(path, sources) === 'lfs';
}
