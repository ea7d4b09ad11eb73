/**
 * The synthetic queue: 10,000 generated APKs (one app each), enqueued by two
 * processes at once, drained by worker processes of which one is killed with SIGKILL
 * (with its scan child) every few seconds and replaced. Checks that no job is lost
 * (every input done) or duplicated (one scan per input, no job left), and prints the
 * time. test/queue/drain.test.ts runs the same with 400 jobs in CI.
 *
 *   node --import tsx bench/queue-drain.ts [--jobs 10000] [--workers 3] [--kill-every-seconds 3] [--lease-seconds 2]
 *
 * PostgreSQL: DATABASE_URL or the PG* variables (scripts/postgres-cluster.sh); a database
 * is created and dropped. Exit 1 when a job was lost or duplicated.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { drainWithKills } from '../test/queue/drain-run.js';
import { databaseUrl } from '../test/support/postgres.js';
import { seededRandom } from '../test/support/random.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '3' },
    'kill-every-seconds': { type: 'string', default: '3' },
    'lease-seconds': { type: 'string', default: '2' },
    seed: { type: 'string', default: '17' },
  },
});
const jobs = Number(values.jobs);

async function admin(sql: string): Promise<void> {
  const client = new pg.Client(process.env.DATABASE_URL ? { connectionString: process.env.DATABASE_URL } : {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const name = `apkwitness_drain_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE ${name}`);
console.log(
  `${jobs} jobs, ${values.workers} workers, a kill every ~${values['kill-every-seconds']} s, lease ${values['lease-seconds']} s; load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
try {
  const result = await drainWithKills({
    url: databaseUrl(name),
    jobs,
    workers: Number(values.workers),
    leaseSeconds: Number(values['lease-seconds']),
    killEveryMilliseconds: Number(values['kill-every-seconds']) * 1000,
    deadlineMilliseconds: 3_600_000,
    random: seededRandom(Number(values.seed)),
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(result));
  const whole =
    result.done === jobs &&
    result.failed === 0 &&
    result.scans === jobs &&
    result.distinctInputs === jobs &&
    result.jobsLeft === 0;
  console.log(
    `${whole ? 'no job lost or duplicated' : 'JOBS LOST OR DUPLICATED'}: drained in ${result.seconds.toFixed(1)} s (${(jobs / result.seconds).toFixed(1)} jobs/s) with ${result.kills} kills; enqueue ${result.enqueueSeconds.toFixed(1)} s; load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  process.exitCode = whole ? 0 : 1;
} finally {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
