export { GeoServerTwin, type GeoServerTwinOptions, type RequestLogEntry } from './twin.ts';
