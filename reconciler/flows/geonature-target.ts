// A GeoNature destination: the flow's rows land in the destination GeoNature's own schema, as a
// regional platform aggregates its partners. Per run: the flow's gn_synthese.t_sources row, the
// partner organism (utilisateurs.bib_organismes, by its national uuid), the nomenclature types and
// the local SRID. Per batch, in one transaction: the pages are staged (the same COPY text as a table
// destination), the batch's datasets and acquisition frameworks are matched or created in gn_meta
// (the flow's remap applies: the partner's datasets are re-attached to the platform's frameworks),
// then one statement resolves every row (nomenclature codes through ref_nomenclatures, cd_nom in
// taxonomie.taxref, the attachment area in ref_geo), refuses the batch on the first row that does not
// resolve, and upserts gn_synthese.synthese by unique_id_sinp. geoflux_meta.geonature_rows keeps, per
// flow and source id, the synthese row and the content hash it was written from: unchanged rows are
// left alone, deletions find their row, and a row deleted by hand in the destination is written again.
import { createHash } from 'node:crypto';
import type { Flow } from '../desired/model.ts';
import { GeofluxError } from '../core/problems.ts';
import type { Destination, SqlSession } from './destination.ts';
import { bigintArray } from './destination.ts';
import type { FlowTarget } from './target.ts';
import { withoutCredentials } from './info.ts';
import type { BatchCounts } from './write.ts';
import { STAGING, batchIds, stage, stageSeenIds } from './write.ts';

/** Export column → synthese column and nomenclature type (GN2PG's view and gn_module_export's use the same names). */
export const NOMENCLATURE_FIELDS: readonly { field: string; column: string; type: string }[] = [
  { field: 'nature_objet_geo', column: 'id_nomenclature_geo_object_nature', type: 'NAT_OBJ_GEO' },
  { field: 'type_regroupement', column: 'id_nomenclature_grp_typ', type: 'TYP_GRP' },
  { field: 'technique_obs', column: 'id_nomenclature_obs_technique', type: 'METH_OBS' },
  { field: 'statut_biologique', column: 'id_nomenclature_bio_status', type: 'STATUT_BIO' },
  { field: 'etat_biologique', column: 'id_nomenclature_bio_condition', type: 'ETA_BIO' },
  { field: 'naturalite', column: 'id_nomenclature_naturalness', type: 'NATURALITE' },
  { field: 'preuve_existante', column: 'id_nomenclature_exist_proof', type: 'PREUVE_EXIST' },
  { field: 'statut_validation', column: 'id_nomenclature_valid_status', type: 'STATUT_VALID' },
  { field: 'precision_diffusion', column: 'id_nomenclature_diffusion_level', type: 'NIV_PRECIS' },
  { field: 'stade_vie', column: 'id_nomenclature_life_stage', type: 'STADE_VIE' },
  { field: 'sexe', column: 'id_nomenclature_sex', type: 'SEXE' },
  { field: 'objet_denombrement', column: 'id_nomenclature_obj_count', type: 'OBJ_DENBR' },
  { field: 'type_denombrement', column: 'id_nomenclature_type_count', type: 'TYP_DENBR' },
  { field: 'niveau_sensibilite', column: 'id_nomenclature_sensitivity', type: 'SENSIBILITE' },
  { field: 'statut_observation', column: 'id_nomenclature_observation_status', type: 'STATUT_OBS' },
  { field: 'floutage_dee', column: 'id_nomenclature_blurring', type: 'DEE_FLOU' },
  { field: 'statut_source', column: 'id_nomenclature_source_status', type: 'STATUT_SOURCE' },
  { field: 'type_info_geo', column: 'id_nomenclature_info_geo_type', type: 'TYP_INF_GEO' },
  { field: 'comportement', column: 'id_nomenclature_behaviour', type: 'OCC_COMPORTEMENT' },
  { field: 'statut_biogeo', column: 'id_nomenclature_biogeo_status', type: 'STAT_BIOGEO' },
  { field: 'methode_determination', column: 'id_nomenclature_determination_method', type: 'METH_DETERMIN' },
];

