// A desired-state seed, read once per seed and shared by the twins it is given to.
import path from 'node:path';
import type { SeedSource } from '../types.ts';
import { readPublished, type PublishedState } from './desired-state.ts';
import { readDesiredFolder } from './files.ts';

export type { PublishedState } from './desired-state.ts';

const published = new WeakMap<SeedSource, Promise<PublishedState>>();

/** What the seed's platform publishes, or undefined for a seed without a desired state. */
export function publishedSeed(source: SeedSource): Promise<PublishedState> | undefined {
  if (source.desired === undefined) return undefined;
  let state = published.get(source);
  if (!state) {
    const root = path.resolve(source.desired);
    state = readDesiredFolder(root, source.commit).then(({ files, lfsObject }) =>
      readPublished(files, { platform: source.platform, env: source.env ?? process.env, lfsObject }),
    );
    published.set(source, state);
  }
  return state;
}
