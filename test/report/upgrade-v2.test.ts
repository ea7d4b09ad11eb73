/**
 * Reports of schema version 2 read as version 3 (src/report/upgrade-v2.ts, docs/findings-schema.md
 * "Changes from version 2"): one v2 finding of every code the corpus produced (with the v3 finding
 * the same input gives today, test/fixtures/v2/findings.json) upgrades to that v3 finding, fits its
 * code's declaration and renders the claim v2 wrote; the demo's whole v2 report reads as today's scan.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { upgradeFindingV2, type FindingV2 } from '../../src/report/upgrade-v2.js';
import { readSavedReport } from '../../src/report/read-report.js';
import { findingJson, renderClaim } from '../../src/report/claim.js';
import { contractOf } from '../../src/scan/catalogue.js';
import { SCHEMA_VERSION } from '../../src/scan/scan.js';
import { repositoryRoot } from '../support/corpus.js';
import { comparable, type Json } from '../support/report-compare.js';
import { reportOf, DEMO_V1 } from '../diff/reports.js';
import { withoutNewerRules } from '../support/newer-rules.js';

const V2 = join(repositoryRoot, 'test', 'fixtures', 'v2');
const PAIRS = JSON.parse(readFileSync(join(V2, 'findings.json'), 'utf8')) as Array<{
  report: string;
  v2: FindingV2;
  v3: { [key: string]: Json };
}>;

for (const { report, v2, v3 } of PAIRS) {
  test(`upgrade: ${v2.code} → ${v3.code as string} (${report})`, () => {
    const upgraded = upgradeFindingV2(v2);
    assert.equal(upgraded.code, v3.code);
    assert.equal(comparable(JSON.parse(JSON.stringify(upgraded)) as { [key: string]: Json }), comparable(v3));
    const { claim, ...finding } = upgraded;
    assert.ok(contractOf(finding) !== undefined, 'the upgraded arguments fit the declaration');
    assert.equal(renderClaim(finding), claim);
  });
}

test('upgrade: one pair per code of the corpus, every v3 code among them declared', () => {
  const codes = new Set(PAIRS.map((pair) => pair.v3.code as string));
  // The corpus's 67 v2 codes became 56 v3 codes (every `asset.<type>` is `assets.file`, container anomalies one code).
  assert.ok(codes.size >= 56, `${codes.size} codes`);
  for (const pair of PAIRS) assert.ok(contractOf(pair.v3 as never) !== undefined, pair.v3.code as string);
});

test('upgrade: the demo v2 report (scan --json of apkwitness 0.1.0 before version 3) reads as today’s scan of the demo (less the rules added since)', () => {
  const text = readFileSync(join(V2, 'field-survey.json'), 'utf8');
  const upgraded = readSavedReport(text, 'field-survey.json');
  const current = reportOf(DEMO_V1);
  assert.equal(upgraded.schemaVersion, SCHEMA_VERSION);
  assert.deepEqual(
    upgraded.findings.map((finding) => JSON.stringify(findingJson(finding))),
    withoutNewerRules(current.findings).map((finding) => JSON.stringify(findingJson(finding))),
  );
  assert.equal(JSON.stringify({ ...upgraded, findings: [] }), JSON.stringify({ ...current, findings: [] }));
});

test('upgrade: a code v2 never had is kept as it is, with its claim', () => {
  const finding: FindingV2 = {
    ruleId: 'future-rule',
    code: 'future.thing',
    topic: 'behaviour',
    claim: 'Does a future thing',
    args: { what: 'x' },
    confidence: 'low',
    evidence: [{ kind: 'bytes', apkSha256: '0'.repeat(64), entry: 'x', start: 0, end: 0 }],
  };
  const upgraded = upgradeFindingV2(finding);
  assert.deepEqual([upgraded.code, upgraded.args], ['future.thing', { what: 'x' }]);
  assert.equal(renderClaim(upgraded), 'Does a future thing');
});
