/**
 * `apkwitness serve` on the command line: refused addresses and bad options exit 2
 * with one line; a real run prints its URL, answers on it, and stops on SIGTERM with 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runCli as run } from '../support/cli.js';
import { repositoryRoot } from '../support/corpus.js';
import { get } from './http-client.js';
import { buildFixtureLibrary, DEMO, DEMO_PACKAGE } from './library-fixture.js';

const LIBRARY_PLACEHOLDER = '<library>';
// [name, arguments, exit status, pattern the output must match]
const CASES: ReadonlyArray<readonly [string, string[], number, RegExp]> = [
  ['--help with examples', ['serve', '--help'], 0, /Examples:[\s\S]*--port 0/],
  ['help serve', ['help', 'serve'], 0, /Usage: apkwitness serve/],
  ['listed in the main help', ['--help'], 0, /apkwitness serve/],
  [
    'non-loopback host without --allow-remote',
    ['serve', '--library', LIBRARY_PLACEHOLDER, '--host', '0.0.0.0'],
    2,
    /not a loopback address; add --allow-remote/,
  ],
  [
    'LAN address without --allow-remote',
    ['serve', '--library', LIBRARY_PLACEHOLDER, '--host', '192.168.1.5'],
    2,
    /--allow-remote/,
  ],
  [
    'host name that merely starts with localhost',
    ['serve', '--library', LIBRARY_PLACEHOLDER, '--host', 'localhost.evil.example'],
    2,
    /--allow-remote/,
  ],
  ['port out of range', ['serve', '--library', LIBRARY_PLACEHOLDER, '--port', '70000'], 2, /--port must be a number/],
  ['port not a number', ['serve', '--library', LIBRARY_PLACEHOLDER, '--port', '80a'], 2, /--port must be a number/],
  ['unknown option', ['serve', '--open-browser'], 2, /unknown option '--open-browser'/],
  ['missing library', ['serve', '--library', join(repositoryRoot, 'no-such-library.sqlite')], 2, /no such library/],
  [
    'a file that is not a library',
    ['serve', '--library', join(repositoryRoot, 'package.json'), '--port', '0'],
    2,
    /package\.json: .*not/,
  ],
];

test('serve: option and address checks', async (context) => {
  const fixture = buildFixtureLibrary([DEMO]);
  try {
    for (const [name, args, status, pattern] of CASES) {
      await context.test(name, async () => {
        const result = await run(args.map((arg) => (arg === LIBRARY_PLACEHOLDER ? fixture.path : arg)));
        assert.equal(result.status, status, result.stderr);
        assert.match(result.stdout + result.stderr, pattern);
        if (status === 2) assert.equal(result.stderr.trim().split('\n').length, 1, 'one-line error');
      });
    }
  } finally {
    fixture.dispose();
  }
});

test('serve: a real process prints its loopback URL, answers on it, and exits 0 on SIGTERM', async () => {
  const fixture = buildFixtureLibrary([DEMO]);
  const entry = join(repositoryRoot, 'src', 'cli', 'main.ts');
  const code = `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main(process.argv.slice(1), { stdout: process.stdout, stderr: process.stderr });`;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', code, 'serve', '--library', fixture.path, '--port', '0'],
    { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (match) resolve(match[1] as string);
      });
      child.once('exit', (status) => reject(new Error(`serve exited ${status} before printing a URL: ${stderr}`)));
    });
    const port = Number(new URL(url).port);
    const front = await get(port, '/');
    assert.equal(front.status, 200);
    assert.ok(front.body.includes(DEMO_PACKAGE));
    assert.equal((await get(port, '/', { host: 'attacker.example' })).status, 403);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fixture.dispose();
  }
});
