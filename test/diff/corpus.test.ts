/**
 * The diff on real apps of the shared corpus (read in place): related versions,
 * unrelated apps and each app against itself. It must not crash, must render in
 * every format, and must be the mirror image when the sides are swapped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diffReports } from '../../src/diff/index.js';
import { renderDiff } from '../../src/cli/diff.js';
import { corpusRoot, needs } from '../support/corpus.js';
import { reportOf } from './reports.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const PAIRS: ReadonlyArray<readonly [string, string, string]> = [
  ['same app, release vs bad signature', 'fdroidserver/urzip-release.apk', 'fdroidserver/urzip-badsig.apk'],
  ['same app, signed vs unsigned', 'androguard/TestActivity.apk', 'androguard/TestActivity_unsigned.apk'],
  [
    'unrelated: DNS filter vs text editor',
    'appmanager-splits/dnsfilter.android.apk',
    'appmanager-splits/org.billthefarmer.editor.base.apk',
  ],
  ['unrelated: SMS app vs Janus exploit sample', 'fdroidserver/souch.smsbypass_9.apk', 'fdroidserver/janus.apk'],
  [
    'unrelated: music player vs bluetooth volume',
    'androguard/com.teleca.jamendo_35.apk',
    'androguard/a2dp.Vol_137.apk',
  ],
];

for (const [name, oldName, newName] of PAIRS) {
  test(`corpus diff: ${name} — no crash, every format, mirror image`, CORPUS, () => {
    const oldReport = reportOf(join(corpusRoot, oldName));
    const newReport = reportOf(join(corpusRoot, newName));
    const forward = diffReports(oldReport, newReport);
    const backward = diffReports(newReport, oldReport);
    assert.equal(forward.findings.added.length, backward.findings.removed.length);
    assert.equal(forward.findings.removed.length, backward.findings.added.length);
    assert.equal(forward.findings.changed.length, backward.findings.changed.length);
    assert.deepEqual(forward.categories.appeared, backward.categories.disappeared);
    assert.equal(
      forward.findings.unchanged + forward.findings.changed.length + forward.findings.removed.length,
      oldReport.findings.length,
    );
    assert.equal(
      forward.findings.unchanged + forward.findings.changed.length + forward.findings.added.length,
      newReport.findings.length,
    );
    for (const format of ['text', 'json', 'md', 'html'] as const)
      assert.ok(renderDiff(forward, format).length > 0, format);
    for (const [oldApp, newApp] of [
      [oldName, oldName],
      [newName, newName],
    ]) {
      assert.equal(
        diffReports(reportOf(join(corpusRoot, oldApp as string)), reportOf(join(corpusRoot, newApp as string))).summary
          .unchanged,
        true,
        `${oldApp} against itself`,
      );
    }
  });
}

test('corpus diff: an unsigned build against the signed one reports the signer as removed', CORPUS, () => {
  const diff = diffReports(
    reportOf(join(corpusRoot, 'androguard/TestActivity.apk')),
    reportOf(join(corpusRoot, 'androguard/TestActivity_unsigned.apk')),
  );
  assert.equal(diff.summary.signerChanged, true);
  assert.ok(diff.app.signers.removed.length > 0);
  assert.deepEqual(diff.app.signers.added, []);
});
