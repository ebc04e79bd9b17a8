export { GeoNatureTwin, type GeoNatureTwinOptions } from './twin.ts';
export { DEFAULT_EXPORTS, TWIN_EXPORT_TOKEN, type ExportDefinition } from './exports.ts';
export { ACQUISITION_FRAMEWORKS } from './reference.ts';
export { SYNTHESE_COLUMNS } from './columns.ts';
