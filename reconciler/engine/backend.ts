// The real backend of a platform run: the registered adapters and their clients.
import type { DesiredState, PlatformConfig } from '../desired/model.ts';
import { createPlatformContext } from '../resources/context.ts';
import { adapters } from '../resources/registry.ts';
import type { PlatformBackend } from './pipeline.ts';

export interface ClosablePlatformBackend extends PlatformBackend {
  close(): Promise<void>;
}

export function platformBackend(
  platform: PlatformConfig,
  state: DesiredState,
  options: { concurrency: number; timeoutMs?: number; log?: (line: string) => void },
): ClosablePlatformBackend {
  const context = createPlatformContext(platform, {
    concurrency: options.concurrency,
    rules: state.config.ignore,
    scope: state.config.scope,
    timeoutMs: options.timeoutMs,
    log: options.log,
  });
  return { adapters: [...adapters], context, close: () => context.close() };
}
