/**
 * What the flow analysis costs on real apps (issue 14's "Speed and memory"):
 *
 *   node --import tsx bench/flows-cost.ts [--rounds 3] [--limit N] [--synthetic] [--dex-count 50]
 *
 * For every APK and bundle of ../shared/corpus, in ONE process: the app model is built and
 * every rule but `flows` runs (the scan without flows), then `flows` alone, `--rounds` times;
 * each part keeps its fastest round (the JIT warm, the machine's noise least). Prints a TSV
 * row per input (scan ms without flows, flows ms, their ratio with flows ÷ without, flows
 * found, `flows.cut-short` kinds), then the largest per-app ratio and the ratio of the
 * totals. The limit issue 14 sets: no app over 5×.
 * `--synthetic` also writes the synthetic multidex app of scripts/bench-dex-synthetic.ts
 * (50 dex files of ~10 MB) and times its code index against the flow engine on it.
 * CPU-bound and single-threaded; on a shared machine only ratios within one run mean anything.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusApks } from '../test/support/corpus.js';
import { buildAppModels } from '../src/model/app-model-build.js';
import { runRules } from '../src/scan/run.js';
import { ALL_RULES } from '../src/scan/registry.js';
import { dexFileSource, parsedSources } from '../src/model/code/index.js';
import { buildCodeIndex } from '../src/model/code-index/index.js';
import { FlowEngine } from '../src/dataflow/engine.js';
import { buildSyntheticDex } from '../scripts/bench-dex-synthetic.js';

const SYNTHETIC_DIRECTORY = '/tmp/apkwitness-synthetic-flows';
const LIMIT_RATIO = 5;

function option(name: string, fallback: number): number {
  const position = process.argv.indexOf(name);
  const value = position >= 0 ? Number(process.argv[position + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const rounds = option('--rounds', 3);
const limit = option('--limit', Number.POSITIVE_INFINITY);
const withoutFlows = ALL_RULES.filter((rule) => rule.meta.id !== 'flows');
const flowsRule = ALL_RULES.filter((rule) => rule.meta.id === 'flows');

interface Row {
  name: string;
  scanMs: number;
  flowsMs: number;
  flows: number;
  cuts: string[];
}

const rows: Row[] = [];
for (const file of corpusApks().slice(0, limit)) {
  let scanMs = Number.POSITIVE_INFINITY;
  let flowsMs = Number.POSITIVE_INFINITY;
  let flows = 0;
  let cuts: string[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      const { models } = buildAppModels(file.path);
      runRules(models, withoutFlows);
      const scanned = performance.now();
      const result = runRules(models, flowsRule);
      const done = performance.now();
      scanMs = Math.min(scanMs, scanned - started);
      flowsMs = Math.min(flowsMs, done - scanned);
      flows = result.findings.filter((finding) => finding.topic === 'flow').length;
      cuts = result.findings
        .filter((finding) => finding.code === 'flows.cut-short')
        .map((finding) => (typeof finding.args.cut === 'string' ? finding.args.cut : '?'));
    }
  } catch (error) {
    console.log(`${file.name}\tnot scanned: ${(error as Error).message.split('\n')[0] ?? ''}`);
    continue;
  }
  rows.push({ name: file.name, scanMs, flowsMs, flows, cuts });
}

console.log('input\tscan ms (no flows)\tflows ms\twith ÷ without\tflows\tcut short');
for (const row of rows)
  console.log(
    `${row.name}\t${row.scanMs.toFixed(1)}\t${row.flowsMs.toFixed(1)}\t${((row.scanMs + row.flowsMs) / row.scanMs).toFixed(2)}\t${row.flows}\t${row.cuts.join(',')}`,
  );
const ratio = (row: Row): number => (row.scanMs + row.flowsMs) / row.scanMs;
const worst = rows.reduce<Row | undefined>((a, b) => (a === undefined || ratio(b) > ratio(a) ? b : a), undefined);
const scanTotal = rows.reduce((sum, row) => sum + row.scanMs, 0);
const flowsTotal = rows.reduce((sum, row) => sum + row.flowsMs, 0);
console.log(
  `${rows.length} inputs, ${rounds} rounds (fastest kept): scan without flows ${(scanTotal / 1000).toFixed(2)} s, flows ${(flowsTotal / 1000).toFixed(2)} s, ` +
    `total ratio ${((scanTotal + flowsTotal) / scanTotal).toFixed(2)}×; largest per app ${worst === undefined ? '-' : `${ratio(worst).toFixed(2)}× (${worst.name})`}; ` +
    `over ${LIMIT_RATIO}×: ${rows.filter((row) => ratio(row) > LIMIT_RATIO).length}; flows ${rows.reduce((sum, row) => sum + row.flows, 0)}; ` +
    `apps cut short ${rows.filter((row) => row.cuts.length > 0).length}`,
);

if (process.argv.includes('--synthetic')) {
  const dexCount = option('--dex-count', 50);
  rmSync(SYNTHETIC_DIRECTORY, { recursive: true, force: true });
  mkdirSync(SYNTHETIC_DIRECTORY, { recursive: true });
  for (let dex = 0; dex < dexCount; dex++)
    writeFileSync(
      join(SYNTHETIC_DIRECTORY, dex === 0 ? 'classes.dex' : `classes${dex + 1}.dex`),
      buildSyntheticDex(dex, dexCount, 10_000_000).bytes,
    );
  const names = readdirSync(SYNTHETIC_DIRECTORY).sort(
    (a, b) => Number(a.slice(7, -4) || 1) - Number(b.slice(7, -4) || 1),
  );
  const started = performance.now();
  const dexSources = parsedSources(
    names.map((name) => dexFileSource(name, new Uint8Array(readFileSync(join(SYNTHETIC_DIRECTORY, name)))).value),
  );
  const code = buildCodeIndex(dexSources).value;
  const indexed = performance.now();
  const result = new FlowEngine({ code, dexSources, layouts: [], formFields: () => new Map() }).run();
  const done = performance.now();
  console.log(
    `synthetic app (${dexCount} dex): load + index ${((indexed - started) / 1000).toFixed(1)} s, flows ${((done - indexed) / 1000).toFixed(2)} s ` +
      `(${(((done - started) / (indexed - started)) * 1).toFixed(2)}× with flows), ${result.flows.length} flows, ${result.statistics.steps} steps, ` +
      `cut short: ${result.diagnostics.map((diagnostic) => diagnostic.code).join(', ') || 'nothing'}`,
  );
  rmSync(SYNTHETIC_DIRECTORY, { recursive: true, force: true });
}
