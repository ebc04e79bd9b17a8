// Allowed directions between folders (checked by `npm run lint`): the core imports nothing of the
// project; each layer below imports only the layers above it in this list; nothing forms a cycle;
// the twins model the servers on their own and import nothing of reconciler/.
//   core → transform → desired → report → clients → resources → engine → flows / adopt / persist / site → commands → cli
const layers = ['core', 'transform', 'desired', 'report', 'clients', 'resources', 'engine', 'flows|adopt|persist|site|demo', 'commands'];
const folder = (names) => `^reconciler/(${names})/`;

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'import cycles make the layering meaningless', from: {}, to: { circular: true } },
    {
      name: 'core-imports-nothing',
      severity: 'error',
      from: { path: folder('core') },
      to: { path: '^(reconciler|twins|site|test|bench)/', pathNot: folder('core') },
    },
    ...layers.slice(0, -1).map((layer, index) => ({
      name: `layer-${layer.split('|')[0]}`,
      severity: 'error',
      comment: `reconciler/${layer} may import only ${layers.slice(0, index).join(', ') || 'nothing of the project'}`,
      from: { path: folder(layer), pathNot: '\\.test\\.ts$|/__fixtures__/|/test-[a-z-]+\\.ts$' },
      to: { path: folder(layers.slice(index + 1).join('|')) },
    })),
    {
      name: 'twins-stand-apart',
      severity: 'error',
      comment: 'a twin that borrows the reconciler agrees with its bugs by construction (tests of geoflux clients against twins live in test/)',
      from: { path: '^twins/' },
      to: { path: '^reconciler/' },
    },
    {
      name: 'product-without-tests',
      severity: 'error',
      from: { path: '^reconciler/', pathNot: '\\.test\\.ts$|/__fixtures__/|/test-[a-z-]+\\.ts$' },
      to: { path: '^(test|bench)/|\\.test\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist|site/dist|site/\\.astro)/' },
  },
};
