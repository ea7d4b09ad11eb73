/**
 * npm run fuzz -- [--seconds 60] [--seed 1] [--target apk,zip,axml,arsc,dex,bundle,filetype,scan]
 *                 [--cases N] [--split speed|even] [--out /tmp/apkwitness-fuzz]
 * Mutates fixture and small corpus APKs (their manifest, resources, dex and assets, and
 * bundles of them) in a worker with a timeout; writes each failing input to --out and exits 1
 * when any failed. --split speed (default) measures each target's speed first and gives the
 * slow ones (dex, scan) the time to run about as many cases as the fast ones; --cases N stops
 * each target after N cases (a long campaign runs in chunks of different --seed values).
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusApks, corpusFiles, repositoryRoot } from '../test/support/corpus.js';
import { defaultBundleSeedFiles, defaultSeedFiles, fixtureBundleSeed, runFuzz } from './fuzz/run.js';
import { CAMPAIGN_TARGETS, type FuzzTargetName } from './fuzz/targets.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: String(Date.now() % 100000) },
    target: { type: 'string', default: CAMPAIGN_TARGETS.join(',') },
    cases: { type: 'string' },
    split: { type: 'string', default: 'speed' },
    out: { type: 'string', default: '/tmp/apkwitness-fuzz' },
  },
});
const targets = values.target.split(',') as FuzzTargetName[];
const seed = Number(values.seed);
const seedFiles = defaultSeedFiles(
  repositoryRoot,
  corpusApks().map((file) => file.path),
);

const bundleSeedFiles = defaultBundleSeedFiles(
  corpusFiles().map((file) => file.path),
  fixtureBundleSeed(repositoryRoot),
);
console.log(
  `fuzzing ${targets.join(', ')} for ${values.seconds} s with seed ${seed} over ${seedFiles.length} seed files and ${bundleSeedFiles.length} bundles`,
);
const summary = await runFuzz({
  seconds: Number(values.seconds),
  seed,
  targets,
  seedFiles,
  bundleSeedFiles,
  split: values.split === 'even' ? 'even' : 'speed',
  ...(values.cases === undefined ? {} : { casesPerTarget: Number(values.cases) }),
});
for (const target of summary.targets)
  console.log(
    `  ${target.target.padEnd(9)} ${String(target.cases).padStart(8)} cases in ${target.seconds.toFixed(1).padStart(7)} s: ${target.rate.toFixed(1)} per second`,
  );
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
