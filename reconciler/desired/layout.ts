// Where each kind of file lives in a desired-state repository (docs/format.md): path → role. The
// core files (geoflux.yaml, flows, transforms) are known here; resource files by their kind.
import type { DesiredKind, KindFile } from './kind.ts';

export type FileRole =
  | { kind: 'config' }
  | { kind: 'flow'; name: string }
  | { kind: 'transform'; name: string }
  | { kind: 'transformResource'; path: string }
  | { kind: 'resource'; resource: DesiredKind; file: KindFile; key: string }
  | { kind: 'ignored' }
  | { kind: 'unknown'; hint: string };

const NAME = '([^/]+)';
const CORE: [RegExp, (match: RegExpExecArray) => FileRole][] = [
  [/^geoflux\.yaml$/, () => ({ kind: 'config' })],
  [new RegExp(`^flows/${NAME}\\.yaml$`), (m) => ({ kind: 'flow', name: m[1]! })],
  [new RegExp(`^transforms/${NAME}\\.xslt?$`), (m) => ({ kind: 'transform', name: m[1]! })],
  // Modules a transform includes and files it reads (docs/security.md): any other file under transforms/.
  [/^transforms\/.+$/, (m) => ({ kind: 'transformResource', path: m[0] })],
  // Templates geoflux ingest fills in (docs/ingest.md): part of the format, never published.
  [/^templates\/[^/]+\.xml$/, () => ({ kind: 'ignored' })],
];

/** Files that are never part of the format and never worth a warning. */
const IGNORED = /(^|\/)\.|\.md$|(^|\/)(LICENSE|COPYING|NOTICE)(\.[a-z]+)?$/i;

export function roleOf(path: string, kinds: readonly DesiredKind[]): FileRole {
  if (IGNORED.test(path)) return { kind: 'ignored' };
  for (const [pattern, role] of CORE) {
    const match = pattern.exec(path);
    if (match) return role(match);
  }
  for (const resource of kinds) {
    for (const file of resource.files) {
      const match = file.pattern.exec(path);
      if (match) return { kind: 'resource', resource, file, key: file.key(match) };
    }
  }
  if (/\.yml$/.test(path)) return { kind: 'unknown', hint: 'YAML files end in .yaml' };
  return { kind: 'unknown', hint: 'not part of the desired-state format (docs/format.md)' };
}

/** The key of an item from its main file's path (the name its file gives it). */
export function fileKeyOf(kind: DesiredKind, item: { location: { file: string } }): string {
  for (const file of kind.files) {
    if (file.part !== 'main') continue;
    const match = file.pattern.exec(item.location.file);
    if (match) return file.key(match);
  }
  return kind.keyOf(item as never);
}
