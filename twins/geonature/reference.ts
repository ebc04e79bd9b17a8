// Reference data the synthetic observations draw from: acquisition frameworks (fixed uuids, documented in
// README.md), their datasets, taxa, observers, places and French nomenclature labels.

export interface Dataset {
  uuid: string;
  name: string;
  actors: string;
}

export interface AcquisitionFramework {
  uuid: string;
  name: string;
  /** Share of the observations (sums to 1 over the three frameworks). */
  share: number;
  /** Where its observations lie: [minLon, minLat, maxLon, maxLat] in EPSG:4326. */
  bbox: [number, number, number, number];
  altitude: [number, number];
  places: string[];
  /** The commune (INSEE code) observations without a precise geometry are attached to (type_info_geo Rattachement). */
  commune: { code: string; name: string };
  /** The producer organism (UsersHub uuid_organisme) named as actor of the framework and its datasets. */
  organism: { uuid: string; name: string };
  startDate: string;
  datasets: Dataset[];
}

export const ACQUISITION_FRAMEWORKS: readonly AcquisitionFramework[] = [
  {
    uuid: '57b7d0f2-4183-4b7b-8f08-6e105d476dc5',
    name: 'Inventaires faune et flore du Parc national des Écrins',
    share: 0.5,
    bbox: [6.05, 44.65, 6.55, 45.1],
    altitude: [900, 3000],
    commune: { code: '05101', name: 'Pelvoux' },
    organism: { uuid: '6f6bd5f0-3a0c-4d5e-9b8a-0e2a1c4d7b01', name: 'Parc national des Écrins' },
    startDate: '2012-01-01',
    places: ['Vallon de la Muande', 'Lac de la Douche', 'Plateau d’Emparis', 'Vallée du Valgaudemar', 'Col du Lautaret'],
    datasets: [
      {
        uuid: '0a9c3f8e-2d41-4b6a-9e1f-5c7d8b2a4e61',
        name: 'Suivi des galliformes de montagne',
        actors: 'Parc national des Écrins (Producteur du jeu de données), Parc national des Écrins (Fournisseur du jeu de données)',
      },
      {
        uuid: '1b8d4e9f-3e52-4c7b-8f20-6d8e9c3b5f72',
        name: 'Observations opportunistes des agents',
        actors: 'Parc national des Écrins (Producteur du jeu de données)',
      },
      {
        uuid: '2c7e5fa0-4f63-4d8c-9031-7e9fad4c6083',
        name: 'Inventaire de la flore patrimoniale',
        actors: 'Conservatoire botanique national alpin (Producteur du jeu de données), Parc national des Écrins (Financeur)',
      },
    ],
  },
  {
    uuid: '3d4b9a9c-6d41-4c9e-9d2a-0c6b8e9b2f11',
    name: 'Atlas de la biodiversité du Parc naturel régional du Vercors',
    share: 0.3,
    bbox: [5.2, 44.75, 5.65, 45.2],
    altitude: [300, 2300],
    commune: { code: '26113', name: 'Bouvante' },
    organism: { uuid: '7a7ce6a1-4b1d-4e6f-8c9b-1f3b2d5e8c02', name: 'Parc naturel régional du Vercors' },
    startDate: '2015-03-01',
    places: ['Hauts plateaux du Vercors', 'Forêt de Lente', 'Gorges de la Bourne', 'Combe Laval', 'Plateau d’Ambel'],
    datasets: [
      {
        uuid: '3d6f6b11-5a74-4e9d-a142-8fa0be5d7194',
        name: 'Atlas des amphibiens et reptiles',
        actors: 'Parc naturel régional du Vercors (Producteur du jeu de données), LPO Auvergne-Rhône-Alpes (Fournisseur du jeu de données)',
      },
      {
        uuid: '4e5a7c22-6b85-4fae-b253-90b1cf6e82a5',
        name: 'Suivi des chiroptères en gîtes',
        actors: 'Groupe chiroptères Rhône-Alpes (Producteur du jeu de données)',
      },
    ],
  },
  {
    uuid: 'a0f2c6e8-1b7d-4f55-9c3e-2e8d7f4b6a90',
    name: 'Atlas de la biodiversité communale de la Métropole de Lyon',
    share: 0.2,
    bbox: [4.7, 45.65, 5.05, 45.9],
    altitude: [160, 620],
    commune: { code: '69123', name: 'Lyon' },
    organism: { uuid: '8b8df7b2-5c2e-4f70-9dac-204c3e6f9d03', name: 'Métropole de Lyon' },
    startDate: '2018-06-01',
    places: ['Parc de la Tête d’Or', 'Îles et lônes du Rhône', 'Monts d’Or', 'Vallon des Planches', 'Grand parc de Miribel-Jonage'],
    datasets: [
      {
        uuid: '5f4b8d33-7c96-40bf-8364-a1c2d0f793b6',
        name: 'Inventaires participatifs des jardins',
        actors: 'Métropole de Lyon (Producteur du jeu de données), Arthropologia (Fournisseur du jeu de données)',
      },
      {
        uuid: '6a3c9e44-8da7-41c0-9475-b2d3e1a804c7',
        name: 'Suivi temporel des oiseaux communs',
        actors: 'LPO Auvergne-Rhône-Alpes (Producteur du jeu de données)',
      },
    ],
  },
];

