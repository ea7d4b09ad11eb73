/**
 * Speed of the method-body layer (src/model/method-body) against the code index,
 * on the same dex files, in one process (issue 12: decoding every method of the
 * largest corpus APK must take under 2x what the code index takes to walk it).
 *
 *   node --import tsx bench/method-bodies.ts [APK] [--runs N]
 *
 * Default APK: the largest of ../shared/corpus. The dex files are found and parsed
 * once; then, alternating, N timed runs (after one warm-up) of:
 *   index         buildCodeIndex over the dex files (walks every method's code, interns,
 *                 links the hierarchy): what the scan pays today;
 *   walk          the walker alone over every method the index walks (its inner loop);
 *   bodies        MethodBody of every method the app defines with code (instructions,
 *                 operands, try ranges), through CodeIndex.methodBody;
 *   bodies+cfg    the same plus each body's control-flow graph (blocks, normal and
 *                 exceptional edges, reachability).
 * Prints the median of each and the ratios to `index` and `walk`. Wall-clock figures
 * on a shared machine: repeat, and compare ratios from one run.
 */
import { readFileSync, statSync } from 'node:fs';
import { DiagnosticSink } from '../src/formats/diagnostics.js';
import { ReferenceList, walkInstructions } from '../src/formats/dex/bytecode/index.js';
import { buildCodeIndex, type CodeIndex } from '../src/model/code-index/index.js';
import { findDexSourcesInApk, parsedSources, type ParsedDexSource } from '../src/model/code/index.js';
import { corpusApks } from '../test/support/corpus.js';

function argument(name: string, fallback: number): number {
  const position = process.argv.indexOf(name);
  return position >= 0 ? Number(process.argv[position + 1]) : fallback;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const runs = argument('--runs', 5);
const given = process.argv.slice(2).find((value, index, all) => !value.startsWith('--') && all[index - 1] !== '--runs');
const target =
  given ??
  corpusApks()
    .filter((file) => file.name.endsWith('.apk'))
    .sort((left, right) => statSync(right.path).size - statSync(left.path).size)[0]!.path;
const bytes = new Uint8Array(readFileSync(target));
const sources: ParsedDexSource[] = parsedSources(findDexSourcesInApk(bytes).value);

function index(): CodeIndex {
  return buildCodeIndex(sources).value;
}

function walk(): number {
  const references = new ReferenceList(256);
  const sink = new DiagnosticSink();
  let units = 0;
  for (const { dex } of sources) {
    const members = dex.members;
    for (let row = 0; row < members.methodCount; row++) {
      const code = members.codeItem(row);
      if (code === undefined) continue;
      references.clear();
      walkInstructions(dex.bytes, code.instructionsOffset, code.instructionsSize, sink, { references });
      units += code.instructionsSize;
    }
  }
  return units;
}

function bodies(code: CodeIndex, withGraph: boolean): { methods: number; instructions: number; blocks: number } {
  let methods = 0;
  let instructions = 0;
  let blocks = 0;
  for (const id of code.definedMethodIds()) {
    const body = code.methodBody(id);
    if (body === undefined) continue;
    methods++;
    instructions += body.count;
    if (withGraph) blocks += body.cfg.blockCount;
  }
  return { methods, instructions, blocks };
}

/** Wall-clock and CPU time of `action` (CPU time is steadier on a machine shared with other work). */
function time<T>(action: () => T): { ms: number; cpuMs: number; value: T } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = action();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, value };
}

const built = index();
const figures = { index: [] as number[], walk: [] as number[], bodies: [] as number[], graphs: [] as number[] };
const cpu = { index: [] as number[], walk: [] as number[], bodies: [] as number[], graphs: [] as number[] };
let counts = { methods: 0, instructions: 0, blocks: 0 };
for (let run = 0; run <= runs; run++) {
  const indexed = time(index);
  const walked = time(walk);
  const decoded = time(() => bodies(built, false));
  const graphed = time(() => bodies(built, true));
  counts = graphed.value;
  if (run === 0) continue; // warm-up
  figures.index.push(indexed.ms);
  figures.walk.push(walked.ms);
  figures.bodies.push(decoded.ms);
  figures.graphs.push(graphed.ms);
  cpu.index.push(indexed.cpuMs);
  cpu.walk.push(walked.cpuMs);
  cpu.bodies.push(decoded.cpuMs);
  cpu.graphs.push(graphed.cpuMs);
}
const row = (name: string, key: keyof typeof figures): string => {
  const ms = median(figures[key]);
  const cpuMs = median(cpu[key]);
  return (
    `${name.padEnd(12)} wall ${ms.toFixed(0).padStart(6)} ms ${(ms / median(figures.index)).toFixed(2)}x index ` +
    `${(ms / median(figures.walk)).toFixed(2)}x walk | cpu ${cpuMs.toFixed(0).padStart(6)} ms ` +
    `${(cpuMs / median(cpu.index)).toFixed(2)}x index ${(cpuMs / median(cpu.walk)).toFixed(2)}x walk`
  );
};
console.log(
  `${target}: ${sources.length} dex files, ${counts.methods} method bodies, ${counts.instructions} instructions, ` +
    `${counts.blocks} basic blocks; median of ${runs} runs after a warm-up`,
);
console.log(row('index', 'index'));
console.log(row('walk', 'walk'));
console.log(row('bodies', 'bodies'));
console.log(row('bodies+cfg', 'graphs'));
