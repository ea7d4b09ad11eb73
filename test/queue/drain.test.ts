/**
 * A synthetic queue of generated APKs, enqueued by two processes at once and drained by
 * three worker processes of which one is killed with SIGKILL (with its scan child) every
 * few seconds and replaced: no input lost (all done), none recorded twice (one scan per
 * input), no job left. CI runs APKWITNESS_DRAIN_JOBS (default 400) jobs; the issue's
 * 10,000 run with bench/queue-drain.ts, its figures in docs/scale-out.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, postgresSkip } from '../support/postgres.js';
import { seededRandom } from '../support/random.js';
import { drainWithKills } from './drain-run.js';

const JOBS = Number(process.env.APKWITNESS_DRAIN_JOBS ?? 400);
const SEED = 17;

test(
  `${JOBS} synthetic jobs, 3 workers killed at random: none lost, none recorded twice`,
  { skip: postgresSkip },
  async (t) => {
    const result = await drainWithKills({
      url: await freshDatabase(),
      jobs: JOBS,
      workers: 3,
      leaseSeconds: 2,
      killEveryMilliseconds: 3000,
      deadlineMilliseconds: 240_000,
      random: seededRandom(SEED),
      log: (line) => t.diagnostic(line),
    });
    assert.ok(result.kills >= 1, `some worker was killed (${result.kills})`);
    assert.deepEqual(
      {
        done: result.done,
        failed: result.failed,
        queued: result.queued,
        running: result.running,
        scans: result.scans,
        inputs: result.distinctInputs,
        jobsLeft: result.jobsLeft,
      },
      { done: JOBS, failed: 0, queued: 0, running: 0, scans: JOBS, inputs: JOBS, jobsLeft: 0 },
    );
  },
);
