/**
 * A folder of one base and its splits is one app in the shared library, as in `batch`:
 * enqueue stores each split as a blob and lists them under one input (its identity is the
 * batch's: the SHA-256 of the files' names and hashes), a worker writes them back into a
 * folder and scans it as one app, and the library holds the same scan as batch records.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { discoverInputs } from '../../src/batch/discover.js';
import { inputSha256, runBatch } from '../../src/batch/run-batch.js';
import { openLibrary } from '../../src/store/index.js';
import { openPgLibrary } from '../../src/store/pg/library.js';
import { pgTarget } from '../../src/store/pg/connection.js';
import { runCli } from '../support/cli.js';
import { corpusRoot } from '../support/corpus.js';
import { needs } from '../support/needs.js';
import { freshDatabase } from '../support/postgres.js';
import { temporaryFolder } from '../store/support.js';
import { startCli, statusOf, testPool } from './support.js';

const SPLITS = join(corpusRoot, 'appmanager-splits', 'AppManager_v2.5.22');
const WORKER_TIMEOUT_MILLISECONDS = 180_000;

test(
  'a folder of a base and its splits: one input, one job, one scan, the same as batch records',
  {
    skip: needs('corpus', 'postgresql'),
  },
  async (t) => {
    const url = await freshDatabase();
    const pool = testPool(url);
    t.after(() => pool.end());
    const root = temporaryFolder('apkwitness-queue-splits-');
    const app = join(root, 'app');
    mkdirSync(app);
    const names = readdirSync(SPLITS).sort();
    for (const name of names) symlinkSync(join(SPLITS, name), join(app, name));
    const [input] = discoverInputs([root]).inputs;
    assert.ok(input?.files !== undefined, 'discovery groups the folder');
    const identity = await inputSha256(input);

    const enqueued = await runCli(['enqueue', root, '--db', url, '--json']);
    assert.equal(enqueued.status, 0, enqueued.stderr);
    const summary = JSON.parse(enqueued.stdout) as { found: number; enqueued: number; skipped: number };
    assert.deepEqual([summary.found, summary.enqueued, summary.skipped], [1, 1, 0]);
    const files = await pool.query<{ file_name: string }>(
      'SELECT file_name FROM input_files WHERE input_sha256 = $1 ORDER BY file_name',
      [identity],
    );
    assert.deepEqual(
      files.rows.map((row) => row.file_name),
      names,
    );
    const blobs = await pool.query<{ count: number }>('SELECT count(*)::int AS count FROM blobs');
    assert.equal(blobs.rows[0]?.count, names.length, 'each split stored once');
    const again = await runCli(['enqueue', root, '--db', url, '--json']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as { skipped: number }).skipped, 1);

    const worker = startCli(['worker', '--db', url, '--until-empty', '--concurrency', '1']);
    const timer = setTimeout(() => worker.killGroup(), WORKER_TIMEOUT_MILLISECONDS);
    const status = await worker.exited;
    clearTimeout(timer);
    assert.equal(status, 0, worker.stderr());
    const queue = await statusOf(pool);
    assert.deepEqual([queue.queued, queue.running, queue.done, queue.failed], [0, 0, 1, 0]);

    const sqlitePath = join(temporaryFolder(), 'batch.sqlite');
    const batch = await runBatch({
      libraryPath: sqlitePath,
      roots: [root],
      jobs: 1,
      timeoutMilliseconds: WORKER_TIMEOUT_MILLISECONDS,
      memoryMegabytes: 1024,
    });
    assert.equal(batch.analysed, 1);
    const sqlite = openLibrary(sqlitePath, { readonly: true });
    const postgres = await openPgLibrary(pgTarget(url), { readonly: true });
    try {
      const scan = sqlite.db.prepare('SELECT id, input_sha256 FROM scans').get() as {
        id: number;
        input_sha256: string;
      };
      assert.equal(scan.input_sha256, identity);
      const id = await postgres.scanIdFor(identity, sqlite.getScanInfo(scan.id)!.toolVersion);
      assert.ok(id !== undefined, 'PostgreSQL has the app under the batch identity');
      assert.deepEqual(await postgres.getScan(id), sqlite.getScan(scan.id));
      const apks = await postgres.pool.query<{ count: number }>('SELECT count(*)::int AS count FROM apks');
      assert.equal(apks.rows[0]?.count, names.length, 'every split recorded as an APK of the app');
    } finally {
      sqlite.close();
      await postgres.close();
    }
  },
);