/** Plain columns: synthese column ← SQL over the export row `o` (jsonb). */
const PLAIN_COLUMNS: readonly [string, string][] = [
  ['unique_id_sinp_grp', `(o->>'id_perm_grp_sinp')::uuid`],
  ['grp_method', `o->>'methode_regroupement'`],
  ['reference_biblio', `o->>'reference_biblio'`],
  ['count_min', `(o->>'nombre_min')::integer`],
  ['count_max', `(o->>'nombre_max')::integer`],
  ['cd_nom', `(o->>'cd_nom')::integer`],
  ['cd_hab', `(o->>'code_habitat')::integer`],
  ['nom_cite', `o->>'nom_cite'`],
  ['meta_v_taxref', `o->>'version_taxref'`],
  ['sample_number_proof', `o->>'numero_preuve'`],
  ['digital_proof', `o->>'preuve_numerique'`],
  ['non_digital_proof', `o->>'preuve_non_numerique'`],
  ['altitude_min', `(o->>'altitude_min')::integer`],
  ['altitude_max', `(o->>'altitude_max')::integer`],
  ['depth_min', `(o->>'profondeur_min')::integer`],
  ['depth_max', `(o->>'profondeur_max')::integer`],
  ['place_name', `o->>'nom_lieu'`],
  ['precision', `(o->>'precision')::integer`],
  ['date_min', `(o->>'date_debut')::timestamp`],
  ['date_max', `coalesce((o->>'date_fin')::timestamp, (o->>'date_debut')::timestamp)`],
  ['validator', `o->>'validateur'`],
  ['observers', `o->>'observateurs'`],
  ['determiner', `o->>'determinateur'`],
  ['comment_context', `o->>'comment_releve'`],
  ['comment_description', `o->>'comment_occurrence'`],
  // gn_module_export serialises additional_data as text, GN2PG's view as JSON.
  [
    'additional_data',
    `case jsonb_typeof(o->'donnees_additionnelles') when 'string' then (o->>'donnees_additionnelles')::jsonb when 'null' then null else o->'donnees_additionnelles' end`,
  ],
];

interface Settings {
  flow: string;
  idSource: number;
  localSrid: number;
  /** Nomenclature type mnemonic → id_type. */
  typeIds: Map<string, number>;
  /** Nomenclature type mnemonic → the synthese default (gn_synthese.get_default_nomenclature_value), taken for a null code. */
  defaults: Map<string, number | null>;
  partnerOrganism?: number;
  /** Appended to each row's content hash: a change of remap, partner or source rewrites every row. */
  settings: string;
}

const META_LOCK = 7_254_113_002;

export async function openGeoNatureTarget(destination: Destination, flow: Flow, settingsFingerprint: string): Promise<FlowTarget> {
  const [schema] = await destination.query<{ synthese: string | null; areas: string | null }>(
    `select to_regclass('gn_synthese.synthese')::text as synthese, to_regclass('ref_geo.l_areas')::text as areas`,
  );
  if (!schema?.synthese || !schema.areas) {
    throw new GeofluxError(
      'NotGeoNature',
      `flow "${flow.name}": ${destination.description} has no gn_synthese.synthese: destination.type geonature needs a GeoNature database`,
    );
  }
  const settings = await destination.transaction((tx) => prepare(tx, flow, settingsFingerprint));
  const datasets = new DatasetResolver(flow, settings);
  const [held] = await destination.query<{ n: string | number }>(`select count(*) as n from geoflux_meta.geonature_rows where flow = $1`, [flow.name]);
  const insertSql = upsertSql(settings);
  return {
    fresh: Number(held?.n ?? 0) === 0,
    holder: `gn_synthese.synthese (source "${flow.destination.sourceName}")`,
    async writeBatch(pages) {
      const { ids } = batchIds(pages);
      // What this batch resolves is remembered once it commits (two batches are written side by side).
      const created = new Map<string, number>();
      const counts = await destination.transaction(async (tx): Promise<BatchCounts> => {
        await stage(tx, pages);
        const map = await datasets.resolve(tx, created);
        const [result] = await tx.query<{ problem: Problem | null; inserted: string | number; updated: string | number }>(insertSql, [
          flow.name,
          settings.idSource,
          JSON.stringify(map),
        ]);
        if (result?.problem) throw problemError(flow.name, result.problem);
        const inserted = Number(result?.inserted ?? 0);
        const updated = Number(result?.updated ?? 0);
        return { inserted, updated, unchanged: ids.size - inserted - updated };
      });
      datasets.committed(created);
      return counts;
    },
    deleteIds: (ids) => deleteRows(destination, flow.name, settings.idSource, ids),
    async deleteAllExcept(keep) {
      return destination.transaction(async (tx) => {
        await stageSeenIds(tx, keep);
        const [row] = await tx.query<{ n: string | number }>(
          `with gone as (
             delete from geoflux_meta.geonature_rows r where r.flow = $1
               and not exists (select 1 from pg_temp.geoflux_seen_ids k where k.source_id = r.source_id) returning r.id_synthese),
           removed as (delete from gn_synthese.synthese s using gone where s.id_synthese = gone.id_synthese and s.id_source = $2 returning 1)
           select count(*) as n from removed`,
          [flow.name, settings.idSource],
        );
        return Number(row?.n ?? 0);
      });
    },
    count: () => countSourceRows(destination, flow.destination.sourceName).then((n) => n ?? 0),
  };
}

