// geonature destinations against the real GeoNature schema (contracts/geonature/destination) in a
// real PostgreSQL + PostGIS: one fresh database per test, the twin's export 3 (GN2PG's view) as the
// partner's export.
import postgres from 'postgres';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Flow } from '../../reconciler/desired/model.ts';
import { runFlow } from '../../reconciler/flows/run.ts';
import { createGeoNatureDatabase, dropDatabase } from '../../twins/geonature/destination.ts';
import { ACQUISITION_FRAMEWORKS } from '../../twins/geonature/reference.ts';
import type { RunningTwins } from '../../twins/server.ts';
import { postgresUrl, probePostgres, requireService } from '../support/services.ts';
import { TWIN_CAS, TWIN_TOKEN, fastHttp, mutate, startGeoNature } from './support.ts';

const service = await probePostgres();
const available = requireService(
  'PostgreSQL with PostGIS',
  service.available && !service.postgis ? { available: false, reason: 'the postgis extension is not installed' } : service,
);
const ROWS = 1200;
const PARTNER = { name: 'Parc national des Écrins', id: '6f6bd5f0-3a0c-4d5e-9b8a-0e2a1c4d7b01' };
/** The platform's own acquisition frameworks the partner's are remapped to. */
const PLATFORM_CAS = ['512e7e09-cad8-4459-bbe7-efa4cffeca83', '5d6bd550-ab3b-4a86-9806-326df833da64'];

let counter = 0;

