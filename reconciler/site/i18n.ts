// Every string the dashboard shows, French first. Pages never hold UI text of their own.
import type { Exclusion } from '../report/model.ts';
import { bucketBounds, type FreshnessBucket } from './freshness.ts';
import { kindLabels } from '../resources/registry.ts';

export type Language = 'fr' | 'en';

/** Every language the site is built in. */
export const LANGUAGES: Language[] = ['fr', 'en'];

/** Kind names in one language, from the kinds themselves (resources/registry.ts). */
function kindNames(language: Language): Record<string, string> {
  return Object.fromEntries(Object.entries(kindLabels()).map(([kind, labels]) => [kind, labels[language]]));
}

const fr = {
  siteTitle: 'geoflux — état des plateformes',
  skipToContent: 'Aller au contenu',
  mainNavigation: 'Navigation principale',
  languageName: 'Français',
  nav: {
    overview: 'Vue d’ensemble',
    promotion: 'Promotion',
    inventory: 'Couches et métadonnées',
    freshness: 'Fraîcheur',
    drift: 'Écarts',
    history: 'Historique',
    flows: 'Flux',
  },
  generatedAt: 'Généré le',
  reportsRead: 'rapports lus',
  noReports: 'Aucun rapport pour l’instant : lancez geoflux plan, apply, drift ou flows run.',
  platforms: 'Plateformes',
  platform: 'Plateforme',
  flows: 'Flux de données',
  flow: 'Flux',
  status: {
    'in-sync': 'synchronisée',
    drifted: 'écart',
    failing: 'en échec',
    unknown: 'inconnu',
  },
  flowStatus: {
    success: 'réussi',
    failed: 'en échec',
    running: 'en cours',
    alert: 'alerte',
  },
  action: { create: 'à créer', update: 'à modifier', delete: 'à supprimer', noop: 'inchangé' },
  outcome: {
    created: 'créé',
    updated: 'modifié',
    unchanged: 'inchangé',
    deleted: 'supprimé',
    failed: 'en échec',
    skipped: 'ignoré (dépendance en échec)',
  },
  mode: { plan: 'plan', apply: 'application', drift: 'contrôle d’écart', flows: 'flux' },
  kind: kindNames('fr'),
  lastCommitApplied: 'Dernier commit appliqué',
  noCommitApplied: 'Aucun commit appliqué',
  lastRun: 'Dernière exécution',
  basedOn: 'D’après',
  commit: 'Commit',
  author: 'Auteur',
  date: 'Date',
  message: 'Message',
  layers: 'Couches',
  records: 'Fiches',
  styles: 'Styles',
  pending: 'Changements en attente',
  failed: 'Échecs',
  layersWithoutRecord: 'Couches sans fiche',
  recordsWithoutLayer: 'Fiches sans couche',
  layersWithRecord: 'Couches avec fiche',
  workspace: 'Espace de travail',
  workspaces: 'Espaces de travail',
  counts: 'Effectifs',
  downloads: 'Téléchargements',
  badge: 'Badge',
  badges: 'Badges d’état (à intégrer dans un README)',
  summaryJson: 'Résumé JSON',
  summaryCsv: 'Historique CSV',
  details: 'Détails',
  none: 'Aucun',
  noInventory: 'Aucun inventaire dans les rapports de cette plateforme.',
  inventoryIntro: 'Couches publiées et fiches de métadonnées, d’après le dernier inventaire de chaque plateforme.',
  key: 'Clé',
  title: 'Titre',
  uuid: 'Identifiant',
  freshnessIntro: (days: number) =>
    `Âge de la date de révision des fiches et de la date de modification des couches. Au-delà de ${days} jours, un élément est considéré comme périmé.`,
  bucket: {
    fresh: (max: number) => `récent (moins de ${max} jours)`,
    recent: (min: number, max: number) => `${min} à ${max} jours`,
    ageing: (min: number, max: number) => `vieillissant (${min} à ${max} jours)`,
    stale: (min: number) => `périmé (${min} jours ou plus)`,
    unknown: 'date inconnue',
  },
  age: 'Âge',
  days: (n: number) => (n <= 1 ? `${n} jour` : `${n} jours`),
  revisionDate: 'Date de révision',
  changeDate: 'Date de modification (catalogue)',
  dateModified: 'Date de modification',
  staleList: 'Éléments périmés',
  staleNone: 'Aucun élément périmé.',
  allItems: 'Tous les éléments',
  distribution: 'Répartition par âge',
  item: 'Élément',
  itemKind: 'Type',
  driftIntro: 'Ressources dont l’état diffère du dépôt, d’après le dernier contrôle ou la dernière application.',
  driftNone: 'Aucun écart : la plateforme correspond au dépôt.',
  resource: 'Ressource',
  reason: 'Raison',
  error: 'Erreur',
  errors: 'Erreurs du rapport',
  skippedBecause: 'Ignoré à cause de',
  diff: 'Différences (serveur → dépôt)',
  showDiff: 'Voir les différences',
  noDiff: 'Pas de différence textuelle.',
  ignoredDifferences: 'Différences ignorées',
  rule: 'Règle',
  path: 'Chemin',
  file: 'Fichier du dépôt',
  resources: 'Ressources',
  resourcesListed: (shown: number, total: number) => `${shown} ressource(s) listée(s) sur ${total} dans le rapport.`,
  historyIntro: 'Évolution de chaque plateforme au fil des commits et des exécutions.',
  historyCounts: 'Couches et fiches',
  historyDrift: 'Changements en attente et échecs',
  tableAlternative: 'Données du graphique',
  run: 'Exécution',
  report: 'Rapport',
  noHistory: 'Pas encore d’historique.',
  rows: 'Lignes lues',
  inserted: 'Insérées',
  updated: 'Modifiées',
  unchangedRows: 'Inchangées',
  deleted: 'Supprimées',
  duration: 'Durée',
  seconds: (s: number) => `${s.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s`,
  nextRun: 'Prochaine exécution',
  lastSuccess: 'Dernier succès',
  rowsInDestination: 'Lignes en destination',
  alerts: 'Alertes',
  noAlerts: 'Aucune alerte',
  runs: 'Exécutions',
  rowsPerRun: 'Lignes lues par exécution',
  notScheduled: 'non planifiée',
  partner: 'Organisme partenaire',
  nationalId: 'identifiant national',
  sourceExport: 'Source',
  exportNumber: (id: number) => `export ${id}`,
  destinationOf: 'Destination',
  schedule: 'Planification',
  alertState: 'État des alertes',
  alertTarget: 'Alertes envoyées à',
  alertsNowhere: 'aucun webhook (alertes visibles ici et dans flows status)',
  staleAfter: (d: string) => `sans succès depuis ${d}`,
  runNow: 'Lancer maintenant',
  runNowGithub: 'GitHub Actions (Run workflow, « flow » :',
  runNowGitlab: 'pipeline GitLab (GEOFLUX_FLOW prérempli)',
  runNowCommand: 'ou, là où tournent les flux :',
  durationPerRun: 'Durée par exécution (s)',
  never: 'jamais',
  noFlows: 'Aucun flux dans les rapports.',
  currentState: 'État actuel',
  state: 'État',
  inSyncResource: 'Conforme au dépôt',
  historyOfActions: 'Historique des actions',
  noActions: 'Aucune action enregistrée pour cette ressource.',
  metadataRecord: 'Fiche de métadonnées',
  linkedLayers: 'Couches liées',
  backToOverview: 'Retour à la vue d’ensemble',
  backToDrift: 'Retour aux écarts de la plateforme',
  skippedCommits: 'Commits sautés',
  reportErrors: 'Erreurs bloquantes',
  more: (n: number) => `… et ${n} de plus`,
  promotionIntro: (order: string) =>
    `Chaque ressource du dépôt sur chaque plateforme, dans l’ordre de promotion (${order}). « Identique » : la même version du dépôt que sur la première plateforme qui la publie.`,
  cellState: {
    equal: 'identique',
    differs: 'autre version',
    pending: 'en attente d’application',
    failed: 'en échec',
    absent: 'absente',
    excluded: 'exclue par sélecteur',
    unknown: 'non renseigné',
  },
  exclusion: {
    platforms: (platforms: string[]) => `réservée à ${platforms.join(', ')} (platforms)`,
    tags: (tags: string[], select: string[]) =>
      tags.length === 0
        ? `sans étiquette, la plateforme ne retient que ${select.join(', ')}`
        : `étiquettes ${tags.join(', ')}, la plateforme ne retient que ${select.join(', ')}`,
    dependency: 'suit ce dont elle dépend, non publié ici',
  },
  gapTitle: (from: string, to: string) => `Sur ${from}, pas encore sur ${to}`,
  gapIntro: (from: string, to: string) => `Ce qui est publié sur ${from} et manque encore sur ${to}, ou n’y est pas à la même version : à promouvoir.`,
  gapNone: (to: string) => `Rien à promouvoir : ${to} a tout ce qui doit y être.`,
  neverThere: (to: string) => `Jamais sur ${to} : exclu par les sélecteurs`,
  filters: 'Filtres',
  filterWorkspace: 'Espace de travail',
  filterState: 'État sur au moins une plateforme',
  filterKind: 'Type',
  all: 'Tous',
  noWorkspace: '(sans espace)',
  matrixCaption: 'Matrice de promotion',
  matrixOmitted: (n: number) => `${n} ressources identiques partout ne sont pas listées ici (voir l’inventaire de chaque plateforme).`,
  noMatrix: 'Les rapports ne disent pas encore ce que publie chaque plateforme (relancez geoflux apply ou drift avec cette version).',
  promoteNext: 'À promouvoir',
  lastCommitChanged: 'Ce qu’a changé ici le dernier commit appliqué',
  noChangeHere: 'Rien sur cette plateforme : ce commit ne touche aucune ressource qu’elle publie.',
  outcomeCount: {
    created: (n: number) => (n === 1 ? '1 créée' : `${n} créées`),
    updated: (n: number) => (n === 1 ? '1 modifiée' : `${n} modifiées`),
    deleted: (n: number) => (n === 1 ? '1 supprimée' : `${n} supprimées`),
  },
  driftedItems: 'En écart, à appliquer',
  noDrift: 'Aucun écart.',
  failedItems: 'En échec',
  countsDiffer: (kind: string, difference: number, reference: string) =>
    `${kind} : ${difference > 0 ? `${difference} de plus` : `${-difference} de moins`} que sur ${reference} —`,
  absentHere: 'absentes ici (pas encore appliquées, ou retirées)',
  inventoryOf: (platform: string) => `Inventaire — ${platform}`,
  inventoryPlatformIntro: (platform: string) =>
    `Tout ce que ${platform} publie d’après son dernier rapport : chaque couche avec sa fiche et sa fraîcheur, chaque fiche avec ses couches, chaque style avec les couches qui l’utilisent.`,
  usedBy: 'Utilisé par',
  unused: 'aucune couche publiée ici',
  otherItems: 'Autres ressources publiées',
  excludedHere: 'Exclues par les sélecteurs',
  otherPages: 'Autres ressources suivies (retirées ou hors inventaire)',
  freshnessColumn: 'Fraîcheur',
  page: 'page',
  sameItem: 'Même ressource du dépôt',
  neverCount: (n: number, to: string) => `${n} jamais sur ${to} (sélecteurs)`,
  dateSource: { revision: 'date de la fiche', catalogue: 'catalogue GeoNetwork', server: 'GeoServer', apply: 'dernière application' },
  dateFrom: 'Source de la date',
  flowFreshness: 'Données des flux',
  flowFreshnessIntro: 'Dernière exécution réussie de chaque flux : l’âge des données copiées.',
  balanceTitle: 'Couches et fiches par espace de travail',
  balanceIntro:
    'Le décompte que les équipes de chaque plateforme comparent : les couches publiées, les fiches qui les décrivent (une fiche compte dans l’espace de sa première couche) et les couches sans fiche. Les listes suivent, par plateforme.',
  commitMarks: 'Les traits verticaux marquent les commits : survolez-les ou atteignez-les au clavier (Tab) pour lire leur message.',
  dataFile: 'Fichier de données',
  dataFiles: 'Fichiers de données',
  dataFilesIntro:
    'Les GeoPackage, shapefiles zippés et GeoTIFF du dépôt, déposés sur GeoServer comme entrepôts : ce que chaque plateforme en détient (le contenu de git si les empreintes sha256 sont égales) et quand il y est arrivé.',
  fileBackedLayers: 'Couches sur fichier de données',
  dataFormat: { geopackage: 'GeoPackage', shapefile: 'shapefile zippé', geotiff: 'GeoTIFF' },
  dataContent: { same: 'contenu de git', other: 'autre contenu que git', missing: 'fichier absent', unknown: 'non relevé' },
  dataContentHere: 'Sur la plateforme',
  format: 'Format',
  size: 'Taille',
  uploaded: 'Dernier dépôt',
  uploadedOn: (date: string) => `déposé le ${date}`,
  thumbnail: 'Aperçu',
  thumbnailAlt: (title: string) => `Aperçu de la fiche « ${title} »`,
  thumbnailState: {
    present: 'servi par la plateforme',
    other: 'autre contenu que git',
    missing: 'absent de la plateforme',
    broken: 'référence cassée',
    unchecked: 'URL externe, non vérifiée',
  },
  thumbnailSource: { attachment: 'pièce jointe de la fiche', external: 'URL externe' },
  thumbnailBroken: {
    attachment: (uuid: string) => `metadata/${uuid}/ ne contient pas ce fichier : rien ne peut le servir.`,
    external: 'Ni http ni https : jamais affichée.',
  },
  thumbnailUrl: 'Adresse sur la plateforme',
  thumbnailProblems: 'Fiches à l’aperçu manquant ou cassé',
  language: 'fr-FR',
};

