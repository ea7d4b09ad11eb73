/**
 * graphile-worker against pg-boss, the two PostgreSQL job queues issue 17 names, on what
 * apkwitness needs of a queue (docs/scale-out.md, "Choosing the queue"):
 *
 *   - enqueue: one job per call (as `apkwitness enqueue` adds each file), ms per job;
 *   - dequeue: a worker draining N jobs with a handler that does nothing, at concurrency
 *     1 and 4: ms per job, the worker's CPU and PostgreSQL's CPU per job;
 *   - recovery: a worker process holding a job is killed with SIGKILL; how long until
 *     another worker has completed that job. graphile-worker releases a dead worker's
 *     jobs after 4 hours on its own, or at once through `forceUnlockWorkers` (what
 *     apkwitness does once a worker's heartbeat is older than the lease); pg-boss fails
 *     an active job `expireInSeconds` after it started, at its next maintenance run,
 *     then retries it.
 *
 * pg-boss is not a dependency of apkwitness; install it for this comparison only:
 *   npm install --no-save pg-boss@10.4.2
 *   node --import tsx bench/queue-libraries.ts [--jobs N] [--lease-seconds S]
 * The connection comes from DATABASE_URL or the PG* variables (scripts/postgres-cluster.sh
 * starts a throw-away cluster); two databases are created and dropped.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { makeWorkerUtils, run, type Runner } from 'graphile-worker';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '2000' },
    'lease-seconds': { type: 'string', default: '5' },
    child: { type: 'string' },
    database: { type: 'string' },
  },
});
const JOBS = Number(values.jobs);
const LEASE_SECONDS = Number(values['lease-seconds']);
const TASK = 'scan';
/** pg-boss's shortest polling interval (seconds): its work() loop polls, it has no LISTEN. */
const PG_BOSS_POLL_SECONDS = 0.5;

/** CPU seconds (user + system) of every PostgreSQL server process on this machine, from /proc. */
function postgresCpuSeconds(): number {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const command = stat.slice(stat.indexOf('(') + 1, close);
      if (command !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime + stime, and cutime + cstime: the postmaster reaps the backends of closed connections.
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticks;
    } catch {
      // The process ended while being read.
    }
  }
  return total;
}

function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function urlFor(database: string): string {
  const base = process.env.DATABASE_URL;
  if (base !== undefined && base !== '') {
    const url = new URL(base);
    url.pathname = `/${database}`;
    return url.toString();
  }
  const user = process.env.PGUSER ?? process.env.USER ?? 'postgres';
  const host = process.env.PGHOST ?? '127.0.0.1';
  const port = process.env.PGPORT ?? '5432';
  return `postgres://${encodeURIComponent(user)}@${host}:${port}/${database}`;
}

async function withAdmin<T>(action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase(name: string): Promise<string> {
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
  return urlFor(name);
}

async function dropDatabase(name: string): Promise<void> {
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

interface Measure {
  readonly milliseconds: number;
  readonly clientCpu: number;
  readonly serverCpu: number;
}

async function measure(action: () => Promise<void>): Promise<Measure> {
  const cpu = cpuSeconds();
  const server = postgresCpuSeconds();
  const started = performance.now();
  await action();
  return {
    milliseconds: performance.now() - started,
    clientCpu: cpuSeconds() - cpu,
    serverCpu: postgresCpuSeconds() - server,
  };
}

function perJob(label: string, result: Measure, jobs: number): string {
  return `${label.padEnd(34)} ${((result.milliseconds / jobs) * 1000).toFixed(0).padStart(6)} µs/job wall  ${((result.clientCpu / jobs) * 1e6).toFixed(0).padStart(6)} µs/job client CPU  ${((result.serverCpu / jobs) * 1e6).toFixed(0).padStart(6)} µs/job PostgreSQL CPU`;
}

function until(condition: () => boolean, timeoutMilliseconds: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMilliseconds) {
        clearInterval(timer);
        reject(new Error(`not done within ${timeoutMilliseconds} ms`));
      }
    }, 5);
  });
}

/** A child process that takes one job, says so on stdout, and hangs until killed. */
function holdingChild(library: 'graphile' | 'pgboss', database: string): Promise<{ kill: () => void }> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--child', library, '--database', database],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      if (text.includes('holding')) resolve({ kill: () => child.kill('SIGKILL') });
    });
    child.once('exit', (code) => reject(new Error(`holding child exited (${code})`)));
  });
}

