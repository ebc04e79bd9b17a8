// The JSON text the export API writes for one observation, written as UTF-8 bytes straight from its
// facts: what depends on the taxon, the dataset, an observer or a label is a fragment encoded once at
// startup, and the rest are numbers, dates and uuids (ASCII, nothing to escape). The same text as
// JSON.stringify of generateObservation (row-json.test.ts holds them together), without building
// the object, a string per row or a two-byte string for the accented labels.
import { NOMENCLATURE_LABELS, OBSERVERS, TAXA, ACQUISITION_FRAMEWORKS, type Dataset, type Taxon } from './reference.ts';
import { NOMENCLATURE_COLUMNS, RELEVE_COMMENT, VALIDATOR, correctionComment, formatDate, formatTimestamp, uuidFor, type ObservationFacts } from './rows.ts';

/** A growing UTF-8 buffer for one response body. */
export class JsonBytes {
  private buffer: Buffer;
  private used = 0;

  constructor(initialBytes = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }

  /** Pre-encoded bytes. */
  bytes(fragment: Uint8Array): this {
    this.reserve(fragment.length);
    this.buffer.set(fragment, this.used);
    this.used += fragment.length;
    return this;
  }

  /** Short ASCII text (numbers, dates, uuids): a loop beats a native call at this size. */
  ascii(text: string): this {
    this.reserve(text.length);
    const { buffer } = this;
    let at = this.used;
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
    this.used = at;
    return this;
  }

  /** Any text, encoded as it is (the caller has made it JSON). */
  text(text: string): this {
    this.reserve(text.length * 3);
    this.used += this.buffer.write(text, this.used, 'utf8');
    return this;
  }

