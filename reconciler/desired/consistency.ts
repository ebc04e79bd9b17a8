// Cross-file consistency of a loaded desired state: every reference resolves (layer → store,
// styles, record, workspace; group → layers; platform → transforms, gate; record links → layers),
// names do not collide, nothing is orphaned, and {{NAME}} platform variables are defined.
import type { DesiredState, Style } from './model.ts';
import type { ProblemCode, Severity, SourceLocation } from '../core/problems.ts';
import type { KnownNames, LoadedRepository } from './load.ts';
import { platformVariableNames } from '../transform/vars.ts';
import { publishedResourceKeys } from './scope.ts';

export type Report = (code: ProblemCode, severity: Severity, message: string, location: SourceLocation) => void;

/** Names every platform defines for {{NAME}} besides its vars. */
export const BUILTIN_PLATFORM_VARIABLES = ['platform', 'geoserverUrl', 'geonetworkUrl'];

function splitStyleReference(reference: string): { workspace?: string; name: string } {
  const colon = reference.indexOf(':');
  return colon < 0 ? { name: reference } : { workspace: reference.slice(0, colon), name: reference.slice(colon + 1) };
}

/** `where` is only computed for a problem: locating a value may parse its file again (cached loads). */
function checkStyleReference(
  reference: string,
  where: () => SourceLocation,
  styles: ReadonlyMap<string, Style>,
  known: KnownNames,
  report: Report,
): void {
  const { workspace, name } = splitStyleReference(reference);
  if (!known.styles.has(name)) {
    report('NoSuchStyle', 'error', `style ${reference} does not exist (no styles/${name}.sld)`, where());
    return;
  }
  const style = styles.get(name);
  if (!style || style.workspace === workspace) return;
  const written = style.workspace ? `${style.workspace}:${name}` : name;
  report('NoSuchStyle', 'error', `style ${reference} does not exist: styles/${name}.sld is ${style.workspace ? `a style of workspace ${style.workspace}` : 'a global style'} (write ${written})`, where());
}

