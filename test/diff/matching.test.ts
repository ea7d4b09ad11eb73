/**
 * How findings and evidence are matched: by what they are about, never by the
 * offsets that move between builds. Each case rewrites a real report (the demo's)
 * the way a rebuild would, or the way a hostile or careless input might.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffReports } from '../../src/diff/index.js';
import { evidenceKey, findingKey } from '../../src/diff/keys.js';
import type { ScanReport } from '../../src/scan/scan.js';
import type { Evidence, Finding } from '../../src/findings/types.js';
import { DEMO_V1, reportOf } from './reports.js';

const OTHER_SHA256 = 'ab'.repeat(32);
/** Added to every offset and line: what inserting bytes earlier in a file does. */
const SHIFT = 0x40;

function moved(evidence: Evidence): Evidence {
  switch (evidence.kind) {
    case 'code':
      return {
        ...evidence,
        apkSha256: OTHER_SHA256,
        codeOffset: evidence.codeOffset + SHIFT,
        fileOffset: evidence.fileOffset + SHIFT,
      };
    case 'xml':
      return { ...evidence, apkSha256: OTHER_SHA256, line: evidence.line + SHIFT, offset: evidence.offset + SHIFT };
    case 'resource':
      return { ...evidence, apkSha256: OTHER_SHA256, resourceId: evidence.resourceId + 1 };
    case 'bytes':
      return { ...evidence, apkSha256: OTHER_SHA256, start: evidence.start + SHIFT, end: evidence.end + SHIFT };
  }
}

function withFindings(report: ScanReport, findings: Finding[]): ScanReport {
  return { ...report, findings };
}

const demo = (): ScanReport => reportOf(DEMO_V1);

test('self-diff of the demo is empty in every section', () => {
  const diff = diffReports(demo(), demo());
  assert.equal(diff.summary.unchanged, true);
  assert.deepEqual([diff.findings.added, diff.findings.removed, diff.findings.changed], [[], [], []]);
  assert.equal(diff.findings.unchanged, demo().findings.length);
  for (const section of [diff.permissions, diff.forms, diff.labels, diff.endpoints, diff.sdks, diff.assets]) {
    assert.deepEqual(section.added, []);
    assert.deepEqual(section.removed, []);
  }
  assert.deepEqual(diff.forms.fields, []);
  assert.deepEqual(diff.app.fields, []);
  assert.equal(diff.summary.signerChanged, false);
});

const REWRITES: ReadonlyArray<readonly [string, (findings: readonly Finding[]) => Finding[]]> = [
  [
    'every offset, line, resource id and APK hash moved (a rebuild)',
    (findings) => findings.map((finding) => ({ ...finding, evidence: finding.evidence.map(moved) })),
  ],
  ['findings in reverse order', (findings) => [...findings].reverse()],
  [
    'evidence of each finding in reverse order',
    (findings) => findings.map((finding) => ({ ...finding, evidence: [...finding.evidence].reverse() })),
  ],
  [
    'code offsets quoted inside arguments (labels items "…@0xd") moved',
    (findings) =>
      findings.map((finding) => ({
        ...finding,
        args: Object.fromEntries(
          Object.entries(finding.args).map(([name, value]) => [
            name,
            typeof value === 'string'
              ? value.replace(
                  /@0x([0-9a-f]+)/g,
                  (_match, hex: string) => `@0x${(parseInt(hex, 16) + SHIFT).toString(16)}`,
                )
              : value,
          ]),
        ),
      })),
  ],
];

for (const [trick, rewrite] of REWRITES) {
  test(`matching survives: ${trick}`, () => {
    const diff = diffReports(demo(), withFindings(demo(), rewrite(demo().findings)));
    assert.equal(
      diff.summary.findingsAdded + diff.summary.findingsRemoved + diff.summary.findingsChanged,
      0,
      JSON.stringify(diff.findings.changed[0] ?? diff.findings.added[0]),
    );
  });
}

test('a finding whose identifying argument changed is one removed and one added, not a change', () => {
  const original = demo().findings;
  const index = original.findIndex((finding) => finding.code === 'network-destination.cleartext-url');
  const renamed = original.map((finding, position) =>
    position === index
      ? { ...finding, args: { ...finding.args, url: 'http://elsewhere.example/upload', host: 'elsewhere.example' } }
      : finding,
  );
  const diff = diffReports(demo(), withFindings(demo(), renamed));
  assert.deepEqual(
    diff.findings.removed.map((entry) => entry.finding.args.url),
    ['http://survey.example.org/api/v1/upload'],
  );
  assert.deepEqual(
    diff.findings.added.map((entry) => entry.finding.args.url),
    ['http://elsewhere.example/upload'],
  );
  assert.deepEqual(diff.endpoints.hosts, { added: ['elsewhere.example'], removed: ['survey.example.org'] });
});

