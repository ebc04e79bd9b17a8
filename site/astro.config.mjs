// Static dashboard built by `geoflux site build` (reconciler/site/build.ts), which passes root, outDir
// and cache folders. Pages are files (drift/prod.html) linked relatively, styles inlined: the output
// works under any sub-path and from file://, with no client script at all.
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  build: { format: 'file', inlineStylesheets: 'always' },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
  vite: { logLevel: 'error' },
});
