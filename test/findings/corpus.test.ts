/**
 * Every corpus APK and bundle scans without an exception and without a rule failure (a finding
 * of an undeclared code or with a wrongly typed argument is one: src/scan/run.ts);
 * every finding has evidence of the APK it is about; named real apps get the
 * findings a researcher would write by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanApp, type ScanReport } from '../../src/scan/scan.js';
import { dictionaries } from '../support/dictionaries.js';
import { FormatError } from '../../src/formats/diagnostics.js';
import { isDataCategory } from '../../src/findings/vocabulary.js';
import { corpusApks, needs } from '../support/corpus.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const reports = new Map<string, ScanReport>();
const unreadable: string[] = [];
let milliseconds = 0;

test('every corpus app scans without exception or rule failure', CORPUS, (t) => {
  for (const file of corpusApks()) {
    const started = performance.now();
    try {
      reports.set(file.name, scanApp(file.path, { dictionaries }).report);
    } catch (error) {
      // Only a file that is not a ZIP at all may be refused, with a one-line FormatError.
      if (!(error instanceof FormatError))
        throw new Error(`${file.name}: ${(error as Error).stack ?? String(error)}`, { cause: error });
      unreadable.push(file.name);
    }
    milliseconds += performance.now() - started;
  }
  const failures = [...reports].flatMap(([name, report]) =>
    report.ruleFailures.map((failure) => `${name}: ${failure.ruleId}: ${failure.message}`),
  );
  assert.deepEqual(failures, []);
  const findings = [...reports.values()].reduce((sum, report) => sum + report.findings.length, 0);
  const line = `scanned ${reports.size} corpus apps (${unreadable.length} unreadable: ${unreadable.join(', ') || 'none'}), ${findings} findings, ${Math.round(milliseconds)} ms`;
  t.diagnostic(line);
  console.log(line);
  assert.ok(reports.size >= 90);
});

test('every finding has evidence in an APK of its report and a known category', () => {
  for (const [name, report] of reports) {
    const hashes = new Set(report.apks.map((apk) => apk.sha256));
    for (const finding of report.findings) {
      assert.ok(finding.evidence.length > 0, `${name}: ${finding.code}`);
      for (const evidence of finding.evidence) assert.ok(hashes.has(evidence.apkSha256), `${name}: ${finding.code}`);
      if (finding.category !== undefined) assert.ok(isDataCategory(finding.category), finding.category);
      assert.equal(report.schemaVersion, 3);
    }
  }
});

function has(name: string, predicate: (finding: ScanReport['findings'][number]) => boolean): boolean {
  const report = reports.get(name);
  assert.ok(report, `${name} was not scanned`);
  return report.findings.some(predicate);
}

test('souch.smsbypass receives and reads incoming SMS and reads contacts', CORPUS, () => {
  const name = 'fdroidserver/souch.smsbypass_9.apk';
  assert.ok(has(name, (finding) => finding.category === 'sms' && finding.code === 'sensitive-api.receives-broadcast'));
  assert.ok(
    has(
      name,
      (finding) => finding.category === 'sms' && finding.args.api === 'android.telephony.SmsMessage.getMessageBody',
    ),
  );
  assert.ok(
    has(
      name,
      (finding) => finding.category === 'contacts' && finding.ruleId === 'content-uri' && finding.confidence === 'high',
    ),
  );
  assert.ok(
    has(name, (finding) => finding.category === 'sms' && finding.args.permission === 'android.permission.RECEIVE_SMS'),
  );
});

test(
  'named real apps: trackers in com.rormix, Janus tampering, embedded APK, a bundle scans every split',
  CORPUS,
  () => {
    assert.ok(
      has(
        'npm/com.rormix.apk',
        (finding) =>
          finding.topic === 'sdk' && finding.args.sdk === 'Flurry' && finding.args.calledFromAppCode === true,
      ),
    );
    assert.ok(has('fdroidserver/janus.apk', (finding) => finding.topic === 'tampering'));
    assert.ok(has('fdroidserver/apk.embedded_1.apk', (finding) => finding.code === 'packer.code-in-assets'));
    const bundle = reports.get('appmanager-splits/AppManager_v2.5.22.apks');
    assert.ok(bundle && bundle.apks.length > 20, `bundle APKs: ${bundle?.apks.length}`);
  },
);
