// `npm run bench -- NAME [ARGS]`: runs bench/NAME.ts with ARGS; each bench prints its figures, the last line
// being one JSON object.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.test.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(`${name ? `unknown bench "${name}". ` : ''}Available benches: ${available.join(', ')}\nusage: npm run bench -- NAME [ARGS]\n`);
  process.exit(1);
}
process.argv = [process.argv[0]!, path.join(benchDir, `${name}.ts`), ...args];
await import(pathToFileURL(path.join(benchDir, `${name}.ts`)).href);
