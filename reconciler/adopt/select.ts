// Which live resources an import keeps (pure). Seeds — whole workspaces, chosen records, or
// everything — pull in what they reference until nothing is missing: a record its linked layers and
// groups; a layer its workspace, store, styles and metadata record; a group its members, styles and
// record. The result is a repository that validates. When a seed or reference needs a workspace or a
// record not read yet, the caller reads it and selects again.
import type { RecordSummary } from '../clients/geonetwork.ts';
import { recordUuidOf } from '../resources/layer/featuretype.ts';
import { joinKey, splitKey } from '../resources/common.ts';
import { linkedLayerNames } from './catalogue.ts';
import { formatStoreType } from './store-type.ts';
import type { LiveCatalogue, LiveGeoServer, LiveLayerGroup, LiveStyle, Note, Selection, SelectionRequest } from './types.ts';

/** GeoServer's built-in styles: imported only when something uses them. */
export const BUILTIN_STYLES = new Set(['point', 'line', 'polygon', 'raster', 'generic']);

export interface SelectInput {
  live: LiveGeoServer;
  catalogue: LiveCatalogue;
  request: SelectionRequest;
  /** uuids the full-text search found. */
  searchHits: string[];
  /** GeoNetwork group of the managed records. */
  group: number;
}

export type SelectOutcome = { need: { workspaces: string[]; records: string[] } } | { selection: Selection; notes: Note[] };

export function isEverything(request: SelectionRequest): boolean {
  return request.workspaces.length === 0 && request.uuids.length === 0 && request.search === undefined;
}

export function selectResources(input: SelectInput): SelectOutcome {
  return new Closure(input).run();
}

class Closure {
  private readonly selection: Selection = {
    workspaces: new Set(),
    stores: new Set(),
    layers: new Set(),
    styles: new Set(),
    layerGroups: new Set(),
    records: new Set(),
    metadataOf: new Map(),
  };
  private readonly notes: Note[] = [];
  private readonly noted = new Set<string>();
  private readonly needWorkspaces = new Set<string>();
  private readonly needRecords = new Set<string>();
  private readonly wholeWorkspaces = new Set<string>();
  private readonly recordsNaming: Map<string, string[]>;
  /** Style references a kept layer or group uses: they win name collisions. */
  private readonly usedStyles = new Set<string>();

  constructor(private readonly input: SelectInput) {
    this.recordsNaming = indexRecordsByLayerName(input.catalogue.records);
  }

  run(): SelectOutcome {
    const { request, live, catalogue, group } = this.input;
    const everything = isEverything(request);
    for (const ws of everything ? live.workspaceNames : request.workspaces) this.addWholeWorkspace(ws);
    if (everything) {
      for (const style of live.globalStyles) if (!BUILTIN_STYLES.has(style.ref)) this.addStyle(style.ref, 'everything');
      for (const groupInfo of live.globalLayerGroups) this.addLayerGroup(groupInfo.name);
      for (const record of catalogue.records.values()) if (record.groupOwner === String(group)) this.addRecord(record.uuid, 'everything');
    }
    for (const uuid of request.uuids) this.addRecord(uuid, '--uuid');
    for (const uuid of this.input.searchHits) this.addRecord(uuid, '--search');
    if (request.workspaces.length > 0) this.addCoveredGlobalGroups();
    if (this.needWorkspaces.size > 0 || this.needRecords.size > 0) {
      return { need: { workspaces: [...this.needWorkspaces].sort(), records: [...this.needRecords].sort() } };
    }
    this.dropNameCollisions();
    for (const ws of [...this.selection.workspaces].sort()) {
      if (request.workspaces.length > 0 && !this.wholeWorkspaces.has(ws))
        this.note('info', `workspace ${ws}`, 'pulled in by a reference from the selection (only what is referenced)');
    }
    return { selection: this.selection, notes: this.notes };
  }

