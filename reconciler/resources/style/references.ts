// A style reference as layers and groups write it: "name" for a global style, "ws:name" for a
// workspace style; checked against styles/<name>.sld and the style's own workspace.
import type { SourceLocation } from '../../core/problems.ts';
import type { CheckContext } from '../../desired/kind.ts';

export function splitStyleReference(reference: string): { workspace?: string; name: string } {
  const colon = reference.indexOf(':');
  return colon < 0 ? { name: reference } : { workspace: reference.slice(0, colon), name: reference.slice(colon + 1) };
}

/** `where` is only computed for a problem: locating a value may parse its file again (cached loads). */
export function checkStyleReference(reference: string, where: () => SourceLocation, { state, known, report }: CheckContext): void {
  const { workspace, name } = splitStyleReference(reference);
  if (!known('style').has(name)) {
    report('NoSuchStyle', 'error', `style ${reference} does not exist (no styles/${name}.sld)`, where());
    return;
  }
  const style = state.styles.find((candidate) => candidate.name === name);
  if (!style || style.workspace === workspace) return;
  const written = style.workspace ? `${style.workspace}:${name}` : name;
  report(
    'NoSuchStyle',
    'error',
    `style ${reference} does not exist: styles/${name}.sld is ${style.workspace ? `a style of workspace ${style.workspace}` : 'a global style'} (write ${written})`,
    where(),
  );
}