/** Rows of a source in the destination synthese; undefined when the database holds no synthese. */
export async function countSourceRows(session: SqlSession, sourceName: string): Promise<number | undefined> {
  const [exists] = await session.query<{ t: string | null }>(`select to_regclass('gn_synthese.synthese')::text as t`);
  if (!exists?.t) return undefined;
  const [row] = await session.query<{ n: string | number }>(
    `select count(*) as n from gn_synthese.synthese s join gn_synthese.t_sources t on t.id_source = s.id_source where t.name_source = $1`,
    [sourceName],
  );
  return Number(row?.n ?? 0);
}

async function prepare(tx: SqlSession, flow: Flow, fingerprint: string): Promise<Settings> {
  const sourceUrl = withoutCredentials(flow.source.url);
  const partner = flow.partner;
  const description = `${partner ? `Observations de ${partner.name} (${partner.id}), ` : ''}export ${flow.source.export} de ${sourceUrl}, flux geoflux "${flow.name}"`;
  const [source] = await tx.query<{ id_source: number }>(
    `insert into gn_synthese.t_sources (name_source, desc_source, entity_source_pk_field, url_source)
     values ($1, $2, $3, $4)
     on conflict (name_source) do update set desc_source = excluded.desc_source, entity_source_pk_field = excluded.entity_source_pk_field, url_source = excluded.url_source
     returning id_source`,
    [flow.destination.sourceName, description, flow.source.idColumn, sourceUrl.slice(0, 255)],
  );
  const [srid] = await tx.query<{ srid: number }>(`select public.find_srid('gn_synthese', 'synthese', 'the_geom_local') as srid`);
  const types = [...new Set([...NOMENCLATURE_FIELDS.map((f) => f.type), ...META_NOMENCLATURES.map((f) => f.type)])];
  const typeRows = await tx.query<{ mnemonique: string; id_type: number; fallback: number | null }>(
    `select mnemonique, id_type, gn_synthese.get_default_nomenclature_value(mnemonique) as fallback
     from ref_nomenclatures.bib_nomenclatures_types where mnemonique = any($1::text[])`,
    [`{${types.join(',')}}`],
  );
  const missing = types.filter((type) => !typeRows.some((row) => row.mnemonique === type));
  if (missing.length > 0) {
    throw new GeofluxError(
      'NotGeoNature',
      `flow "${flow.name}": ref_nomenclatures.bib_nomenclatures_types lacks ${missing.join(', ')}: is the destination's nomenclature referential loaded?`,
    );
  }
  let partnerOrganism: number | undefined;
  if (partner) {
    const [organism] = await tx.query<{ id_organisme: number }>(
      `insert into utilisateurs.bib_organismes (uuid_organisme, nom_organisme) values ($1, $2)
       on conflict (uuid_organisme) do update set nom_organisme = excluded.nom_organisme returning id_organisme`,
      [partner.id, partner.name],
    );
    partnerOrganism = organism!.id_organisme;
  }
  return {
    flow: flow.name,
    idSource: source!.id_source,
    localSrid: Number(srid!.srid),
    typeIds: new Map(typeRows.map((row) => [row.mnemonique, Number(row.id_type)])),
    defaults: new Map(typeRows.map((row) => [row.mnemonique, row.fallback === null || Number(row.fallback) < 0 ? null : Number(row.fallback)])),
    partnerOrganism,
    settings: createHash('sha256').update(fingerprint).digest('hex').slice(0, 8),
  };
}

/** The first row of a batch that does not resolve, as the upsert statement reports it. */
interface Problem {
  kind: 'nomenclature' | 'taxon' | 'uuid' | 'owned' | 'area' | 'geometry' | 'required' | 'dataset';
  id: number | string;
  field: string;
  code: string | null;
  other?: string | null;
}

