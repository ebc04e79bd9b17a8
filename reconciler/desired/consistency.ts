// Cross-file consistency of a loaded desired state: platforms (transforms, gates), names that must
// not collide, selectors naming platforms, {{NAME}} platform variables, and each kind's own checks
// (references between kinds, orphans).
import type { SourceLocation } from '../core/problems.ts';
import { itemsOf, type CheckContext, type ItemReference, type Report } from './kind.ts';
import type { LoadedRepository } from './load.ts';
import { platformVariableNames } from '../transform/vars.ts';
import { publishedResourceKeys } from './scope.ts';
import { fileKeyOf } from './layout.ts';

export type { Report } from './kind.ts';

/** Names every platform defines for {{NAME}} besides its vars. */
export const BUILTIN_PLATFORM_VARIABLES = ['platform', 'geoserverUrl', 'geonetworkUrl'];

function checkPlatforms(loaded: LoadedRepository, report: Report): void {
  const { state, known, locate } = loaded;
  const platforms = new Set(state.config.platforms.map((platform) => platform.name));
  for (const platform of state.config.platforms) {
    platform.transforms.forEach((name, index) => {
      if (!known('transform').has(name)) {
        report(
          'NoSuchTransform',
          'error',
          `platform ${platform.name}: transform ${name} does not exist (no transforms/${name}.xsl)`,
          locate('geoflux.yaml', ['platforms', platform.name, 'transforms', index]),
        );
      }
    });
    const after = platform.gate?.after;
    if (after !== undefined && (!platforms.has(after) || after === platform.name)) {
      const why = after === platform.name ? 'cannot gate on itself' : `gate.after names an unknown platform ${after}`;
      report('NoSuchPlatform', 'error', `platform ${platform.name}: ${why}`, locate('geoflux.yaml', ['platforms', platform.name, 'gate', 'after']));
    }
  }
  // a resource's `platforms:` selector names platforms of geoflux.yaml
  for (const kind of loaded.kinds) {
    for (const item of itemsOf(state, kind)) {
      const file = kind.selectorFile?.(item) ?? item.location.file;
      item.platforms?.forEach((name, index) => {
        if (!platforms.has(name)) report('NoSuchPlatform', 'error', `platform ${name} is not defined in geoflux.yaml`, locate(file, ['platforms', index]));
      });
    }
  }
}

function checkDuplicates(loaded: LoadedRepository, report: Report): void {
  const { state, locate } = loaded;
  const firstOf = new Map<string, string>();
  const claim = (key: string, what: string, file: string, where: SourceLocation) => {
    const first = firstOf.get(key);
    if (first !== undefined && first !== file) report('DuplicateName', 'error', `${what} is also defined by ${first}`, where);
    else firstOf.set(key, file);
  };
  // GeoServer names collide case-insensitively on case-insensitive data directories and in WMS clients.
  for (const kind of loaded.kinds) {
    for (const item of itemsOf(state, kind)) {
      for (const { space, name, what } of kind.names?.(item) ?? []) claim(`${space}:${name.toLowerCase()}`, what, item.location.file, item.location);
    }
  }
  for (const flow of state.flows) {
    const database = flow.destination.database ?? 'embedded PGlite';
    if (flow.destination.type === 'geonature') {
      claim(
        `flow-source:${database} ${flow.destination.sourceName}`,
        `GeoNature source ${flow.destination.sourceName}`,
        flow.location.file,
        locate(flow.location.file, ['destination', 'sourceName']),
      );
      continue;
    }
    const target = `${database} ${flow.destination.schema}.${flow.destination.table}`;
    claim(
      `flow-table:${target}`,
      `destination table ${flow.destination.schema}.${flow.destination.table}`,
      flow.location.file,
      locate(flow.location.file, ['destination', 'table']),
    );
  }
}

/**
 * {{NAME}} must be defined on every platform that renders it: the platforms in `platforms` ('all'
 * or those a command acts on) that publish the resource.
 */
function checkPlatformVariables(loaded: LoadedRepository, report: Report, platforms: string[] | 'all'): void {
  const { state, kinds } = loaded;
  const rendering = state.config.platforms
    .filter((platform) => platforms === 'all' || platforms.includes(platform.name))
    .map((platform) => {
      let published: Set<string> | undefined;
      // What a platform publishes is only worked out when one of its vars is missing somewhere.
      const publishes = (resource: string) => (published ??= publishedResourceKeys(state, platform, kinds)).has(resource);
      return { name: platform.name, defined: new Set([...BUILTIN_PLATFORM_VARIABLES, ...Object.keys(platform.vars)]), publishes };
    });
  for (const kind of kinds) {
    if (kind.render === 'none') continue;
    for (const item of itemsOf(state, kind)) {
      const text = kind.templateText?.(item) ?? JSON.stringify({ ...item, location: undefined });
      const resource = `${kind.name} ${fileKeyOf(kind, item)}`;
      for (const name of platformVariableNames(text)) {
        const missing = rendering.filter((platform) => !platform.defined.has(name) && platform.publishes(resource)).map((platform) => platform.name);
        if (missing.length > 0)
          report('UnsetVariable', 'error', `platform variable {{${name}}} is not defined in vars of ${missing.join(', ')}`, item.location);
      }
    }
  }
}

/** What each kind's check needs: the state, known names, positions, and the references between kinds. */
function checkContext(loaded: LoadedRepository, report: Report): CheckContext {
  const references = new Map<string, ItemReference[]>();
  for (const kind of loaded.kinds) {
    for (const item of itemsOf(loaded.state, kind)) {
      for (const reference of kind.requires?.of(item) ?? []) {
        let list = references.get(reference.kind);
        if (!list) references.set(reference.kind, (list = []));
        list.push(reference);
      }
    }
  }
  return {
    state: loaded.state,
    known: loaded.known,
    incomplete: loaded.incomplete,
    locate: loaded.locate,
    report,
    referencesTo: (kind) => references.get(kind) ?? [],
    referrersIncomplete: (kind) => loaded.kinds.some((other) => other.requires?.kinds.includes(kind) && loaded.incomplete.has(other.name)),
  };
}

/** `platforms`: the platforms whose {{NAME}} variables must be defined (default: all). */
export function checkConsistency(loaded: LoadedRepository, report: Report, platforms: string[] | 'all' = 'all'): void {
  checkPlatforms(loaded, report);
  const context = checkContext(loaded, report);
  for (const kind of loaded.kinds) kind.check?.(context);
  checkDuplicates(loaded, report);
  checkPlatformVariables(loaded, report, platforms);
}
