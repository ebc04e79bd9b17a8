export { GeoNetworkTwin } from './geonetwork-twin.ts';
export type { GeoNetworkTwinOptions } from './geonetwork-twin.ts';
