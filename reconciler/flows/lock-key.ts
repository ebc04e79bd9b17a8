import { createHash } from 'node:crypto';

/** The advisory lock key of a flow: the first 8 bytes of sha256("geoflux flow <name>") as a signed bigint. */
export function flowLockKey(flow: string): string {
  return createHash('sha256').update(`geoflux flow ${flow}`).digest().readBigInt64BE(0).toString();
}
