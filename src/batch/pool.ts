/**
 * A pool of scan workers: child processes (child_process.fork), so that a native
 * crash, an endless loop or heap exhaustion in one file ends one process, never the
 * batch. Each task has a time limit (the worker is killed, then replaced) and each
 * worker a heap limit (`--max-old-space-size`); the outcome of every task is a
 * result or a classified error (crash, timeout, oom, format).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ScanReport } from '../findings/scan.js';
import type { ErrorKind, SearchableString } from '../store/index.js';
import type { ScanTask, WorkerAnswer } from './protocol.js';

export interface PoolOptions {
  readonly jobs: number;
  readonly timeoutMilliseconds: number;
  readonly memoryMegabytes: number;
  /** Extra environment for the workers (tests set the fault hook). */
  readonly env?: NodeJS.ProcessEnv;
}

export type TaskOutcome =
  | { readonly ok: true; readonly report: ScanReport; readonly appStrings: SearchableString[]; readonly milliseconds: number }
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

interface Slot {
  child: ChildProcess;
  stderr: string;
  /** Resolves when the worker has loaded its modules and listens (messages sent earlier could be lost). */
  ready: Promise<boolean>;
  task?: { id: number; resolve: (outcome: TaskOutcome) => void; timer: NodeJS.Timeout; timedOut: boolean };
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly idle: Slot[] = [];
  private readonly waiting: Array<(slot: Slot) => void> = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  /** Scans one file in a worker; never rejects. */
  async run(path: string): Promise<TaskOutcome> {
    const slot = await this.acquire();
    if (!(await slot.ready)) return this.classify(slot, false, slot.child.exitCode, slot.child.signalCode);
    return new Promise<TaskOutcome>((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        if (slot.task?.id !== id) return;
        slot.task.timedOut = true;
        slot.child.kill('SIGKILL');
      }, this.options.timeoutMilliseconds);
      slot.task = { id, resolve, timer, timedOut: false };
      slot.child.send({ id, path } satisfies ScanTask);
    });
  }

  /** Ends every worker. */
  close(): void {
    this.closed = true;
    for (const slot of this.slots) slot.child.kill('SIGKILL');
    this.slots.clear();
  }

  private async acquire(): Promise<Slot> {
    const slot = this.idle.pop();
    if (slot !== undefined) return slot;
    if (this.slots.size < this.options.jobs) return this.spawn();
    return new Promise<Slot>((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next !== undefined) next(slot);
    else this.idle.push(slot);
  }

  private spawn(): Slot {
    const entry = workerEntry();
    const child = fork(entry.path, [], {
      execArgv: [...entry.execArgv, `--max-old-space-size=${this.options.memoryMegabytes}`],
      env: { ...process.env, ...this.options.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let markReady: (ready: boolean) => void = () => undefined;
    const slot: Slot = { child, stderr: '', ready: new Promise<boolean>((resolve) => { markReady = resolve; }) };
    this.slots.add(slot);
    child.once('exit', () => markReady(false));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      slot.stderr = (slot.stderr + text).slice(-STDERR_TAIL);
    });
    child.on('message', (message: WorkerAnswer | { ready: true }) => {
      if ('ready' in message) markReady(true);
      if (!('id' in message) || slot.task?.id !== message.id) return;
      const { resolve, timer } = slot.task;
      clearTimeout(timer);
      slot.task = undefined;
      resolve(message.ok ? { ok: true, report: message.report, appStrings: message.appStrings, milliseconds: message.milliseconds } : { ok: false, kind: message.kind, message: message.message });
      this.release(slot);
    });
    child.on('exit', (code, signal) => this.onExit(slot, code, signal));
    child.on('error', () => { /* 'exit' follows and explains */ });
    return slot;
  }

  /** A worker died: its task (if any) becomes an error, and a fresh worker takes its place for the queue. */
  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    this.slots.delete(slot);
    const idleIndex = this.idle.indexOf(slot);
    if (idleIndex >= 0) this.idle.splice(idleIndex, 1);
    const task = slot.task;
    if (task !== undefined) {
      clearTimeout(task.timer);
      slot.task = undefined;
      // Let stderr drain: V8 prints its heap message just before aborting.
      setImmediate(() => task.resolve(this.classify(slot, task.timedOut, code, signal)));
    }
    if (!this.closed && this.waiting.length > 0) this.release(this.spawn());
  }

  private classify(slot: Slot, timedOut: boolean, code: number | null, signal: NodeJS.Signals | null): TaskOutcome {
    const seconds = Math.round(this.options.timeoutMilliseconds / 1000);
    if (timedOut) return { ok: false, kind: 'timeout', message: `no answer within ${seconds} s: worker killed` };
    const lastLine = slot.stderr.trim().split('\n').filter((line) => line.trim() !== '').slice(-1)[0]?.trim();
    if (HEAP_EXHAUSTED.test(slot.stderr)) return { ok: false, kind: 'oom', message: `heap limit of ${this.options.memoryMegabytes} MB reached: worker aborted` };
    const how = signal !== null ? `signal ${signal}` : `exit code ${code}`;
    return { ok: false, kind: 'crash', message: `worker died (${how})${lastLine ? `: ${lastLine}` : ''}` };
  }
}
