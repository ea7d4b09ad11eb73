/**
 * Two batch processes on one new library at once (two terminals, a cron job): SQLite's own
 * locking and a claim per file share the work. Both end with status 0, every file is scanned
 * once, nothing is recorded as a crash, and a third run finds everything done.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { openLibrary } from '../../src/store/index.js';
import { repositoryRoot } from '../support/corpus.js';
import { temporaryFolder } from '../store/support.js';

const FIXTURES = [
  ['fixtures', 'demo', 'field-survey.apk'],
  ['fixtures', 'demo-v2', 'field-survey-v2.apk'],
  ['fixtures', 'hostile', 'hostile-strings.apk'],
  ['fixtures', 'hostile', 'hostile-identifiers.apk'],
  ...readdirSync(join(repositoryRoot, 'fixtures', 'signing'))
    .filter((name) => name.endsWith('.apk'))
    .map((name) => ['fixtures', 'signing', name]),
];

interface Outcome {
  readonly status: number | null;
  readonly summary: { analysed: number; skipped: number; byOtherBatch: number; errors: unknown[] };
  readonly stderr: string;
}

function batch(cases: string, libraryPath: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repositoryRoot, 'test', 'batch', 'cli-entry.ts'),
        'batch',
        cases,
        '--library',
        libraryPath,
        '--jobs',
        '1',
        '--json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => {
      let summary: Outcome['summary'] = { analysed: -1, skipped: -1, byOtherBatch: -1, errors: [] };
      try {
        summary = JSON.parse(stdout) as Outcome['summary'];
      } catch {
        // left as -1: the assertion below prints stderr
      }
      resolve({ status, summary, stderr });
    });
  });
}

test('two batches on one new library: each file scanned once, no false crash', async () => {
  const folder = temporaryFolder();
  const cases = join(folder, 'cases');
  mkdirSync(cases);
  for (const parts of FIXTURES) symlinkSync(join(repositoryRoot, ...parts), join(cases, parts.at(-1) as string));
  const libraryPath = join(folder, 'library.sqlite');
  const [first, second] = await Promise.all([batch(cases, libraryPath), batch(cases, libraryPath)]);
  for (const outcome of [first, second]) {
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.deepEqual(outcome.summary.errors, [], outcome.stderr);
  }
  const library = openLibrary(libraryPath, { readonly: true });
  try {
    const scans = library.db.prepare('SELECT count(*) FROM scans').pluck().get() as number;
    const distinct = library.db.prepare('SELECT count(DISTINCT input_sha256) FROM scans').pluck().get() as number;
    assert.equal(scans, distinct, 'no input scanned twice');
    assert.equal(library.counts().errors, 0);
    assert.equal(first.summary.analysed + second.summary.analysed, distinct);
    assert.equal(library.integrityCheck(), 'ok');
    assert.equal(library.db.prepare('SELECT count(*) FROM claims').pluck().get(), 0, 'every claim given back');
  } finally {
    library.close();
  }
  const third = await batch(cases, libraryPath);
  assert.equal(third.status, 0, third.stderr);
  assert.equal(third.summary.analysed, 0);
});
