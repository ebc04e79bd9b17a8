// Synthetic observations as a pure function of their id (plus the mutation overlay), so millions of rows cost
// no memory. Creation times grow with the id (one row a minute from 2016-01-01), which lets the store turn a
// derniere_action range into an id range arithmetically.
import { ACQUISITION_FRAMEWORKS, NOMENCLATURE_LABELS, OBSERVERS, TAXA, type AcquisitionFramework } from './reference.ts';

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

export function generateObservation(id: number, overlay?: RowOverlay): Observation {
  const framework = frameworkOf(id);
  const dataset = pick(framework.datasets, id, 4);
  const taxon = pick(TAXA, id, 5);
  const createdAt = overlay?.createdAt ?? baseCreatedAt(id);
  const modifiedAt = overlay?.modifiedAt ?? (overlay?.createdAt !== undefined ? undefined : baseModifiedAt(id));
  const observedAt = createdAt - (hash(id, 8) % 365) * 86_400_000;
  const endAt = hash(id, 9) % 20 === 0 ? observedAt + 86_400_000 : observedAt;
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

  const properties: Row = {
    id_synthese: id,
    id_source: String(id),
    id_perm_sinp: uuidFor(id, 1),
    id_perm_grp_sinp: uuidFor(Math.floor(id / 3), 2),
    date_debut: formatDate(observedAt),
    date_fin: formatDate(endAt),
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
    nombre_min: nombreMin,
    nombre_max: nombreMin + (hash(id, 19) % 3) + revision,
    altitude_min: altitudeMin,
    altitude_max: altitudeMin + (hash(id, 20) % 50),
    profondeur_min: null,
    profondeur_max: null,
    observateurs: second && second !== observer ? `${observer}, ${second}` : observer,
    determinateur: observer,
    validateur: hash(id, 21) % 4 === 0 ? 'Service validation SINP' : null,
    numero_preuve: null,
    preuve_numerique: null,
    preuve_non_numerique: null,
    comment_releve: hash(id, 22) % 5 === 0 ? 'Relevé réalisé par temps clair' : null,
    comment_occurrence: revision > 0 ? `Donnée corrigée (révision ${revision})` : null,
    date_creation: formatTimestamp(createdAt),
    date_modification: modifiedAt === undefined ? null : formatTimestamp(modifiedAt),
    derniere_action: formatTimestamp(modifiedAt ?? createdAt),
    jdd_uuid: dataset.uuid,
    jdd_nom: dataset.name,
    jdd_acteurs: dataset.actors,
    ca_uuid: framework.uuid,
    ca_nom: framework.name,
    reference_biblio: null,
    code_habitat: null,
    habitat: null,
    nom_lieu: pick(framework.places, id, 23),
    precision: [10, 25, 50, 100][hash(id, 24) % 4]!,
    donnees_additionnelles: null,
    wkt_4326: lon === null ? null : `POINT(${lon} ${lat})`,
    x_centroid_4326: lon,
    y_centroid_4326: lat,
    nature_objet_geo: pick(NOMENCLATURE_LABELS.nature_objet_geo!, id, 30),
    type_regroupement: pick(NOMENCLATURE_LABELS.type_regroupement!, id, 31),
    methode_regroupement: pick(NOMENCLATURE_LABELS.methode_regroupement!, id, 32),
    comportement: pick(NOMENCLATURE_LABELS.comportement!, id, 33),
    technique_obs: pick(NOMENCLATURE_LABELS.technique_obs!, id, 34),
    statut_biologique: pick(NOMENCLATURE_LABELS.statut_biologique!, id, 35),
    etat_biologique: pick(NOMENCLATURE_LABELS.etat_biologique!, id, 36),
    naturalite: pick(NOMENCLATURE_LABELS.naturalite!, id, 37),
    preuve_existante: pick(NOMENCLATURE_LABELS.preuve_existante!, id, 38),
    precision_diffusion: pick(NOMENCLATURE_LABELS.precision_diffusion!, id, 39),
    stade_vie: pick(NOMENCLATURE_LABELS.stade_vie!, id, 40),
    sexe: pick(NOMENCLATURE_LABELS.sexe!, id, 41),
    objet_denombrement: pick(NOMENCLATURE_LABELS.objet_denombrement!, id, 42),
    type_denombrement: pick(NOMENCLATURE_LABELS.type_denombrement!, id, 43),
    niveau_sensibilite: pick(NOMENCLATURE_LABELS.niveau_sensibilite!, id, 44),
    statut_observation: pick(NOMENCLATURE_LABELS.statut_observation!, id, 45),
    floutage_dee: pick(NOMENCLATURE_LABELS.floutage_dee!, id, 46),
    statut_source: pick(NOMENCLATURE_LABELS.statut_source!, id, 47),
    type_info_geo: pick(NOMENCLATURE_LABELS.type_info_geo!, id, 48),
    methode_determination: pick(NOMENCLATURE_LABELS.methode_determination!, id, 49),
  };
  return { id, geometry: lon === null || lat === null ? null : { type: 'Point', coordinates: [lon, lat] }, properties };
}
