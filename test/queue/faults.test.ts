/**
 * The queue's faults, each a test (issue 17, point 5), with short leases:
 *   - a scan that crashes or exhausts its heap fails its input after its tries, with its
 *     error, and the other inputs are scanned (the queue is not blocked);
 *   - a worker killed with SIGKILL mid-scan (with its scan child, as when a machine dies)
 *     keeps its job locked for the lease, then another worker takes and finishes it;
 *   - a job whose worker died on every try is recorded failed, with why; a job whose
 *     worker died before its scan began gets that try back;
 *   - SIGTERM stops an idle worker at once; a second signal during a scan gives the job
 *     back to the queue with its try not counted.
 * (The database restarting: restart.test.ts; many workers, random kills, no input
 * recorded twice: drain.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renameSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { TEST_FAULT_VARIABLE } from '../../src/batch/protocol.js';
import { runCli } from '../support/cli.js';
import { freshDatabase, postgresSkip } from '../support/postgres.js';
import { writeTinyApks } from '../support/tiny-apk.js';
import { temporaryFolder } from '../store/support.js';
import { scanCounts, startCli, statusOf, testPool, waitUntil } from './support.js';

const LEASE_SECONDS = 2;
/** The heartbeat interval of a worker with that lease (src/queue/worker.ts: lease / 6, at least 200 ms). */
const HEARTBEAT_MILLISECONDS = Math.max(200, (LEASE_SECONDS * 1000) / 6);
const DEADLINE_MILLISECONDS = 90_000;

/** Tiny APKs in a fresh folder, some renamed so that the fault hook recognises them. */
function inputs(count: number, renamed: Readonly<Record<number, string>> = {}): string {
  const folder = join(temporaryFolder('apkwitness-faults-'), 'in');
  const paths = writeTinyApks(folder, count);
  for (const [index, name] of Object.entries(renamed)) {
    const path = paths[Number(index)]!;
    renameSync(path, join(path, '..', name));
  }
  return folder;
}

async function enqueue(url: string, folder: string, ...extra: string[]): Promise<void> {
  const result = await runCli(['enqueue', folder, '--db', url, ...extra]);
  assert.equal(result.status, 0, result.stderr);
}

function worker(url: string, extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}) {
  return startCli(
    ['worker', '--db', url, '--lease-seconds', String(LEASE_SECONDS), '--concurrency', '2', ...extra],
    env,
  );
}

