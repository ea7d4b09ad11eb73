/**
 * A worker's start and stop cannot hang (docs/scale-out.md, the fault table):
 *   - the database failing while a worker starts, once its scan processes are running
 *     (as when PostgreSQL restarts just then): exit 2 with one line, no process left.
 *     This was the hang of restart.test.ts, about 1 run in 21 under load: the failed start
 *     left the scan child alive, and with it the worker process, silent, forever;
 *   - a signal while the worker starts (before its runner exists): acted on once it has
 *     started, not by the default action that ended the process;
 *   - a stop whose query never returns (here a lock the test holds): the worker closes
 *     its connections after its wait and exits 2 with one line saying what it waited for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import pg from 'pg';
import { runCli } from '../support/cli.js';
import { freshDatabase, postgresSkip } from '../support/postgres.js';
import { writeTinyApks } from '../support/tiny-apk.js';
import { temporaryFolder } from '../store/support.js';
import { startCli, statusOf, testPool, waitUntil, type CliProcess } from './support.js';

const DEADLINE_MILLISECONDS = 60_000;
/** The worker's own wait at stop (src/queue/worker.ts STOP_WAIT_MILLISECONDS). */
const STOP_WAIT_MILLISECONDS = 10_000;

/** A library with one queued input (the schema, graphile-worker's included, made by enqueue). */
async function library(): Promise<string> {
  const url = await freshDatabase();
  const folder = join(temporaryFolder('apkwitness-stop-'), 'in');
  writeTinyApks(folder, 1);
  const result = await runCli(['enqueue', folder, '--db', url]);
  assert.equal(result.status, 0, result.stderr);
  return url;
}

/** The exit code, or 'hung' (the whole process group is then killed). */
async function exitWithin(run: CliProcess, milliseconds: number): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('hung'), milliseconds);
  });
  const code = await Promise.race([run.exited, hung]);
  clearTimeout(timer);
  if (code === 'hung') run.killGroup();
  return code;
}

/** True when no process of the worker's process group (the worker and its scan children) is left. */
function groupGone(run: CliProcess): boolean {
  try {
    process.kill(-(run.child.pid as number), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

test('a worker start and stop cannot hang', { skip: postgresSkip }, async (t) => {
  await t.test('the database fails once the scan processes run: exit 2, one line, nothing left', async () => {
    const url = await library();
    const admin = testPool(url);
    try {
      // The heartbeat is the first statement after the scan processes started.
      await admin.query(`CREATE FUNCTION refuse_heartbeat() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'heartbeat refused by the test'; END $$`);
      await admin.query(
        'CREATE TRIGGER refuse_heartbeat BEFORE INSERT ON workers FOR EACH ROW EXECUTE FUNCTION refuse_heartbeat()',
      );
      const run = startCli(['worker', '--db', url, '--concurrency', '1', '--until-empty']);
      assert.equal(await exitWithin(run, DEADLINE_MILLISECONDS), 2, run.stderr());
      const lines = run.stderr().trim().split('\n');
      assert.equal(lines.length, 1, run.stderr());
      assert.match(lines[0] ?? '', /^apkwitness: postgres:\/\/.*: heartbeat refused by the test$/);
      await waitUntil(() => groupGone(run), 5_000, 'the scan process to be gone');
      const status = await statusOf(admin);
      assert.deepEqual([status.queued, status.running, status.done], [1, 0, 0], 'no job was taken');
    } finally {
      await admin.end();
    }
  });

  await t.test('a signal while the worker starts: it stops once started, exit 0', async () => {
    const url = await library();
    const watch = testPool(url);
    let run: CliProcess | undefined;
    try {
      await admin(url, async (client) => {
        // The first heartbeat, written inside the start, waits on this lock: the signal lands
        // in the start for sure (before the fix the default action ended the process).
        await client.query('BEGIN');
        await client.query('LOCK TABLE workers IN ACCESS EXCLUSIVE MODE');
        const worker = startCli(['worker', '--db', url, '--concurrency', '1']);
        run = worker;
        // Watched from another connection: a transaction sees one snapshot of pg_stat_activity.
        await waitUntil(
          async () =>
            ((
              await watch.query(
                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
              )
            ).rowCount ?? 0) > 0,
          DEADLINE_MILLISECONDS,
          "the worker's start waiting on the lock",
        );
        worker.signal('SIGTERM');
        await client.query('ROLLBACK');
        assert.equal(await exitWithin(worker, DEADLINE_MILLISECONDS), 0, worker.stderr());
        assert.match(
          worker.stderr(),
          / at once, lease [^\n]*\napkwitness worker: stopping: finishing the scans in hand/,
        );
        await waitUntil(() => groupGone(worker), 5_000, 'the scan process to be gone');
      });
      const status = await statusOf(watch);
      assert.equal(status.running, 0);
      assert.equal(status.queued + status.done, 1, 'the job is queued again or done, once');
    } finally {
      if (run !== undefined && !groupGone(run)) run.killGroup();
      await watch.end();
    }
  });

  await t.test('a stop whose query never returns: connections closed after the wait, exit 2', async () => {
    const url = await library();
    await admin(url, async (client) => {
      const run = startCli(['worker', '--db', url, '--concurrency', '1', '--lease-seconds', '2']);
      // The line naming the worker: it is started (its first heartbeat comes earlier, while it
      // starts), so the lock below catches its stop, not its start.
      await waitUntil(
        async () =>
          run.stderr().includes(' at once, lease ') &&
          ((await client.query('SELECT 1 FROM workers')).rowCount ?? 0) > 0,
        DEADLINE_MILLISECONDS,
        'the worker started, with its heartbeat',
      );
      // The worker's heartbeats and its goodbye (DELETE FROM workers) wait on this lock.
      await client.query('BEGIN');
      await client.query('LOCK TABLE workers IN ACCESS EXCLUSIVE MODE');
      const stopAt = Date.now();
      run.signal('SIGTERM');
      const code = await exitWithin(run, STOP_WAIT_MILLISECONDS + 20_000);
      const seconds = (Date.now() - stopAt) / 1000;
      await client.query('ROLLBACK');
      assert.equal(code, 2, run.stderr());
      assert.ok(seconds >= STOP_WAIT_MILLISECONDS / 1000 - 1, `waited ${seconds} s`);
      assert.match(run.stderr(), /\napkwitness worker: stop did not finish in time: [^\n]*closed\n/);
      await waitUntil(() => groupGone(run), 5_000, 'the scan process to be gone');
    });
  });
});

/** Runs `work` with a client of its own on the database (a pool's clients could not hold a lock across calls). */
async function admin(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
