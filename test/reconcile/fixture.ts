// A desired-state repository in a temporary git repository (copied from the example desired-state/),
// three twin platforms (preprod, prod, public) and the environment that points geoflux at them.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTwins, type RunningTwins } from '../../twins/server.ts';

export const projectRoot = resolve(import.meta.dirname, '../..');
export const exampleDir = join(projectRoot, 'desired-state');
export const PLATFORMS = ['preprod', 'prod', 'public'] as const;

/** Unique values planted as secrets: they must appear in no output, report or state file. */
export const PLANTED = {
  dbPassword: `db-pw-${process.pid}-Zq7x`,
  dbUser: 'sig_reader',
};

export interface TestRepo {
  dir: string;
  commit(message: string, edit?: (dir: string) => Promise<void>): Promise<string>;
  head(): string;
}

export async function exampleRepo(): Promise<TestRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'geoflux-e2e-repo-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Ana Test',
        GIT_AUTHOR_EMAIL: 'ana@example.org',
        GIT_COMMITTER_NAME: 'Ana Test',
        GIT_COMMITTER_EMAIL: 'ana@example.org',
      },
    }).trim();
  git('init', '-q', '-b', 'main');
  await cp(exampleDir, dir, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'Example desired state');
  return {
    dir,
    async commit(message, edit) {
      if (edit) await edit(dir);
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    head: () => git('rev-parse', 'HEAD'),
  };
}

export async function editFile(dir: string, file: string, change: (text: string) => string): Promise<void> {
  const path = join(dir, file);
  const text = await readFile(path, 'latin1');
  const next = change(text);
  if (next === text) throw new Error(`edit of ${file} changed nothing`);
  await writeFile(path, next, 'latin1');
}

export interface TwinPlatforms {
  twins: Record<(typeof PLATFORMS)[number], RunningTwins>;
  env: Record<string, string>;
  close(): Promise<void>;
}

export const TWIN_CREDENTIALS = {
  geoserver: { user: 'admin', password: 'geoserver' },
  geonetwork: { user: 'admin', password: 'admin' },
};

export async function startPlatforms(): Promise<TwinPlatforms> {
  const started = await Promise.all(PLATFORMS.map(() => startTwins({ geonatureRows: 10 })));
  const twins = Object.fromEntries(PLATFORMS.map((name, index) => [name, started[index]!])) as TwinPlatforms['twins'];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    ...(await placeholderEnv()),
    SIG_DB_USER: PLANTED.dbUser,
    SIG_DB_PASSWORD: PLANTED.dbPassword,
  };
  env.GEONATURE_URL = twins.preprod.geonature;
  for (const name of PLATFORMS) {
    const prefix = name.toUpperCase();
    env[`${prefix}_GEOSERVER_URL`] = twins[name].geoserver;
    env[`${prefix}_GEOSERVER_USER`] = TWIN_CREDENTIALS.geoserver.user;
    env[`${prefix}_GEOSERVER_PASSWORD`] = TWIN_CREDENTIALS.geoserver.password;
    env[`${prefix}_GEONETWORK_URL`] = twins[name].geonetwork;
    env[`${prefix}_GEONETWORK_USER`] = TWIN_CREDENTIALS.geonetwork.user;
    env[`${prefix}_GEONETWORK_PASSWORD`] = TWIN_CREDENTIALS.geonetwork.password;
  }
  return { twins, env, close: async () => void (await Promise.all(started.map((twin) => twin.close()))) };
}

/** A value for every ${VAR} the example uses without a default (flows need GeoNature settings to validate); ${VAR:-default} keeps its default. */
async function placeholderEnv(): Promise<Record<string, string>> {
  const names = new Set<string>();
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await visit(path);
      else if (entry.name.endsWith('.yaml')) for (const match of (await readFile(path, 'utf8')).matchAll(/\$\{([A-Z0-9_]+)\}/g)) names.add(match[1]!);
    }
  };
  await visit(exampleDir);
  const values: Record<string, string> = {};
  for (const name of names) {
    if (name.endsWith('_DATABASE_URL')) values[name] = 'postgres://postgres@127.0.0.1:5432/test';
    else if (name.endsWith('_URL')) values[name] = 'http://127.0.0.1:9/placeholder';
    else values[name] = `placeholder-${name.toLowerCase()}`;
  }
  return values;
}

/** GET on a twin with the admin credentials. */
export async function twinGet(
  base: string,
  path: string,
  service: 'geoserver' | 'geonetwork',
  accept = 'application/json',
): Promise<{ status: number; text: string }> {
  const { user, password } = TWIN_CREDENTIALS[service];
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, accept } });
  return { status: response.status, text: await response.text() };
}

export async function twinRequests(twins: RunningTwins): Promise<number> {
  const response = await fetch(`${twins.url}/__twin/requests`);
  const body = (await response.json()) as { total?: number };
  return body.total ?? 0;
}

export async function resetRequests(twins: RunningTwins): Promise<void> {
  await fetch(`${twins.url}/__twin/requests`, { method: 'DELETE' });
}
