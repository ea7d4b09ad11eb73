/**
 * `apkwitness scan --format … [-o folder]`: which files are written, what goes to
 * stdout, run.json beside the reports, --json as an alias, one-line errors with exit 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { runCli as run } from '../support/cli.js';
import { parseFormats, reportStem } from '../../src/cli/scan.js';
import { DEMO_APK } from './fixtures.js';
import { needs } from '../support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

test('scan -o writes one file per format and run.json, nothing on stdout', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-formats-'));
  try {
    const result = await run([
      'scan',
      DEMO_APK,
      '--format',
      'json,md',
      '--format',
      'html',
      '--format',
      'sarif',
      '-o',
      join(folder, 'out'),
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.deepEqual(readdirSync(join(folder, 'out')).sort(), [
      'field-survey.html',
      'field-survey.json',
      'field-survey.md',
      'field-survey.sarif',
      'run.json',
    ]);
    const runMetadata = JSON.parse(readFileSync(join(folder, 'out', 'run.json'), 'utf8')) as {
      input: string;
      startedAt: string;
    };
    assert.equal(runMetadata.input, DEMO_APK);
    assert.match(runMetadata.startedAt, /^\d{4}-\d\d-\d\dT/);
    const report = JSON.parse(readFileSync(join(folder, 'out', 'field-survey.json'), 'utf8')) as {
      schemaVersion: number;
    };
    assert.equal(report.schemaVersion, 3);
    assert.match(readFileSync(join(folder, 'out', 'field-survey.html'), 'utf8'), /^<!DOCTYPE html>/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

const STDOUT_CASES: ReadonlyArray<readonly [string, string[], RegExp]> = [
  // The text header names the app as people see it (issue 15: a disguised SMS forwarder shows its display name).
  ['default is text', [], /^Field Survey — org\.apkwitness\.demo\.fieldsurvey 1\.2\.0\n/],
  ['--format md', ['--format', 'md'], /^# Field Survey — apkwitness report/],
  ['--format html', ['--format', 'html'], /^<!DOCTYPE html>/],
  ['--format sarif', ['--format', 'sarif'], /"version": "2\.1\.0"/],
  ['--json alias', ['--json'], /^\{\n {2}"schemaVersion": 3/],
];
for (const [name, args, expected] of STDOUT_CASES) {
  test(`scan to stdout: ${name}`, async () => {
    const result = await run(['scan', DEMO_APK, ...args]);
    assert.equal(result.status, 0);
    assert.match(result.stdout, expected);
  });
}

test('--json and --format json print the same bytes', async () => {
  assert.equal(
    (await run(['scan', DEMO_APK, '--json'])).stdout,
    (await run(['scan', DEMO_APK, '--format', 'json'])).stdout,
  );
});

const ERROR_CASES: ReadonlyArray<readonly [string, (folder: string) => string[], RegExp]> = [
  ['two formats without -o', () => ['--format', 'md,html'], /2 formats need an output folder/],
  ['unknown format', () => ['--format', 'pdf'], /--format 'pdf' is not one of/],
  [
    'output folder is a file',
    (folder) => {
      writeFileSync(join(folder, 'file'), '');
      return ['--format', 'md,json', '-o', join(folder, 'file')];
    },
    /file\/[^ ]*: cannot write: /,
  ],
];
for (const [name, args, expected] of ERROR_CASES) {
  test(`scan error: ${name} → exit 2 with one line`, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'apkwitness-formats-'));
    try {
      const result = await run(['scan', DEMO_APK, ...args(folder)]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, expected);
      assert.equal(result.stderr.trim().split('\n').length, 1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
}

test('--fail-on still sets exit 1 when reports go to a folder', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-formats-'));
  try {
    assert.equal((await run(['scan', DEMO_APK, '--format', 'sarif', '-o', folder, '--fail-on', 'sms'])).status, 1);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

const FORMAT_LISTS: ReadonlyArray<readonly [string[], boolean, string[]]> = [
  [[], false, ['text']],
  [['json,md', 'md'], false, ['json', 'md']],
  [[' HTML , sarif'], true, ['html', 'sarif', 'json']],
];
for (const [values, json, expected] of FORMAT_LISTS) {
  test(`parseFormats(${JSON.stringify(values)}, json=${json}) → ${expected.join(',')}`, () =>
    assert.deepEqual(parseFormats(values, json), expected));
}

const STEMS: ReadonlyArray<readonly [string, string]> = [
  ['/cases/app.xapk', 'app'],
  ['splits/', 'splits'],
  ['/x/run.apk', 'run-report'],
  ['archive.tar.apk', 'archive.tar'],
];
for (const [input, stem] of STEMS) {
  test(`reportStem(${input}) → ${stem}`, () => assert.equal(reportStem(input), stem));
}

const BUNDLE = 'appmanager-splits/AppManager_v2.5.22.apks';

test('progress: a bundle scan writes nothing on stderr when stderr is not a terminal', CORPUS, async () => {
  const { corpusRoot } = await import('../support/corpus.js');
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-progress-'));
  try {
    const result = await run(['scan', join(corpusRoot, BUNDLE), '--format', 'json', '-o', folder]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test(
  'progress: on a terminal, a bundle scan slower than a second draws the bar and clears it before exiting',
  CORPUS,
  async () => {
    const { corpusRoot } = await import('../support/corpus.js');
    const writes: string[] = [];
    const io: Io = {
      stdout: { write: () => true },
      stderr: Object.assign({ write: (text: string) => writes.push(text) }, { isTTY: true, columns: 100 }),
    };
    const folder = mkdtempSync(join(tmpdir(), 'apkwitness-progress-'));
    try {
      const started = performance.now();
      assert.equal(await main(['scan', join(corpusRoot, BUNDLE), '--format', 'md,html', '-o', folder], io), 0);
      const seconds = (performance.now() - started) / 1000;
      // Whether the bar shows depends on the machine's speed: under a second, nothing is drawn.
      if (writes.length > 0) {
        assert.ok(
          writes.some((text) => /[█░]+ \d+\/4 /.test(text)),
          writes.join('|'),
        );
        assert.equal(writes.at(-1), '\r\u001b[2K', 'the last write clears the bar');
      } else {
        assert.ok(seconds < 2, `nothing drawn in ${seconds.toFixed(1)} s`);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
);

test('-o is a file for one report and a folder for several', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-formats-'));
  try {
    const file = join(folder, 'out.html');
    const one = await run(['scan', DEMO_APK, '--format', 'html', '-o', file]);
    assert.equal(one.status, 0, one.stderr);
    assert.match(readFileSync(file, 'utf8'), /^<!DOCTYPE html>/i);
    const several = await run(['scan', DEMO_APK, '--format', 'html,json', '-o', join(folder, 'both')]);
    assert.equal(several.status, 0, several.stderr);
    assert.ok(readFileSync(join(folder, 'both', 'field-survey.json'), 'utf8').startsWith('{'));
    assert.ok(readFileSync(join(folder, 'both', 'run.json'), 'utf8').startsWith('{'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
