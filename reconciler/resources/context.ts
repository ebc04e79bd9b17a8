// The clients of one platform, shared by every adapter: one undici pool per server origin.

import type { IgnoreRules, PlatformConfig, ScopeConfig } from '../desired/model.ts';
import { GeoNetworkClient } from '../clients/geonetwork.ts';
import { GeoServerClient } from '../clients/geoserver.ts';
import { createPool } from '../clients/http.ts';
import type { PlatformContext } from './types.ts';

export interface PlatformContextOptions {
  rules: IgnoreRules;
  scope: ScopeConfig;
  /** Connections per server origin (default 8). */
  concurrency?: number;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseMs?: number;
  /** Receives redacted lines (retries, failures). */
  log?: (line: string) => void;
}

export interface ClosablePlatformContext extends PlatformContext {
  geoserver: GeoServerClient;
  geonetwork: GeoNetworkClient;
  close(): Promise<void>;
}

export function createPlatformContext(platform: PlatformConfig, options: PlatformContextOptions): ClosablePlatformContext {
  const connections = options.concurrency ?? 8;
  const pools = new Map<string, ReturnType<typeof createPool>>();
  const poolFor = (url: string) => {
    const origin = new URL(url).origin;
    let pool = pools.get(origin);
    if (!pool) pools.set(origin, (pool = createPool(origin, connections)));
    return pool;
  };
  const common = { timeoutMs: options.timeoutMs, maxRetries: options.maxRetries, retryBaseMs: options.retryBaseMs, log: options.log };
  const geoserver = new GeoServerClient({
    ...common,
    baseUrl: platform.geoserver.url,
    user: platform.geoserver.user,
    password: platform.geoserver.password,
    pool: poolFor(platform.geoserver.url),
  });
  const geonetwork = new GeoNetworkClient({
    ...common,
    baseUrl: platform.geonetwork.url,
    user: platform.geonetwork.user,
    password: platform.geonetwork.password,
    pool: poolFor(platform.geonetwork.url),
  });
  return {
    platform,
    geoserver,
    geonetwork,
    rules: options.rules,
    scope: { workspaces: options.scope.workspaces, metadataGroup: options.scope.metadataGroup ?? platform.geonetwork.group },
    close: async () => {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
    },
  };
}