test('a changed count, confidence and one more call site: one changed finding listing each', () => {
  const original = demo().findings;
  const index = original.findIndex((finding) => finding.code === 'sensitive-api.reads');
  const target = original[index] as Finding;
  const extraSite = {
    ...(target.evidence[0] as Evidence),
    ...(target.evidence[0]?.kind === 'code' ? { className: 'org.example.Elsewhere' } : {}),
  } as Evidence;
  const updated = original.map((finding, position) =>
    position === index
      ? {
          ...finding,
          confidence: 'low' as const,
          args: { ...finding.args, callSites: 2 },
          evidence: [...finding.evidence, extraSite],
        }
      : finding,
  );
  const diff = diffReports(demo(), withFindings(demo(), updated));
  assert.equal(diff.findings.changed.length, 1);
  const change = diff.findings.changed[0];
  assert.deepEqual(change?.args, [{ field: 'callSites', old: 1, new: 2 }]);
  assert.deepEqual(change.confidence, { old: target.confidence, new: 'low' });
  assert.deepEqual(change.evidence.appeared, [extraSite]);
  assert.deepEqual(change.evidence.disappeared, []);
});

test('one more call site indistinguishable from an existing one (same class, method, target): a count, not an appeared item', () => {
  const original = demo().findings;
  const index = original.findIndex((finding) => finding.code === 'sensitive-api.reads');
  const target = original[index] as Finding;
  const twin = target.evidence[0] as Evidence;
  const updated = original.map((finding, position) =>
    position === index ? { ...finding, evidence: [...finding.evidence, moved(twin)] } : finding,
  );
  const change = diffReports(demo(), withFindings(demo(), updated)).findings.changed[0];
  assert.deepEqual(change?.evidence.appeared, []);
  assert.deepEqual(
    change.evidence.counts.map((count) => [count.old, count.new]),
    [[1, 2]],
  );
});

test('two findings with one key (duplicates) are paired in order; a third is added', () => {
  const first = demo().findings[0] as Finding;
  const diff = diffReports(withFindings(demo(), [first, first]), withFindings(demo(), [first, first, first]));
  assert.equal(diff.findings.added.length, 1);
  assert.equal(diff.findings.unchanged, 2);
});

const KEY_CASES: ReadonlyArray<readonly [string, Finding, Finding, boolean]> = (() => {
  // A finding of a real code: its declared identity is the permission (src/rules/permission-data).
  const base: Finding = {
    ruleId: 'permission-data',
    code: 'permission-data.sensitive',
    topic: 'collection',
    args: { permission: 'P', protectionLevel: 'dangerous', reference: 'https://example.org/P' },
    confidence: 'high',
    evidence: [],
  };
  return [
    [
      'a non-identifying argument differs (protectionLevel)',
      base,
      { ...base, args: { ...base.args, protectionLevel: 'signature' } },
      true,
    ],
    ['the confidence differs', base, { ...base, confidence: 'low' }, true],
    [
      'the identifying argument differs (permission)',
      base,
      { ...base, args: { ...base.args, permission: 'Q' } },
      false,
    ],
    ['the category differs', base, { ...base, category: 'sms' }, false],
    ['the code differs', base, { ...base, code: 'permission-data.unlocks' }, false],
    [
      'an argument value that contains the key separator',
      { ...base, args: { ...base.args, permission: 'a\u001fb' } },
      { ...base, args: { ...base.args, permission: 'a' } },
      false,
    ],
  ] as const;
})();

for (const [trick, a, b, same] of KEY_CASES) {
  test(`finding key: ${trick} → ${same ? 'same' : 'different'} key`, () =>
    assert.equal(findingKey(a) === findingKey(b), same));
}

test('evidence key: code by class + method + target, not offsets; xml by entry + element + attribute', () => {
  const code: Evidence = {
    kind: 'code',
    apkSha256: 'a',
    entry: 'classes.dex',
    className: 'A',
    method: 'm()V',
    codeOffset: 1,
    fileOffset: 2,
    target: 'T',
  };
  assert.equal(evidenceKey(code), evidenceKey({ ...code, codeOffset: 9, fileOffset: 99, apkSha256: 'b' }));
  assert.notEqual(evidenceKey(code), evidenceKey({ ...code, method: 'n()V' }));
  const xml: Evidence = {
    kind: 'xml',
    apkSha256: 'a',
    entry: 'AndroidManifest.xml',
    element: 'uses-permission',
    attribute: 'name',
    line: 3,
    offset: 4,
  };
  assert.equal(evidenceKey(xml), evidenceKey({ ...xml, line: 30, offset: 40 }));
  assert.notEqual(evidenceKey(xml), evidenceKey({ ...xml, entry: 'res/layout/a.xml' }));
});
