/**
 * Killing a batch with SIGKILL midway: the library opens, passes integrity_check,
 * holds only complete scans, and a second batch resumes (skipping what was done)
 * and completes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { symlinkSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLibrary, type Library } from '../../src/store/index.js';
import { runBatch } from '../../src/batch/run-batch.js';
import { corpusApks, repositoryRoot, needs } from '../support/corpus.js';
import { demoPath, temporaryFolder } from '../store/support.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

/** Corpus apps of a few hundred KB: each scan takes long enough to be caught midway. */
const CORPUS_SAMPLE = [
  'androguard/TestActivity.apk',
  'mobsf/Droidmon.apk',
  'fdroidserver/urzip-release.apk',
  'mobsf/ClipDump.apk',
  'jadx/small.apk',
  'androguard/a2dp.Vol_137.apk',
  'fdroidserver/org.dyndns.fules.ck_20.apk',
  'androguard/com.teleca.jamendo_35.apk',
  'mobsf/XposedInstaller_3.1.5.apk',
  'fdroidserver/souch.smsbypass_9.apk',
];
const POLL_MILLISECONDS = 100;
const KILL_DEADLINE_MILLISECONDS = 120_000;

function scanCount(libraryPath: string): number {
  if (!existsSync(libraryPath)) return 0;
  try {
    const library = openLibrary(libraryPath, { readonly: true });
    try {
      return library.counts().scans;
    } finally {
      library.close();
    }
  } catch {
    return 0; // not created or not migrated yet
  }
}

/** Every scan is whole: its findings, evidence, strings and report agree. */
function assertCompleteScans(library: Library): void {
  const scans = library.db.prepare('SELECT id, finding_count, report_json FROM scans').all() as Array<{
    id: number;
    finding_count: number;
    report_json: string;
  }>;
  for (const scan of scans) {
    const report = JSON.parse(scan.report_json) as { findings: Array<{ evidence: unknown[] }> };
    const findings = library.db.prepare('SELECT count(*) FROM findings WHERE scan_id = ?').pluck().get(scan.id);
    const evidence = library.db
      .prepare(
        'SELECT count(*) FROM evidence JOIN findings ON findings.id = evidence.finding_id WHERE findings.scan_id = ?',
      )
      .pluck()
      .get(scan.id);
    const strings = library.db.prepare('SELECT count(*) FROM strings WHERE scan_id = ?').pluck().get(scan.id) as number;
    assert.equal(findings, scan.finding_count);
    assert.equal(findings, report.findings.length);
    assert.equal(
      evidence,
      report.findings.reduce((sum, finding) => sum + finding.evidence.length, 0),
    );
    assert.ok(strings > 0, `scan ${scan.id} has its strings`);
  }
  const fts = library.db.prepare("INSERT INTO texts_fts(texts_fts, rank) VALUES ('integrity-check', 1)");
  assert.doesNotThrow(() => fts.run(), 'the FTS index matches the texts table');
}

test(
  'SIGKILL midway: library intact with only complete scans, then the batch resumes and completes',
  CORPUS,
  async () => {
    const folder = temporaryFolder('apkwitness-kill-');
    const cases = join(folder, 'cases');
    const available = new Set(corpusApks().map((file) => file.name));
    const sample = CORPUS_SAMPLE.filter((name) => available.has(name));
    assert.ok(sample.length >= 6, 'corpus sample present');
    mkdirSync(cases);
    for (const name of sample)
      symlinkSync(corpusApks().find((file) => file.name === name)!.path, join(cases, name.replace(/\//g, '_')));
    symlinkSync(demoPath, join(cases, 'field-survey.apk'));
    const total = sample.length + 1;
    const libraryPath = join(folder, 'library.sqlite');

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
        '2',
      ],
      { stdio: 'ignore' },
    );
    const started = Date.now();
    let seen = 0;
    while (Date.now() - started < KILL_DEADLINE_MILLISECONDS) {
      seen = scanCount(libraryPath);
      if (seen >= 2 || child.exitCode !== null) break;
      await sleep(POLL_MILLISECONDS);
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    assert.ok(seen >= 2 && seen < total, `killed midway (${seen} of ${total} scans done)`);

    const library = openLibrary(libraryPath);
    assert.equal(library.integrityCheck(), 'ok');
    assertCompleteScans(library);
    const done = library.counts().scans;
    library.close();
    assert.ok(done < total, 'the kill came before the end');

    const resumed = await runBatch({
      libraryPath,
      roots: [cases],
      jobs: 2,
      timeoutMilliseconds: 300_000,
      memoryMegabytes: 2048,
    });
    assert.equal(resumed.errors.length, 0);
    assert.equal(resumed.skipped, done, 'files recorded before the kill are skipped');
    assert.equal(resumed.analysed, total - done);
    const final = openLibrary(libraryPath);
    assert.equal(final.counts().scans, total);
    assert.equal(final.integrityCheck(), 'ok');
    assertCompleteScans(final);
    final.close();
  },
);
