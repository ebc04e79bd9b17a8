// Columns of gn_exports.v_synthese_sinp (gn_module_export exports.sql), in view order, with the type class
// GenericQuery reflects: it decides which filters apply and how values are serialised.

export type ColumnType = 'integer' | 'float' | 'text' | 'uuid' | 'date' | 'timestamp' | 'geometry' | 'json';

export interface Column {
  name: string;
  type: ColumnType;
}

const nomenclatureLabels = [
  'nature_objet_geo',
  'type_regroupement',
  'methode_regroupement',
  'comportement',
  'technique_obs',
  'statut_biologique',
  'etat_biologique',
  'naturalite',
  'preuve_existante',
  'precision_diffusion',
  'stade_vie',
  'sexe',
  'objet_denombrement',
  'type_denombrement',
  'niveau_sensibilite',
  'statut_observation',
  'floutage_dee',
  'statut_source',
  'type_info_geo',
  'methode_determination',
];

/**
 * date_debut / date_fin are typed `date` here, as in exports whose view casts the synthese dates to date (the
 * DEE view does): that is what makes upstream ignore filter_d_* on them (a DATE column is not in GenericQuery's
 * list of filterable date types). See twins/geonature/README.md.
 */
export const SYNTHESE_COLUMNS: readonly Column[] = [
  { name: 'id_synthese', type: 'integer' },
  { name: 'id_source', type: 'text' },
  { name: 'id_perm_sinp', type: 'uuid' },
  { name: 'id_perm_grp_sinp', type: 'uuid' },
  { name: 'date_debut', type: 'date' },
  { name: 'date_fin', type: 'date' },
  { name: 'cd_nom', type: 'integer' },
  { name: 'cd_ref', type: 'integer' },
  { name: 'version_taxref', type: 'text' },
  { name: 'nom_cite', type: 'text' },
  { name: 'nom_valide', type: 'text' },
  { name: 'regne', type: 'text' },
  { name: 'group1_inpn', type: 'text' },
  { name: 'group2_inpn', type: 'text' },
  { name: 'classe', type: 'text' },
  { name: 'ordre', type: 'text' },
  { name: 'famille', type: 'text' },
  { name: 'rang_taxo', type: 'text' },
  { name: 'nombre_min', type: 'integer' },
  { name: 'nombre_max', type: 'integer' },
  { name: 'altitude_min', type: 'integer' },
  { name: 'altitude_max', type: 'integer' },
  { name: 'profondeur_min', type: 'integer' },
  { name: 'profondeur_max', type: 'integer' },
  { name: 'observateurs', type: 'text' },
  { name: 'determinateur', type: 'text' },
  { name: 'validateur', type: 'text' },
  { name: 'numero_preuve', type: 'text' },
  { name: 'preuve_numerique', type: 'text' },
  { name: 'preuve_non_numerique', type: 'text' },
  { name: 'geom', type: 'geometry' },
  { name: 'comment_releve', type: 'text' },
  { name: 'comment_occurrence', type: 'text' },
  { name: 'date_creation', type: 'timestamp' },
  { name: 'date_modification', type: 'timestamp' },
  { name: 'derniere_action', type: 'timestamp' },
  { name: 'jdd_uuid', type: 'uuid' },
  { name: 'jdd_nom', type: 'text' },
  { name: 'jdd_acteurs', type: 'text' },
  { name: 'ca_uuid', type: 'uuid' },
  { name: 'ca_nom', type: 'text' },
  { name: 'reference_biblio', type: 'text' },
  { name: 'code_habitat', type: 'integer' },
  { name: 'habitat', type: 'text' },
  { name: 'nom_lieu', type: 'text' },
  { name: 'precision', type: 'integer' },
  { name: 'donnees_additionnelles', type: 'text' },
  { name: 'wkt_4326', type: 'text' },
  { name: 'x_centroid_4326', type: 'float' },
  { name: 'y_centroid_4326', type: 'float' },
  ...nomenclatureLabels.map((name): Column => ({ name, type: 'text' })),
];

export const COLUMN_BY_NAME: ReadonlyMap<string, Column> = new Map(SYNTHESE_COLUMNS.map((c) => [c.name, c]));
