/**
 * A synthetic queue drained by several worker processes, some killed with SIGKILL at
 * random and replaced, with the database optionally restarted midway: used by
 * drain.test.ts and restart.test.ts (small), and by bench/queue-drain.ts (10,000 jobs,
 * figures in docs/scale-out.md). Two enqueue processes enqueue the same folder at once.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { writeTinyApks } from '../support/tiny-apk.js';
import { scanCounts, startCli, statusOf, testPool, type CliProcess } from './support.js';

export interface DrainOptions {
  readonly url: string;
  readonly jobs: number;
  /** Worker processes kept running. */
  readonly workers: number;
  readonly leaseSeconds: number;
  /** A worker is killed (and replaced) every this many ms on average; 0: never. */
  readonly killEveryMilliseconds: number;
  /** Called once when this many inputs are done (restart.test.ts restarts the server there). */
  readonly midway?: { readonly done: number; readonly action: () => void };
  readonly deadlineMilliseconds: number;
  readonly log?: (line: string) => void;
  /** A seeded draw in [0, 1) (the kills' timing and victims). */
  readonly random: () => number;
}

export interface DrainResult {
  readonly seconds: number;
  readonly enqueueSeconds: number;
  readonly kills: number;
  readonly done: number;
  readonly failed: number;
  readonly queued: number;
  readonly running: number;
  readonly scans: number;
  readonly distinctInputs: number;
  readonly jobsLeft: number;
  /** The errors of failed inputs (a few). */
  readonly failures: readonly string[];
}

export async function drainWithKills(options: DrainOptions): Promise<DrainResult> {
  const log = options.log ?? (() => {});
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-drain-'));
  const pool = testPool(options.url);
  const workers: CliProcess[] = [];
  const start = (): void => {
    workers.push(
      startCli([
        'worker',
        '--db',
        options.url,
        '--concurrency',
        '1',
        '--lease-seconds',
        String(options.leaseSeconds),
        '--until-empty',
      ]),
    );
  };
  try {
    writeTinyApks(folder, options.jobs);
    const enqueueStarted = performance.now();
    const enqueuers = [0, 1].map(() => startCli(['enqueue', folder, '--db', options.url]));
    const codes = await Promise.all(enqueuers.map((process) => process.exited));
    if (codes.some((code) => code !== 0))
      throw new Error(`enqueue failed: ${enqueuers.map((process) => process.stderr()).join(' | ')}`);
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;
    log(`enqueued ${options.jobs} in ${enqueueSeconds.toFixed(1)} s (two enqueue processes at once)`);

    const started = performance.now();
    for (let index = 0; index < options.workers; index += 1) start();
    let kills = 0;
    let nextKill = started + options.killEveryMilliseconds * (0.5 + options.random());
    let midwayDone = false;
    for (;;) {
      await sleep(100);
      const now = performance.now();
      if (now - started > options.deadlineMilliseconds)
        throw new Error(`not drained within ${options.deadlineMilliseconds} ms`);
      let status;
      try {
        status = await statusOf(pool);
      } catch {
        continue; // the server restarting
      }
      if (options.midway !== undefined && !midwayDone && status.done >= options.midway.done) {
        midwayDone = true;
        log(`midway at ${status.done} done`);
        options.midway.action();
      }
      if (status.queued === 0 && status.running === 0) break;
      if (options.killEveryMilliseconds > 0 && now >= nextKill) {
        const alive = workers.filter((worker) => worker.child.exitCode === null && worker.child.signalCode === null);
        const victim = alive[Math.floor(options.random() * alive.length)];
        if (victim !== undefined) {
          victim.killGroup();
          kills += 1;
          start();
        }
        nextKill = now + options.killEveryMilliseconds * (0.5 + options.random());
      }
      // A worker that stopped on its own (nothing queued for a moment) is replaced while work remains.
      const alive = workers.filter((worker) => worker.child.exitCode === null && worker.child.signalCode === null);
      for (let missing = options.workers - alive.length; missing > 0; missing -= 1) start();
    }
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(workers.map((worker) => worker.exited));
    const status = await statusOf(pool);
    const counts = await scanCounts(pool);
    const jobsLeft = (await pool.query('SELECT 1 FROM graphile_worker.jobs')).rowCount ?? 0;
    log(
      `drained in ${seconds.toFixed(1)} s with ${kills} kills: ${status.done} done, ${status.failed} failed, ${counts.scans} scans of ${counts.inputs} inputs`,
    );
    return {
      seconds,
      enqueueSeconds,
      kills,
      done: status.done,
      failed: status.failed,
      queued: status.queued,
      running: status.running,
      scans: counts.scans,
      distinctInputs: counts.inputs,
      jobsLeft,
      failures: status.failures.slice(0, 5).map((failure) => `${failure.kind}: ${failure.message}`),
    };
  } finally {
    for (const worker of workers) worker.killGroup();
    await pool.end();
    rmSync(folder, { recursive: true, force: true });
  }
}