export type Messages = typeof fr;

const en: Messages = {
  siteTitle: 'geoflux — platform status',
  skipToContent: 'Skip to content',
  mainNavigation: 'Main navigation',
  languageName: 'English',
  nav: {
    overview: 'Overview',
    promotion: 'Promotion',
    inventory: 'Layers and metadata',
    freshness: 'Freshness',
    drift: 'Drift',
    history: 'History',
    flows: 'Flows',
  },
  generatedAt: 'Generated on',
  reportsRead: 'reports read',
  noReports: 'No report yet: run geoflux plan, apply, drift or flows run.',
  platforms: 'Platforms',
  platform: 'Platform',
  flows: 'Data flows',
  flow: 'Flow',
  status: { 'in-sync': 'in sync', drifted: 'drifted', failing: 'failing', unknown: 'unknown' },
  flowStatus: { success: 'success', failed: 'failed', running: 'running', alert: 'alert' },
  action: { create: 'to create', update: 'to update', delete: 'to delete', noop: 'unchanged' },
  outcome: {
    created: 'created',
    updated: 'updated',
    unchanged: 'unchanged',
    deleted: 'deleted',
    failed: 'failed',
    skipped: 'skipped (failed dependency)',
  },
  mode: { plan: 'plan', apply: 'apply', drift: 'drift check', flows: 'flows' },
  kind: kindNames('en'),
  lastCommitApplied: 'Last commit applied',
  noCommitApplied: 'No commit applied',
  lastRun: 'Last run',
  basedOn: 'Based on',
  commit: 'Commit',
  author: 'Author',
  date: 'Date',
  message: 'Message',
  layers: 'Layers',
  records: 'Records',
  styles: 'Styles',
  pending: 'Pending changes',
  failed: 'Failures',
  layersWithoutRecord: 'Layers without a record',
  recordsWithoutLayer: 'Records without a layer',
  layersWithRecord: 'Layers with a record',
  workspace: 'Workspace',
  workspaces: 'Workspaces',
  counts: 'Counts',
  downloads: 'Downloads',
  badge: 'Badge',
  badges: 'Status badges (to embed in a README)',
  summaryJson: 'Summary JSON',
  summaryCsv: 'History CSV',
  details: 'Details',
  none: 'None',
  noInventory: 'No inventory in this platform’s reports.',
  inventoryIntro: 'Published layers and metadata records, from each platform’s latest inventory.',
  key: 'Key',
  title: 'Title',
  uuid: 'Identifier',
  freshnessIntro: (days: number) => `Age of each record’s revision date and each layer’s modification date. Beyond ${days} days an item is stale.`,
  bucket: {
    fresh: (max: number) => `fresh (under ${max} days)`,
    recent: (min: number, max: number) => `${min} to ${max} days`,
    ageing: (min: number, max: number) => `ageing (${min} to ${max} days)`,
    stale: (min: number) => `stale (${min} days or more)`,
    unknown: 'unknown date',
  },
  age: 'Age',
  days: (n: number) => (n === 1 ? `${n} day` : `${n} days`),
  revisionDate: 'Revision date',
  changeDate: 'Change date (catalogue)',
  dateModified: 'Modification date',
  staleList: 'Stale items',
  staleNone: 'No stale item.',
  allItems: 'All items',
  distribution: 'Age distribution',
  item: 'Item',
  itemKind: 'Type',
  driftIntro: 'Resources whose state differs from the repository, from the latest drift check or apply.',
  driftNone: 'No drift: the platform matches the repository.',
  resource: 'Resource',
  reason: 'Reason',
  error: 'Error',
  errors: 'Report errors',
  skippedBecause: 'Skipped because of',
  diff: 'Differences (server → repository)',
  showDiff: 'Show the differences',
  noDiff: 'No textual difference.',
  ignoredDifferences: 'Ignored differences',
  rule: 'Rule',
  path: 'Path',
  file: 'Repository file',
  resources: 'Resources',
  resourcesListed: (shown: number, total: number) => `${shown} resource(s) listed out of ${total} in the report.`,
  historyIntro: 'How each platform evolved over commits and runs.',
  historyCounts: 'Layers and records',
  historyDrift: 'Pending changes and failures',
  tableAlternative: 'Chart data',
  run: 'Run',
  report: 'Report',
  noHistory: 'No history yet.',
  rows: 'Rows read',
  inserted: 'Inserted',
  updated: 'Updated',
  unchangedRows: 'Unchanged',
  deleted: 'Deleted',
  duration: 'Duration',
  seconds: (s: number) => `${s.toLocaleString('en-GB', { maximumFractionDigits: 1 })} s`,
  nextRun: 'Next run',
  lastSuccess: 'Last success',
  rowsInDestination: 'Rows in destination',
  alerts: 'Alerts',
  noAlerts: 'No alert',
  runs: 'Runs',
  rowsPerRun: 'Rows read per run',
  notScheduled: 'not scheduled',
  partner: 'Partner organism',
  nationalId: 'national identifier',
  sourceExport: 'Source',
  exportNumber: (id: number) => `export ${id}`,
  destinationOf: 'Destination',
  schedule: 'Schedule',
  alertState: 'Alert state',
  alertTarget: 'Alerts sent to',
  alertsNowhere: 'no webhook (alerts shown here and by flows status)',
  staleAfter: (d: string) => `no success for ${d}`,
  runNow: 'Run now',
  runNowGithub: 'GitHub Actions (Run workflow, "flow":',
  runNowGitlab: 'GitLab pipeline (GEOFLUX_FLOW filled in)',
  runNowCommand: 'or, where the flows run:',
  durationPerRun: 'Duration per run (s)',
  never: 'never',
  noFlows: 'No flow in the reports.',
  currentState: 'Current state',
  state: 'State',
  inSyncResource: 'Matches the repository',
  historyOfActions: 'History of actions',
  noActions: 'No action recorded for this resource.',
  metadataRecord: 'Metadata record',
  linkedLayers: 'Linked layers',
  backToOverview: 'Back to the overview',
  backToDrift: 'Back to the platform’s drift',
  skippedCommits: 'Skipped commits',
  reportErrors: 'Blocking errors',
  more: (n: number) => `… and ${n} more`,
  promotionIntro: (order: string) =>
    `Every resource of the repository on every platform, in promotion order (${order}). "Equal": the same version of the repository as on the first platform that publishes it.`,
  cellState: {
    equal: 'equal',
    differs: 'other version',
    pending: 'pending next apply',
    failed: 'failed',
    absent: 'absent',
    excluded: 'excluded by selector',
    unknown: 'not reported',
  },
  exclusion: {
    platforms: (platforms: string[]) => `only for ${platforms.join(', ')} (platforms)`,
    tags: (tags: string[], select: string[]) =>
      tags.length === 0 ? `no tag, the platform selects ${select.join(', ')} only` : `tags ${tags.join(', ')}, the platform selects ${select.join(', ')} only`,
    dependency: 'follows what it belongs to, not published here',
  },
  gapTitle: (from: string, to: string) => `On ${from}, not yet on ${to}`,
  gapIntro: (from: string, to: string) => `What ${from} publishes that ${to} lacks, or holds at another version: to be promoted.`,
  gapNone: (to: string) => `Nothing to promote: ${to} has everything it should.`,
  neverThere: (to: string) => `Never on ${to}: excluded by selectors`,
  filters: 'Filters',
  filterWorkspace: 'Workspace',
  filterState: 'State on at least one platform',
  filterKind: 'Type',
  all: 'All',
  noWorkspace: '(no workspace)',
  matrixCaption: 'Promotion matrix',
  matrixOmitted: (n: number) => `${n} resources equal everywhere are not listed here (see each platform’s inventory).`,
  noMatrix: 'The reports do not say yet what each platform publishes (run geoflux apply or drift with this version again).',
  promoteNext: 'To promote',
  lastCommitChanged: 'What the last applied commit changed here',
  noChangeHere: 'Nothing on this platform: the commit touches none of the resources it publishes.',
  outcomeCount: {
    created: (n: number) => `${n} created`,
    updated: (n: number) => `${n} updated`,
    deleted: (n: number) => `${n} deleted`,
  },
  driftedItems: 'Drifted, to apply',
  noDrift: 'No drift.',
  failedItems: 'Failed',
  countsDiffer: (kind: string, difference: number, reference: string) =>
    `${kind}: ${difference > 0 ? `${difference} more` : `${-difference} fewer`} than on ${reference} —`,
  absentHere: 'absent here (not applied yet, or removed)',
  inventoryOf: (platform: string) => `Inventory — ${platform}`,
  inventoryPlatformIntro: (platform: string) =>
    `Everything ${platform} publishes according to its latest report: every layer with its record and freshness, every record with its layers, every style with the layers using it.`,
  usedBy: 'Used by',
  unused: 'no layer published here',
  otherItems: 'Other published resources',
  excludedHere: 'Excluded by selectors',
  otherPages: 'Other tracked resources (removed, or outside the inventory)',
  freshnessColumn: 'Freshness',
  page: 'page',
  sameItem: 'Same repository item',
  neverCount: (n: number, to: string) => `${n} never on ${to} (selectors)`,
  dateSource: { revision: 'record date', catalogue: 'GeoNetwork catalogue', server: 'GeoServer', apply: 'last apply' },
  dateFrom: 'Date from',
  flowFreshness: 'Flow data',
  flowFreshnessIntro: 'Each flow’s last successful run: the age of the data it copied.',
  balanceTitle: 'Layers and records per workspace',
  balanceIntro:
    'The count each platform’s team compares: published layers, the records describing them (a record counts in the workspace of its first layer) and the layers without a record. The lists follow, per platform.',
  commitMarks: 'Vertical lines mark the commits: hover them or reach them with the keyboard (Tab) to read their message.',
  dataFile: 'Data file',
  dataFiles: 'Data files',
  dataFilesIntro:
    'The repository’s GeoPackages, zipped shapefiles and GeoTIFFs, uploaded to GeoServer as stores: what each platform holds of them (git’s content when the sha256 digests are equal) and when it got there.',
  fileBackedLayers: 'File-backed layers',
  dataFormat: { geopackage: 'GeoPackage', shapefile: 'zipped shapefile', geotiff: 'GeoTIFF' },
  dataContent: { same: 'git’s content', other: 'other content than git’s', missing: 'no file', unknown: 'not read' },
  dataContentHere: 'On the platform',
  format: 'Format',
  size: 'Size',
  uploaded: 'Last upload',
  uploadedOn: (date: string) => `uploaded ${date}`,
  thumbnail: 'Thumbnail',
  thumbnailAlt: (title: string) => `Thumbnail of the record “${title}”`,
  thumbnailState: {
    present: 'served by the platform',
    other: 'other content than git’s',
    missing: 'not on the platform',
    broken: 'broken reference',
    unchecked: 'external URL, not checked',
  },
  thumbnailSource: { attachment: 'the record’s attachment', external: 'external URL' },
  thumbnailBroken: {
    attachment: (uuid: string) => `metadata/${uuid}/ does not hold this file: nothing can serve it.`,
    external: 'Neither http nor https: never shown.',
  },
  thumbnailUrl: 'Address on the platform',
  thumbnailProblems: 'Records with a missing or broken thumbnail',
  language: 'en-GB',
};

