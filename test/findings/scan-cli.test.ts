/**
 * The scan command: exit codes, JSON schema version, option validation, and safe
 * text for hostile strings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderClaim, type ScanReportJson } from '../../src/report/claim.js';
import { runCli as run } from '../support/cli.js';
import { repositoryRoot } from '../support/corpus.js';

const DEMO = join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk');
const HOSTILE = join(repositoryRoot, 'fixtures', 'hostile', 'hostile-strings.apk');

const EXIT_CASES: ReadonlyArray<readonly [string, string[], number]> = [
  ['no --fail-on', ['scan', DEMO], 0],
  ['--fail-on sms (present)', ['scan', DEMO, '--fail-on', 'sms'], 1],
  ['--fail-on destination topic (present)', ['scan', DEMO, '--fail-on', 'destination'], 1],
  ['--fail-on biometrics (absent)', ['scan', DEMO, '--fail-on', 'biometrics'], 0],
  [
    '--fail-on cell-info above medium (only permission, medium)',
    ['scan', DEMO, '--min-confidence', 'high', '--fail-on', 'cell-info'],
    0,
  ],
  ['unknown --fail-on name', ['scan', DEMO, '--fail-on', 'nonsense'], 2],
  ['bad --min-confidence', ['scan', DEMO, '--min-confidence', 'certain'], 2],
  [
    '--fail-on labels above major (religion choices are major)',
    ['scan', DEMO, '--min-severity', 'major', '--fail-on', 'labels'],
    1,
  ],
  [
    '--fail-on exposure above major (backups are minor)',
    ['scan', DEMO, '--min-severity', 'major', '--fail-on', 'exposure'],
    0,
  ],
  ['bad --min-severity', ['scan', DEMO, '--min-severity', 'high'], 2],
  ['missing input', ['scan'], 2],
  ['not a zip', ['scan', join(repositoryRoot, 'package.json')], 2],
];

for (const [name, args, status] of EXIT_CASES) {
  test(`scan exit code: ${name} → ${status}`, async () => assert.equal((await run(args)).status, status));
}

test('scan --json: schemaVersion 3, app at a glance, APK described, findings with evidence and claims', async () => {
  const { stdout } = await run(['scan', DEMO, '--json']);
  const report = JSON.parse(stdout) as ScanReportJson;
  assert.equal(report.schemaVersion, 3);
  assert.equal(report.tool.name, 'apkwitness');
  assert.equal(report.apks[0]?.packageName, 'org.apkwitness.demo.fieldsurvey');
  assert.equal(report.apks[0].name, 'field-survey.apk');
  assert.equal(report.app.packageName, 'org.apkwitness.demo.fieldsurvey');
  assert.equal(report.app.totalSize, statSync(DEMO).size);
  const chinese = report.app.labels.find((label) => label.locale.startsWith('zh'));
  assert.ok(chinese?.gloss, `a glossed Chinese label in ${JSON.stringify(report.app.labels)}`);
  assert.equal(report.app.signers.length, 1);
  assert.ok(report.app.signers[0]?.verified && report.app.signers[0].effective);
  assert.match(report.app.signers[0].certificateSha256, /^[0-9a-f]{64}$/);
  assert.ok(report.findings.length > 10);
  for (const finding of report.findings) {
    assert.ok(finding.evidence.length > 0, finding.ruleId);
    // The JSON carries the claim rendered from code + args, after the category (docs/findings-schema.md).
    assert.equal(finding.claim, renderClaim(finding));
    assert.deepEqual(
      Object.keys(finding)
        .filter((key) => key !== 'category')
        .slice(0, 5),
      ['ruleId', 'code', 'topic', 'claim', 'args'],
    );
  }
});

test('scan --json is reproducible: the same APK from another folder gives byte-identical JSON; --timings goes to stderr', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-reproducible-'));
  try {
    const copy = join(folder, 'field-survey.apk');
    copyFileSync(DEMO, copy);
    const first = await run(['scan', DEMO, '--json']);
    const second = await run(['scan', copy, '--json', '--timings']);
    assert.equal(second.stdout, first.stdout);
    assert.equal(first.stderr, '');
    assert.match(second.stderr, /^model \d+ ms, rules \d+ ms/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('scan text: grouped by category; hostile strings carry no raw control or bidi characters', async () => {
  const demo = await run(['scan', DEMO]);
  assert.match(demo.stdout, /^device-id \(\d+\)$/m);
  assert.match(demo.stdout, /^sms \(\d+\)$/m);
  const hostile = await run(['scan', HOSTILE]);
  assert.doesNotMatch(hostile.stdout.replace(/\n/g, ''), /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  assert.match(hostile.stdout, /evil\.example/);
});

test('scan --json: claims about the hostile app are one line without control or bidi characters (app strings stay raw in args)', async () => {
  const { stdout } = await run(['scan', HOSTILE, '--json']);
  const report = JSON.parse(stdout) as { findings: Array<{ claim: string; args: Record<string, unknown> }> };
  assert.ok(report.findings.length > 0);
  for (const finding of report.findings) {
    assert.doesNotMatch(
      finding.claim,
      /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
      finding.claim,
    );
  }
});

test('scan --min-severity keeps the severities judged on the whole app, and only findings at or above', async () => {
  const all = JSON.parse((await run(['scan', DEMO, '--json'])).stdout) as ScanReportJson;
  const major = JSON.parse((await run(['scan', DEMO, '--json', '--min-severity', 'major'])).stdout) as ScanReportJson;
  const kept = all.findings.filter((finding) => finding.severity === 'major' || finding.severity === 'critical');
  assert.ok(kept.length > 0 && kept.length < all.findings.length);
  assert.deepEqual(
    major.findings.map((finding) => `${finding.code} ${finding.severity ?? ''} ${finding.claim}`),
    kept.map((finding) => `${finding.code} ${finding.severity ?? ''} ${finding.claim}`),
  );
});
