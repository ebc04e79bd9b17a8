import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('geoflux twins', () => {
  it('prints the three base URLs as one JSON line, serves them, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/geoflux.js', 'twins', '--port', '0', '--geonature-rows', '100'], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const firstLine = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited with ${code} before printing: ${stderr}`)));
    });

    const urls = JSON.parse(firstLine) as Record<string, string>;
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
