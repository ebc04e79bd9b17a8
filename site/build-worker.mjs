// Runs one Astro build in its own process (environment: only what reconciler/site/build.ts passes).
// cwd must contain outDir (Astro writes its prerender chunks there) and must resolve node_modules
// (the chunks import Astro's runtime packages). Usage:
//   node build-worker.mjs <root> <outDir> <cacheDir>
// On failure, prints one JSON line {"error": "..."} on stderr and exits 1.
import { build } from 'astro';

const [root, outDir, cacheDir] = process.argv.slice(2);

function messageOf(error) {
  const messages = [];
  for (let current = error; current && messages.length < 5; current = current.cause) {
    if (current.message && !messages.includes(current.message)) messages.push(current.message);
  }
  return messages.join(' — ') || String(error);
}

try {
  await build({ root, outDir, cacheDir, logLevel: 'error', vite: { cacheDir: `${cacheDir}/vite` } });
} catch (error) {
  process.stderr.write(`${JSON.stringify({ error: messageOf(error) })}\n`);
  process.exit(1);
}
