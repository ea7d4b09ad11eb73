/**
 * A short, deterministic fuzz run of every parser in a worker with a timeout (CI budget:
 * about 40 s). `npm run fuzz -- --seconds N` runs as long as you like.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusApks, corpusFiles, needs, repositoryRoot } from '../support/corpus.js';
import { defaultBundleSeedFiles, defaultSeedFiles, fixtureBundleSeed, runFuzz } from '../../scripts/fuzz/run.js';
import { CAMPAIGN_TARGETS } from '../../scripts/fuzz/targets.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

/** The repository's fixtures, and the corpus APKs where the corpus is there. */
const seedFiles = defaultSeedFiles(
  repositoryRoot,
  needs('corpus') === false ? corpusApks().map((file) => file.path) : [],
);

test('the harness catches a planted crash, hang and memory blow-up', async () => {
  const crash = await runFuzz({ seconds: 2, seed: 1, targets: ['selftest-crash'], seedFiles: seedFiles.slice(0, 3) });
  assert.ok(crash.failures.some((failure) => failure.kind === 'crash' && failure.message.includes('planted crash')));
  const hang = await runFuzz({
    seconds: 1,
    seed: 1,
    targets: ['selftest-hang'],
    seedFiles: seedFiles.slice(0, 1),
    caseTimeoutMs: 500,
  });
  assert.ok(hang.failures.some((failure) => failure.kind === 'hang'));
  const memory = await runFuzz({
    seconds: 1,
    seed: 1,
    targets: ['selftest-memory'],
    seedFiles: seedFiles.slice(0, 1),
    heapLimitMb: 64,
    caseTimeoutMs: 20_000,
  });
  assert.ok(
    memory.failures.some((failure) => failure.kind === 'memory'),
    JSON.stringify(memory.failures.map((failure) => failure.message)),
  );
});

test(
  'mutated APKs, manifests, resource tables, dex, bundles, assets and whole scans never crash, hang or exhaust memory',
  CORPUS,
  async () => {
    const summary = await runFuzz({
      seconds: 40,
      seed: 20261126,
      targets: CAMPAIGN_TARGETS,
      seedFiles,
      bundleSeedFiles: defaultBundleSeedFiles(
        corpusFiles().map((file) => file.path),
        fixtureBundleSeed(repositoryRoot),
      ),
    });
    console.log(
      summary.targets.map((target) => `${target.target} ${target.cases} (${target.rate.toFixed(0)}/s)`).join(', '),
    );
    assert.ok(
      summary.targets.every((target) => target.cases > 0),
      'every target ran',
    );
    console.log(`fuzz: ${summary.cases} cases, ${summary.formatErrors} clean refusals`);
    assert.ok(summary.cases > 1000, `only ${summary.cases} cases ran`);
    assert.deepEqual(
      summary.failures.map(
        (failure) =>
          `${failure.kind} ${failure.target} ${failure.seedName} mutation ${failure.mutationSeed}: ${failure.message}`,
      ),
      [],
    );
  },
);
