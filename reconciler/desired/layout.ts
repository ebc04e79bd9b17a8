// Where each kind of file lives in a desired-state repository (docs/format.md): path → role.

export type FileRole =
  | { kind: 'config' }
  | { kind: 'record'; uuid: string }
  | { kind: 'recordSidecar'; uuid: string }
  | { kind: 'style'; name: string }
  | { kind: 'styleSidecar'; name: string }
  | { kind: 'workspace'; workspace: string }
  | { kind: 'store'; workspace: string; name: string }
  | { kind: 'layer'; workspace: string; name: string }
  | { kind: 'layergroup'; name: string }
  | { kind: 'flow'; name: string }
  | { kind: 'transform'; name: string }
  | { kind: 'transformResource'; path: string }
  | { kind: 'ignored' }
  | { kind: 'unknown'; hint: string };

const NAME = '([^/]+)';
const PATTERNS: [RegExp, (match: RegExpExecArray) => FileRole][] = [
  [/^geoflux\.yaml$/, () => ({ kind: 'config' })],
  [new RegExp(`^metadata/${NAME}\\.xml$`), (m) => ({ kind: 'record', uuid: m[1]! })],
  [new RegExp(`^metadata/${NAME}\\.yaml$`), (m) => ({ kind: 'recordSidecar', uuid: m[1]! })],
  [new RegExp(`^styles/${NAME}\\.sld$`), (m) => ({ kind: 'style', name: m[1]! })],
  [new RegExp(`^styles/${NAME}\\.yaml$`), (m) => ({ kind: 'styleSidecar', name: m[1]! })],
  [new RegExp(`^workspaces/${NAME}/workspace\\.yaml$`), (m) => ({ kind: 'workspace', workspace: m[1]! })],
  [new RegExp(`^workspaces/${NAME}/stores/${NAME}\\.yaml$`), (m) => ({ kind: 'store', workspace: m[1]!, name: m[2]! })],
  [new RegExp(`^workspaces/${NAME}/layers/${NAME}\\.yaml$`), (m) => ({ kind: 'layer', workspace: m[1]!, name: m[2]! })],
  [new RegExp(`^layergroups/${NAME}\\.yaml$`), (m) => ({ kind: 'layergroup', name: m[1]! })],
  [new RegExp(`^flows/${NAME}\\.yaml$`), (m) => ({ kind: 'flow', name: m[1]! })],
  [new RegExp(`^transforms/${NAME}\\.xslt?$`), (m) => ({ kind: 'transform', name: m[1]! })],
  // Modules a transform includes and files it reads (docs/security.md): any other file under transforms/.
  [/^transforms\/.+$/, (m) => ({ kind: 'transformResource', path: m[0] })],
];

/** Files that are never part of the format and never worth a warning. */
const IGNORED = /(^|\/)\.|\.md$|(^|\/)(LICENSE|COPYING|NOTICE)(\.[a-z]+)?$/i;

export function roleOf(path: string): FileRole {
  if (IGNORED.test(path)) return { kind: 'ignored' };
  for (const [pattern, role] of PATTERNS) {
    const match = pattern.exec(path);
    if (match) return role(match);
  }
  if (/\.yml$/.test(path)) return { kind: 'unknown', hint: 'YAML files end in .yaml' };
  return { kind: 'unknown', hint: 'not part of the desired-state format (docs/format.md)' };
}