  private note(kind: Note['kind'], subject: string, message: string): void {
    const key = `${kind}\n${subject}\n${message}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.notes.push({ kind, subject, message });
  }

  private workspace(name: string) {
    if (!this.input.live.workspaceNames.includes(name)) return undefined;
    const ws = this.input.live.workspaces.get(name);
    if (!ws) this.needWorkspaces.add(name);
    return ws;
  }

  private addWorkspace(name: string): boolean {
    if (!this.workspace(name)) return false;
    this.selection.workspaces.add(name);
    return true;
  }

  private addWholeWorkspace(name: string): void {
    if (this.wholeWorkspaces.has(name)) return;
    this.wholeWorkspaces.add(name);
    if (!this.input.live.workspaceNames.includes(name)) {
      this.note('skipped', `workspace ${name}`, 'GeoServer has no such workspace');
      return;
    }
    const ws = this.workspace(name);
    if (!ws) return;
    this.selection.workspaces.add(name);
    for (const store of ws.stores) this.addStore(name, store.name);
    for (const layer of ws.layers.keys()) this.addLayer(`${name}:${layer}`, `workspace ${name}`);
    for (const style of ws.styles) this.addStyle(style.ref, `workspace ${name}`);
    for (const group of ws.layerGroups) this.addLayerGroup(`${name}:${group.name}`);
  }

  private addStore(ws: string, name: string): boolean {
    const key = `${ws}:${name}`;
    if (this.selection.stores.has(key)) return true;
    const store = this.input.live.workspaces.get(ws)?.stores.find((candidate) => candidate.name === name);
    if (!store) return false;
    if (!formatStoreType(store)) {
      this.note(
        'skipped',
        `store ${key}`,
        `store type ${store.type ?? store.connectionParameters.dbtype ?? 'unknown'} is not one the format supports (postgis, geopackage, shapefile, directory)`,
      );
      return false;
    }
    this.selection.stores.add(key);
    return true;
  }

  private addLayer(key: string, from: string): void {
    if (this.selection.layers.has(key)) return;
    const [wsName, name] = splitKey(key);
    if (!wsName) return;
    const ws = this.workspace(wsName);
    if (!ws) return;
    const layer = ws.layers.get(name);
    const live = ws.featureTypes.get(name);
    if (!layer) {
      this.note('info', `layer ${key}`, `named by ${from} but GeoServer has no such layer`);
      return;
    }
    if (!live) {
      this.note('skipped', `layer ${key}`, 'not a vector (feature type) layer: the format has no coverages or cascaded layers');
      return;
    }
    if (!this.addStore(wsName, live.store)) {
      this.note('skipped', `layer ${key}`, `its store ${wsName}:${live.store} is not imported`);
      return;
    }
    if (!live.featureType.srs) {
      this.note('skipped', `layer ${key}`, 'GeoServer gives it no declared SRS');
      return;
    }
    if (!layer.defaultStyle) {
      this.note('skipped', `layer ${key}`, 'GeoServer gives it no default style');
      return;
    }
    this.selection.workspaces.add(wsName);
    this.selection.layers.add(key);
    for (const ref of [layer.defaultStyle, ...layer.styles]) this.addStyle(ref, `layer ${key}`);
    const uuid = this.metadataOfLayer(
      key,
      live.featureType.metadataLinks.map((link) => link.content),
    );
    if (uuid) {
      this.selection.metadataOf.set(key, uuid);
      this.addRecord(uuid, `layer ${key}`);
    }
  }

  /** The featuretype's link to a catalogue record, else the record whose online resources name the layer. */
  private metadataOfLayer(key: string, links: string[]): string | undefined {
    return this.linkedRecord(`layer ${key}`, links) ?? this.recordNaming(key, `layer ${key}`);
  }

  /** The first metadata link naming a record the catalogue holds (a record not looked up yet is asked for). */
  private linkedRecord(subject: string, links: string[]): string | undefined {
    for (const uuid of links.map(recordUuidOf).filter((candidate): candidate is string => !!candidate)) {
      if (this.input.catalogue.records.has(uuid)) return uuid;
      if (!this.input.catalogue.missing.has(uuid)) {
        this.needRecords.add(uuid);
        return undefined;
      }
      this.note('info', subject, `its metadata link names record ${uuid}, which the catalogue does not hold: kept as a link, not as its metadata record`);
    }
    return undefined;
  }

  private recordNaming(name: string, subject: string): string | undefined {
    const candidates = this.recordsNaming.get(name) ?? [];
    if (candidates.length === 0) return undefined;
    const owned = candidates.filter((uuid) => this.input.catalogue.records.get(uuid)?.groupOwner === String(this.input.group));
    const chosen = (owned.length > 0 ? owned : candidates)[0]!;
    if (candidates.length > 1) this.note('info', subject, `several records name it (${candidates.join(', ')}): metadata ${chosen}`);
    return chosen;
  }

  private findStyle(ref: string): LiveStyle | undefined {
    const [wsName] = splitKey(ref);
    if (!wsName) return this.input.live.globalStyles.find((style) => style.ref === ref);
    return this.workspace(wsName)?.styles.find((style) => style.ref === ref);
  }

  private addStyle(ref: string, from: string): void {
    if (from.startsWith('layer')) this.usedStyles.add(ref);
    if (this.selection.styles.has(ref)) return;
    const [wsName] = splitKey(ref);
    if (wsName && !this.workspace(wsName)) return;
    if (!this.findStyle(ref)) {
      this.note('info', `style ${ref}`, `used by ${from} but GeoServer has no such style`);
      return;
    }
    if (wsName) this.selection.workspaces.add(wsName);
    this.selection.styles.add(ref);
  }

  private findLayerGroup(ref: string, context?: string): { group: LiveLayerGroup; key: string } | undefined {
    const [wsName, name] = splitKey(ref);
    const candidates: [string | undefined, string][] = wsName
      ? [[wsName, name]]
      : context
        ? [
            [context, name],
            [undefined, name],
          ]
        : [[undefined, name]];
    for (const [place, groupName] of candidates) {
      if (place && !this.input.live.workspaceNames.includes(place)) continue;
      const list = place ? this.workspace(place)?.layerGroups : this.input.live.globalLayerGroups;
      const group = list?.find((candidate) => candidate.name === groupName);
      if (group) return { group, key: joinKey(place, groupName) };
    }
    return undefined;
  }

  private addLayerGroup(ref: string, context?: string): boolean {
    const found = this.findLayerGroup(ref, context);
    if (!found) return false;
    const { group, key } = found;
    if (this.selection.layerGroups.has(key)) return true;
    this.selection.layerGroups.add(key);
    if (group.workspace) this.addWorkspace(group.workspace);
    group.publishables.forEach((item, index) => {
      if (item.type === 'layer') {
        const qualified = !item.name.includes(':') && group.workspace ? `${group.workspace}:${item.name}` : item.name;
        this.addLayer(qualified, `layer group ${key}`);
      } else if (!this.addLayerGroup(item.name, group.workspace)) {
        this.note('info', `layer group ${key}`, `member group ${item.name} does not exist`);
      }
      const style = group.styles[index];
      if (style) this.addStyle(style, `layer group ${key}`);
    });
    const uuid =
      this.linkedRecord(`layer group ${key}`, group.metadataLinks) ??
      this.recordNaming(key, `layer group ${key}`) ??
      (key === group.name ? undefined : this.recordNaming(group.name, `layer group ${key}`));
    if (uuid) {
      this.selection.metadataOf.set(key, uuid);
      this.addRecord(uuid, `layer group ${key}`);
    }
    return true;
  }

  private addRecord(uuid: string, from: string): void {
    if (this.selection.records.has(uuid)) return;
    const record = this.input.catalogue.records.get(uuid);
    if (!record) {
      if (this.input.catalogue.missing.has(uuid)) this.note('skipped', `record ${uuid}`, `named by ${from} but the catalogue has no such record`);
      else this.needRecords.add(uuid);
      return;
    }
    this.selection.records.add(uuid);
    if (from !== 'everything' && !from.startsWith('--') && record.groupOwner !== String(this.input.group)) {
      this.note('info', `record ${uuid}`, `pulled in by ${from}; it belongs to group ${record.groupOwner ?? '?'}, not ${this.input.group}`);
    }
    for (const name of linkedLayerNames(record.links)) {
      const [wsName] = splitKey(name);
      if (wsName && this.input.live.workspaceNames.includes(wsName)) {
        const ws = this.workspace(wsName);
        if (!ws) continue;
        if (ws.layers.has(splitKey(name)[1])) this.addLayer(name, `record ${uuid}`);
        else if (!this.addLayerGroup(name)) this.note('info', `record ${uuid}`, `links to ${name}, which GeoServer does not have`);
      } else if (!wsName) {
        this.addLayerGroup(name);
      }
    }
  }

  /** With --workspace: the global groups made only of layers already kept. */
  private addCoveredGlobalGroups(): void {
    for (const group of this.input.live.globalLayerGroups) {
      const covered = group.publishables.length > 0 && group.publishables.every((item) => item.type === 'layer' && this.selection.layers.has(item.name));
      if (covered) this.addLayerGroup(group.name);
    }
  }

  /** styles/<name>.sld and layergroups/<name>.yaml are named without workspace: one resource per name (a used style first). */
  private dropNameCollisions(): void {
    for (const [set, what] of [
      [this.selection.styles, 'style'],
      [this.selection.layerGroups, 'layer group'],
    ] as const) {
      const byName = new Map<string, string[]>();
      const used = (ref: string) => (what === 'style' && this.usedStyles.has(ref) ? 0 : 1);
      for (const ref of [...set].sort((a, b) => used(a) - used(b) || (a < b ? -1 : a > b ? 1 : 0))) {
        const name = splitKey(ref)[1];
        byName.set(name, [...(byName.get(name) ?? []), ref]);
      }
      for (const refs of byName.values()) {
        for (const ref of refs.slice(1)) {
          set.delete(ref);
          this.note(
            'skipped',
            `${what} ${ref}`,
            `${refs[0]} has the same name and the format names ${what === 'style' ? 'styles/<name>.sld' : 'layergroups/<name>.yaml'} without workspace`,
          );
        }
      }
    }
  }
}

/** "ws:layer" (or group name) → uuids of the records whose OGC links name it, sorted. */
export function indexRecordsByLayerName(records: Map<string, RecordSummary>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const record of records.values()) {
    for (const name of linkedLayerNames(record.links)) index.set(name, [...(index.get(name) ?? []), record.uuid]);
  }
  for (const uuids of index.values()) uuids.sort();
  return index;
}