describe.skipIf(!available)('flows → GeoNature (gn_synthese.synthese)', () => {
  let twins: RunningTwins;
  let database: string;
  let url: string;
  let sql: postgres.Sql;
  let stateDir: string;

  beforeEach(async () => {
    twins = await startGeoNature(ROWS);
    database = `geoflux_gn_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    url = await createGeoNatureDatabase(postgresUrl, database);
    sql = postgres(url, { max: 2, onnotice: () => {} });
    stateDir = `/tmp/${database}`;
    for (const [i, uuid] of PLATFORM_CAS.entries()) {
      await sql`insert into gn_meta.t_acquisition_frameworks (unique_acquisition_framework_id, acquisition_framework_name, acquisition_framework_desc, acquisition_framework_start_date, meta_create_date)
                values (${uuid}, ${`Cadre régional ${i + 1}`}, 'Cadre de la plateforme régionale', '2020-01-01', now())`;
    }
  });

  afterEach(async () => {
    await twins?.close();
    await sql?.end();
    await dropDatabase(postgresUrl, database);
  });

  const flowFor = (overrides: Partial<Flow> = {}): Flow => ({
    name: 'partenaire-pne',
    partner: PARTNER,
    source: {
      url: twins.geonature,
      export: 3,
      token: TWIN_TOKEN,
      user: 'admin',
      password: 'admin',
      filters: {},
      pageSize: 200,
      idColumn: 'id_synthese',
      watermarkColumn: 'derniere_action',
    },
    destination: { type: 'geonature', database: url, schema: 'flows', table: 'partenaire_pne', sourceName: 'Partenaire PNE (geoflux)' },
    mode: 'incremental',
    reconcileIdsEvery: 0,
    overlap: '10m',
    parallelRanges: 3,
    remap: { acquisitionFrameworks: { [TWIN_CAS[0]!]: PLATFORM_CAS[0]! }, datasets: {}, defaultAcquisitionFramework: PLATFORM_CAS[1]! },
    location: { file: 'flows/partenaire-pne.yaml' },
    ...overrides,
  });

  /** The export as plain OFFSET paging reads it (independent of the code under test). */
  async function exportRows(): Promise<Map<number, Record<string, any>>> {
    const rows = new Map<number, Record<string, any>>();
    for (let page = 0; ; page++) {
      const response = await fetch(`${twins.geonature}/api/exports/api/3?limit=1000&offset=${page}`, { headers: { 'api-key': TWIN_TOKEN } });
      const body = (await response.json()) as { total_filtered: number; items: Record<string, any>[] };
      for (const item of body.items) rows.set(item.id_synthese, item);
      if ((page + 1) * 1000 >= body.total_filtered) return rows;
    }
  }

  const synthese = () =>
    sql<
      {
        id: string;
        uuid: string;
        sexe: string;
        statut: string;
        cd_nom: number;
        observers: string;
        ca: string;
        local_srid: number;
        point: string;
        geom4326: string;
        area: string | null;
        date_min: string;
      }[]
    >`
      select s.entity_source_pk_value as id, s.unique_id_sinp::text as uuid, sexe.cd_nomenclature as sexe, valid.cd_nomenclature as statut, s.cd_nom, s.observers,
        af.unique_acquisition_framework_id::text as ca, st_srid(s.the_geom_local) as local_srid, st_astext(s.the_geom_point) as point, st_astext(s.the_geom_4326) as geom4326,
        a.area_code as area, to_char(s.date_min, 'YYYY-MM-DD HH24:MI:SS') as date_min
      from gn_synthese.synthese s
      join gn_synthese.t_sources src on src.id_source = s.id_source and src.name_source = 'Partenaire PNE (geoflux)'
      join gn_meta.t_datasets d on d.id_dataset = s.id_dataset
      join gn_meta.t_acquisition_frameworks af on af.id_acquisition_framework = d.id_acquisition_framework
      left join ref_nomenclatures.t_nomenclatures sexe on sexe.id_nomenclature = s.id_nomenclature_sex
      left join ref_nomenclatures.t_nomenclatures valid on valid.id_nomenclature = s.id_nomenclature_valid_status
      left join ref_geo.l_areas a on a.id_area = s.id_area_attachment`.then((rows) => new Map(rows.map((row) => [Number(row.id), row])));

  it('lands a partner export in the synthese: remapped frameworks, nomenclature codes, taxa, geometries, partner; then incremental changes and deletions', async () => {
    const flow = flowFor();
    const first = await runFlow({ flow, stateDir, http: fastHttp });
    expect(first.error).toBeUndefined();
    const expected = await exportRows();
    expect(first).toMatchObject({ status: 'success', inserted: ROWS, updated: 0, deleted: 0, rowsInDestination: ROWS });
    const landed = await synthese();
    expect(landed.size).toBe(ROWS);
    for (const [id, row] of expected) {
      const written = landed.get(id)!;
      expect(written).toMatchObject({
        uuid: row.id_perm_sinp,
        sexe: row.sexe,
        statut: row.statut_validation,
        cd_nom: row.cd_nom,
        observers: row.observateurs,
        date_min: row.date_debut,
        local_srid: 2154,
      });
      const sourceCa = row.ca_data.uuid as string;
      expect(written.ca).toBe(sourceCa === TWIN_CAS[0] ? PLATFORM_CAS[0] : PLATFORM_CAS[1]);
      if (row.wkt_4326) {
        expect(written.geom4326).toBe(row.wkt_4326.replace('POINT(', 'POINT('));
        expect(written.point).toBe(written.geom4326);
      }
      if (row.area_attachment) expect(written.area).toBe(row.area_attachment.area_code);
      if (!row.wkt_4326) expect(written.geom4326).toMatch(/^MULTIPOLYGON/);
    }
    const [source] = await sql`select desc_source, url_source from gn_synthese.t_sources where name_source = 'Partenaire PNE (geoflux)'`;
    expect(source!.desc_source).toContain(PARTNER.name);
    expect(source!.url_source).toBe(twins.geonature);
    const datasets = await sql`select d.dataset_name, o.nom_organisme, o.uuid_organisme::text as partner from gn_meta.t_datasets d
      join gn_meta.cor_dataset_actor a on a.id_dataset = d.id_dataset join utilisateurs.bib_organismes o on o.id_organisme = a.id_organism`;
    expect(datasets).toHaveLength(ACQUISITION_FRAMEWORKS.flatMap((f) => f.datasets).length);
    expect(datasets.every((d) => d.partner === PARTNER.id && d.nom_organisme === PARTNER.name)).toBe(true);
    const [frameworks] = await sql`select count(*)::int as n from gn_meta.t_acquisition_frameworks`;
    expect(frameworks!.n).toBe(PLATFORM_CAS.length);

    const change = await mutate(twins, { insert: 20, update: 15, delete: 10 });
    const second = await runFlow({ flow, stateDir, http: fastHttp });
    expect(second.error).toBeUndefined();
    expect(second).toMatchObject({ status: 'success', inserted: 20, updated: 15, deleted: 10, rowsInDestination: ROWS + 10 });
    const after = await synthese();
    const now = await exportRows();
    expect([...after.keys()].sort((a, b) => a - b)).toEqual([...now.keys()].sort((a, b) => a - b));
    const logged = await sql`select count(*)::int as n from gn_synthese.t_log_synthese where last_action = 'D'`;
    expect(logged[0]!.n).toBe(change.deleted.length);

    const third = await runFlow({ flow, stateDir, http: fastHttp });
    expect(third).toMatchObject({ status: 'success', inserted: 0, updated: 0, deleted: 0 });
  });

  it('refuses an unknown nomenclature code or taxon naming the row, the field and the code, and leaves the synthese as it was; the next run resumes', async () => {
    const expected = await exportRows();
    const firstMale = [...expected.values()].filter((row) => row.sexe === '3').sort((a, b) => a.id_synthese - b.id_synthese)[0]!;
    await sql`delete from ref_nomenclatures.t_nomenclatures where id_type = ref_nomenclatures.get_id_nomenclature_type('SEXE') and cd_nomenclature = '3'`;
    // Without remap the partner's frameworks are matched by uuid, or created from ca_data.
    const flow = flowFor({ parallelRanges: 1, remap: undefined });
    const failed = await runFlow({ flow, stateDir, http: fastHttp, batchRows: 200 });
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(
      `flow "partenaire-pne": row ${firstMale.id_synthese}: sexe "3" is not a SEXE code in the destination's ref_nomenclatures.t_nomenclatures`,
    );
    const kept = await synthese();
    expect([...kept.keys()].every((id) => id < firstMale.id_synthese)).toBe(true);
    expect(kept.size).toBe(Math.floor((firstMale.id_synthese - 1) / 200) * 200);

    await sql`insert into ref_nomenclatures.t_nomenclatures (id_type, cd_nomenclature, mnemonique, label_default, label_fr, active)
              values (ref_nomenclatures.get_id_nomenclature_type('SEXE'), '3', 'Mâle', 'Mâle', 'Mâle', true)`;
    const taxon = [...expected.values()].sort((a, b) => a.id_synthese - b.id_synthese)[0]!.cd_nom;
    await sql`delete from taxonomie.taxref where cd_nom = ${taxon}`;
    const noTaxon = await runFlow({ flow, stateDir, http: fastHttp, batchRows: 200 });
    expect(noTaxon.error).toMatch(new RegExp(`^flow "partenaire-pne": row \\d+: cd_nom ${taxon} is not in the destination's taxonomie.taxref$`));
    expect((await synthese()).size).toBe(kept.size);
    await sql`insert into taxonomie.taxref (cd_nom, cd_ref, nom_complet) values (${taxon}, ${taxon}, 'restored')`;

    const resumed = await runFlow({ flow, stateDir, http: fastHttp });
    expect(resumed.error).toBeUndefined();
    const landed = await synthese();
    expect(landed.size).toBe(ROWS);
    expect(new Set([...landed.values()].map((row) => row.ca))).toEqual(new Set(TWIN_CAS));
    const created =
      await sql`select acquisition_framework_name as name from gn_meta.t_acquisition_frameworks where unique_acquisition_framework_id::text = any(${TWIN_CAS}) order by 1`;
    expect(created.map((row) => row.name)).toEqual(ACQUISITION_FRAMEWORKS.map((f) => f.name).sort());
  });

  it('names a remap target that is not in the destination, and an observation another source already holds', async () => {
    const wrongTarget = flowFor({ remap: { acquisitionFrameworks: {}, datasets: {}, defaultAcquisitionFramework: '00000000-0000-4000-8000-000000000000' } });
    const missing = await runFlow({ flow: wrongTarget, stateDir, http: fastHttp });
    expect(missing.error).toMatch(
      /^flow "partenaire-pne": remap.acquisitionFrameworks maps \S+ to 00000000-0000-4000-8000-000000000000, which is not in the destination's gn_meta.t_acquisition_frameworks$/,
    );
    expect((await synthese()).size).toBe(0);

    await runFlow({ flow: flowFor(), stateDir, http: fastHttp });
    const other = await runFlow({
      flow: flowFor({ name: 'autre-flux', destination: { ...flowFor().destination, sourceName: 'Autre source' } }),
      stateDir,
      http: fastHttp,
    });
    expect(other.error).toMatch(
      /^flow "autre-flux": row \d+: unique_id_sinp \S+ is already in gn_synthese.synthese from source "Partenaire PNE \(geoflux\)": not overwritten$/,
    );
  });
});
