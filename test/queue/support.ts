/**
 * Shared pieces of the queue tests: the CLI as a child process in a process group of its
 * own (a worker and its scan children can be killed together, as when a machine dies),
 * polling the queue's status, and waiting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { repositoryRoot } from '../support/corpus.js';
import { createPool, pgTarget } from '../../src/store/pg/connection.js';
import { queueStatus, type QueueStatus } from '../../src/queue/status.js';

export interface CliProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  /** SIGKILL to the whole process group: the worker and its scan children. */
  killGroup(): void;
  signal(name: NodeJS.Signals): void;
}

/** `apkwitness <args>` from the sources, in a new process group. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repositoryRoot, 'test', 'batch', 'cli-entry.ts'), ...args],
    { cwd: repositoryRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    killGroup: () => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
    signal: (name) => child.kill(name),
  };
}

/** A pool on the test database, ended when `close` is called. */
export function testPool(url: string): pg.Pool {
  return createPool(pgTarget(url), { max: 2 });
}

export function statusOf(pool: pg.Pool): Promise<QueueStatus> {
  return queueStatus(pool, 'test');
}

/** Polls `condition` every `every` ms until it holds; fails after `timeout` ms with `what`. */
export async function waitUntil(
  condition: () => Promise<boolean> | boolean,
  timeout: number,
  what: string,
  every = 100,
): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await condition()) return;
    if (Date.now() - started > timeout) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(every);
  }
}

/** Scans recorded, and distinct inputs among them: equal when no input was recorded twice. */
export async function scanCounts(pool: pg.Pool): Promise<{ scans: number; inputs: number }> {
  return (
    await pool.query<{ scans: number; inputs: number }>(
      'SELECT count(*) AS scans, count(DISTINCT (input_sha256, tool_version)) AS inputs FROM scans',
    )
  ).rows[0]!;
}
