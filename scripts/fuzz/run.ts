/**
 * Fuzz driver: mutated inputs run in a worker thread with a per-case timeout and a heap
 * limit, so a hang or a memory blow-up is caught and attributed to its input.
 */
import { Worker } from 'node:worker_threads';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip } from '../../test/support/zip-writer.js';
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
  /** Stop a target after this many cases (a campaign in chunks); default: only the time limits. */
  readonly casesPerTarget?: number;
  /**
   * 'speed' (default): a short calibration measures each target's cases per second, and the
   * rest of the time is split so that every target runs about as many cases (dex at ~150/s
   * gets far more time than zip at ~5,000/s). 'even': the same time for every target.
   */
  readonly split?: 'speed' | 'even';
  /** Bundles to seed the bundle target with (files holding several APKs). */
  readonly bundleSeedFiles?: readonly string[];
}

interface TargetStatistics {
  readonly target: FuzzTargetName;
  readonly cases: number;
  readonly seconds: number;
  /** Cases per second. */
  readonly rate: number;
}

export interface FuzzSummary {
  readonly cases: number;
  readonly formatErrors: number;
  readonly failures: FuzzFailure[];
  readonly targets: TargetStatistics[];
}

const ENTRY_FOR_TARGET: Partial<Record<FuzzTargetName, string>> = {
  axml: 'AndroidManifest.xml',
  arsc: 'resources.arsc',
  dex: 'classes.dex',
};

/** Entries of every type the file-type target sniffs: the seed APKs' assets, libraries and raw resources. */
const FILETYPE_ENTRY = /^(assets\/|lib\/|res\/raw\/)/;
/** The smallest inputs per seed file for the file-type target (sniffing is fast; many small seeds vary it). */
const FILETYPE_SEEDS_PER_FILE = 4;

function collectSeeds(
  target: FuzzTargetName,
  files: readonly string[],
  bundles: readonly string[] = [],
): Array<{ name: string; bytes: Uint8Array }> {
  const seeds: Array<{ name: string; bytes: Uint8Array }> = [];
  if (target === 'bundle') {
    for (const file of bundles) seeds.push({ name: file, bytes: new Uint8Array(readFileSync(file)) });
    return seeds;
  }
  if (target === 'filetype') {
    for (const file of files) {
      try {
        const archive = readZip(new Uint8Array(readFileSync(file))).value;
        const picked = archive.entries
          .filter((entry) => FILETYPE_ENTRY.test(entry.name) && entry.uncompressedSize < 1 << 20)
          .slice(0, FILETYPE_SEEDS_PER_FILE);
        for (const entry of picked) {
          const data = readEntry(archive, entry).value;
          if (data) seeds.push({ name: `${file}!${entry.name}`, bytes: data });
        }
      } catch {
        // an unreadable seed is not used
      }
    }
    return seeds;
  }
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
): Promise<number> {
  // Time spent running cases (from each worker's first case): a worker's start-up (loading tsx
  // and the parsers) is not the target's speed.
  let activeMilliseconds = 0;
  let activeSince: number | undefined;
  const seeds = collectSeeds(target, options.seedFiles, options.bundleSeedFiles);
  if (seeds.length === 0) throw new Error(`no seeds for target ${target}`);
  const casesAtStart = summary.cases;
  const limit = options.casesPerTarget ?? Number.POSITIVE_INFINITY;
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
        if (Date.now() >= deadline || summary.cases - casesAtStart >= limit) {
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
          activeSince ??= Date.now();
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
    if (activeSince !== undefined) activeMilliseconds += Date.now() - activeSince;
    activeSince = undefined;
    if (outcome === 'deadline') break;
  }
  return activeMilliseconds;
}

/** Share of the time spent measuring each target's speed before the rest is split by it… */
const CALIBRATION_SHARE = 0.1;
/** …but at least this long per target: a worker takes a few seconds to load before its first case. */
const MINIMUM_CALIBRATION_MS = 3000;

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const summary = { cases: 0, formatErrors: 0, failures: [] as FuzzFailure[] };
  const statistics = new Map<FuzzTargetName, { cases: number; milliseconds: number }>();
  const run = async (target: FuzzTargetName, milliseconds: number, casesPerTarget?: number): Promise<void> => {
    const before = summary.cases;
    const started = Date.now();
    const spent = statistics.get(target) ?? { cases: 0, milliseconds: 0 };
    const remainingCases = casesPerTarget === undefined ? undefined : Math.max(0, casesPerTarget - spent.cases);
    if (remainingCases === 0) return;
    const active = await fuzzTarget(
      target,
      { ...options, casesPerTarget: remainingCases },
      started + milliseconds,
      summary,
    );
    statistics.set(target, { cases: spent.cases + summary.cases - before, milliseconds: spent.milliseconds + active });
  };
  const total = options.seconds * 1000;
  const targets = options.targets;
  if ((options.split ?? 'speed') === 'even' || targets.length === 1) {
    for (const target of targets) await run(target, total / targets.length, options.casesPerTarget);
  } else {
    // Calibrate, then give each target time in proportion to 1 / speed: about as many cases each.
    const calibration = Math.max(MINIMUM_CALIBRATION_MS, (total * CALIBRATION_SHARE) / targets.length);
    for (const target of targets) await run(target, calibration, options.casesPerTarget);
    const secondsPerCase = targets.map((target) => {
      const measured = statistics.get(target) ?? { cases: 0, milliseconds: 0 };
      return measured.milliseconds / Math.max(1, measured.cases);
    });
    const weight = secondsPerCase.reduce((sum, value) => sum + value, 0);
    const rest = Math.max(0, total - calibration * targets.length);
    for (const [index, target] of targets.entries())
      await run(target, (rest * (secondsPerCase[index] ?? 0)) / Math.max(weight, 1e-9), options.casesPerTarget);
  }
  return {
    ...summary,
    targets: targets.map((target) => {
      const measured = statistics.get(target) ?? { cases: 0, milliseconds: 0 };
      return {
        target,
        cases: measured.cases,
        seconds: measured.milliseconds / 1000,
        rate: measured.cases / Math.max(0.001, measured.milliseconds / 1000),
      };
    }),
  };
}

/** Bundles for the bundle target: small .apks/.xapk/.apkm files of the corpus and one built from the fixtures. */
export function defaultBundleSeedFiles(corpusFiles: readonly string[], built: string, maxBytes = 2_000_000): string[] {
  return [built, ...corpusFiles.filter((path) => /\.(apks|xapk|apkm)$/i.test(path) && statSync(path).size <= maxBytes)];
}

/** Small APKs for seeds: the project's fixtures and corpus files under `maxBytes`. */
export function defaultSeedFiles(repositoryRoot: string, corpusFiles: readonly string[], maxBytes = 200_000): string[] {
  const fixtures = ['fixtures/demo/field-survey.apk'].map((path) => join(repositoryRoot, path));
  return [...fixtures, ...corpusFiles.filter((path) => statSync(path).size <= maxBytes)];
}

/** A two-APK .apks of the demo app (base and a second APK as a split): the bundle target's own seed. */
export function fixtureBundleSeed(repositoryRoot: string): string {
  const stored = (name: string, path: string) => ({
    name,
    data: new Uint8Array(readFileSync(join(repositoryRoot, path))),
  });
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-fuzz-seed-'));
  process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  const path = join(folder, 'demo.apks');
  writeFileSync(
    path,
    buildZip([
      stored('base.apk', 'fixtures/demo/field-survey.apk'),
      stored('split_config.en.apk', 'fixtures/demo-v2/field-survey-v2.apk'),
    ]),
  );
  return path;
}