function problemError(flow: string, problem: Problem): GeofluxError {
  const row = `row ${problem.id}`;
  const type = NOMENCLATURE_FIELDS.find((f) => f.field === problem.field)?.type;
  switch (problem.kind) {
    case 'nomenclature':
      return new GeofluxError(
        'UnknownNomenclature',
        `flow "${flow}": ${row}: ${problem.field} "${problem.code}" is not a ${type} code in the destination's ref_nomenclatures.t_nomenclatures`,
      );
    case 'taxon':
      return new GeofluxError('UnknownTaxon', `flow "${flow}": ${row}: cd_nom ${problem.code} is not in the destination's taxonomie.taxref`);
    case 'uuid':
      return new GeofluxError('InvalidRow', `flow "${flow}": ${row} has no id_perm_sinp (unique_id_sinp): the synthese is keyed by it`);
    case 'owned':
      return new GeofluxError(
        'ForeignObservation',
        `flow "${flow}": ${row}: unique_id_sinp ${problem.code} is already in gn_synthese.synthese from source "${problem.other}": not overwritten`,
      );
    case 'area':
      return new GeofluxError('UnknownArea', `flow "${flow}": ${row}: area_attachment ${problem.code} is not in the destination's ref_geo.l_areas`);
    case 'geometry':
      return new GeofluxError('InvalidRow', `flow "${flow}": ${row} has neither a geometry (wkt_4326) nor an area_attachment`);
    case 'dataset':
      return new GeofluxError('InvalidRow', `flow "${flow}": ${row} has no dataset (jdd_data.uuid or jdd_uuid)`);
    default:
      return new GeofluxError('InvalidRow', `flow "${flow}": ${row} has no ${problem.field}, which gn_synthese.synthese requires`);
  }
}

const jddUuid = `coalesce(o->'jdd_data'->>'uuid', o->>'jdd_uuid')`;

/**
 * The batch statement: rows whose content changed (or whose synthese row is gone), resolved; the
 * first problem if any; else the upsert and the bookkeeping. $1 flow, $2 id_source, $3 the batch's
 * dataset map [{uuid, id}].
 */