  /** The body written so far (a view on this writer's buffer). */
  result(): Buffer {
    return this.buffer.subarray(0, this.used);
  }
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const quote = (text: string | null) => JSON.stringify(text);

const TAXON_FRAGMENTS = new Map<Taxon, Buffer>(
  TAXA.map((t) => [
    t,
    utf8(
      `"cd_nom":${t.cdNom},"cd_ref":${t.cdRef},"version_taxref":"16.0","nom_cite":${quote(t.nomCite)},"nom_valide":${quote(t.nomValide)},` +
        `"regne":${quote(t.regne)},"group1_inpn":${quote(t.group1)},"group2_inpn":${quote(t.group2)},"classe":${quote(t.classe)},` +
        `"ordre":${quote(t.ordre)},"famille":${quote(t.famille)},"rang_taxo":"ES","nombre_min":`,
    ),
  ]),
);

const DATASET_FRAGMENTS = new Map<Dataset, Buffer>(
  ACQUISITION_FRAMEWORKS.flatMap((framework) =>
    framework.datasets.map((d): [Dataset, Buffer] => [
      d,
      utf8(
        `,"jdd_uuid":${quote(d.uuid)},"jdd_nom":${quote(d.name)},"jdd_acteurs":${quote(d.actors)},"ca_uuid":${quote(framework.uuid)},"ca_nom":${quote(framework.name)},"reference_biblio":null,"code_habitat":null,"habitat":null,"nom_lieu":`,
      ),
    ]),
  ),
);

const QUOTED = new Map<string, Buffer>(
  [
    ...OBSERVERS,
    ...OBSERVERS.flatMap((first) => OBSERVERS.map((second) => `${first}, ${second}`)),
    ...ACQUISITION_FRAMEWORKS.flatMap((framework) => framework.places),
  ].map((text) => [text, utf8(quote(text))]),
);

/** Per nomenclature column, the `,"column":"label"` fragment of each label. */
const NOMENCLATURE_FRAGMENTS = NOMENCLATURE_COLUMNS.map(({ column }) => NOMENCLATURE_LABELS[column]!.map((label) => utf8(`,"${column}":${quote(label)}`)));

const FRAGMENT = {
  idSource: utf8(',"id_source":"'),
  permSinp: utf8('","id_perm_sinp":"'),
  permGroup: utf8('","id_perm_grp_sinp":"'),
  dateDebut: utf8('","date_debut":"'),
  dateFin: utf8('","date_fin":"'),
  afterDateFin: utf8('",'),
  nombreMax: utf8(',"nombre_max":'),
  altitudeMin: utf8(',"altitude_min":'),
  altitudeMax: utf8(',"altitude_max":'),
  observateurs: utf8(',"profondeur_min":null,"profondeur_max":null,"observateurs":'),
  determinateur: utf8(',"determinateur":'),
  validateur: utf8(',"validateur":'),
  commentReleve: utf8(',"numero_preuve":null,"preuve_numerique":null,"preuve_non_numerique":null,"comment_releve":'),
  commentOccurrence: utf8(',"comment_occurrence":'),
  dateCreation: utf8(',"date_creation":"'),
  dateModification: utf8('","date_modification":'),
  derniereAction: utf8(',"derniere_action":"'),
  precision: utf8(',"precision":'),
  wkt: utf8(',"donnees_additionnelles":null,"wkt_4326":'),
  xCentroid: utf8(',"x_centroid_4326":'),
  yCentroid: utf8(',"y_centroid_4326":'),
  null: utf8('null'),
  validator: utf8(quote(VALIDATOR)),
  releveComment: utf8(quote(RELEVE_COMMENT)),
  open: utf8('{"id_synthese":'),
  close: utf8('}'),
  featureOpen: utf8('{"type":"Feature","geometry":{"type":"Point","coordinates":['),
  featureProperties: utf8(']},"properties":'),
};

const quoted = (text: string) => QUOTED.get(text) ?? utf8(quote(text));

/** The row's properties object (every view column but geom), in view order. */
export function writeProperties(out: JsonBytes, facts: ObservationFacts): void {
  const { id, lon, lat, modifiedAt } = facts;
  const idText = String(id);
  out.bytes(FRAGMENT.open).ascii(idText).bytes(FRAGMENT.idSource).ascii(idText);
  out
    .bytes(FRAGMENT.permSinp)
    .ascii(uuidFor(id, 1))
    .bytes(FRAGMENT.permGroup)
    .ascii(uuidFor(Math.floor(id / 3), 2));
  out.bytes(FRAGMENT.dateDebut).ascii(formatDate(facts.observedAt)).bytes(FRAGMENT.dateFin).ascii(formatDate(facts.endAt)).bytes(FRAGMENT.afterDateFin);
  out.bytes(TAXON_FRAGMENTS.get(facts.taxon)!).ascii(String(facts.nombreMin)).bytes(FRAGMENT.nombreMax).ascii(String(facts.nombreMax));
  out.bytes(FRAGMENT.altitudeMin).ascii(String(facts.altitudeMin)).bytes(FRAGMENT.altitudeMax).ascii(String(facts.altitudeMax));
  out.bytes(FRAGMENT.observateurs).bytes(quoted(facts.secondObserver ? `${facts.observer}, ${facts.secondObserver}` : facts.observer));
  out.bytes(FRAGMENT.determinateur).bytes(quoted(facts.observer));
  out.bytes(FRAGMENT.validateur).bytes(facts.validated ? FRAGMENT.validator : FRAGMENT.null);
  out.bytes(FRAGMENT.commentReleve).bytes(facts.releveCommented ? FRAGMENT.releveComment : FRAGMENT.null);
  out.bytes(FRAGMENT.commentOccurrence);
  if (facts.revision > 0) out.text(quote(correctionComment(facts.revision)));
  else out.bytes(FRAGMENT.null);
  out.bytes(FRAGMENT.dateCreation).ascii(formatTimestamp(facts.createdAt)).bytes(FRAGMENT.dateModification);
  if (modifiedAt === undefined) out.bytes(FRAGMENT.null);
  else out.ascii(`"${formatTimestamp(modifiedAt)}"`);
  out.bytes(FRAGMENT.derniereAction).ascii(`${formatTimestamp(modifiedAt ?? facts.createdAt)}"`);
  out.bytes(DATASET_FRAGMENTS.get(facts.dataset)!).bytes(quoted(facts.place)).bytes(FRAGMENT.precision).ascii(String(facts.precision));
  out.bytes(FRAGMENT.wkt);
  if (lon === null) out.bytes(FRAGMENT.null);
  else out.ascii(`"POINT(${lon} ${lat})"`);
  out.bytes(FRAGMENT.xCentroid).ascii(String(lon)).bytes(FRAGMENT.yCentroid).ascii(String(lat));
  for (let i = 0; i < NOMENCLATURE_FRAGMENTS.length; i++) out.bytes(NOMENCLATURE_FRAGMENTS[i]![facts.nomenclature[i]!]!);
  out.bytes(FRAGMENT.close);
}

/** The GeoJSON Feature of a row that has a geometry (export with a geometry field). */
export function writeFeature(out: JsonBytes, facts: ObservationFacts): void {
  out.bytes(FRAGMENT.featureOpen).ascii(`${facts.lon},${facts.lat}`).bytes(FRAGMENT.featureProperties);
  writeProperties(out, facts);
  out.bytes(FRAGMENT.close);
}
