// GN2PG's source-side export view (gn_exports.v_synthese_sinp_with_metadata_for_gn2pg, in
// shared/contracts/geonature/GN2PG__geonature_export_sinp_with_metadata.sql): the view a partner
// GeoNature exposes so another GeoNature can take its observations in. Nomenclatures are SINP codes
// (cd_nomenclature), the dataset and the acquisition framework come as JSON objects (jdd_data,
// ca_data), the geometry as WKT only (the export has no geometry field), synthese dates as
// timestamps, and observations attached to an area instead of a geometry carry area_attachment.
import type { Column } from './columns.ts';
import { ACQUISITION_FRAMEWORKS, NOMENCLATURE_CODES, NOMENCLATURE_LABELS, type AcquisitionFramework, type Dataset } from './reference.ts';
import {
  NOMENCLATURE_COLUMNS,
  countsAndPeople,
  placeAndGeometryText,
  formatTimestamp,
  uuidFor,
  type Observation,
  type ObservationFacts,
  type Row,
} from './rows.ts';

const column = (name: string, type: Column['type']): Column => ({ name, type });

/** In view order. */
export const GN2PG_COLUMNS: readonly Column[] = [
  column('id_synthese', 'integer'),
  column('id_source', 'text'),
  column('id_perm_sinp', 'uuid'),
  column('id_perm_grp_sinp', 'uuid'),
  column('date_debut', 'timestamp'),
  column('date_fin', 'timestamp'),
  column('cd_nom', 'integer'),
  column('version_taxref', 'text'),
  column('nom_cite', 'text'),
  column('nombre_min', 'integer'),
  column('nombre_max', 'integer'),
  column('altitude_min', 'integer'),
  column('altitude_max', 'integer'),
  column('profondeur_min', 'integer'),
  column('profondeur_max', 'integer'),
  column('observateurs', 'text'),
  column('determinateur', 'text'),
  column('validateur', 'text'),
  column('numero_preuve', 'text'),
  column('preuve_numerique', 'text'),
  column('preuve_non_numerique', 'text'),
  column('comment_releve', 'text'),
  column('comment_occurrence', 'text'),
  column('jdd_data', 'json'),
  column('ca_data', 'json'),
  column('reference_biblio', 'text'),
  column('code_habitat', 'integer'),
  column('habitat', 'text'),
  column('nom_lieu', 'text'),
  column('precision', 'integer'),
  column('donnees_additionnelles', 'json'),
  column('wkt_4326', 'text'),
  ...NOMENCLATURE_COLUMNS.filter(({ column: name }) => name !== 'type_info_geo' && name !== 'methode_determination').map(({ column: name }) =>
    column(name, 'text'),
  ),
  column('type_info_geo', 'text'),
  column('area_attachment', 'json'),
  column('methode_determination', 'text'),
  column('statut_validation', 'text'),
  column('derniere_action', 'timestamp'),
];

const actor = (framework: AcquisitionFramework, role: string) => ({
  type_role: 'organism',
  uuid_actor: framework.organism.uuid,
  cd_nomenclature_actor_role: role,
  identity: { organism_name: framework.organism.name },
  email: null,
});

function caData(framework: AcquisitionFramework) {
  return {
    uuid: framework.uuid,
    name: framework.name,
    desc: `${framework.name} : inventaires et suivis naturalistes`,
    start_date: framework.startDate,
    end_date: null,
    initial_closing_date: null,
    territories: ['METROP'],
    territorial_level: '5',
    territory_desc: null,
    objectives: ['8'],
    publications: null,
    financing_type: '1',
    target_description: null,
    ecologic_or_geologic_target: null,
    sinp_theme: null,
    actors: [actor(framework, '1')],
    is_parent: false,
    parent_uuid: null,
  };
}

function jddData(framework: AcquisitionFramework, dataset: Dataset) {
  return {
    uuid: dataset.uuid,
    name: dataset.name,
    desc: `${dataset.name} (${framework.name})`,
    shortname: dataset.name.slice(0, 30),
    data_type: '1',
    keywords: null,
    marine_domain: false,
    terrestrial_domain: true,
    collecting_method: '1',
    protocols: null,
    data_origin: 'Pu',
    dataset_objectif: '1.1',
    resource_type: '1',
    source_status: 'Te',
    territories: ['METROP'],
    actors: [actor(framework, '6')],
  };
}

const METADATA = new Map<Dataset, { jdd: unknown; ca: unknown }>(
  ACQUISITION_FRAMEWORKS.flatMap((framework) =>
    framework.datasets.map((dataset): [Dataset, { jdd: unknown; ca: unknown }] => [dataset, { jdd: jddData(framework, dataset), ca: caData(framework) }]),
  ),
);

const RATTACHEMENT = NOMENCLATURE_LABELS.type_info_geo!.indexOf('Rattachement');

/** The view's row for one observation; rows without a geometry are attached to their framework's commune. */
export function gn2pgRow(facts: ObservationFacts): Row {
  const { id, framework, dataset, taxon, lon, modifiedAt } = facts;
  const metadata = METADATA.get(dataset)!;
  const code = (name: string) => NOMENCLATURE_CODES[name]!.codes[facts.nomenclature[NOMENCLATURE_COLUMNS.findIndex((c) => c.column === name)]!]!;
  const attached = lon === null || facts.nomenclature[NOMENCLATURE_COLUMNS.findIndex((c) => c.column === 'type_info_geo')] === RATTACHEMENT;
  const row: Record<string, unknown> = {
    id_synthese: id,
    id_source: String(id),
    id_perm_sinp: uuidFor(id, 1),
    id_perm_grp_sinp: uuidFor(Math.floor(id / 3), 2),
    date_debut: formatTimestamp(facts.observedAt),
    date_fin: formatTimestamp(facts.endAt),
    cd_nom: taxon.cdNom,
    version_taxref: '16.0',
    nom_cite: taxon.nomCite,
    ...countsAndPeople(facts),
    jdd_data: metadata.jdd,
    ca_data: metadata.ca,
    ...placeAndGeometryText(facts),
  };
  for (const { column: name } of NOMENCLATURE_COLUMNS) {
    if (name === 'type_info_geo' || name === 'methode_determination') continue;
    row[name] = code(name);
  }
  row.type_info_geo = attached ? '2' : '1';
  row.area_attachment = attached ? { area_code: framework.commune.code, type_code: 'COM' } : null;
  row.methode_determination = code('methode_determination');
  row.statut_validation = facts.validated ? '1' : '0';
  row.derniere_action = formatTimestamp(modifiedAt ?? facts.createdAt);
  return row as Row;
}

export function gn2pgObservation(facts: ObservationFacts): Observation {
  const { id, lon, lat } = facts;
  return { id, geometry: lon === null || lat === null ? null : { type: 'Point', coordinates: [lon, lat] }, properties: gn2pgRow(facts) };
}
