// geoflux site preview [--out DIR] [--port N]: serves the built site on 127.0.0.1 until SIGINT/SIGTERM.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GeofluxError } from '../core/problems.ts';
import { sitePaths } from '../site/paths.ts';
import { startStaticServer, type StaticServer } from '../site/static-server.ts';

/** Serves a built site on 127.0.0.1 (port 0: any free port). */
export async function serveSite(dir: string, port: number): Promise<StaticServer> {
  const root = resolve(dir);
  if (!existsSync(join(root, sitePaths.overview))) throw new GeofluxError('NoSuchPath', `no built site in ${root} (run geoflux site build first)`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new GeofluxError('InvalidOption', `--port must be a port number, not ${String(port)}`);
  return startStaticServer({ dir: root, port });
}

export async function run(raw: Record<string, unknown>): Promise<number> {
  const server = await serveSite(typeof raw.out === 'string' ? raw.out : join('.geoflux', 'site'), typeof raw.port === 'number' ? raw.port : 4321);
  process.stdout.write(`${server.url}\n`);
  await new Promise<void>((resolvePromise) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolvePromise();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
