// The twin's GeoNature accounts and the module list each one sees (GET /gn_commons/modules lists only the
// modules the user has permissions on: GN2PG #120).

export interface TwinUser {
  login: string;
  password: string;
  /** Scope of permission R in module EXPORTS: 3 = all exports, 0 = none. */
  exportScope: 0 | 3;
  profile: Record<string, unknown>;
}

export const TWIN_USERS: readonly TwinUser[] = [
  {
    login: 'admin',
    password: 'admin',
    exportScope: 3,
    profile: { id_role: 3, identifiant: 'admin', nom_role: 'Administrateur', prenom_role: 'test', id_organisme: -1, active: true },
  },
  {
    login: 'agent',
    password: 'agent',
    exportScope: 0,
    profile: { id_role: 4, identifiant: 'agent', nom_role: 'Agent', prenom_role: 'test', id_organisme: -1, active: true },
  },
];

interface ModuleDefinition {
  id_module: number;
  module_code: string;
  module_label: string;
  module_path: string;
  module_picto: string;
  module_desc: string;
  /** Only users with an EXPORTS permission see this module. */
  needsExportPermission?: boolean;
}

const MODULES: readonly ModuleDefinition[] = [
  {
    id_module: 1,
    module_code: 'GEONATURE',
    module_label: 'GeoNature',
    module_path: 'geonature',
    module_picto: 'fa-home',
    module_desc: 'Module parent de tous les modules sur lequel on peut associer des droits.',
  },
  {
    id_module: 2,
    module_code: 'ADMIN',
    module_label: 'Admin',
    module_path: 'admin',
    module_picto: 'fa-cog',
    module_desc: 'Backoffice de GeoNature permettant de gérer les données génériques.',
  },
  {
    id_module: 3,
    module_code: 'METADATA',
    module_label: 'Métadonnées',
    module_path: 'metadata',
    module_picto: 'fa-book',
    module_desc: 'Module de gestion des métadonnées',
  },
  { id_module: 4, module_code: 'SYNTHESE', module_label: 'Synthese', module_path: 'synthese', module_picto: 'fa-search', module_desc: 'Application synthese' },
  {
    id_module: 7,
    module_code: 'EXPORTS',
    module_label: 'Export',
    module_path: 'exports',
    module_picto: 'fa-download',
    module_desc: 'Module permettant de réaliser des exports',
    needsExportPermission: true,
  },
];

export function modulesFor(user: TwinUser): Array<Record<string, unknown>> {
  return MODULES.filter((m) => !m.needsExportPermission || user.exportScope > 0).map(({ needsExportPermission: _unused, ...module }, index) => ({
    ...module,
    module_external_url: null,
    module_target: null,
    module_comment: null,
    active_frontend: true,
    active_backend: true,
    module_doc_url: null,
    module_order: index + 1,
    ng_module: module.module_code === 'EXPORTS' ? 'exports' : null,
    type: null,
    meta_create_date: '2023-01-01 00:00:00',
    meta_update_date: '2023-01-01 00:00:00',
    cruved: { C: 0, R: module.module_code === 'EXPORTS' ? user.exportScope : 3, U: 0, V: 0, E: module.module_code === 'EXPORTS' ? user.exportScope : 3, D: 0 },
  }));
}
