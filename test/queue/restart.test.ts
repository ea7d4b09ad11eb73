/**
 * PostgreSQL restarted (immediate mode, as after a crash) while two workers drain a
 * queue: every input ends done, none is recorded twice, nothing is lost. The test runs
 * its own throw-away cluster (scripts/postgres-cluster.sh) so that restarting it
 * disturbs no other test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownCluster, ownClusterSkip } from '../support/postgres.js';
import { seededRandom } from '../support/random.js';
import { drainWithKills } from './drain-run.js';

const JOBS = 120;

test('PostgreSQL restarted mid-batch: nothing lost, nothing recorded twice', { skip: ownClusterSkip }, async (t) => {
  const cluster = await ownCluster();
  let restarted = false;
  const result = await drainWithKills({
    url: cluster.url,
    jobs: JOBS,
    workers: 2,
    leaseSeconds: 3,
    killEveryMilliseconds: 0,
    midway: {
      done: JOBS / 4,
      action: () => {
        cluster.restart();
        restarted = true;
      },
    },
    deadlineMilliseconds: 180_000,
    random: seededRandom(15),
    log: (line) => t.diagnostic(line),
  });
  assert.ok(restarted, 'the server was restarted midway');
  assert.deepEqual(
    [result.done, result.failed, result.queued, result.running, result.scans, result.distinctInputs, result.jobsLeft],
    [JOBS, 0, 0, 0, JOBS, JOBS, 0],
  );
});
