// Public entry of the twins: start them, talk to their control API, validate against upstream contracts.
export { startTwins, type RunningTwins, type StartTwinsOptions, type TwinCredentials } from './server.ts';
export { loadSpecValidator, type SpecValidator, type SpecValidatorOptions, type SpecRequest, type SpecResponse, type ResponseViolation } from './openapi.ts';
export { contractFor, contractsDir } from './contracts.ts';
export { parseFaults, seededRandom, type FaultSpec } from './faults.ts';
export { GeoNatureTwin, TWIN_EXPORT_TOKEN, ACQUISITION_FRAMEWORKS } from './geonature/index.ts';
export type { Twin, TwinRequest, TwinResponse, SeedSource } from './types.ts';