test('queue faults', { skip: postgresSkip }, async (t) => {
  await t.test('a crashing and an out-of-memory scan fail after their tries; the rest is scanned', async () => {
    const url = await freshDatabase();
    const pool = testPool(url);
    try {
      await enqueue(url, inputs(8, { 2: 'crash-me.apk', 5: 'oom-me.apk' }), '--tries', '2');
      const run = worker(url, ['--until-empty', '--memory-mb', '96'], {
        [TEST_FAULT_VARIABLE]: 'crash=crash-me.apk,oom=oom-me.apk',
      });
      const timer = setTimeout(() => run.killGroup(), DEADLINE_MILLISECONDS);
      assert.equal(await run.exited, 2, run.stderr());
      clearTimeout(timer);
      const status = await statusOf(pool);
      assert.deepEqual([status.queued, status.running, status.done, status.failed], [0, 0, 6, 2]);
      const byName = new Map(status.failures.map((failure) => [failure.path.split('/').pop(), failure]));
      assert.equal(byName.get('crash-me.apk')?.kind, 'crash');
      assert.match(byName.get('crash-me.apk')?.message ?? '', /SIGSEGV.*\(try 2 of 2\)/);
      assert.equal(byName.get('oom-me.apk')?.kind, 'oom');
      assert.match(byName.get('oom-me.apk')?.message ?? '', /heap limit of 96 MB.*\(try 2 of 2\)/);
      assert.deepEqual(await scanCounts(pool), { scans: 6, inputs: 6 });
      const jobs = await pool.query('SELECT 1 FROM graphile_worker.jobs');
      assert.equal(jobs.rowCount, 0, 'no job left behind');
    } finally {
      await pool.end();
    }
  });

  await t.test('kill -9 mid-scan: the job stays locked for the lease, then another worker finishes it', async () => {
    const url = await freshDatabase();
    const pool = testPool(url);
    try {
      await enqueue(url, inputs(1, { 0: 'slow.apk' }));
      // The scan of slow.apk spins (the fault hook) until its worker is killed.
      const first = worker(url, ['--timeout-seconds', '120'], { [TEST_FAULT_VARIABLE]: 'hang=slow.apk' });
      await waitUntil(async () => (await statusOf(pool)).running === 1, DEADLINE_MILLISECONDS, 'the job to be taken');
      await sleep(HEARTBEAT_MILLISECONDS * 2); // the scan is under way, the heartbeat fresh
      const killedAt = Date.now();
      first.killGroup();
      await first.exited;
      const second = worker(url, ['--until-empty']);
      let unlockedAfter = -1;
      await waitUntil(
        async () => {
          const locked = await pool.query('SELECT 1 FROM graphile_worker.jobs WHERE locked_at IS NOT NULL');
          if (locked.rowCount === 0 && unlockedAfter < 0) unlockedAfter = Date.now() - killedAt;
          return unlockedAfter >= 0;
        },
        DEADLINE_MILLISECONDS,
        'the lease to lapse',
        50,
      );
      assert.equal(await second.exited, 0, second.stderr());
      const recoveredAfter = Date.now() - killedAt;
      assert.ok(
        unlockedAfter >= LEASE_SECONDS * 1000 - HEARTBEAT_MILLISECONDS - 100,
        `held for the lease (${unlockedAfter} ms after the kill)`,
      );
      assert.ok(unlockedAfter < LEASE_SECONDS * 1000 + 15_000, `released soon after the lease (${unlockedAfter} ms)`);
      const status = await statusOf(pool);
      assert.deepEqual([status.done, status.failed], [1, 0]);
      assert.deepEqual(await scanCounts(pool), { scans: 1, inputs: 1 });
      assert.match(second.stderr(), /gave back 1 job\(s\) of 1 worker\(s\)/);
      t.diagnostic(`kill -9 to unlock ${unlockedAfter} ms, to done ${recoveredAfter} ms (lease ${LEASE_SECONDS} s)`);
    } finally {
      await pool.end();
    }
  });

  await t.test('a job whose worker died on every try is recorded failed, with why', async () => {
    const url = await freshDatabase();
    const pool = testPool(url);
    try {
      await enqueue(url, inputs(2), '--tries', '1');
      // As a worker leaves it when killed on its last try: locked by a worker no heartbeat lists, tries used up.
      await pool.query(
        `UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '1 hour', locked_by = 'lost-machine', attempts = 1
         WHERE id = (SELECT min(id) FROM graphile_worker._private_jobs)`,
      );
      const run = worker(url, ['--until-empty']);
      assert.equal(await run.exited, 2, run.stderr());
      const status = await statusOf(pool);
      assert.deepEqual([status.queued, status.running, status.done, status.failed], [0, 0, 1, 1]);
      const [failure] = status.failures;
      assert.ok(failure);
      assert.equal(failure.kind, 'crash');
      assert.match(failure.message, /stopped or lost the database on each of 1 tries/);
    } finally {
      await pool.end();
    }
  });

  await t.test('a job taken by a worker that died before scanning it gets its try back', async () => {
    const url = await freshDatabase();
    const pool = testPool(url);
    try {
      await enqueue(url, inputs(1), '--tries', '1');
      // As a worker killed while starting up leaves it: locked, its only try counted, and the
      // worker's last heartbeat (long ago) listing the job in hand but no scan begun.
      await pool.query(
        `UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '1 hour', locked_by = 'starting-pool', attempts = 1`,
      );
      await pool.query(
        `INSERT INTO workers (id, host, pid, heartbeat_at, queue_worker_ids, running, scanning)
         SELECT 'starting', 'lost-machine', 1, now() - interval '1 hour', '{starting-pool}', array_agg(sha256), '{}' FROM inputs`,
      );
      const run = worker(url, ['--until-empty']);
      assert.equal(await run.exited, 0, run.stderr());
      const status = await statusOf(pool);
      assert.deepEqual([status.queued, status.running, status.done, status.failed], [0, 0, 1, 0]);
    } finally {
      await pool.end();
    }
  });

  await t.test(
    'SIGTERM: an idle worker exits at once; a second signal gives the job in hand back untried',
    async () => {
      const url = await freshDatabase();
      const pool = testPool(url);
      try {
        await enqueue(url, inputs(1, { 0: 'slow.apk' }));
        const idle = worker(url, [], {});
        await waitUntil(
          async () => (await statusOf(pool)).done === 1 || (await statusOf(pool)).running === 1,
          DEADLINE_MILLISECONDS,
          'a worker',
        );
        // (no fault: it scans the input, then idles)
        await waitUntil(async () => (await statusOf(pool)).done === 1, DEADLINE_MILLISECONDS, 'the scan');
        const stopAt = Date.now();
        idle.signal('SIGTERM');
        assert.equal(await idle.exited, 0, idle.stderr());
        assert.ok(Date.now() - stopAt < 10_000, 'stopped promptly');
        assert.equal((await statusOf(pool)).workers.length, 0, 'its heartbeat row is gone');

        const url2 = await freshDatabase();
        const pool2 = testPool(url2);
        try {
          await enqueue(url2, inputs(1, { 0: 'slow.apk' }));
          const busy = worker(url2, ['--timeout-seconds', '120'], { [TEST_FAULT_VARIABLE]: 'hang=slow.apk' });
          await waitUntil(
            async () => (await statusOf(pool2)).running === 1,
            DEADLINE_MILLISECONDS,
            'the job to be taken',
          );
          busy.signal('SIGTERM');
          await sleep(500);
          assert.equal(busy.child.exitCode, null, 'the first signal waits for the scan in hand');
          busy.signal('SIGTERM');
          const timer = setTimeout(() => busy.killGroup(), 20_000);
          assert.equal(await busy.exited, 0, busy.stderr());
          clearTimeout(timer);
          const status = await statusOf(pool2);
          assert.deepEqual([status.queued, status.running, status.done, status.failed], [1, 0, 0, 0]);
          const job = (await pool2.query<{ attempts: number }>('SELECT attempts FROM graphile_worker.jobs')).rows[0];
          assert.equal(job?.attempts, 0, 'the interrupted try is not counted');
        } finally {
          await pool2.end();
        }
      } finally {
        await pool.end();
      }
    },
  );
});
