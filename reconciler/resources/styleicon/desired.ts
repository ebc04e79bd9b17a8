// styles/<file>.svg|png|jpg: icons the styles draw with. Published with the styles that name them;
// an icon no style names is said (it would never reach a server).
import type { DesiredKind } from '../../desired/kind.ts';
import type { StyleIconFile } from './model.ts';

export const styleIconFiles: DesiredKind<StyleIconFile> = {
  name: 'styleicon',
  collection: 'styleIcons',
  files: [
    {
      pattern: /^styles\/([^/]+\.(?:svg|png|jpg))$/,
      key: (match) => match[1]!,
      part: 'main',
      reader: { read: (bytes) => ({ problems: [], data: Uint8Array.from(bytes) }) },
    },
  ],
  orphanSidecar: (key) => ({ code: 'UnknownFile', message: `no icon ${key}` }),
  build: ({ key, main, location }) => ({ name: key, bytes: main as Uint8Array, tags: [], location }),
  keyOf: (icon) => icon.name,
  check({ state, referencesTo, referrersIncomplete, report }) {
    if (referrersIncomplete('styleicon')) return;
    const used = new Set(referencesTo('styleicon').map((reference) => reference.key));
    for (const icon of state.styleIcons) {
      if (!used.has(icon.name)) report('UnknownFile', 'warning', `icon ${icon.name} is not drawn by any style (no xlink:href="${icon.name}")`, icon.location);
    }
  },
  selection: { select: ({ items, isRequired }) => items.filter((icon) => isRequired(icon)) },
  render: 'none',
};