// --- graphile-worker -------------------------------------------------------------------

async function graphile(): Promise<void> {
  const database = 'apkwitness_queue_bench_graphile';
  const url = await freshDatabase(database);
  const utils = await makeWorkerUtils({ connectionString: url });
  await utils.migrate();
  const enqueue = await measure(async () => {
    for (let index = 0; index < JOBS; index += 1) await utils.addJob(TASK, { index }, { jobKey: `k${index}` });
  });
  console.log(perJob('graphile-worker enqueue (addJob)', enqueue, JOBS));
  for (const concurrency of [1, 4]) {
    if (concurrency === 4)
      for (let index = 0; index < JOBS; index += 1) await utils.addJob(TASK, { index }, { jobKey: `c${index}` });
    let done = 0;
    let runner: Runner | undefined;
    const drain = await measure(async () => {
      runner = await run({
        connectionString: url,
        concurrency,
        noHandleSignals: true,
        pollInterval: 1000,
        logger: quietLogger(),
        taskList: {
          [TASK]: () => {
            done += 1;
            return Promise.resolve();
          },
        },
      });
      await until(() => done >= JOBS, 600_000);
    });
    await runner?.stop();
    console.log(perJob(`graphile-worker dequeue, concurrency ${concurrency}`, drain, JOBS));
  }
  // Recovery: a worker holding a job is killed; its jobs come back once forceUnlockWorkers names it.
  const holder = await holdingChild('graphile', database);
  const killedAt = performance.now();
  holder.kill();
  let recovered = 0;
  const runner = await run({
    connectionString: url,
    concurrency: 1,
    noHandleSignals: true,
    pollInterval: 200,
    logger: quietLogger(),
    taskList: {
      [TASK]: () => {
        recovered += 1;
        return Promise.resolve();
      },
    },
  });
  await new Promise((resolve) => setTimeout(resolve, LEASE_SECONDS * 1000));
  const pool = new pg.Pool({ connectionString: url });
  const locked = await pool.query<{ locked_by: string }>(
    'SELECT DISTINCT locked_by FROM graphile_worker.jobs WHERE locked_by IS NOT NULL',
  );
  await utils.forceUnlockWorkers(locked.rows.map((row) => row.locked_by));
  await until(() => recovered >= 1, 60_000);
  console.log(
    `graphile-worker recovery: job of the killed worker done ${((performance.now() - killedAt) / 1000).toFixed(2)} s after the kill (lease ${LEASE_SECONDS} s, then forceUnlockWorkers; on its own: after 4 h)`,
  );
  await runner.stop();
  await pool.end();
  await utils.release();
  await dropDatabase(database);
}

function quietLogger() {
  // graphile-worker's Logger: a factory of scoped log functions; only errors are shown.
  return new (class {
    scope() {
      return this;
    }
    error(message: string) {
      console.error(message);
    }
    warn() {}
    info() {}
    debug() {}
  })() as never;
}

// --- pg-boss -----------------------------------------------------------------------------

/** The part of pg-boss 10's API used here (it is not a dependency: no types at hand). */
interface PgBoss {
  on(event: 'error', handler: (error: Error) => void): void;
  start(): Promise<unknown>;
  stop(options: { graceful: boolean; wait: boolean }): Promise<void>;
  createQueue(name: string): Promise<void>;
  send(name: string, data: object, options?: object): Promise<string | null>;
  work(name: string, options: object, handler: () => Promise<void>): Promise<string>;
  offWork(options: { id: string }): Promise<void>;
  fetch(name: string): Promise<Array<{ id: string }>>;
  complete(name: string, id: string): Promise<void>;
}
type PgBossConstructor = new (options: object) => PgBoss;

async function loadPgBoss(): Promise<PgBossConstructor> {
  const name = 'pg-boss';
  try {
    return ((await import(name)) as { default: PgBossConstructor }).default;
  } catch {
    console.error('pg-boss is not installed: npm install --no-save pg-boss@10.4.2');
    process.exit(2);
  }
}