function upsertSql(settings: Settings): string {
  const literal = (value: number | null | undefined) => (value === null || value === undefined ? 'null' : String(Math.trunc(value)));
  const joins = NOMENCLATURE_FIELDS.map(
    (f, i) =>
      `left join ref_nomenclatures.t_nomenclatures n${i} on n${i}.id_type = ${literal(settings.typeIds.get(f.type))} and n${i}.cd_nomenclature = c.o->>'${f.field}'`,
  ).join('\n      ');
  const nomenclatureIds = NOMENCLATURE_FIELDS.map((f) => `coalesce(l.${f.column}_found, ${literal(settings.defaults.get(f.type))}) as ${f.column}`).join(
    ',\n        ',
  );
  const nomenclatureProblems = NOMENCLATURE_FIELDS.map(
    (f) =>
      `select 'nomenclature' as kind, r.source_id::text as id, '${f.field}' as field, r.o->>'${f.field}' as code, null::text as other from resolved r where r.o->>'${f.field}' is not null and r.${f.column}_found is null`,
  );
  const found = NOMENCLATURE_FIELDS.map((f, i) => `n${i}.id_nomenclature as ${f.column}_found`).join(', ');
  const columns = [
    'unique_id_sinp',
    'id_source',
    'entity_source_pk_value',
    'id_dataset',
    'id_area_attachment',
    'the_geom_4326',
    'the_geom_point',
    'the_geom_local',
    'last_action',
    ...NOMENCLATURE_FIELDS.map((f) => f.column),
    ...PLAIN_COLUMNS.map(([column]) => column),
  ];
  const updates = columns
    .filter((column) => column !== 'unique_id_sinp' && column !== 'id_source')
    .map((column) => (column === 'last_action' ? `last_action = 'U'` : `${column} = excluded.${column}`));
  return `
    with batch as (
      select distinct on (s.source_id) s.source_id, s.uuid, s.observation as o, s.geometry, s.content_hash || '${settings.settings}' as content_key
      from ${STAGING} s order by s.source_id, s.ctid desc
    ),
    changed as (
      select b.* from batch b
      left join geoflux_meta.geonature_rows g on g.flow = $1 and g.source_id = b.source_id
      where g.content_hash is distinct from b.content_key
         or not exists (select 1 from gn_synthese.synthese x where x.id_synthese = g.id_synthese)
    ),
    located as (
      select c.*, coalesce(public.st_geomfromtext(nullif(c.o->>'wkt_4326', ''), 4326), public.st_setsrid(public.st_geomfromgeojson(c.geometry), 4326)) as geom,
        a.id_area, a.geom as area_geom, d.id as id_dataset, t.cd_nom as taxon, o2.id_source as other_source, o2.name_source as other_name,
        ${found}
      from changed c
      left join (ref_geo.l_areas a join ref_geo.bib_areas_types at on at.id_type = a.id_type)
        on at.type_code = c.o->'area_attachment'->>'type_code' and a.area_code = c.o->'area_attachment'->>'area_code'
      left join jsonb_to_recordset($3::text::jsonb) as d(uuid text, id integer) on d.uuid = ${jddUuid.replaceAll('o->', 'c.o->')}
      left join taxonomie.taxref t on t.cd_nom = (c.o->>'cd_nom')::integer
      left join lateral (select s2.id_source, ts.name_source from gn_synthese.synthese s2 join gn_synthese.t_sources ts on ts.id_source = s2.id_source
                         where s2.unique_id_sinp = c.uuid and s2.id_source <> $2) o2 on true
      ${joins}
    ),
    resolved as (
      select l.*,
        ${nomenclatureIds}
      from located l
    ),
    problem as (
      select * from (
        select 'uuid' as kind, r.source_id::text as id, 'id_perm_sinp' as field, null::text as code, null::text as other from resolved r where r.uuid is null
        union all select 'owned', r.source_id::text, 'id_perm_sinp', r.uuid::text, r.other_name from resolved r where r.other_source is not null
        union all select 'dataset', r.source_id::text, 'jdd_data', null, null from resolved r where r.id_dataset is null
        union all select 'required', r.source_id::text, 'date_debut', null, null from resolved r where r.o->>'date_debut' is null
        union all select 'required', r.source_id::text, 'nom_cite', null, null from resolved r where r.o->>'nom_cite' is null
        union all select 'taxon', r.source_id::text, 'cd_nom', r.o->>'cd_nom', null from resolved r where r.o->>'cd_nom' is not null and r.taxon is null
        union all select 'area', r.source_id::text, 'area_attachment', (r.o->'area_attachment')::text, null from resolved r where jsonb_typeof(r.o->'area_attachment') = 'object' and r.id_area is null
        union all select 'geometry', r.source_id::text, 'wkt_4326', null, null from resolved r where r.geom is null and r.area_geom is null
        union all ${nomenclatureProblems.join('\n        union all ')}
      ) p order by p.id::bigint limit 1
    ),
    written as (
      insert into gn_synthese.synthese as t (${columns.join(', ')})
      select r.uuid, $2, r.source_id::text, r.id_dataset, r.id_area,
        coalesce(r.geom, public.st_transform(r.area_geom, 4326)),
        public.st_centroid(coalesce(r.geom, public.st_transform(r.area_geom, 4326))),
        coalesce(public.st_transform(r.geom, ${settings.localSrid}), r.area_geom),
        'I',
        ${NOMENCLATURE_FIELDS.map((f) => `r.${f.column}`).join(', ')},
        ${PLAIN_COLUMNS.map(([, expression]) => expression.replaceAll('o->', 'r.o->')).join(',\n        ')}
      from resolved r where not exists (select 1 from problem)
      on conflict (unique_id_sinp) do update set ${updates.join(', ')}
      where t.id_source = excluded.id_source
      returning t.id_synthese, t.entity_source_pk_value, (t.xmax = 0) as inserted
    ),
    kept as (
      insert into geoflux_meta.geonature_rows (flow, source_id, id_synthese, content_hash)
      select $1, w.entity_source_pk_value::bigint, w.id_synthese, c.content_key from written w join changed c on c.source_id = w.entity_source_pk_value::bigint
      on conflict (flow, source_id) do update set id_synthese = excluded.id_synthese, content_hash = excluded.content_hash, written = now()
      returning 1
    )
    select (select row_to_json(problem) from problem) as problem,
      (select count(*) from written where inserted) as inserted,
      (select count(*) from written where not inserted) as updated,
      (select count(*) from kept) as kept`;
}

