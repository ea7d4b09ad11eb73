/**
 * The diff of demo v1 (1.2.0) against demo v2 (1.3.0) finds exactly the changes
 * planted in fixtures/demo-v2 (see its README) and nothing else; each table row is
 * one planted change and where the diff must show it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffReports, type ReportDiff } from '../../src/diff/index.js';
import { DEMO_V1, DEMO_V2, reportOf } from './reports.js';

const V1_CERTIFICATE = 'f813e65586afe0c27b0c27dd1eeeae0caf5949dc5ad5c732b1443f7ad6db32b5';
const V2_CERTIFICATE = '559bd24e4c949840d50fc9e46a93ab04ea3b66ca6c49409e654d6ff3c3bebbe5';

function demoDiff(): ReportDiff {
  return diffReports(reportOf(DEMO_V1), reportOf(DEMO_V2));
}

const PLANTED: ReadonlyArray<readonly [string, (diff: ReportDiff) => void]> = [
  [
    'version 1.2.0 (3) → 1.3.0 (4), and nothing else about the app',
    (diff) => {
      assert.deepEqual(diff.app.fields, [
        { field: 'versionName', old: '1.2.0', new: '1.3.0' },
        { field: 'versionCode', old: 3, new: 4 },
      ]);
      assert.equal(diff.summary.versionChanged, true);
      assert.deepEqual(diff.app.labels, { added: [], removed: [], changed: [] });
    },
  ],
  [
    'the signer changed: v1 test key removed, v2 test key added',
    (diff) => {
      assert.equal(diff.summary.signerChanged, true);
      assert.deepEqual(
        diff.app.signers.removed.map((signer) => signer.certificateSha256),
        [V1_CERTIFICATE],
      );
      assert.deepEqual(
        diff.app.signers.added.map((signer) => signer.certificateSha256),
        [V2_CERTIFICATE],
      );
      assert.match(diff.app.signers.added[0]?.subject ?? '', /demo v2 TEST KEY/);
    },
  ],
  [
    'READ_CALL_LOG added, unlocking call-log; no other permission change',
    (diff) => {
      assert.deepEqual(diff.permissions, {
        added: [
          { permission: 'android.permission.READ_CALL_LOG', protectionLevel: 'dangerous', categories: ['call-log'] },
        ],
        removed: [],
        changed: [],
      });
    },
  ],
  [
    'call-log is the one data category that appeared',
    (diff) => {
      assert.deepEqual(diff.categories, { appeared: ['call-log'], disappeared: [] });
      assert.deepEqual(diff.summary.categoriesAppeared, ['call-log']);
    },
  ],
  [
    'the passport field: added, with its label in three locales, its hint and English glosses',
    (diff) => {
      assert.deepEqual(diff.forms.added, []);
      assert.deepEqual(diff.forms.removed, []);
      assert.equal(diff.forms.fields.length, 1);
      const change = diff.forms.fields[0];
      assert.equal(change?.change, 'added');
      assert.equal(change.layout, 'survey_form');
      assert.equal(change.field, 'id/edit_passport');
      assert.equal(change.new?.widget, 'EditText');
      assert.deepEqual(change.new.categories, ['identity-document']);
      const texts = new Map(change.new.texts.map((text) => [text.name, text]));
      assert.equal(texts.get('label[]')?.text, 'Passport number');
      assert.equal(texts.get('label[zh-rCN]')?.text, '护照号码');
      assert.match(texts.get('label[zh-rCN]')?.gloss ?? '', /passport/);
      assert.equal(texts.get('label[ru]')?.text, 'Номер паспорта');
      assert.match(texts.get('label[ru]')?.gloss ?? '', /passport/);
      assert.equal(texts.get('hint[]')?.text, '护照号码');
    },
  ],
  [
    'the endpoint https://collect.example.net/v2/report and its host; no other destination change',
    (diff) => {
      assert.deepEqual(diff.endpoints.added, [
        {
          code: 'network-destination.url',
          url: 'https://collect.example.net/v2/report',
          host: 'collect.example.net',
          encrypted: true,
        },
      ]);
      assert.deepEqual(diff.endpoints.removed, []);
      assert.deepEqual(diff.endpoints.hosts, { added: ['collect.example.net'], removed: [] });
    },
  ],
  [
    'labels: only the new passport strings were added, as identity documents only (护照号码 is a passport number, judged on the whole phrase: not a phone number)',
    (diff) => {
      assert.deepEqual(diff.labels.added, []);
      assert.deepEqual(diff.labels.removed, []);
      const byCategory = new Map(diff.labels.changed.map((group) => [group.category, group]));
      assert.deepEqual([...byCategory.keys()], ['identity-document']);
      assert.deepEqual(
        byCategory
          .get('identity-document')
          ?.itemsAdded.map((item) => item.text)
          .sort(),
        ['Passport number', 'Номер паспорта', '护照号码'].sort(),
      );
      for (const group of diff.labels.changed) assert.deepEqual(group.itemsRemoved, []);
    },
  ],
  [
    'no SDK, asset or rule-failure change',
    (diff) => {
      assert.deepEqual(diff.sdks, { added: [], removed: [], changed: [] });
      assert.deepEqual(diff.assets, { added: [], removed: [], changed: [] });
      assert.deepEqual(diff.ruleFailures, { old: [], new: [] });
    },
  ],
  [
    'findings added: exactly the permission, the call-log read, the endpoint, the call log flowing to it, the passport field and the new signer',
    (diff) => {
      const added = diff.findings.added
        .map((entry) => `${entry.finding.code} ${entry.finding.category ?? ''}`.trim())
        .sort();
      assert.deepEqual(added, [
        'content-uri.field call-log',
        'flows.data-to-sink call-log',
        'forms.field-asks-for identity-document',
        'network-destination.url',
        'permission-data.unlocks call-log',
        'signing-tampering.signer',
      ]);
      const read = diff.findings.added.find((entry) => entry.finding.code === 'content-uri.field')?.finding;
      assert.equal(
        read?.evidence[0]?.kind === 'code' ? read.evidence[0].className : undefined,
        'org.apkwitness.demo.fieldsurvey.CallLogReporter',
      );
    },
  ],
  [
    'findings added ranked as the scan report ranks them: most severe first, then surest; counted by severity',
    (diff) => {
      assert.deepEqual(
        diff.findings.added.map(
          (entry) => `${entry.finding.severity} ${entry.finding.confidence} ${entry.finding.code}`,
        ),
        [
          'critical high forms.field-asks-for',
          'major high content-uri.field',
          'major high flows.data-to-sink',
          'moderate high network-destination.url',
          'minor medium permission-data.unlocks',
          'info high signing-tampering.signer',
        ],
      );
      assert.deepEqual(diff.summary.addedBySeverity, { critical: 1, major: 2, moderate: 1, minor: 1, info: 1 });
      assert.deepEqual(diff.summary.removedBySeverity, { critical: 0, major: 0, moderate: 0, minor: 0, info: 1 });
    },
  ],
  [
    'findings removed: only the old signer',
    (diff) => {
      assert.deepEqual(
        diff.findings.removed.map((entry) => [entry.finding.code, entry.finding.args.certificateSha256]),
        [['signing-tampering.signer', V1_CERTIFICATE]],
      );
    },
  ],
  [
    'findings changed: the form (one more field) and the identity-document label list, each with only new evidence; trust-all TLS now weakens the new HTTPS upload (moderate → major)',
    (diff) => {
      assert.deepEqual(diff.findings.changed.map((change) => `${change.code} ${change.category ?? ''}`.trim()).sort(), [
        'forms.form',
        'labels.strings identity-document',
        'trust-all-tls.trust-all-manager',
      ]);
      const trustAll = diff.findings.changed.find((change) => change.code === 'trust-all-tls.trust-all-manager');
      assert.deepEqual(trustAll?.severity, { old: 'moderate', new: 'major' });
      assert.deepEqual([trustAll.args, trustAll.evidence.appeared, trustAll.evidence.counts], [[], [], []]);
      for (const change of diff.findings.changed.filter((item) => item !== trustAll)) {
        assert.deepEqual(change.severity.old, change.severity.new, change.key);
        assert.deepEqual(change.evidence.disappeared, [], change.key);
        assert.equal(change.confidence, undefined, change.key);
      }
      const form = diff.findings.changed.find((change) => change.code === 'forms.form');
      assert.deepEqual(
        form?.args.find((argument) => argument.field === 'fieldCount'),
        { field: 'fieldCount', old: 7, new: 8 },
      );
      // The new EditText looks like the other four once lines are ignored: a count, not a guess at which one.
      assert.deepEqual(form.evidence.appeared, []);
      assert.deepEqual(
        form.evidence.counts.map((count) => [
          count.example.kind === 'xml' ? count.example.element : '',
          count.old,
          count.new,
        ]),
        [['EditText', 4, 5]],
      );
      for (const change of diff.findings.changed.filter((item) => item.code === 'labels.strings'))
        assert.ok(change.evidence.appeared.length > 0, change.key);
      const appearedResources = diff.findings.changed
        .flatMap((change) => change.evidence.appeared)
        .filter((item) => item.kind === 'resource');
      for (const item of appearedResources) assert.equal(item.name, 'string/label_passport');
    },
  ],
  [
    'every unchanged finding is counted, and the counts add up to both reports',
    (diff) => {
      const matched = diff.findings.unchanged + diff.findings.changed.length;
      assert.equal(matched + diff.findings.removed.length, reportOf(DEMO_V1).findings.length);
      assert.equal(matched + diff.findings.added.length, reportOf(DEMO_V2).findings.length);
      assert.ok(
        diff.findings.unchanged > 20,
        'the unchanged findings (IMEI, contacts, SMS, cleartext upload…) matched despite moved offsets',
      );
    },
  ],
];

for (const [name, check] of PLANTED) test(`demo v1 → v2: ${name}`, () => check(demoDiff()));

test('demo v2 → v1 is the mirror image: added and removed swap', () => {
  const forward = demoDiff();
  const backward = diffReports(reportOf(DEMO_V2), reportOf(DEMO_V1));
  assert.deepEqual(
    backward.findings.added.map((entry) => entry.key),
    forward.findings.removed.map((entry) => entry.key),
  );
  assert.deepEqual(
    backward.findings.removed.map((entry) => entry.key),
    forward.findings.added.map((entry) => entry.key),
  );
  assert.deepEqual(backward.permissions.removed, forward.permissions.added);
  assert.deepEqual(backward.categories.disappeared, ['call-log']);
  assert.equal(backward.forms.fields[0]?.change, 'removed');
  assert.equal(backward.summary.signerChanged, true);
});

test('the diff is deterministic: two runs give byte-identical JSON', () => {
  assert.equal(JSON.stringify(demoDiff()), JSON.stringify(demoDiff()));
});
