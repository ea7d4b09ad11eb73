/**
 * The shared library end to end: enqueue (bytes in the database or a shared folder; a
 * file enqueued twice, or under two names, once), a worker draining the queue, status
 * counted by input, and the results: the same reports as `batch` records for the same
 * files, the same search hits through `search --db`, and the viewer serving it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBatch } from '../../src/batch/run-batch.js';
import { openLibrary } from '../../src/store/index.js';
import { openPgLibrary } from '../../src/store/pg/library.js';
import { pgTarget } from '../../src/store/pg/connection.js';
import { serveLibrary } from '../../src/server/viewer.js';
import { blobPath } from '../../src/queue/blobs.js';
import { runCli } from '../support/cli.js';
import { repositoryRoot } from '../support/corpus.js';
import { freshDatabase, postgresSkip } from '../support/postgres.js';
import { temporaryFolder } from '../store/support.js';
import { get } from '../server/http-client.js';
import { scanCounts, startCli, statusOf, testPool } from './support.js';

const WORKER_TIMEOUT_MILLISECONDS = 120_000;

/** The fixture apps, the demo once more under another name, and a file that is no APK. */
function casesFolder(): string {
  const folder = join(temporaryFolder('apkwitness-queue-'), 'cases');
  mkdirSync(join(folder, 'more'), { recursive: true });
  for (const path of [
    'fixtures/demo/field-survey.apk',
    'fixtures/demo-v2/field-survey-v2.apk',
    'fixtures/hostile/hostile-strings.apk',
    'fixtures/hostile/hostile-identifiers.apk',
  ])
    copyFileSync(join(repositoryRoot, path), join(folder, path.split('/').pop()!));
  copyFileSync(join(folder, 'field-survey.apk'), join(folder, 'more', 'same-bytes-other-name.apk'));
  writeFileSync(join(folder, 'more', 'not-a-zip.apk'), 'this is not an APK\n');
  return folder;
}

async function drain(url: string, extra: readonly string[] = []): Promise<{ status: number | string; stderr: string }> {
  const worker = startCli([
    'worker',
    '--db',
    url,
    '--until-empty',
    '--concurrency',
    '2',
    '--lease-seconds',
    '5',
    ...extra,
  ]);
  const timer = setTimeout(() => worker.killGroup(), WORKER_TIMEOUT_MILLISECONDS);
  const status = await worker.exited;
  clearTimeout(timer);
  return { status, stderr: worker.stderr() };
}