async function deleteRows(destination: Destination, flow: string, idSource: number, ids: readonly number[], batchSize = 10_000): Promise<number> {
  let deleted = 0;
  for (let start = 0; start < ids.length; start += batchSize) {
    const [row] = await destination.query<{ n: string | number }>(
      `with gone as (delete from geoflux_meta.geonature_rows where flow = $1 and source_id = any($2::bigint[]) returning id_synthese),
       removed as (delete from gn_synthese.synthese s using gone where s.id_synthese = gone.id_synthese and s.id_source = $3 returning 1)
       select count(*) as n from removed`,
      [flow, bigintArray(ids.slice(start, start + batchSize)), idSource],
    );
    deleted += Number(row?.n ?? 0);
  }
  return deleted;
}

/** Nomenclatures of the datasets and frameworks geoflux creates, read from jdd_data / ca_data. */
const META_NOMENCLATURES: readonly { key: string; column: string; type: string; of: 'dataset' | 'framework' }[] = [
  { key: 'data_type', column: 'id_nomenclature_data_type', type: 'DATA_TYP', of: 'dataset' },
  { key: 'collecting_method', column: 'id_nomenclature_collecting_method', type: 'METHO_RECUEIL', of: 'dataset' },
  { key: 'data_origin', column: 'id_nomenclature_data_origin', type: 'DS_PUBLIQUE', of: 'dataset' },
  { key: 'dataset_objectif', column: 'id_nomenclature_dataset_objectif', type: 'JDD_OBJECTIFS', of: 'dataset' },
  { key: 'resource_type', column: 'id_nomenclature_resource_type', type: 'RESOURCE_TYP', of: 'dataset' },
  { key: 'source_status', column: 'id_nomenclature_source_status', type: 'STATUT_SOURCE', of: 'dataset' },
  { key: 'territorial_level', column: 'id_nomenclature_territorial_level', type: 'NIVEAU_TERRITORIAL', of: 'framework' },
  { key: 'financing_type', column: 'id_nomenclature_financing_type', type: 'TYPE_FINANCEMENT', of: 'framework' },
];

type Json = Record<string, unknown>;

interface SourceDataset {
  uuid: string;
  data: Json;
  framework: { uuid?: string; data: Json };
}

/**
 * Datasets of a batch → destination id_dataset: matched by uuid or created under the (remapped)
 * acquisition framework, itself matched or created. Resolved once per run; what a failed batch
 * created is rolled back with it, so it is remembered only once the batch committed.
 */
class DatasetResolver {
  private readonly known = new Map<string, number>();

  constructor(
    private readonly flow: Flow,
    private readonly settings: Settings,
  ) {}

  committed(resolved: Map<string, number>): void {
    for (const [uuid, id] of resolved) this.known.set(uuid, id);
  }

  /** The batch's datasets → id_dataset; those it had to look up or create go into `resolved`. */
  async resolve(tx: SqlSession, resolved: Map<string, number>): Promise<{ uuid: string; id: number }[]> {
    const rows = await tx.query<{
      uuid: string;
      jdd: Json | string | null;
      ca: Json | string | null;
      ca_uuid: string | null;
      ca_nom: string | null;
      jdd_nom: string | null;
    }>(
      `select distinct on (uuid) ${jddUuid} as uuid, o->'jdd_data' as jdd, o->'ca_data' as ca, o->>'ca_uuid' as ca_uuid, o->>'ca_nom' as ca_nom, o->>'jdd_nom' as jdd_nom
       from (select observation as o from ${STAGING}) s where ${jddUuid} is not null`,
    );
    const map: { uuid: string; id: number }[] = [];
    const unknown = rows.filter((row) => !this.known.has(row.uuid));
    if (unknown.length > 0) await tx.query(`select pg_advisory_xact_lock(${META_LOCK})`);
    for (const row of rows) {
      let id = this.known.get(row.uuid);
      if (id === undefined) {
        const jdd = asObject(row.jdd);
        const ca = asObject(row.ca);
        id = await this.dataset(tx, {
          uuid: row.uuid,
          data: { name: row.jdd_nom, ...jdd },
          framework: { uuid: (ca.uuid as string | undefined) ?? row.ca_uuid ?? undefined, data: { name: row.ca_nom, ...ca } },
        });
        resolved.set(row.uuid, id);
      }
      map.push({ uuid: row.uuid, id });
    }
    return map;
  }

  private remapActive(kind: 'acquisitionFrameworks' | 'datasets'): boolean {
    const remap = this.flow.remap;
    if (!remap) return false;
    return Object.keys(remap[kind]).length > 0 || (kind === 'acquisitionFrameworks' ? remap.defaultAcquisitionFramework : remap.defaultDataset) !== undefined;
  }