export interface Taxon {
  cdNom: number;
  cdRef: number;
  nomValide: string;
  nomCite: string;
  regne: string;
  group1: string;
  group2: string;
  classe: string;
  ordre: string;
  famille: string;
}

const animal = (cdNom: number, nomValide: string, nomCite: string, group2: string, classe: string, ordre: string, famille: string): Taxon => ({
  cdNom,
  cdRef: cdNom,
  nomValide,
  nomCite,
  regne: 'Animalia',
  group1: 'Chordés',
  group2,
  classe,
  ordre,
  famille,
});

const plant = (cdNom: number, nomValide: string, nomCite: string, ordre: string, famille: string): Taxon => ({
  cdNom,
  cdRef: cdNom,
  nomValide,
  nomCite,
  regne: 'Plantae',
  group1: 'Trachéophytes',
  group2: 'Angiospermes',
  classe: 'Equisetopsida',
  ordre,
  famille,
});

export const TAXA: readonly Taxon[] = [
  animal(4001, 'Erithacus rubecula (Linnaeus, 1758)', 'Rougegorge familier', 'Oiseaux', 'Aves', 'Passeriformes', 'Muscicapidae'),
  animal(4117, 'Turdus merula Linnaeus, 1758', 'Merle noir', 'Oiseaux', 'Aves', 'Passeriformes', 'Turdidae'),
  animal(3764, 'Parus major Linnaeus, 1758', 'Mésange charbonnière', 'Oiseaux', 'Aves', 'Passeriformes', 'Paridae'),
  animal(3017, 'Tetrao tetrix Linnaeus, 1758', 'Tétras lyre', 'Oiseaux', 'Aves', 'Galliformes', 'Phasianidae'),
  animal(2832, 'Aquila chrysaetos (Linnaeus, 1758)', 'Aigle royal', 'Oiseaux', 'Aves', 'Accipitriformes', 'Accipitridae'),
  animal(60585, 'Vulpes vulpes (Linnaeus, 1758)', 'Renard roux', 'Mammifères', 'Mammalia', 'Carnivora', 'Canidae'),
  animal(61057, 'Capreolus capreolus (Linnaeus, 1758)', 'Chevreuil européen', 'Mammifères', 'Mammalia', 'Artiodactyla', 'Cervidae'),
  animal(61098, 'Rupicapra rupicapra (Linnaeus, 1758)', 'Chamois', 'Mammifères', 'Mammalia', 'Artiodactyla', 'Bovidae'),
  animal(60015, 'Pipistrellus pipistrellus (Schreber, 1774)', 'Pipistrelle commune', 'Mammifères', 'Mammalia', 'Chiroptera', 'Vespertilionidae'),
  animal(212, 'Bufo bufo (Linnaeus, 1758)', 'Crapaud commun', 'Amphibiens', 'Amphibia', 'Anura', 'Bufonidae'),
  animal(92, 'Salamandra salamandra (Linnaeus, 1758)', 'Salamandre tachetée', 'Amphibiens', 'Amphibia', 'Urodela', 'Salamandridae'),
  animal(77756, 'Podarcis muralis (Laurenti, 1768)', 'Lézard des murailles', 'Reptiles', 'Reptilia', 'Squamata', 'Lacertidae'),
  plant(97947, 'Fagus sylvatica L., 1753', 'Hêtre', 'Fagales', 'Fagaceae'),
  plant(116759, 'Quercus robur L., 1753', 'Chêne pédonculé', 'Fagales', 'Fagaceae'),
  plant(85250, 'Gentiana lutea L., 1753', 'Gentiane jaune', 'Gentianales', 'Gentianaceae'),
  plant(84339, 'Eryngium alpinum L., 1753', 'Chardon bleu des Alpes', 'Apiales', 'Apiaceae'),
];

