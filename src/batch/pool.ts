/**
 * A pool of scan workers: child processes (child_process.fork), so that a native
 * crash, an endless loop or heap exhaustion in one file ends one process, never the
 * batch. Each task has a time limit (the worker is killed, then replaced) and each
 * worker a heap limit (`--max-old-space-size`); the outcome of every task is a
 * result or a classified error (crash, timeout, oom, format).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ErrorKind, PreparedScan } from '../store/index.js';
import type { ScanTask, WorkerAnswer } from './protocol.js';
import { WORKER_V8_FLAGS } from '../scan/process-tuning.js';

export interface PoolOptions {
  readonly jobs: number;
  readonly timeoutMilliseconds: number;
  readonly memoryMegabytes: number;
  /** Extra environment for the workers (tests set the fault hook). */
  readonly env?: NodeJS.ProcessEnv;
  /** V8 flags for each worker (default DEFAULT_WORKER_V8_FLAGS). */
  readonly v8Flags?: readonly string[];
}

/**
 * V8 flags of the scan workers: none. Fewer inlining, a later tier-up, Maglev and
 * Sparkplug-first changed nothing beyond noise on the corpus, and --single-threaded only
 * slowed a lone worker (docs/library.md; bench/batch.ts --worker-flags compares them).
 */
/** The V8 settings of a process that scans app after app (src/scan/process-tuning.ts). */
const DEFAULT_WORKER_V8_FLAGS: readonly string[] = WORKER_V8_FLAGS;

export type TaskOutcome =
  | { readonly ok: true; readonly prepared: PreparedScan; readonly milliseconds: number }
  | { readonly ok: false; readonly kind: ErrorKind; readonly message: string };

/** Bytes of a worker's stderr kept to explain its death. */
const STDERR_TAIL = 4096;
/** V8's message when the heap limit is reached (it then aborts the process). */
const HEAP_EXHAUSTED = /heap out of memory|Reached heap limit|Allocation failed/i;

/**
 * The worker's entry: the compiled `worker.js` beside this module when running from
 * dist/, else `worker.ts` through tsx (tests and `node --import tsx`).
 */
function workerEntry(): { path: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { path: fileURLToPath(new URL('./worker.ts', here)), execArgv: ['--import', import.meta.resolve('tsx')] };
  }
  return { path: fileURLToPath(new URL('./worker.js', here)), execArgv: [] };
}

interface Pending {
  readonly path: string;
  readonly resolve: (outcome: TaskOutcome) => void;
}

interface Slot {
  readonly child: ChildProcess;
  stderr: string;
  /** The worker has loaded its modules and listens (messages sent earlier could be lost). */
  ready: boolean;
  /** A task given to the worker before it was ready: sent when it is. */
  assigned?: Pending;
  task?: {
    readonly id: number;
    readonly resolve: (outcome: TaskOutcome) => void;
    readonly timer: NodeJS.Timeout;
    timedOut: boolean;
  };
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly idle: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  /** Scans one file in a worker; never rejects. */
  run(path: string): Promise<TaskOutcome> {
    return new Promise<TaskOutcome>((resolve) => {
      this.queue.push({ path, resolve });
      this.dispatch();
    });
  }

  /** Ends every worker. */
  close(): void {
    this.closed = true;
    for (const slot of this.slots) slot.child.kill('SIGKILL');
    this.slots.clear();
  }

  /**
   * Gives queued tasks to idle workers, starting workers up to `jobs`. Called
   * synchronously when a worker answers, before the answer is handed on: the worker
   * starts its next file while this process records the previous one.
   */
  private dispatch(): void {
    while (!this.closed && this.queue.length > 0) {
      const idle = this.idle.pop();
      if (idle !== undefined) {
        this.start(idle, this.queue.shift() as Pending);
      } else if (this.slots.size < this.options.jobs) {
        const slot = this.spawn();
        slot.assigned = this.queue.shift();
      } else {
        return;
      }
    }
  }

  private start(slot: Slot, pending: Pending): void {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      if (slot.task?.id !== id) return;
      slot.task.timedOut = true;
      slot.child.kill('SIGKILL');
    }, this.options.timeoutMilliseconds);
    slot.task = { id, resolve: pending.resolve, timer, timedOut: false };
    slot.child.send({ id, path: pending.path } satisfies ScanTask);
  }

  private spawn(): Slot {
    const entry = workerEntry();
    const child = fork(entry.path, [], {
      execArgv: [
        ...entry.execArgv,
        ...(this.options.v8Flags ?? DEFAULT_WORKER_V8_FLAGS),
        `--max-old-space-size=${this.options.memoryMegabytes}`,
      ],
      env: { ...process.env, ...this.options.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const slot: Slot = { child, stderr: '', ready: false };
    this.slots.add(slot);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      slot.stderr = (slot.stderr + text).slice(-STDERR_TAIL);
    });
    child.on('message', (message: WorkerAnswer | { ready: true }) => this.onMessage(slot, message));
    child.on('exit', (code, signal) => this.onExit(slot, code, signal));
    child.on('error', () => {
      /* 'exit' follows and explains */
    });
    return slot;
  }

  private onMessage(slot: Slot, message: WorkerAnswer | { ready: true }): void {
    if ('ready' in message) {
      slot.ready = true;
      const assigned = slot.assigned;
      slot.assigned = undefined;
      if (assigned !== undefined) this.start(slot, assigned);
      else {
        this.idle.push(slot);
        this.dispatch();
      }
      return;
    }
    if (slot.task?.id !== message.id) return;
    const { resolve, timer } = slot.task;
    clearTimeout(timer);
    slot.task = undefined;
    this.idle.push(slot);
    this.dispatch();
    resolve(
      message.ok
        ? { ok: true, prepared: message.prepared, milliseconds: message.milliseconds }
        : { ok: false, kind: message.kind, message: message.message },
    );
  }

  /** A worker died: its task (if any) becomes an error, and a fresh worker takes its place for the queue. */
  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    this.slots.delete(slot);
    const idleIndex = this.idle.indexOf(slot);
    if (idleIndex >= 0) this.idle.splice(idleIndex, 1);
    const task = slot.task;
    const assigned = slot.assigned;
    slot.task = undefined;
    slot.assigned = undefined;
    if (task !== undefined) clearTimeout(task.timer);
    const resolve = task?.resolve ?? assigned?.resolve;
    // Let stderr drain first: V8 prints its heap message just before aborting.
    if (resolve !== undefined) setImmediate(() => resolve(this.classify(slot, task?.timedOut === true, code, signal)));
    this.dispatch();
  }

  private classify(slot: Slot, timedOut: boolean, code: number | null, signal: NodeJS.Signals | null): TaskOutcome {
    const seconds = Math.round(this.options.timeoutMilliseconds / 1000);
    if (timedOut) return { ok: false, kind: 'timeout', message: `no answer within ${seconds} s: worker killed` };
    const lastLine = slot.stderr
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-1)[0]
      ?.trim();
    if (HEAP_EXHAUSTED.test(slot.stderr))
      return {
        ok: false,
        kind: 'oom',
        message: `heap limit of ${this.options.memoryMegabytes} MB reached: worker aborted`,
      };
    const how = signal !== null ? `signal ${signal}` : `exit code ${code}`;
    return { ok: false, kind: 'crash', message: `worker died (${how})${lastLine ? `: ${lastLine}` : ''}` };
  }
}