  private target(kind: 'acquisitionFrameworks' | 'datasets', source: string | undefined): string | undefined {
    if (!this.remapActive(kind)) return undefined;
    const remap = this.flow.remap!;
    const fallback = kind === 'acquisitionFrameworks' ? remap.defaultAcquisitionFramework : remap.defaultDataset;
    const mapped = source !== undefined && Object.hasOwn(remap[kind], source) ? remap[kind][source] : fallback;
    if (mapped === undefined) {
      const what = kind === 'acquisitionFrameworks' ? 'acquisition framework' : 'dataset';
      throw new GeofluxError('UnmappedValue', `flow "${this.flow.name}": ${what} ${source ?? '(none)'} is not in remap.${kind} and no default is given`);
    }
    return mapped;
  }

  private async dataset(tx: SqlSession, source: SourceDataset): Promise<number> {
    const mapped = this.target('datasets', source.uuid);
    if (mapped !== undefined) {
      const id = await findMeta(tx, 'gn_meta.t_datasets', 'id_dataset', 'unique_dataset_id', mapped);
      if (id === undefined)
        throw new GeofluxError(
          'NoSuchDataset',
          `flow "${this.flow.name}": remap.datasets maps ${source.uuid} to ${mapped}, which is not in the destination's gn_meta.t_datasets`,
        );
      await this.record(tx, 'datasets', source.uuid, mapped, source.data.name);
      return id;
    }
    const framework = await this.framework(tx, source.framework);
    const existing = await tx.query<{ id_dataset: number; id_acquisition_framework: number }>(
      `select id_dataset, id_acquisition_framework from gn_meta.t_datasets where unique_dataset_id = $1::uuid order by id_dataset limit 1`,
      [source.uuid],
    );
    let id: number;
    if (existing[0]) {
      id = existing[0].id_dataset;
      // The partner's dataset is re-attached to the framework the remap names.
      if (this.remapActive('acquisitionFrameworks') && existing[0].id_acquisition_framework !== framework) {
        await tx.query(`update gn_meta.t_datasets set id_acquisition_framework = $2, meta_update_date = now() where id_dataset = $1`, [id, framework]);
      }
    } else {
      id = await this.createDataset(tx, source, framework);
    }
    if (this.settings.partnerOrganism !== undefined) {
      await tx.query(
        `insert into gn_meta.cor_dataset_actor (id_dataset, id_organism, id_nomenclature_actor_role)
         select $1, $2, ref_nomenclatures.get_id_nomenclature('ROLE_ACTEUR', '5')
         where not exists (select 1 from gn_meta.cor_dataset_actor where id_dataset = $1 and id_organism = $2
           and id_nomenclature_actor_role = ref_nomenclatures.get_id_nomenclature('ROLE_ACTEUR', '5'))`,
        [id, this.settings.partnerOrganism],
      );
    }
    await this.record(tx, 'datasets', source.uuid, source.uuid, source.data.name);
    return id;
  }

  private async framework(tx: SqlSession, source: SourceDataset['framework']): Promise<number> {
    const mapped = this.target('acquisitionFrameworks', source.uuid);
    const uuid = mapped ?? source.uuid;
    if (uuid === undefined) throw new GeofluxError('InvalidRow', `flow "${this.flow.name}": a dataset has no acquisition framework (ca_data.uuid or ca_uuid)`);
    const id = await findMeta(tx, 'gn_meta.t_acquisition_frameworks', 'id_acquisition_framework', 'unique_acquisition_framework_id', uuid);
    if (id !== undefined || mapped !== undefined) {
      if (id === undefined) {
        throw new GeofluxError(
          'NoSuchAcquisitionFramework',
          `flow "${this.flow.name}": remap.acquisitionFrameworks maps ${source.uuid} to ${mapped}, which is not in the destination's gn_meta.t_acquisition_frameworks`,
        );
      }
      if (source.uuid) await this.record(tx, 'acquisition_frameworks', source.uuid, uuid, source.data.name);
      return id;
    }
    const data = source.data;
    const codes = await this.metaNomenclatures(tx, 'framework', data);
    const [created] = await tx.query<{ id: number }>(
      `insert into gn_meta.t_acquisition_frameworks (unique_acquisition_framework_id, acquisition_framework_name, acquisition_framework_desc,
         acquisition_framework_start_date, acquisition_framework_end_date, target_description, is_parent, meta_create_date ${codes.columns})
       values ($1::uuid, $2, $3, coalesce($4::date, current_date), $5::date, $6, coalesce($7::boolean, false), now() ${codes.values(8)})
       returning id_acquisition_framework as id`,
      [
        uuid,
        text(data.name, 255) ?? uuid,
        text(data.desc) ?? text(data.name) ?? uuid,
        data.start_date ?? null,
        data.end_date ?? null,
        text(data.target_description),
        data.is_parent ?? null,
        ...codes.params,
      ],
    );
    await this.record(tx, 'acquisition_frameworks', uuid, uuid, data.name);
    return created!.id;
  }

