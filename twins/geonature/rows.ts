// Synthetic observations as a pure function of their id (plus the mutation overlay), so millions of rows cost
// no memory. Creation times grow with the id (one row a minute from 2016-01-01), which lets the store turn a
// derniere_action range into an id range arithmetically.
import { ACQUISITION_FRAMEWORKS, NOMENCLATURE_LABELS, OBSERVERS, TAXA, type AcquisitionFramework, type Dataset, type Taxon } from './reference.ts';

export interface PointGeometry {
  type: 'Point';
  coordinates: [number, number];
}

export type RowValue = string | number | null;
/** The non-geometry columns of one observation, in view order. */
export type Row = Record<string, RowValue>;

export interface Observation {
  id: number;
  /** The `geom` column. */
  geometry: PointGeometry | null;
  properties: Row;
}

/** What mutations changed on one row (inserted rows and updated rows). */
export interface RowOverlay {
  /** Insertion time (ms, naive timestamp read as UTC) of rows inserted through the control API. */
  createdAt?: number;
  /** Last update time of updated rows. */
  modifiedAt?: number;
  /** Number of updates applied (each one changes nombre_max and comment_occurrence). */
  revision: number;
}

export const FIRST_CREATION = Date.UTC(2016, 0, 1);
export const CREATION_STEP_MS = 60_000;

