/**
 * Fuzz driver: mutated inputs run in a worker thread with a per-case timeout and a heap
 * limit, so a hang or a memory blow-up is caught and attributed to its input.
 */
import { Worker } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readZip, readEntry, findEntry } from '../../src/formats/zip/index.js';
import { mutate } from './mutate.js';
import { seededRandom } from '../../test/support/random.js';
import type { FuzzTargetName } from './targets.js';
import type { FuzzCase } from './worker.js';

interface FuzzFailure {
  readonly target: FuzzTargetName;
  readonly kind: 'crash' | 'hang' | 'memory';
  readonly seedName: string;
  readonly mutationSeed: number;
  readonly message: string;
  readonly input: Uint8Array;
}

export interface FuzzOptions {
  readonly seconds: number;
  readonly seed: number;
  readonly targets: readonly FuzzTargetName[];
  /** APK files whose bytes (and entries) seed the mutations. */
  readonly seedFiles: readonly string[];
  readonly caseTimeoutMs?: number;
  readonly heapLimitMb?: number;
}

export interface FuzzSummary {
  readonly cases: number;
  readonly formatErrors: number;
  readonly failures: FuzzFailure[];
}

const ENTRY_FOR_TARGET: Partial<Record<FuzzTargetName, string>> = {
  axml: 'AndroidManifest.xml',
  arsc: 'resources.arsc',
  dex: 'classes.dex',
};

function collectSeeds(target: FuzzTargetName, files: readonly string[]): Array<{ name: string; bytes: Uint8Array }> {
  const seeds: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const file of files) {
    const bytes = new Uint8Array(readFileSync(file));
    const entryName = ENTRY_FOR_TARGET[target];
    if (!entryName) {
      seeds.push({ name: file, bytes });
      continue;
    }
    try {
      const archive = readZip(bytes).value;
      const entry = findEntry(archive, entryName);
      const data = entry ? readEntry(archive, entry, { maxBytes: 64 << 20 }).value : undefined;
      if (data) seeds.push({ name: `${file}!${entryName}`, bytes: data });
    } catch {
      // A seed that is itself unreadable is simply not used.
    }
  }
  return seeds;
}

/** Time a fresh worker may take to load tsx and the parsers. */
const STARTUP_TIMEOUT_MS = 30_000;

function startWorker(heapLimitMb: number): Worker {
  return new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: heapLimitMb },
  });
}

async function fuzzTarget(
  target: FuzzTargetName,
  options: FuzzOptions,
  deadline: number,
  summary: { cases: number; formatErrors: number; failures: FuzzFailure[] },
): Promise<void> {
  const seeds = collectSeeds(target, options.seedFiles);
  if (seeds.length === 0) throw new Error(`no seeds for target ${target}`);
  const random = seededRandom(options.seed ^ (target.length * 7919));
  const caseTimeoutMs = options.caseTimeoutMs ?? 10_000;
  const heapLimitMb = options.heapLimitMb ?? 1024;
  let nextId = 0;
  const pending = new Map<number, FuzzCase>();

  while (Date.now() < deadline) {
    const worker = startWorker(heapLimitMb);
    worker.postMessage({ seeds: seeds.map((seed) => seed.bytes) });
    const outcome = await new Promise<'deadline' | 'restart'>((resolve, reject) => {
      let current: FuzzCase | undefined;
      let timer: NodeJS.Timeout | undefined;
      // Messages already queued by a terminated worker must not re-arm the timer.
      let finished = false;
      const finish = (result: 'deadline' | 'restart') => {
        finished = true;
        clearTimeout(timer);
        void worker.terminate();
        resolve(result);
      };
      const fail = (kind: FuzzFailure['kind'], message: string) => {
        if (!current) throw new Error(`fuzz worker failed outside any case: ${message}`);
        const seed = seeds[current.seedIndex];
        summary.failures.push({
          target,
          kind,
          seedName: seed?.name ?? '?',
          mutationSeed: current.mutationSeed,
          message,
          input: mutate(seed?.bytes ?? new Uint8Array(0), current.mutationSeed),
        });
      };
      const arm = () => {
        clearTimeout(timer);
        // Before its first case the worker is still compiling TypeScript: allow it longer.
        const limit = current ? caseTimeoutMs : Math.max(caseTimeoutMs, STARTUP_TIMEOUT_MS);
        timer = setTimeout(() => {
          if (finished) return;
          if (!current) {
            finished = true;
            void worker.terminate();
            reject(new Error(`fuzz worker did not start within ${caseTimeoutMs} ms`));
            return;
          }
          fail('hang', `no result within ${caseTimeoutMs} ms`);
          finish('restart');
        }, limit);
      };
      const sendBatch = () => {
        if (Date.now() >= deadline) {
          finish('deadline');
          return;
        }
        const cases: FuzzCase[] = [];
        for (let index = 0; index < 16; index++) {
          const fuzzCase = {
            id: nextId++,
            target,
            seedIndex: Math.floor(random() * seeds.length),
            mutationSeed: Math.floor(random() * 0xffffffff),
          };
          pending.set(fuzzCase.id, fuzzCase);
          cases.push(fuzzCase);
        }
        worker.postMessage({ cases });
        arm();
      };
      worker.on('message', (message: { kind: string; id?: number; outcome?: string; message?: string }) => {
        if (finished) return;
        if (message.kind === 'start') {
          current = pending.get(message.id ?? -1);
          arm();
        } else if (message.kind === 'done') {
          summary.cases++;
          if (message.outcome === 'format-error') summary.formatErrors++;
          if (message.outcome === 'crash') fail('crash', message.message ?? 'crash');
          pending.delete(message.id ?? -1);
        } else if (message.kind === 'batch-done') {
          sendBatch();
        }
      });
      worker.on('error', (error: Error & { code?: string }) => {
        if (finished) return;
        clearTimeout(timer);
        if (!current) {
          finished = true;
          reject(new Error(`fuzz worker failed to start: ${error.message}`));
          return;
        }
        fail(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash',
          `${error.code ?? error.name}: ${error.message}`,
        );
        finish('restart');
      });
      sendBatch();
    });
    pending.clear();
    if (outcome === 'deadline') break;
  }
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const summary = { cases: 0, formatErrors: 0, failures: [] as FuzzFailure[] };
  const perTarget = (options.seconds * 1000) / options.targets.length;
  for (const target of options.targets) {
    await fuzzTarget(target, options, Date.now() + perTarget, summary);
  }
  return summary;
}

/** Small APKs for seeds: the project's fixtures and corpus files under `maxBytes`. */
export function defaultSeedFiles(repositoryRoot: string, corpusFiles: readonly string[], maxBytes = 200_000): string[] {
  const fixtures = ['fixtures/demo/field-survey.apk'].map((path) => join(repositoryRoot, path));
  return [...fixtures, ...corpusFiles.filter((path) => statSync(path).size <= maxBytes)];
}