export const OBSERVERS: readonly string[] = [
  'DUPONT Marie',
  'MARTIN Julien',
  'BERNARD Claire',
  'PETIT Antoine',
  'ROUX Camille',
  'FAURE Nicolas',
  'GIRARD Élodie',
  'MOREL Thomas',
];

/** French nomenclature labels (label_default) per view column; each row picks one per column. */
export const NOMENCLATURE_LABELS: Readonly<Record<string, readonly (string | null)[]>> = {
  nature_objet_geo: ['Inventoriel', 'Stationnel'],
  type_regroupement: ['Observations', 'Inventaire stationnel', 'Passage'],
  methode_regroupement: [null],
  comportement: ['Non renseigné', 'Alimentation', 'Déplacement'],
  technique_obs: ['Vu', 'Entendu', 'Indices de présence'],
  statut_biologique: ['Non renseigné', 'Reproduction', 'Hibernation'],
  etat_biologique: ['Observé vivant', 'Trouvé mort'],
  naturalite: ['Sauvage'],
  preuve_existante: ['Non', 'Oui', 'Inconnu'],
  precision_diffusion: ['Standard', 'Commune', 'Maille'],
  stade_vie: ['Adulte', 'Juvénile', 'Inconnu'],
  sexe: ['Indéterminé', 'Mâle', 'Femelle'],
  objet_denombrement: ['Individu', 'Couple'],
  type_denombrement: ['Compté', 'Estimé'],
  niveau_sensibilite: ['Non sensible - Diffusion précise'],
  statut_observation: ['Présent'],
  floutage_dee: ['Non'],
  statut_source: ['Terrain', 'Collection'],
  type_info_geo: ['Géoréférencement', 'Rattachement'],
  methode_determination: ['Non renseigné', 'Autre méthode de détermination'],
};

/**
 * The SINP code (ref_nomenclatures cd_nomenclature) of each label above, in the same order, for the
 * exports that give codes (GN2PG's view), with the nomenclature type each column reads.
 */
export const NOMENCLATURE_CODES: Readonly<Record<string, { type: string; codes: readonly (string | null)[] }>> = {
  nature_objet_geo: { type: 'NAT_OBJ_GEO', codes: ['In', 'St'] },
  type_regroupement: { type: 'TYP_GRP', codes: ['OBS', 'INVSTA', 'PASS'] },
  methode_regroupement: { type: '', codes: [null] },
  comportement: { type: 'OCC_COMPORTEMENT', codes: ['1', '8', '16'] },
  technique_obs: { type: 'METH_OBS', codes: ['0', '1', '27'] },
  statut_biologique: { type: 'STATUT_BIO', codes: ['1', '3', '4'] },
  etat_biologique: { type: 'ETA_BIO', codes: ['2', '3'] },
  naturalite: { type: 'NATURALITE', codes: ['1'] },
  preuve_existante: { type: 'PREUVE_EXIST', codes: ['2', '1', '0'] },
  precision_diffusion: { type: 'NIV_PRECIS', codes: ['0', '1', '2'] },
  stade_vie: { type: 'STADE_VIE', codes: ['2', '3', '0'] },
  sexe: { type: 'SEXE', codes: ['1', '3', '2'] },
  objet_denombrement: { type: 'OBJ_DENBR', codes: ['IND', 'CPL'] },
  type_denombrement: { type: 'TYP_DENBR', codes: ['Co', 'Es'] },
  niveau_sensibilite: { type: 'SENSIBILITE', codes: ['0'] },
  statut_observation: { type: 'STATUT_OBS', codes: ['Pr'] },
  floutage_dee: { type: 'DEE_FLOU', codes: ['NON'] },
  statut_source: { type: 'STATUT_SOURCE', codes: ['Te', 'Co'] },
  type_info_geo: { type: 'TYP_INF_GEO', codes: ['1', '2'] },
  methode_determination: { type: 'METH_DETERMIN', codes: ['1', '2'] },
};
