// settings/global.yaml: the platform's global GeoServer settings and contact. Not tagged content:
// an untagged file applies to every platform (platform differences go through {{VARIABLES}}).
import type { DesiredKind } from '../../desired/kind.ts';
import { hasSelectors } from '../../desired/selection.ts';
import { toSelectors } from '../selectors.ts';
import { CONTACT_NAMES, GLOBAL_NAMES, SETTING_NAMES, type GlobalSettings, type GlobalSettingsFile } from './model.ts';
import schema from './settings.schema.json' with { type: 'json' };

type Raw = Record<string, unknown>;

function picked<Name extends string>(raw: Raw | undefined, names: readonly Name[]): Partial<Record<Name, any>> {
  return Object.fromEntries(names.filter((name) => raw?.[name] !== undefined).map((name) => [name, raw![name]])) as Partial<Record<Name, any>>;
}

export const settingsFiles: DesiredKind<GlobalSettingsFile> = {
  name: 'settings',
  collection: 'globalSettings',
  files: [{ pattern: /^settings\/global\.yaml$/, key: () => 'global', part: 'main', reader: { yaml: schema } }],
  orphanSidecar: (key) => ({ code: 'UnknownFile', message: `no settings ${key}` }),
  build({ main, location }) {
    const raw = (main ?? {}) as Raw;
    const settings: GlobalSettings = {
      settings: { ...picked(raw, SETTING_NAMES), ...picked(raw, GLOBAL_NAMES) },
      contact: picked(raw.contact as Raw | undefined, CONTACT_NAMES),
    };
    return { ...settings, ...toSelectors(raw), location };
  },
  keyOf: () => 'global',
  selection: {
    select: ({ items, selects }) => items.filter((item) => (hasSelectors(item) ? selects(item) : true)),
  },
  render: 'strings',
};