const catalogues: Record<Language, Messages> = { fr, en };

export function messages(language: Language): Messages {
  return catalogues[language];
}

/** Formatters by language and style: making one costs more than formatting thousands of dates. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Dates are shown in UTC so that a build gives the same page wherever it runs. */
export function formatDate(iso: string | undefined, language: Language, withTime = true): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const id = `${language}:${withTime}`;
  let format = dateFormats.get(id);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = withTime
      ? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }
      : { dateStyle: 'medium', timeZone: 'UTC' };
    dateFormats.set(id, (format = new Intl.DateTimeFormat(catalogues[language].language, options)));
  }
  return `${format.format(time)}${withTime ? ' UTC' : ''}`;
}

export function formatNumber(value: number | undefined, language: Language): string {
  return value === undefined ? '—' : value.toLocaleString(catalogues[language].language);
}

const BYTE_UNITS: Record<Language, string[]> = { fr: ['octets', 'Kio', 'Mio', 'Gio', 'Tio'], en: ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] };

/** A size in binary units (1 Kio = 1,024 bytes), with one decimal below 10 units. */
export function formatBytes(bytes: number, language: Language): string {
  const units = BYTE_UNITS[language];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toLocaleString(catalogues[language].language, { maximumFractionDigits: digits })} ${units[unit]}`;
}

/** The plan's reasons are fixed English phrases joined by "; ": shown in the site's language. */
const REASONS_FR: Record<string, string> = {
  'missing on the server': 'absent du serveur',
  'in sync': 'synchronisé',
  'changed on the server by hand': 'modifié à la main sur le serveur',
  'changed in git': 'modifié dans git',
  'differs from git': 'diffère de git',
  'password changed': 'mot de passe modifié',
  'password changed in git': 'mot de passe modifié dans git',
  'removed from git': 'retiré de git',
  'not in git (inside the managed scope)': 'absent de git (dans le périmètre géré)',
};

export function reasonLabel(reason: string | undefined, language: Language): string {
  if (!reason) return '';
  if (language !== 'fr') return reason;
  return reason
    .split('; ')
    .map((part) => REASONS_FR[part] ?? part)
    .join(' ; ');
}

/**
 * The CLI's other fixed sentences that reports carry (refusals, gates, flow alerts), in French;
 * `$n` are the sentence's variable parts, kept as written.
 */
const SENTENCES_FR: [RegExp, string][] = [
  [
    /^refusing to delete (\d+) resource\(s\): the desired state is empty \(wrong --path or a broken commit\?\)$/,
    'suppression de $1 ressource(s) refusée : l’état désiré est vide (mauvais --path ou commit cassé ?)',
  ],
  [/^refusing to delete (\d+) resources: above prune\.maxDeletions \((\d+)\)$/, 'suppression de $1 ressources refusée : au-delà de prune.maxDeletions ($2)'],
  [
    /^--target (\S+): no such resource in git or on the server \(expected kind:key, e\.g\. (\S+)\)$/,
    '--target $1 : aucune ressource de ce nom dans git ni sur le serveur (attendu type:clé, par exemple $2)',
  ],
  [
    /^(\S+) is gated after (\S+), which has applied nothing yet: nothing applied on \S+$/,
    '$1 passe après $2, qui n’a encore rien appliqué : rien n’est appliqué sur $1',
  ],
  [
    /^(\S+) is gated after (\S+), which has not applied (\S+) yet: nothing applied on \S+$/,
    '$1 passe après $2, qui n’a pas encore appliqué $3 : rien n’est appliqué sur $1',
  ],
  [
    /^(\S+) is gated after (\S+): going up to (\S+), the last commit \S+ applied$/,
    '$1 passe après $2 : appliqué jusqu’à $3, le dernier commit appliqué par $2',
  ],
  [
    /^(\S+) is gated after (\S+), whose last applied commit (\S+) is not on the history of (\S+): nothing applied on \S+$/,
    '$1 passe après $2, dont le dernier commit appliqué $3 n’est pas dans l’historique de $4 : rien n’est appliqué sur $1',
  ],
  [/^failing: the last run failed$/, 'en échec : la dernière exécution a échoué'],
  [/^failing: (.*)$/s, 'en échec : $1'],
  [/^stale: no successful run yet \(staleAfter (.+)\)$/, 'données périmées : aucune exécution réussie encore (staleAfter $1)'],
  [/^stale: last success (\S+) is older than (.+)$/, 'données périmées : dernier succès le $1, plus ancien que $2'],
  [/^no successful run for (\d+) days \(staleAfter: (.+)\)$/, 'aucune exécution réussie depuis $1 jours (staleAfter : $2)'],
  [/^unreachable: (.*)$/s, 'injoignable : $1'],
];

/** A sentence of the CLI (an error, a flow alert) in the site's language; text it does not know stays as written. */
export function cliText(text: string, language: Language): string {
  if (language !== 'fr') return text;
  for (const [pattern, french] of SENTENCES_FR) if (pattern.test(text)) return text.replace(pattern, french);
  return text;
}

/** Why a platform leaves an item out, in words. */
export function exclusionLabel(exclusion: Exclusion, t: Messages): string {
  if (exclusion.by === 'platforms') return t.exclusion.platforms(exclusion.platforms ?? []);
  if (exclusion.by === 'tags') return t.exclusion.tags(exclusion.tags ?? [], exclusion.select ?? []);
  return t.exclusion.dependency;
}

/** The written range of each freshness bucket for a stale threshold. */
export function bucketLabels(t: Messages, staleAfterDays: number): Record<FreshnessBucket, string> {
  const bounds = bucketBounds(staleAfterDays);
  return {
    fresh: t.bucket.fresh(bounds.fresh),
    recent: t.bucket.recent(bounds.fresh, bounds.recent - 1),
    ageing: t.bucket.ageing(bounds.recent, bounds.stale - 1),
    stale: t.bucket.stale(bounds.stale),
    unknown: t.bucket.unknown,
  };
}
