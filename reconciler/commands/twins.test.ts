import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['bin/geoflux.js', 'twins', ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const urls = new Promise<Record<string, string>>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line) as Record<string, string>));
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing: ${stderr}`)));
  });
  return { child, exited, urls };
}

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  accept: 'application/json',
});

describe('geoflux twins', () => {
  it('takes the accounts and the GeoNature token from options or GEOFLUX_TWINS_* variables', async () => {
    const {
      child,
      exited,
      urls: ready,
    } = startCli(
      [
        '--geonature-rows',
        '20',
        '--geoserver-user',
        'ops',
        '--geonetwork-password',
        'gn-secret',
        '--geonature-token',
        'tok-123',
        '--geonature-user',
        'lecteur',
      ],
      { GEOFLUX_TWINS_GEOSERVER_PASSWORD: 'gs-secret', GEOFLUX_TWINS_GEONATURE_PASSWORD: 'gnat-secret' },
    );
    const urls = await ready;
    const status = async (url: string, init?: RequestInit) => {
      const response = await fetch(url, init);
      await response.arrayBuffer();
      return response.status;
    };
    expect(await status(`${urls.geoserver}/rest/workspaces.json`, { headers: basic('ops', 'gs-secret') })).toBe(200);
    expect(await status(`${urls.geoserver}/rest/workspaces.json`, { headers: basic('admin', 'geoserver') })).toBe(401);
    expect(await status(`${urls.geonetwork}/srv/api/me`, { headers: basic('admin', 'gn-secret') })).toBe(200);
    expect(await status(`${urls.geonetwork}/srv/api/me`, { headers: basic('admin', 'admin') })).toBe(401);
    expect(await status(`${urls.geonature}/api/exports/api/1?limit=1&token=tok-123`)).toBe(200);
    expect(await status(`${urls.geonature}/api/exports/api/1?limit=1&token=geoflux-twin-token`)).toBe(403);
    const login = (password: string) =>
      status(`${urls.geonature}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'lecteur', password }),
      });
    expect(await login('gnat-secret')).toBe(200);
    expect(await login('admin')).toBe(490);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('prints the three base URLs as one JSON line, serves them, and exits 0 on SIGTERM', async () => {
    const { child, exited, urls: ready } = startCli(['--port', '0', '--geonature-rows', '100']);
    const urls = await ready;
    expect(Object.keys(urls)).toEqual(['geoserver', 'geonetwork', 'geonature']);
    expect(urls.geoserver).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/geoserver$/);
    expect(urls.geonetwork).toBe(urls.geoserver!.replace(/geoserver$/, 'geonetwork'));

    const page = await fetch(`${urls.geonature}/api/exports/api/2?limit=5`);
    expect(page.status).toBe(200);
    expect(((await page.json()) as { total: number }).total).toBe(100);
    const me = await fetch(`${urls.geonetwork}/srv/api/me`);
    expect([200, 204]).toContain(me.status);
    await me.arrayBuffer();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
