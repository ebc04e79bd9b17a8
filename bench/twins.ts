// GeoNature twin throughput: one client (geoflux's GeoNature client, one connection) reads a whole export
// by keyset paging (limit 1000). The twins run as `geoflux twins` in their own process, as in the demo and
// in production, where the server does not share the client's event loop.
// Usage: npm run bench -- twins [--rows N] [--export 1|2]. Goal: >= 20,000 rows/s.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GeoNatureClient } from '../reconciler/clients/geonature.ts';
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

const client = new GeoNatureClient({ url: urls.geonature, flow: 'bench', token: TWIN_EXPORT_TOKEN, connections: 1 });
try {
  const started = process.hrtime.bigint();
  let received = 0;
  let pages = 0;
  let next = 1;
  for (;;) {
    const { rows: page } = await client.exportPage(exportId, { orderby: 'id_synthese', filter_n_up_id_synthese: next, offset: 0, limit: 1000 }, [
      'id_synthese',
    ]);
    pages++;
    if (page.count === 0) break;
    received += page.count;
    next = Number(page.value(page.count - 1, 0)) + 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`rows=${received} pages=${pages} seconds=${seconds.toFixed(2)} export=${exportId}\n`);
  process.stdout.write(
    `${JSON.stringify({ bench: 'twins', export: exportId, rows: received, pages, seconds: Number(seconds.toFixed(3)), rows_per_second: Math.round(received / seconds), goal_rows_per_second: 20000 })}\n`,
  );
} finally {
  await client.close();
  server.kill('SIGTERM');
  await exited;
}