test('enqueue, worker, status, search and viewer on a PostgreSQL library', { skip: postgresSkip }, async (t) => {
  const url = await freshDatabase();
  const cases = casesFolder();
  const pool = testPool(url);
  t.after(() => pool.end());

  await t.test('enqueue: each distinct file once, bytes stored, jobs added', async () => {
    const first = await runCli(['enqueue', cases, '--db', url, '--json']);
    assert.equal(first.status, 0, first.stderr);
    const summary = JSON.parse(first.stdout) as { found: number; enqueued: number; skipped: number };
    assert.deepEqual([summary.found, summary.enqueued, summary.skipped], [6, 5, 1]);
    const again = await runCli(['enqueue', cases, '--db', url]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /6 files: 0 enqueued, 6 skipped/);
    const status = await statusOf(pool);
    assert.deepEqual([status.queued, status.running, status.done, status.failed], [5, 0, 0, 0]);
    const jobs = (await pool.query<{ count: number }>('SELECT count(*)::int AS count FROM graphile_worker.jobs'))
      .rows[0];
    assert.equal(jobs?.count, 5, 'one job per distinct input');
  });

  await t.test('worker --until-empty: every input done or failed, each recorded once', async () => {
    const { status, stderr } = await drain(url);
    assert.equal(status, 2, `exit 2: an input failed (${stderr})`);
    assert.match(stderr, /not-a-zip\.apk: format:/);
    const queue = await statusOf(pool);
    assert.deepEqual([queue.queued, queue.running, queue.done, queue.failed], [0, 0, 4, 1]);
    const [failure] = queue.failures;
    assert.ok(failure);
    assert.equal(failure.kind, 'format');
    assert.match(failure.path, /not-a-zip\.apk$/);
    assert.deepEqual(await scanCounts(pool), { scans: 4, inputs: 4 });
    const cli = await runCli(['status', '--db', url, '--json']);
    assert.equal(cli.status, 0, cli.stderr);
    const json = JSON.parse(cli.stdout) as Record<string, unknown>;
    for (const key of ['queued', 'running', 'done', 'failed']) assert.equal(typeof json[key], 'number', key);
    assert.equal(json.done, 4);
  });

  await t.test('enqueue --retry-errors: the failed input queued again with its job, the others skipped', async () => {
    const retried = await runCli(['enqueue', cases, '--db', url, '--retry-errors', '--json']);
    assert.equal(retried.status, 0, retried.stderr);
    const summary = JSON.parse(retried.stdout) as { enqueued: number; skipped: number; storedBytes: number };
    assert.deepEqual([summary.enqueued, summary.skipped, summary.storedBytes], [1, 5, 0]);
    const queue = await statusOf(pool);
    assert.deepEqual([queue.queued, queue.done, queue.failed], [1, 4, 0]);
    const jobs = await pool.query<{ key: string }>('SELECT key FROM graphile_worker.jobs');
    assert.equal(jobs.rows.length, 1);
    const { status } = await drain(url);
    assert.equal(status, 2, 'it fails again, the same way');
    assert.deepEqual(await scanCounts(pool), { scans: 4, inputs: 4 });
    assert.equal((await statusOf(pool)).failed, 1);
  });

  await t.test('the same reports as batch records for the same files', async () => {
    const sqlitePath = join(temporaryFolder(), 'batch.sqlite');
    const batch = await runBatch({
      libraryPath: sqlitePath,
      roots: [cases],
      jobs: 2,
      timeoutMilliseconds: 60_000,
      memoryMegabytes: 1024,
    });
    assert.equal(batch.analysed, 4);
    const sqlite = openLibrary(sqlitePath, { readonly: true });
    const postgres = await openPgLibrary(pgTarget(url), { readonly: true });
    try {
      const scans = sqlite.db.prepare('SELECT id, input_sha256 FROM scans').all() as Array<{
        id: number;
        input_sha256: string;
      }>;
      assert.equal(scans.length, 4);
      for (const scan of scans) {
        const id = await postgres.scanIdFor(scan.input_sha256, sqlite.getScanInfo(scan.id)!.toolVersion);
        assert.ok(id !== undefined, `PostgreSQL has ${scan.input_sha256}`);
        assert.deepEqual(await postgres.getScan(id), sqlite.getScan(scan.id));
      }
      for (const query of ['宗教', 'Вероисповедание', 'survey.example.org', 'id']) {
        const left = await runCli(['search', query, '--library', sqlitePath, '--json', '--limit', '1000']);
        const right = await runCli(['search', query, '--db', url, '--json', '--limit', '1000']);
        assert.equal(right.status, 0, right.stderr);
        const hits = (output: string) =>
          (JSON.parse(output) as { hits: Array<Record<string, unknown>> }).hits
            .map((hit) =>
              JSON.stringify({
                ...hit,
                scanId: 0,
                finding: hit.finding === undefined ? 0 : { ...(hit.finding as object), id: 0 },
              }),
            )
            .sort();
        assert.deepEqual(hits(right.stdout), hits(left.stdout), query);
        assert.ok(hits(right.stdout).length > 0, query);
      }
      const server = await serveLibrary(postgres, '127.0.0.1', 0, (error) => assert.fail(String(error)));
      try {
        const apps = await get(server.port, '/api/apps');
        assert.equal(apps.status, 200);
        assert.equal((JSON.parse(apps.body) as { total: number }).total, sqlite.countApps());
        const page = await get(server.port, `/search?q=${encodeURIComponent('宗教')}`);
        assert.equal(page.status, 200);
        assert.match(page.body, /<mark>宗教<\/mark>/);
        const errors = await get(server.port, '/errors');
        assert.match(errors.body, /not-a-zip\.apk/);
      } finally {
        await server.close();
      }
    } finally {
      sqlite.close();
      await postgres.close();
    }
  });

  await t.test('--store: the bytes in a shared folder, fetched from where this machine mounts it', async () => {
    const storeUrl = await freshDatabase();
    const store = join(temporaryFolder(), 'store');
    const mounted = join(temporaryFolder(), 'elsewhere');
    const enqueued = await runCli([
      'enqueue',
      join(cases, 'field-survey.apk'),
      '--db',
      storeUrl,
      '--store',
      store,
      '--json',
    ]);
    assert.equal(enqueued.status, 0, enqueued.stderr);
    const storePool = testPool(storeUrl);
    try {
      const blob = (await storePool.query<{ sha256: string; stored_in: string }>('SELECT sha256, stored_in FROM blobs'))
        .rows[0]!;
      assert.equal(blob.stored_in, store);
      assert.ok(existsSync(blobPath(store, blob.sha256)));
      assert.equal((await storePool.query('SELECT 1 FROM blob_chunks')).rowCount, 0, 'no bytes in the database');
      // The worker's machine mounts the folder elsewhere.
      mkdirSync(join(mounted, blob.sha256.slice(0, 2)), { recursive: true });
      copyFileSync(blobPath(store, blob.sha256), blobPath(mounted, blob.sha256));
      const { status, stderr } = await drain(storeUrl, ['--store', mounted]);
      assert.equal(status, 0, stderr);
      assert.equal((await statusOf(storePool)).done, 1);
      assert.deepEqual(readdirSync(mounted).length, 1);
    } finally {
      await storePool.end();
    }
  });
});
