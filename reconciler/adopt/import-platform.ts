// Adoption of a live platform: every import kind of the registry reads what the platform has of it
// → the selection closes over their references (rounds, reading more as asked) → each kind renders
// what it kept (fetching bodies) → geoflux.yaml and README.md → refuse if a secret slipped in.
import { GeoNetworkClient } from '../clients/geonetwork.ts';
import { GeoServerClient } from '../clients/geoserver.ts';
import { SecretVariables } from '../resources/adoption-secrets.ts';
import type { AdoptionPlatform, Note, RenderedKind } from '../resources/adoption.ts';
import { importKinds } from '../resources/registry.ts';
import { configFile } from './render/config.ts';
import { readmeFile } from './render/readme.ts';
import { assertNoSecrets } from './secrets.ts';
import { selectResources, type LiveByKind } from './select.ts';
import type { ImportResult, ImportSource, SelectionRequest } from './types.ts';

export interface ImportOptions {
  /** Requests in flight per server (default 8). */
  concurrency?: number;
  timeoutMs?: number;
  /** Receives redacted lines (retries, failures). */
  log?: (line: string) => void;
}

export async function importPlatform(source: ImportSource, request: SelectionRequest, options: ImportOptions = {}): Promise<ImportResult> {
  const concurrency = options.concurrency ?? 8;
  const common = { concurrency, timeoutMs: options.timeoutMs, log: options.log };
  const gs = new GeoServerClient({ ...common, baseUrl: source.geoserver.url, user: source.geoserver.user, password: source.geoserver.password });
  const gn = new GeoNetworkClient({ ...common, baseUrl: source.geonetwork.url, user: source.geonetwork.user, password: source.geonetwork.password });
  const platform: AdoptionPlatform = {
    name: source.platform,
    geoserver: gs,
    geonetwork: gn,
    urls: { geoserver: source.geoserver.url, geonetwork: source.geonetwork.url },
    geonetworkGroup: source.group,
    concurrency,
  };
  try {
    const notes: Note[] = [];
    const read = await Promise.all(importKinds.map((kind) => kind.read(platform, request, (note) => notes.push(note))));
    const live: LiveByKind = new Map(importKinds.map((kind, index) => [kind, read[index]]));
    const selection = await selectResources(importKinds, live, request, platform);
    notes.push(...selection.notes);

    const variables = new SecretVariables();
    for (const server of ['geoserver', 'geonetwork'] as const) {
      const name = server === 'geoserver' ? 'GeoServer' : 'GeoNetwork';
      variables.reuse(source.written[server].user, `${name} user of platform ${source.platform}`);
      variables.reuse(source.written[server].password, `${name} password of platform ${source.platform}`);
    }
    const files = new Map<string, Uint8Array>();
    const put = (path: string, content: string | Uint8Array) => files.set(path, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    const rendered: RenderedKind[] = [];
    for (const kind of importKinds) {
      const output = await kind.render({ platform, variables }, live.get(kind), selection.kept.get(kind)!);
      for (const file of output.files) put(file.path, file.content);
      notes.push(...output.notes);
      rendered.push(output);
    }

    const counts = Object.fromEntries(importKinds.map((kind, index) => [kind.count.key, rendered[index]!.count]));
    const config = configFile(source, rendered);
    put(config.path, config.text);
    const readme = readmeFile({ source, request, counts, readme: rendered.flatMap((output) => output.readme ?? []), variables: variables.list(), notes });
    put(readme.path, readme.text);
    assertNoSecrets(files, [source.geoserver.password, source.geonetwork.password, ...rendered.flatMap((output) => output.secrets ?? [])]);
    return { files, platform: source.platform, counts, variables: variables.list(), notes };
  } finally {
    await Promise.all([gs.close(), gn.close()]);
  }
}
