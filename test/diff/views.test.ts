/**
 * The views that have no change in the demo versions (SDKs, assets, app names,
 * split APKs, tampering, rule failures), on the demo report with findings and app
 * facts added the way another version of an app would have them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffReports, type ReportDiff } from '../../src/diff/index.js';
import type { ScanReport } from '../../src/scan/scan.js';
import type { Finding } from '../../src/findings/types.js';
import { renderDiff } from '../../src/cli/diff.js';
import { DEMO_V1, reportOf } from './reports.js';

const demo = (): ScanReport => reportOf(DEMO_V1);
const bytes = { kind: 'bytes' as const, apkSha256: 'aa', entry: 'assets/payload.bin', start: 0, end: 16 };

function finding(partial: Partial<Finding> & Pick<Finding, 'ruleId' | 'code' | 'topic' | 'args'>): Finding {
  return { confidence: 'medium', evidence: [bytes], ...partial };
}

function plus(
  report: ScanReport,
  extra: Finding[],
  edit: (report: ScanReport) => ScanReport = (same) => same,
): ScanReport {
  return edit({ ...report, findings: [...report.findings, ...extra] });
}

const TRACKER = finding({
  ruleId: 'sdk-tracker',
  code: 'sdk-tracker.present',
  topic: 'sdk',
  category: 'location',
  args: {
    sdk: 'Example Tracker',
    kind: 'analytics',
    classes: 3,
    calledFromAppCode: false,
    hostsNamed: 0,
    collects: ['location'],
    source: 'https://example.org/tracker',
  },
});
const ASSET = finding({
  ruleId: 'assets',
  code: 'assets.file',
  topic: 'asset',
  args: { entry: 'assets/payload.bin', type: 'zip', size: 100, namedByCode: 0 },
});

const CASES: ReadonlyArray<readonly [string, ScanReport, ScanReport, (diff: ReportDiff) => void]> = [
  [
    'an SDK added',
    demo(),
    plus(demo(), [TRACKER]),
    (diff) => {
      assert.deepEqual(diff.sdks.added, [
        { sdk: 'Example Tracker', code: 'sdk-tracker.present', kind: 'analytics', collects: ['location'] },
      ]);
    },
  ],
  [
    'an SDK now called from app code (present → called)',
    plus(demo(), [TRACKER]),
    plus(demo(), [{ ...TRACKER, code: 'sdk-tracker.called', args: { ...TRACKER.args, calledFromAppCode: true } }]),
    (diff) => {
      assert.deepEqual(
        diff.sdks.changed.map((change) => [change.sdk, change.old.code, change.new.code]),
        [['Example Tracker', 'sdk-tracker.present', 'sdk-tracker.called']],
      );
    },
  ],
  [
    'an asset whose content changed (same entry, new size)',
    plus(demo(), [ASSET]),
    plus(demo(), [{ ...ASSET, args: { ...ASSET.args, size: 200 } }]),
    (diff) => {
      assert.deepEqual(
        diff.assets.changed.map((change) => [change.entry, change.old.size, change.new.size]),
        [['assets/payload.bin', 100, 200]],
      );
      assert.equal(
        diff.findings.changed.length,
        1,
        'entry identifies the finding: one changed finding, not removed + added',
      );
    },
  ],
  [
    'an asset removed',
    plus(demo(), [ASSET]),
    demo(),
    (diff) => {
      assert.deepEqual(
        diff.assets.removed.map((asset) => asset.entry),
        ['assets/payload.bin'],
      );
    },
  ],
  [
    'a tampering anomaly appeared',
    demo(),
    plus(demo(), [
      finding({
        ruleId: 'signing-tampering',
        code: 'signing-tampering.container-anomaly',
        topic: 'tampering',
        args: {
          diagnostic: 'zip.prefix-bytes',
          count: 1,
          severity: 'warning',
          detail: '12 bytes before the first entry',
        },
      }),
    ]),
    (diff) => {
      assert.deepEqual(
        diff.findings.added.map((entry) => [entry.finding.code, entry.finding.claim]),
        [
          [
            'signing-tampering.container-anomaly',
            'The ZIP container has an anomaly (zip.prefix-bytes): 12 bytes before the first entry',
          ],
        ],
      );
      // A warning-level container anomaly is moderate (src/scan/severity.ts): a headline of the diff too.
      assert.equal(diff.findings.added[0]?.finding.severity, 'moderate');
      const text = renderDiff(diff, 'text');
      assert.match(
        text,
        /Findings: tampering\n {2}\+ signing-tampering\.container-anomaly \(signing-tampering\): \[moderate, medium confidence\] The ZIP container has an anomaly/,
      );
      assert.match(
        text,
        /^Findings by severity: .*\n {2}\+ signing-tampering\.container-anomaly .*\[moderate, medium confidence\]/m,
      );
      assert.match(text, /^1 finding\(s\) added \(1 moderate\), 0 removed, 0 changed$/m);
    },
  ],
  [
    'the Chinese app name changed and a locale was added',
    demo(),
    plus(demo(), [], (report) => ({
      ...report,
      app: {
        ...report.app,
        labels: [
          ...report.app.labels.map((label) =>
            label.locale === 'zh-rCN' ? { ...label, text: '调查', gloss: 'investigation' } : label,
          ),
          { locale: 'ug', text: 'تەكشۈرۈش' },
        ],
      },
    })),
    (diff) => {
      assert.deepEqual(
        diff.app.labels.changed.map((change) => [change.locale, change.old.text, change.new.text]),
        [['zh-rCN', '入户走访', '调查']],
      );
      assert.deepEqual(
        diff.app.labels.added.map((label) => label.locale),
        ['ug'],
      );
      assert.equal(diff.summary.unchanged, false);
    },
  ],
  [
    'a split APK added (file names differ: APKs matched by split name)',
    demo(),
    plus(demo(), [], (report) => ({
      ...report,
      apks: [
        { ...(report.apks[0] as ScanReport['apks'][number]), name: 'renamed.apk' },
        { ...(report.apks[0] as ScanReport['apks'][number]), name: 'config.zh.apk', splitName: 'config.zh' },
      ],
    })),
    (diff) => {
      assert.deepEqual(diff.app.fields, [{ field: 'apks[config.zh]', new: 'config.zh.apk' }]);
    },
  ],
  [
    'a rule failed on the new side',
    demo(),
    plus(demo(), [], (report) => ({
      ...report,
      ruleFailures: [{ ruleId: 'forms', apkSha256: 'aa', message: 'boom' }],
    })),
    (diff) => {
      assert.deepEqual(diff.ruleFailures, { old: [], new: ['forms: boom'] });
      assert.equal(diff.summary.unchanged, false, 'a failure can hide findings: the reports are not the same');
      assert.match(renderDiff(diff, 'text'), /Rule failures/);
    },
  ],
];

for (const [name, oldReport, newReport, check] of CASES)
  test(`diff views: ${name}`, () => check(diffReports(oldReport, newReport)));