/** murmur3 fmix32 over the id and a salt: a well-spread 32-bit value per (id, field). */
export function hash(id: number, salt: number): number {
  let h = (Math.imul(id, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0;
  h ^= Math.floor(id / 4294967296);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const unit = (id: number, salt: number) => hash(id, salt) / 4294967296;
const pick = <T>(list: readonly T[], id: number, salt: number): T => list[hash(id, salt) % list.length]!;

export function baseCreatedAt(id: number): number {
  return FIRST_CREATION + id * CREATION_STEP_MS;
}

/** One base row in ten was modified some seconds after its creation (always before the next row's creation). */
export function baseModifiedAt(id: number): number | undefined {
  const h = hash(id, 11);
  return h % 10 === 0 ? baseCreatedAt(id) + (1 + (h % 59)) * 1000 : undefined;
}

/** derniere_action of an unmutated base row; strictly increasing with the id. */
export function baseDerniereAction(id: number): number {
  return baseModifiedAt(id) ?? baseCreatedAt(id);
}

/** Smallest id whose base derniere_action is >= t. */
export function firstIdActingFrom(t: number): number {
  let id = Math.max(0, Math.ceil((t - FIRST_CREATION - 59_000) / CREATION_STEP_MS));
  while (baseDerniereAction(id) < t) id++;
  return id;
}

/** Largest id whose base derniere_action is <= t. */
export function lastIdActingUntil(t: number): number {
  let id = Math.floor((t - FIRST_CREATION) / CREATION_STEP_MS);
  while (id > 0 && baseDerniereAction(id) > t) id--;
  return id;
}

export function uuidFor(id: number, salt: number): string {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const a = hex(hash(id, salt));
  const b = hex(hash(id, salt + 1000));
  const c = hex(hash(id, salt + 2000));
  const d = hex(hash(id, salt + 3000));
  const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

const DAY_MS = 86_400_000;
const twoDigits = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayTexts = new Map<number, string>();

/** "2024-06-01" for the UTC day holding ms (cached: observations span a few thousand days). */
export function formatDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayTexts.set(day, text);
  }
  return text;
}

/** Naive PostgreSQL timestamp text as GenericQuery serialises it: "2024-06-01 10:53:58". */
export function formatTimestamp(ms: number): string {
  const seconds = Math.floor((ms % DAY_MS) / 1000);
  return `${formatDate(ms)} ${twoDigits[Math.floor(seconds / 3600)]}:${twoDigits[Math.floor(seconds / 60) % 60]}:${twoDigits[seconds % 60]}`;
}

function frameworkOf(id: number): AcquisitionFramework {
  const u = unit(id, 3);
  let cumulated = 0;
  for (const framework of ACQUISITION_FRAMEWORKS) {
    cumulated += framework.share;
    if (u < cumulated) return framework;
  }
  return ACQUISITION_FRAMEWORKS[ACQUISITION_FRAMEWORKS.length - 1]!;
}

/** About 1 % of the observations have no geometry. */
export function hasGeometry(id: number): boolean {
  return hash(id, 7) % 100 !== 0;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** The nomenclature label columns, in view order, with the salt that picks each row's label. */
export const NOMENCLATURE_COLUMNS: readonly { column: string; salt: number }[] = Object.keys(NOMENCLATURE_LABELS).map((column, i) => ({
  column,
  salt: 30 + i,
}));

/**
 * Everything that varies from one observation to another, drawn from its id (and overlay). Both the
 * object form (generateObservation) and the JSON text the export API writes (row-json.ts) format
 * these facts, so the two cannot disagree on a value.
 */
export interface ObservationFacts {
  id: number;
  framework: AcquisitionFramework;
  dataset: Dataset;
  taxon: Taxon;
  createdAt: number;
  modifiedAt?: number;
  observedAt: number;
  endAt: number;
  revision: number;
  lon: number | null;
  lat: number | null;
  nombreMin: number;
  nombreMax: number;
  altitudeMin: number;
  altitudeMax: number;
  observer: string;
  /** A second observer, distinct from the first, on some rows. */
  secondObserver?: string;
  validated: boolean;
  releveCommented: boolean;
  place: string;
  precision: number;
  /** Index of the label each NOMENCLATURE_COLUMNS column takes. */
  nomenclature: number[];
}

export function observationFacts(id: number, overlay?: RowOverlay): ObservationFacts {
  const framework = frameworkOf(id);
  const createdAt = overlay?.createdAt ?? baseCreatedAt(id);
  const observedAt = createdAt - (hash(id, 8) % 365) * 86_400_000;
  const revision = overlay?.revision ?? 0;
  let lon: number | null = null;
  let lat: number | null = null;
  if (hasGeometry(id)) {
    const [minLon, minLat, maxLon, maxLat] = framework.bbox;
    lon = round6(minLon + unit(id, 12) * (maxLon - minLon));
    lat = round6(minLat + unit(id, 13) * (maxLat - minLat));
  }
  const nombreMin = 1 + (hash(id, 14) % 5);
  const altitudeMin = framework.altitude[0] + (hash(id, 15) % (framework.altitude[1] - framework.altitude[0]));
  const observer = pick(OBSERVERS, id, 16);
  const second = hash(id, 17) % 3 === 0 ? pick(OBSERVERS, id, 18) : undefined;
  return {
    id,
    framework,
    dataset: pick(framework.datasets, id, 4),
    taxon: pick(TAXA, id, 5),
    createdAt,
    modifiedAt: overlay?.modifiedAt ?? (overlay?.createdAt !== undefined ? undefined : baseModifiedAt(id)),
    observedAt,
    endAt: hash(id, 9) % 20 === 0 ? observedAt + 86_400_000 : observedAt,
    revision,
    lon,
    lat,
    nombreMin,
    nombreMax: nombreMin + (hash(id, 19) % 3) + revision,
    altitudeMin,
    altitudeMax: altitudeMin + (hash(id, 20) % 50),
    observer,
    secondObserver: second !== observer ? second : undefined,
    validated: hash(id, 21) % 4 === 0,
    releveCommented: hash(id, 22) % 5 === 0,
    place: pick(framework.places, id, 23),
    precision: PRECISIONS[hash(id, 24) % PRECISIONS.length]!,
    nomenclature: nomenclatureOf(id),
  };
}

const NOMENCLATURE_SIZES = NOMENCLATURE_COLUMNS.map(({ column }) => NOMENCLATURE_LABELS[column]!.length);

function nomenclatureOf(id: number): number[] {
  const labels = new Array<number>(NOMENCLATURE_COLUMNS.length);
  for (let i = 0; i < labels.length; i++) labels[i] = hash(id, NOMENCLATURE_COLUMNS[i]!.salt) % NOMENCLATURE_SIZES[i]!;
  return labels;
}

const PRECISIONS = [10, 25, 50, 100];
export const VALIDATOR = 'Service validation SINP';
export const RELEVE_COMMENT = 'Relevé réalisé par temps clair';
export const correctionComment = (revision: number) => `Donnée corrigée (révision ${revision})`;

/** The columns from nombre_min to comment_occurrence, in view order: both synthese views have them alike. */
export function countsAndPeople(facts: ObservationFacts): Row {
  return {
    nombre_min: facts.nombreMin,
    nombre_max: facts.nombreMax,
    altitude_min: facts.altitudeMin,
    altitude_max: facts.altitudeMax,
    profondeur_min: null,
    profondeur_max: null,
    observateurs: facts.secondObserver ? `${facts.observer}, ${facts.secondObserver}` : facts.observer,
    determinateur: facts.observer,
    validateur: facts.validated ? VALIDATOR : null,
    numero_preuve: null,
    preuve_numerique: null,
    preuve_non_numerique: null,
    comment_releve: facts.releveCommented ? RELEVE_COMMENT : null,
    comment_occurrence: facts.revision > 0 ? correctionComment(facts.revision) : null,
  };
}

/** The columns from reference_biblio to wkt_4326, in view order: both synthese views have them alike. */
export function placeAndGeometryText(facts: ObservationFacts): Row {
  const { lon, lat } = facts;
  return {
    reference_biblio: null,
    code_habitat: null,
    habitat: null,
    nom_lieu: facts.place,
    precision: facts.precision,
    donnees_additionnelles: null,
    wkt_4326: lon === null ? null : `POINT(${lon} ${lat})`,
  };
}

export function generateObservation(id: number, overlay?: RowOverlay): Observation {
  const facts = observationFacts(id, overlay);
  const { framework, dataset, taxon, lon, lat, modifiedAt } = facts;
  const properties: Row = {
    id_synthese: id,
    id_source: String(id),
    id_perm_sinp: uuidFor(id, 1),
    id_perm_grp_sinp: uuidFor(Math.floor(id / 3), 2),
    date_debut: formatDate(facts.observedAt),
    date_fin: formatDate(facts.endAt),
    cd_nom: taxon.cdNom,
    cd_ref: taxon.cdRef,
    version_taxref: '16.0',
    nom_cite: taxon.nomCite,
    nom_valide: taxon.nomValide,
    regne: taxon.regne,
    group1_inpn: taxon.group1,
    group2_inpn: taxon.group2,
    classe: taxon.classe,
    ordre: taxon.ordre,
    famille: taxon.famille,
    rang_taxo: 'ES',
    ...countsAndPeople(facts),
    date_creation: formatTimestamp(facts.createdAt),
    date_modification: modifiedAt === undefined ? null : formatTimestamp(modifiedAt),
    derniere_action: formatTimestamp(modifiedAt ?? facts.createdAt),
    jdd_uuid: dataset.uuid,
    jdd_nom: dataset.name,
    jdd_acteurs: dataset.actors,
    ca_uuid: framework.uuid,
    ca_nom: framework.name,
    ...placeAndGeometryText(facts),
    x_centroid_4326: lon,
    y_centroid_4326: lat,
  };
  NOMENCLATURE_COLUMNS.forEach(({ column }, i) => (properties[column] = NOMENCLATURE_LABELS[column]![facts.nomenclature[i]!]!));
  return { id, geometry: lon === null || lat === null ? null : { type: 'Point', coordinates: [lon, lat] }, properties };
}
