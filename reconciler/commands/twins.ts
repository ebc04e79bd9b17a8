// `geoflux twins`: the GeoServer, GeoNetwork and GeoNature twins on loopback until SIGINT/SIGTERM. Prints one
// JSON line with the base URLs a user configures once they answer.
import { startTwins, type TwinCredentials } from '../../twins/server.ts';
import { ControlError, resolveSeed } from '../../twins/control.ts';
import { GeofluxError } from '../core/problems.ts';

export interface TwinsCommandOptions {
  port?: number;
  seed?: string;
  /** Platform of the seeded desired state the twins play (default: the first one). */
  platform?: string;
  geonatureRows?: number;
  geoserverUser?: string;
  geoserverPassword?: string;
  geonetworkUser?: string;
  geonetworkPassword?: string;
  geonatureToken?: string;
  geonatureUser?: string;
  geonaturePassword?: string;
}

/** The accounts the twins accept, from the command's options (unset: each twin's default). */
export function twinCredentials(options: TwinsCommandOptions): TwinCredentials {
  return {
    geoserver: { user: options.geoserverUser, password: options.geoserverPassword },
    geonetwork: { user: options.geonetworkUser, password: options.geonetworkPassword },
    geonature: { token: options.geonatureToken, user: options.geonatureUser, password: options.geonaturePassword },
  };
}

export async function run(options: TwinsCommandOptions): Promise<number> {
  const start = async () => {
    const seed = options.seed ? (await resolveSeed(options.seed, { platform: options.platform })).source : undefined;
    return startTwins({ port: options.port ?? 0, seed, geonatureRows: options.geonatureRows, credentials: twinCredentials(options) });
  };
  const twins = await start().catch((error: unknown) => {
    if (error instanceof ControlError) throw new GeofluxError('InvalidSeed', error.message, options.seed ? { file: options.seed } : undefined);
    throw error;
  });
  process.stdout.write(`${JSON.stringify({ geoserver: twins.geoserver, geonetwork: twins.geonetwork, geonature: twins.geonature })}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await twins.close();
  return 0;
}