function checkReferences(loaded: LoadedRepository, report: Report): void {
  const { state, known, locate } = loaded;
  const styles = new Map<string, Style>();
  for (const style of state.styles) if (!styles.has(style.name)) styles.set(style.name, style);
  const platforms = new Set(state.config.platforms.map((platform) => platform.name));
  const checkPlatforms = (names: string[] | undefined, file: string) =>
    names?.forEach((name, index) => {
      if (!platforms.has(name)) report('NoSuchPlatform', 'error', `platform ${name} is not defined in geoflux.yaml`, locate(file, ['platforms', index]));
    });

  for (const platform of state.config.platforms) {
    platform.transforms.forEach((name, index) => {
      if (!known.transforms.has(name)) {
        report('NoSuchTransform', 'error', `platform ${platform.name}: transform ${name} does not exist (no transforms/${name}.xsl)`, locate('geoflux.yaml', ['platforms', platform.name, 'transforms', index]));
      }
    });
    const after = platform.gate?.after;
    if (after !== undefined && (!platforms.has(after) || after === platform.name)) {
      const why = after === platform.name ? 'cannot gate on itself' : `gate.after names an unknown platform ${after}`;
      report('NoSuchPlatform', 'error', `platform ${platform.name}: ${why}`, locate('geoflux.yaml', ['platforms', platform.name, 'gate', 'after']));
    }
  }

  state.config.scope.workspaces.forEach((workspace, index) => {
    if (!known.workspaces.has(workspace)) {
      report('NoSuchWorkspace', 'warning', `scope.workspaces names ${workspace}, which has no workspaces/${workspace}/workspace.yaml: prune would empty it`, locate('geoflux.yaml', ['scope', 'workspaces', index]));
    }
  });
  for (const store of state.stores) {
    if (!known.workspaces.has(store.workspace)) {
      report('NoSuchWorkspace', 'error', `store ${store.name} is in workspace ${store.workspace}, which has no workspaces/${store.workspace}/workspace.yaml`, store.location);
    }
  }
  for (const layer of state.layers) {
    const file = layer.location.file;
    if (!known.workspaces.has(layer.workspace)) {
      report('NoSuchWorkspace', 'error', `layer ${layer.name} is in workspace ${layer.workspace}, which has no workspaces/${layer.workspace}/workspace.yaml`, layer.location);
    }
    if (!known.stores.has(`${layer.workspace}/${layer.store}`)) {
      report('NoSuchStore', 'error', `store ${layer.store} does not exist in workspace ${layer.workspace} (no workspaces/${layer.workspace}/stores/${layer.store}.yaml)`, locate(file, ['store']));
    }
    checkStyleReference(layer.defaultStyle, () => locate(file, ['defaultStyle']), styles, known, report);
    layer.styles.forEach((style, index) => checkStyleReference(style, () => locate(file, ['styles', index]), styles, known, report));
    if (layer.metadata === undefined) {
      report('LayerWithoutMetadata', 'warning', `layer ${layer.workspace}:${layer.name} has no metadata record`, layer.location);
    } else if (!known.records.has(layer.metadata)) {
      report('NoSuchRecord', 'error', `metadata record ${layer.metadata} does not exist (no metadata/${layer.metadata}.xml)`, locate(file, ['metadata']));
    }
    checkPlatforms(layer.platforms, file);
  }
  for (const group of state.layerGroups) {
    const file = group.location.file;
    if (group.workspace !== undefined && !known.workspaces.has(group.workspace)) {
      report('NoSuchWorkspace', 'error', `workspace ${group.workspace} does not exist`, locate(file, ['workspace']));
    }
    group.entries.forEach((entry, index) => {
      if (entry.group && !known.layerGroups.has(entry.name)) {
        report('NoSuchLayer', 'error', `layer group ${entry.name} does not exist (no layergroups/${entry.name}.yaml)`, locate(file, ['layers', index, 'group']));
      } else if (!entry.group && !known.layers.has(entry.name)) {
        report('NoSuchLayer', 'error', `layer ${entry.name} does not exist`, locate(file, ['layers', index, 'layer']));
      }
      if (entry.group && entry.name === group.name) report('NoSuchLayer', 'error', `layer group ${group.name} contains itself`, locate(file, ['layers', index, 'group']));
      if (entry.style !== undefined) checkStyleReference(entry.style, () => locate(file, ['layers', index, 'style']), styles, known, report);
    });
    if (group.metadata !== undefined && !known.records.has(group.metadata)) {
      report('NoSuchRecord', 'error', `metadata record ${group.metadata} does not exist (no metadata/${group.metadata}.xml)`, locate(file, ['metadata']));
    }
    checkPlatforms(group.platforms, file);
  }
  for (const style of state.styles) {
    const sidecar = `styles/${style.name}.yaml`;
    if (style.workspace !== undefined && !known.workspaces.has(style.workspace)) {
      report('NoSuchWorkspace', 'error', `style ${style.name}: workspace ${style.workspace} does not exist`, locate(sidecar, ['workspace']));
    }
    checkPlatforms(style.platforms, sidecar);
  }
  for (const record of state.records) checkPlatforms(record.platforms, `metadata/${record.uuid}.yaml`);
  for (const workspace of state.workspaces) checkPlatforms(workspace.platforms, workspace.location.file);
}

function isOurGeoServer(url: string, state: DesiredState): boolean {
  if (url.includes('{{geoserverUrl}}')) return true;
  return state.config.platforms.some((platform) => platform.geoserver.url !== '' && url.startsWith(platform.geoserver.url));
}

function checkMetadataLinks(loaded: LoadedRepository, report: Report): void {
  const { state, known } = loaded;
  const groupNames = new Set(state.layerGroups.map((group) => (group.workspace ? `${group.workspace}:${group.name}` : group.name)));
  for (const record of state.records) {
    for (const resource of record.onlineResources) {
      const protocol = resource.protocol.toUpperCase();
      if (!protocol.startsWith('OGC:WMS') && !protocol.startsWith('OGC:WFS')) continue;
      const where = { file: record.location.file, line: resource.line };
      const ours = isOurGeoServer(resource.url, state);
      const colon = resource.name.indexOf(':');
      if (colon < 0) {
        if (ours && !groupNames.has(resource.name)) {
          report('BrokenMetadataLink', 'error', `${resource.protocol} link "${resource.name}" must name its layer as ws:layer`, where);
        }
        continue;
      }
      if (!ours && !known.workspaces.has(resource.name.slice(0, colon))) continue;
      if (!known.layers.has(resource.name) && !groupNames.has(resource.name)) {
        report('BrokenMetadataLink', 'error', `${resource.protocol} link names layer ${resource.name}, which does not exist`, where);
      }
    }
  }
}

