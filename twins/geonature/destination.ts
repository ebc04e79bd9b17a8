// A destination GeoNature for tests, the demo and the bench: not a stand-in but the real schema
// (contracts/geonature/destination/schema.sql, GeoNature 2.17 and its referentials, GPL-3.0),
// created in a real PostgreSQL + PostGIS database, plus the
// reference rows the twin's observations need (the taxa they cite in taxonomie.taxref, the communes
// their frameworks attach rows to in ref_geo.l_areas). The schema file is written for psql (`\set
// local_srid`): the variable is substituted here, so no psql is needed to load it.
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { packagePath } from '../paths.ts';
import { ACQUISITION_FRAMEWORKS, TAXA } from './reference.ts';

/** Found from the package root, so the CLI bundle (dist/) finds it too. */
export const DESTINATION_SCHEMA_FILE = packagePath('contracts', 'geonature', 'destination', 'schema.sql');

/** The schema as SQL any client can send: psql's `\set local_srid N` applied (default: the file's, 2154). */
export function geonatureSchemaSql(localSrid?: number): string {
  const text = readFileSync(DESTINATION_SCHEMA_FILE, 'utf8');
  const declared = /^\\set local_srid (\d+)\s*$/m.exec(text);
  if (!declared) throw new Error(`${DESTINATION_SCHEMA_FILE}: no "\\set local_srid" line`);
  const srid = String(localSrid ?? Number(declared[1]));
  return text.replace(/^\\set local_srid.*$/m, `-- local_srid = ${srid}`).replace(/(?<!:):local_srid\b/g, srid);
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The taxa and communes the twin's observations use, as a destination GeoNature would hold them. */
export function twinReferenceSql(): string {
  const taxa = TAXA.map(
    (t) =>
      `(${t.cdNom}, ${t.cdRef}, ${literal(t.regne)}, ${literal(t.classe)}, ${literal(t.ordre)}, ${literal(t.famille)}, ${literal(t.nomValide)}, ${literal(t.nomValide)}, ${literal(t.nomValide)}, ${literal(t.nomCite)}, ${literal(t.group1)}, ${literal(t.group2)})`,
  );
  const communes = ACQUISITION_FRAMEWORKS.map(({ commune, bbox: [minLon, minLat, maxLon, maxLat] }) => {
    const geom = `public.st_multi(public.st_transform(public.st_makeenvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326), public.find_srid('ref_geo', 'l_areas', 'geom')))`;
    return `((select id_type from ref_geo.bib_areas_types where type_code = 'COM'), ${literal(commune.name)}, ${literal(commune.code)}, ${geom}, public.st_centroid(${geom}), 'geoflux twin', true)`;
  });
  return `
    insert into taxonomie.taxref (cd_nom, cd_ref, regne, classe, ordre, famille, lb_nom, nom_complet, nom_valide, nom_vern, group1_inpn, group2_inpn)
    values ${taxa.join(',\n      ')} on conflict (cd_nom) do nothing;
    insert into ref_geo.l_areas (id_type, area_name, area_code, geom, centroid, source, enable)
    values ${communes.join(',\n      ')} on conflict (id_type, area_code) do nothing;
    refresh materialized view taxonomie.vm_regne;
    refresh materialized view taxonomie.vm_group2_inpn;`;
}

/**
 * Creates database `name` on the server of `adminUrl` (dropped first when it exists) with the
 * GeoNature schema and the twin's references; returns its URL.
 */
export async function createGeoNatureDatabase(adminUrl: string, name: string, options: { references?: boolean } = {}): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(geonatureSchemaSql()).simple();
    if (options.references !== false) await sql.unsafe(twinReferenceSql()).simple();
  } finally {
    await sql.end();
  }
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}
