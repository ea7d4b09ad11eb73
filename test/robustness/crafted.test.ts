/**
 * Issue 16: every crafted input (crafted.ts, built here, never committed) through every
 * command as a real process of the built CLI, with a time limit and a resident-memory check of
 * 150 MB + 3 × the input's size (peak RSS from GNU time, which covers batch's workers too):
 * an exit status of 0, 1 or 2, no stack trace, one line per error.
 * Needs `npm run build` (CI builds first) and /usr/bin/time (CI installs `time`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { repositoryRoot } from '../support/corpus.js';
import { needs } from '../support/needs.js';
import { buildCraftedInputs, DEMO, type CraftedInput } from './crafted.js';

const CLI = join(repositoryRoot, 'bin', 'apkwitness.js');
const BUILT = existsSync(join(repositoryRoot, 'dist', 'cli', 'main.js'));
const TIME = '/usr/bin/time';
const MB = 1000 * 1000;
/** Issue 16: resident memory within 150 MB + 3 × the input's size. */
const memoryLimit = (size: number): number => 150 * MB + 3 * size;
/** Commands run at once (the CI machine has 2 cores). */
const PARALLEL = 2;

interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly seconds: number;
  readonly peakBytes: number;
}

/** Runs the built CLI under GNU time; kills it at `seconds` + 5 (the assertion names the overrun). */
function runCli(args: readonly string[], seconds: number, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(TIME, ['-q', '-f', '@@peak-kb %M', process.execPath, CLI, ...args], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 200_000) stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 5) * 1000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const peak = /@@peak-kb (\d+)/.exec(stderr);
      resolve({
        status,
        signal,
        stderr: stderr.replace(/^.*@@peak-kb \d+\s*$/m, '').trim(),
        seconds: (performance.now() - started) / 1000,
        peakBytes: peak ? Number(peak[1]) * 1024 : Number.NaN,
      });
    });
  });
}

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

const skip = BUILT ? needs('time') : 'needs the built CLI (npm run build)';

test(
  'crafted inputs: every command ends in time, within memory, with a status and no stack trace',
  { skip },
  async () => {
    const folder = mkdtempSync(join(tmpdir(), 'apkwitness-crafted-'));
    try {
      const inputs = buildCraftedInputs(join(folder, 'inputs'));
      const cases: Array<{ input: CraftedInput; command: string; args: string[]; allowed: readonly number[] }> = [];
      for (const input of inputs) {
        const batchRoot = join(folder, `batch-${input.name}`);
        mkdirSync(batchRoot);
        symlinkSync(input.path, join(batchRoot, basename(input.path)));
        cases.push(
          { input, command: 'inspect', args: ['inspect', input.path, '--json'], allowed: [0, 2] },
          { input, command: 'scan', args: ['scan', input.path, '--json'], allowed: input.scanExit },
          {
            input,
            command: 'scan --format html',
            args: ['scan', input.path, '--format', 'html'],
            allowed: input.scanExit,
          },
          {
            input,
            command: 'diff',
            args: ['diff', DEMO, input.path],
            allowed: input.scanExit.includes(2) ? [2] : [0, 1],
          },
          {
            input,
            command: 'batch',
            args: ['batch', batchRoot, '--library', join(folder, `${input.name}.sqlite`), '--jobs', '1'],
            allowed: [0, 2],
          },
        );
      }
      const failures: string[] = [];
      const rows: string[] = [];
      await inParallel(cases, async ({ input, command, args, allowed }) => {
        const run = await runCli(args, input.seconds, folder);
        const label = `${command} ${input.name}`;
        rows.push(`${label}: status ${run.status}, ${run.seconds.toFixed(1)} s, ${(run.peakBytes / MB).toFixed(0)} MB`);
        if (run.signal !== null || run.status === null || !allowed.includes(run.status))
          failures.push(
            `${label}: status ${run.status} signal ${run.signal}, expected ${allowed.join('/')}: ${run.stderr.slice(0, 300)}`,
          );
        if (run.seconds > input.seconds)
          failures.push(`${label}: ${run.seconds.toFixed(1)} s, over ${input.seconds} s`);
        if (!(run.peakBytes <= memoryLimit(input.size)))
          failures.push(
            `${label}: peak ${(run.peakBytes / MB).toFixed(0)} MB, over ${(memoryLimit(input.size) / MB).toFixed(0)} MB`,
          );
        if (/^\s+at .+:\d+:\d+\)?$/m.test(run.stderr) || /node:internal|Error: /.test(run.stderr))
          failures.push(`${label}: stack trace on stderr: ${run.stderr.slice(0, 300)}`);
        if (run.status === 2 && command !== 'batch' && run.stderr.split('\n').length !== 1)
          failures.push(`${label}: exit 2 with ${run.stderr.split('\n').length} lines on stderr`);
      });
      console.log(rows.sort().join('\n'));
      assert.deepEqual(failures, []);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
);

test('serve and search refuse a FIFO as library at once', { skip }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-crafted-'));
  try {
    const inputs = buildCraftedInputs(join(folder, 'inputs')).filter((input) => input.name === 'fifo.apk');
    const fifo = inputs[0]?.path;
    assert.ok(fifo);
    for (const args of [
      ['serve', '--library', fifo, '--port', '0'],
      ['search', 'x', '--library', fifo],
    ]) {
      const run = await runCli(args, 10, folder);
      assert.equal(run.status, 2, `${args[0]}: ${run.stderr}`);
      assert.match(run.stderr, /named pipe \(FIFO\), not a regular file/);
      assert.ok(run.seconds < 10);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
