// Import of the global settings: with an import of everything, settings/global.yaml with every
// setting geoflux manages as the platform has it (so the round trip is an empty plan).
import { selectsEverything, type Adoption, type AdoptedFile } from '../adoption.ts';
import { yamlFile } from '../adoption-files.ts';
import { fromWire } from './adapter.ts';
import type { GlobalSettings } from './model.ts';
import { getGlobal } from './rest.ts';

const PATH = 'settings/global.yaml';

export const settingsAdoption: Adoption<GlobalSettings, GlobalSettings> = {
  kind: 'settings',
  count: { key: 'settings', label: 'global settings file' },

  async read({ geoserver }) {
    return fromWire(await getGlobal(geoserver));
  },

  seed(ctx) {
    if (selectsEverything(ctx.request)) settingsAdoption.add(ctx, 'global', { subject: 'everything' });
  },

  add(ctx, key) {
    ctx.kept(settingsAdoption).set(key, ctx.live(settingsAdoption));
    return true;
  },

  async render(_ctx, _live, kept) {
    const files: AdoptedFile[] = [];
    const settings = kept.get('global');
    if (settings) {
      const value = { ...settings.settings, ...(Object.keys(settings.contact).length > 0 ? { contact: settings.contact } : {}) };
      files.push({ path: PATH, content: yamlFile(PATH, 'settings', value) });
    }
    return { files, notes: [], count: files.length };
  },
};
