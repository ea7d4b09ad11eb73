/**
 * The layers of apkwitness import one way (README, "Layout"):
 *   formats → model → findings → text → dataflow → rules → scan → report | store | diff → batch | server | queue → cli
 * A module may import its own layer and the layers before it, never a later one, and no
 * import cycle is allowed anywhere in src/. Tests (*.test.ts) may import anything.
 * Run: npm run deps (CI runs it).
 */
const LAYERS = [
  ['formats', 'version.ts'],
  ['model'],
  ['findings'],
  ['text'],
  ['dataflow'],
  ['rules'],
  ['scan'],
  ['report', 'store', 'diff'],
  ['batch', 'server', 'queue'],
  ['cli'],
];

const pathOf = (names) => `^src/(${names.map((name) => name.replace('.', '\\.')).join('|')})(/|$)`;

const backEdges = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `no-back-edge-from-${layer[0]}`,
  comment: `${layer.join('/')} may not import a later layer (${LAYERS.slice(index + 1)
    .map((later) => later.join('/'))
    .join(', ')})`,
  severity: 'error',
  from: { path: pathOf(layer), pathNot: '\\.test\\.ts$' },
  to: { path: pathOf(LAYERS.slice(index + 1).flat()) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...backEdges,
    {
      name: 'no-circular',
      comment: 'an import cycle hides an ordering bug; break it by moving the shared piece down',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { circular: true, pathNot: '\\.test\\.ts$' },
    },
    {
      name: 'rules-stay-in-their-folder',
      comment: 'a rule imports its own folder, rules/shared and rules/types.ts, never another rule',
      severity: 'error',
      from: { path: '^src/rules/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/rules/', pathNot: ['^src/rules/$1/', '^src/rules/shared/', '^src/rules/types\\.ts$'] },
    },
    {
      name: 'rules-never-touch-formats',
      comment:
        'rules read the model, never the byte formats ("rules never touch bytes"): decoded method bodies, resources and XML come from src/model, which re-exports what rules may name',
      severity: 'error',
      from: { path: '^src/rules/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/formats/' },
    },
    {
      name: 'dataflow-never-touches-formats',
      comment:
        'the flow analysis works on the model (decoded method bodies, the code index, parsed XML), never on the byte formats',
      severity: 'error',
      from: { path: '^src/dataflow/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/formats/' },
    },
    {
      name: 'src-not-from-tests',
      comment: 'product code never imports test support',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|fixtures)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
