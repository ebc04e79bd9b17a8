// The contract between the twin server (twins/server.ts) and each protocol twin.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface TwinRequest {
  method: string;
  /** Full request URL (origin included), e.g. http://127.0.0.1:8080/geoserver/rest/workspaces.json?x=1 */
  url: URL;
  /** Path below the twin's mount, e.g. "/rest/workspaces.json" for the GeoServer twin. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The unread body, when the twin asked for it (Twin.streamsBody); `body` is then empty. */
  bodyStream?: Readable;
}

export interface TwinResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** A file sent as the body, streamed from the disk (instead of `body`). */
  bodyFile?: string;
}

export interface SeedSource {
  /**
   * A desired-state folder (holds geoflux.yaml), read from git at `commit` when it is in a git work tree, else
   * from the disk: published on the twins as an administrator would publish it on `platform` through the
   * REST APIs. It replaces what the GeoServer and GeoNetwork twins held.
   */
  desired?: string;
  /** Default: HEAD. */
  commit?: string;
  /** Default: the first platform of geoflux.yaml (promotion order). */
  platform?: string;
  /** The values of ${VAR} and GEOFLUX_ overrides (default: the process environment). */
  env?: Record<string, string | undefined>;
  /** A GeoServer data directory (workspaces/<ws>/{workspace,namespace}.xml, <store>/datastore.xml, …). */
  dataDir?: string;
}

export interface Twin {
  /** Mount point on the shared server: "/geoserver", "/geonetwork" or "/geonature". */
  readonly mount: string;
  handle(req: TwinRequest): Promise<TwinResponse>;
  /** Back to the initial, empty (or default-seeded) state. */
  reset(): void;
  seed(source: SeedSource): Promise<void>;
  /** JSON-serialisable view of the whole state, for tests and debugging. */
  snapshot(): unknown;
  /** Whether this request's body is handed over unread (a large upload), below the mount. */
  streamsBody?(method: string, path: string): boolean;
  /** Releases what the twin holds outside memory (files). */
  close?(): Promise<void>;
}
