/**
 * npm run fuzz -- [--seconds 60] [--seed 1] [--target apk,zip,axml,arsc,dex] [--out /tmp/apkwitness-fuzz]
 * Mutates fixture and small corpus APKs (and their manifest, resources and dex) in a worker
 * with a timeout; writes each failing input to --out and exits 1 when any failed.
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusApks, repositoryRoot } from '../test/support/corpus.js';
import { defaultSeedFiles, runFuzz } from './fuzz/run.js';
import type { FuzzTargetName } from './fuzz/targets.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: String(Date.now() % 100000) },
    target: { type: 'string', default: 'apk,zip,axml,arsc,dex' },
    out: { type: 'string', default: '/tmp/apkwitness-fuzz' },
  },
});
const targets = values.target.split(',') as FuzzTargetName[];
const seed = Number(values.seed);
const seedFiles = defaultSeedFiles(
  repositoryRoot,
  corpusApks().map((file) => file.path),
);
console.log(
  `fuzzing ${targets.join(', ')} for ${values.seconds} s with seed ${seed} over ${seedFiles.length} seed files`,
);
const summary = await runFuzz({ seconds: Number(values.seconds), seed, targets, seedFiles });
console.log(
  `${summary.cases} cases, ${summary.formatErrors} clean refusals (FormatError), ${summary.failures.length} failures`,
);
if (summary.failures.length > 0) {
  mkdirSync(values.out, { recursive: true });
  for (const failure of summary.failures) {
    const path = join(values.out, `${failure.target}-${failure.kind}-${failure.mutationSeed}.bin`);
    writeFileSync(path, failure.input);
    console.log(
      `${failure.kind} in ${failure.target} (seed file ${failure.seedName}, mutation ${failure.mutationSeed}): ${failure.message}\n  input: ${path}`,
    );
  }
  process.exitCode = 1;
}
