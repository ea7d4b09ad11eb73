/**
 * SLOW (about 90 s on 2 cores): a batch over the whole shared corpus with 2 workers.
 * Done means every input file is either analysed or listed with its error, and the
 * library answers the searches the issue names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runBatch } from '../../src/batch/run-batch.js';
import { discoverInputs } from '../../src/batch/discover.js';
import { openLibrary } from '../../src/store/index.js';
import { corpusApks, corpusRoot, needs } from '../support/corpus.js';
import { temporaryFolder } from '../store/support.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const JOBS = 2;
const TIMEOUT_MILLISECONDS = 300_000;
const MEMORY_MEGABYTES = 2048;

test('SLOW corpus batch (~90 s, 2 workers): every corpus app analysed or listed with its error', CORPUS, async () => {
  const libraryPath = join(temporaryFolder('apkwitness-corpus-'), 'corpus.sqlite');
  const summary = await runBatch({
    libraryPath,
    roots: [corpusRoot],
    jobs: JOBS,
    timeoutMilliseconds: TIMEOUT_MILLISECONDS,
    memoryMegabytes: MEMORY_MEGABYTES,
  });
  const expected = corpusApks()
    .map((file) => file.path)
    .sort();
  // A folder of one app's base and splits is one input (AppManager's): its files are accounted for by the folder.
  const groups = discoverInputs([corpusRoot]).inputs.filter((input) => input.files !== undefined);
  const groupOf = new Map(groups.flatMap((group) => (group.files ?? []).map((file) => [file, group.path] as const)));
  assert.ok(groups.length >= 1, 'AppManager_v2.5.22/ is one app');
  assert.equal(summary.found, expected.length - groupOf.size + groups.length);
  assert.deepEqual(summary.problems, []);

  const library = openLibrary(libraryPath, { readonly: true });
  const scanned = new Set(
    library.db
      .prepare(`SELECT f.path FROM files f JOIN scans s ON s.input_sha256 = f.sha256`)
      .pluck()
      .all() as string[],
  );
  const failed = new Map(library.errors().map((error) => [error.path, error]));
  const unaccounted = expected
    .map((path) => groupOf.get(path) ?? path)
    .filter((path) => !scanned.has(path) && !failed.has(path));
  assert.deepEqual(unaccounted, [], 'every file is a scan or an error');
  for (const error of failed.values())
    assert.ok(error.message.length > 0 && ['crash', 'timeout', 'oom', 'format'].includes(error.kind));
  // Crashes, timeouts and heap exhaustion on real apps are bugs to fix, not outcomes to accept.
  assert.deepEqual(
    summary.errors
      .filter((error) => error.kind !== 'format')
      .map((error) => `${error.path}: ${error.kind} ${error.message}`),
    [],
  );
  assert.equal(summary.analysed + summary.skipped + summary.errors.length, summary.found);
  assert.equal(library.integrityCheck(), 'ok');

  // The corpus has Chinese strings (AppManager's config.zh split) and many hosts.
  const counts = library.counts();
  assert.ok(counts.apps > 50, `${counts.apps} apps`);
  assert.ok(library.facets().endpoints.length > 10);
  assert.ok(library.search('设置').hits.length > 0, 'a two-character Chinese term (settings) from the corpus');
  library.close();
});