async function pgBoss(): Promise<void> {
  const PgBoss = await loadPgBoss();
  const database = 'apkwitness_queue_bench_pgboss';
  const url = await freshDatabase(database);
  const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
  boss.on('error', (error: Error) => console.error(error.message));
  await boss.start();
  await boss.createQueue(TASK);
  const enqueue = await measure(async () => {
    for (let index = 0; index < JOBS; index += 1) await boss.send(TASK, { index }, { singletonKey: `k${index}` });
  });
  console.log(perJob('pg-boss enqueue (send)', enqueue, JOBS));
  // work() sleeps pollingIntervalSeconds after every fetch unless notified (pg-boss 10 has no
  // LISTEN): one job per 0.5 s per work() loop. Shown on a few jobs; the drains below use
  // fetch() and complete() in a loop of our own, as apkwitness would have to.
  const few = Math.min(JOBS, 20);
  for (let index = 0; index < few; index += 1) await boss.send(TASK, { index }, { singletonKey: `w${index}` });
  let polled = 0;
  const polling = await measure(async () => {
    const id = await boss.work(TASK, { batchSize: 1, pollingIntervalSeconds: PG_BOSS_POLL_SECONDS }, () => {
      polled += 1;
      return Promise.resolve();
    });
    await until(() => polled >= few, 600_000);
    await boss.offWork({ id });
  });
  console.log(perJob(`pg-boss dequeue, work() (${few} jobs)`, polling, few));
  for (const concurrency of [1, 4]) {
    for (let index = 0; index < JOBS; index += 1)
      await boss.send(TASK, { index }, { singletonKey: `c${concurrency}-${index}` });
    let done = 0;
    const drain = await measure(async () => {
      const loop = async (): Promise<void> => {
        for (;;) {
          const [job] = await boss.fetch(TASK);
          if (job === undefined) return;
          done += 1;
          await boss.complete(TASK, job.id);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, loop));
      await until(() => done >= JOBS, 600_000);
    });
    console.log(perJob(`pg-boss dequeue, fetch+complete x${concurrency}`, drain, JOBS));
  }
  await boss.stop({ graceful: false, wait: true });
  // Recovery: the job expires LEASE_SECONDS after it started; maintenance (every second here) retries it.
  const supervisor = new PgBoss({
    connectionString: url,
    supervise: true,
    schedule: false,
    maintenanceIntervalSeconds: 1,
    monitorStateIntervalSeconds: 1,
  });
  supervisor.on('error', (error: Error) => console.error(error.message));
  await supervisor.start();
  await supervisor.send(TASK, { hold: true }, { expireInSeconds: LEASE_SECONDS, retryLimit: 3, retryDelay: 0 });
  const holder = await holdingChild('pgboss', database);
  const killedAt = performance.now();
  holder.kill();
  let recovered = 0;
  await supervisor.work(TASK, { pollingIntervalSeconds: PG_BOSS_POLL_SECONDS }, () => {
    recovered += 1;
    return Promise.resolve();
  });
  await until(() => recovered >= 1, 120_000);
  console.log(
    `pg-boss recovery: job of the killed worker done ${((performance.now() - killedAt) / 1000).toFixed(2)} s after the kill (expireInSeconds ${LEASE_SECONDS}, maintenance every 1 s; default maintenance: every 120 s)`,
  );
  await supervisor.stop({ graceful: false, wait: true });
  await dropDatabase(database);
}

// --- the process that takes a job and is killed holding it --------------------------------

async function child(library: string, database: string): Promise<void> {
  const url = urlFor(database);
  if (library === 'graphile') {
    const utils = await makeWorkerUtils({ connectionString: url });
    await utils.addJob(TASK, { hold: true });
    await utils.release();
    await run({
      connectionString: url,
      concurrency: 1,
      noHandleSignals: true,
      logger: quietLogger(),
      taskList: {
        [TASK]: () => {
          process.stdout.write('holding\n');
          return new Promise(() => {});
        },
      },
    });
  } else {
    const PgBoss = await loadPgBoss();
    const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
    await boss.start();
    await boss.work(TASK, { pollingIntervalSeconds: PG_BOSS_POLL_SECONDS }, () => {
      process.stdout.write('holding\n');
      return new Promise(() => {});
    });
  }
}

if (values.child !== undefined) {
  await child(values.child, values.database ?? '');
} else {
  console.log(`${JOBS} jobs; lease ${LEASE_SECONDS} s; load average ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  await graphile();
  await pgBoss();
}