  private async createDataset(tx: SqlSession, source: SourceDataset, framework: number): Promise<number> {
    const data = source.data;
    const name = text(data.name, 255) ?? source.uuid;
    const codes = await this.metaNomenclatures(tx, 'dataset', data);
    const [created] = await tx.query<{ id: number }>(
      `insert into gn_meta.t_datasets (unique_dataset_id, id_acquisition_framework, dataset_name, dataset_shortname, dataset_desc,
         keywords, marine_domain, terrestrial_domain, meta_create_date ${codes.columns})
       values ($1::uuid, $2, $3, $4, $5, $6, coalesce($7::boolean, false), coalesce($8::boolean, true), now() ${codes.values(9)})
       returning id_dataset as id`,
      [
        source.uuid,
        framework,
        name,
        text(data.shortname, 255) ?? name.slice(0, 30),
        text(data.desc) ?? name,
        text(data.keywords),
        data.marine_domain ?? null,
        data.terrestrial_domain ?? null,
        ...codes.params,
      ],
    );
    return created!.id;
  }

  /** The nomenclature columns a created dataset or framework takes from its codes; an unknown code is an error. */
  private async metaNomenclatures(tx: SqlSession, of: 'dataset' | 'framework', data: Json) {
    const columns: string[] = [];
    const params: number[] = [];
    for (const field of META_NOMENCLATURES.filter((f) => f.of === of)) {
      const code = data[field.key];
      if (code === null || code === undefined) continue;
      const [row] = await tx.query<{ id: number }>(
        `select id_nomenclature as id from ref_nomenclatures.t_nomenclatures where id_type = $1 and cd_nomenclature = $2`,
        [this.settings.typeIds.get(field.type), String(code)],
      );
      if (!row) {
        throw new GeofluxError(
          'UnknownNomenclature',
          `flow "${this.flow.name}": ${of === 'dataset' ? `dataset ${String(data.uuid ?? '')} (jdd_data)` : `acquisition framework ${String(data.uuid ?? '')} (ca_data)`}: ${field.key} "${String(code)}" is not a ${field.type} code in the destination's ref_nomenclatures.t_nomenclatures`,
        );
      }
      columns.push(field.column);
      params.push(row.id);
    }
    return { columns: columns.map((c) => `, ${c}`).join(''), params, values: (first: number) => params.map((_, i) => `, $${first + i}`).join('') };
  }

  private async record(tx: SqlSession, table: 'datasets' | 'acquisition_frameworks', source: string, destination: string, name: unknown): Promise<void> {
    await tx.query(
      `insert into geoflux_meta.${table} (flow, source_uuid, destination, name) values ($1, $2, $3, $4)
       on conflict (flow, source_uuid) do update set destination = excluded.destination, name = excluded.name, last_seen = now()`,
      [this.flow.name, source, destination, text(name)],
    );
  }
}

async function findMeta(tx: SqlSession, table: string, idColumn: string, uuidColumn: string, key: string): Promise<number | undefined> {
  const byId = /^\d+$/.test(key);
  const byUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key);
  if (!byId && !byUuid) return undefined;
  const rows = await tx.query<{ id: number }>(
    `select ${idColumn} as id from ${table} where ${byId ? `${idColumn} = $1::integer` : `${uuidColumn} = $1::uuid`} order by ${idColumn} limit 1`,
    [key],
  );
  return rows[0]?.id;
}

function asObject(value: Json | string | null): Json {
  if (value && typeof value === 'object') return value;
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value);
      if (parsed && typeof parsed === 'object') return parsed as Json;
    } catch {
      // not JSON: nothing to read
    }
  }
  return {};
}

function text(value: unknown, max?: number): string | null {
  if (value === null || value === undefined || value === '') return null;
  const string = String(value);
  return max ? string.slice(0, max) : string;
}