/** Unused / orphaned warnings are only given when every file that could reference the resource loaded. */
function checkOrphans(loaded: LoadedRepository, report: Report): void {
  const { state, incomplete } = loaded;
  if (incomplete.has('layer') || incomplete.has('layergroup')) return;
  const usedStyles = new Set<string>();
  for (const layer of state.layers) [layer.defaultStyle, ...layer.styles].forEach((reference) => usedStyles.add(splitStyleReference(reference).name));
  for (const group of state.layerGroups) group.entries.forEach((entry) => entry.style && usedStyles.add(splitStyleReference(entry.style).name));
  for (const style of state.styles) {
    if (!usedStyles.has(style.name)) report('UnusedStyle', 'warning', `style ${style.name} is not used by any layer or layer group`, style.location);
  }
  const describedRecords = new Set([...state.layers, ...state.layerGroups].map((resource) => resource.metadata).filter(Boolean));
  for (const record of state.records) {
    if (!describedRecords.has(record.uuid)) report('MetadataWithoutLayer', 'warning', `record ${record.uuid} is not the metadata of any layer or layer group`, record.location);
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
  for (const style of state.styles) claim(`style:${style.workspace ?? ''}:${style.name.toLowerCase()}`, `style name ${style.name}`, style.location.file, style.location);
  for (const workspace of state.workspaces) claim(`workspace:${workspace.name.toLowerCase()}`, `workspace name ${workspace.name}`, workspace.location.file, workspace.location);
  for (const store of state.stores) claim(`store:${store.workspace}:${store.name.toLowerCase()}`, `store name ${store.workspace}:${store.name}`, store.location.file, store.location);
  for (const layer of state.layers) claim(`publishable:${layer.workspace}:${layer.name.toLowerCase()}`, `layer name ${layer.workspace}:${layer.name}`, layer.location.file, layer.location);
  for (const group of state.layerGroups) {
    claim(`publishable:${group.workspace ?? ''}:${group.name.toLowerCase()}`, `layer group name ${group.workspace ? `${group.workspace}:` : ''}${group.name}`, group.location.file, group.location);
  }
  for (const flow of state.flows) {
    const target = `${flow.destination.database ?? 'embedded PGlite'} ${flow.destination.schema}.${flow.destination.table}`;
    claim(`flow-table:${target}`, `destination table ${flow.destination.schema}.${flow.destination.table}`, flow.location.file, locate(flow.location.file, ['destination', 'table']));
  }
}

/**
 * {{NAME}} must be defined on every platform that renders it: the platforms in `platforms` ('all'
 * or those a command acts on) that publish the resource.
 */
function checkPlatformVariables(loaded: LoadedRepository, report: Report, platforms: string[] | 'all'): void {
  const { state } = loaded;
  const rendering = state.config.platforms
    .filter((platform) => platforms === 'all' || platforms.includes(platform.name))
    .map((platform) => {
      let published: Set<string> | undefined;
      // What a platform publishes is only worked out when one of its vars is missing somewhere.
      const publishes = (resource: string) => (published ??= publishedResourceKeys(state, platform)).has(resource);
      return { name: platform.name, defined: new Set([...BUILTIN_PLATFORM_VARIABLES, ...Object.keys(platform.vars)]), publishes };
    });
  const check = (text: string, resource: string, location: SourceLocation) => {
    for (const name of platformVariableNames(text)) {
      const missing = rendering.filter((platform) => !platform.defined.has(name) && platform.publishes(resource)).map((platform) => platform.name);
      if (missing.length > 0) report('UnsetVariable', 'error', `platform variable {{${name}}} is not defined in vars of ${missing.join(', ')}`, location);
    }
  };
  for (const store of state.stores) check(JSON.stringify(store.connection) + (store.description ?? ''), `store ${store.workspace}/${store.name}`, store.location);
  for (const layer of state.layers) check(JSON.stringify({ ...layer, location: undefined }), `layer ${layer.workspace}:${layer.name}`, layer.location);
  for (const group of state.layerGroups) check(JSON.stringify({ ...group, location: undefined }), `layergroup ${group.name}`, group.location);
  for (const record of state.records) check(record.xml, `record ${record.uuid}`, record.location);
}

/** `platforms`: the platforms whose {{NAME}} variables must be defined (default: all). */
export function checkConsistency(loaded: LoadedRepository, report: Report, platforms: string[] | 'all' = 'all'): void {
  checkReferences(loaded, report);
  checkMetadataLinks(loaded, report);
  checkOrphans(loaded, report);
  checkDuplicates(loaded, report);
  checkPlatformVariables(loaded, report, platforms);
}
