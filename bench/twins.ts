// GeoNature twin throughput: one client reads a whole export by keyset paging (limit 1000) over undici.
// The twins run as `geoflux twins` in their own process, as in the demo and in production, where the server
// does not share the client's event loop.
// Usage: npm run bench -- twins [--rows N] [--export 1|2]. Goal: >= 20,000 rows/s.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { TWIN_EXPORT_TOKEN } from '../twins/geonature/exports.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, export: { type: 'string', default: '2' } } });
const rows = Number(values.rows);
const exportId = Number(values.export);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const server = spawn(process.execPath, ['bin/geoflux.js', 'twins', '--port', '0', '--geonature-rows', String(rows)], {
  cwd: projectRoot,
  env: { ...process.env, GEOFLUX_TWIN_STRICT: '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
const urls = JSON.parse(
  await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`geoflux twins exited with ${code}`)));
  }),
) as { geonature: string };

const origin = new URL(urls.geonature).origin;
const pool = new Pool(origin, { connections: 1 });
try {
  const started = process.hrtime.bigint();
  let received = 0;
  let pages = 0;
  let next = 1;
  for (;;) {
    const query = `orderby=id_synthese&filter_n_up_id_synthese=${next}&offset=0&limit=1000`;
    const response = await pool.request({ path: `/geonature/api/exports/api/${exportId}?${query}`, method: 'GET', headers: { 'api-key': TWIN_EXPORT_TOKEN } });
    if (response.statusCode !== 200) throw new Error(`page ${pages}: HTTP ${response.statusCode}: ${await response.body.text()}`);
    const page = (await response.body.json()) as { items: unknown };
    const items = Array.isArray(page.items)
      ? (page.items as Array<{ id_synthese: number }>)
      : (page.items as { features: Array<{ properties: { id_synthese: number } }> }).features.map((f) => f.properties);
    pages++;
    if (items.length === 0) break;
    received += items.length;
    next = items[items.length - 1]!.id_synthese + 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`rows=${received} pages=${pages} seconds=${seconds.toFixed(2)} export=${exportId}\n`);
  process.stdout.write(`${JSON.stringify({ bench: 'twins', export: exportId, rows: received, pages, seconds: Number(seconds.toFixed(3)), rows_per_second: Math.round(received / seconds), goal_rows_per_second: 20000 })}\n`);
} finally {
  await pool.close();
  server.kill('SIGTERM');
  await exited;
}
