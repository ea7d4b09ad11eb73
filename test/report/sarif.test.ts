/**
 * SARIF 2.1.0: the demo and hostile reports validate against the OASIS schema
 * (test/fixtures/sarif), the validator itself rejects broken logs (so a pass means
 * something), and the mapping carries what code-scanning tools read: rules from the
 * registry, levels from severity, locations inside the APK, byte regions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderSarif, sarifText, entryUri } from '../../src/report/sarif.js';
import { ALL_RULES } from '../../src/scan/registry.js';
import { SchemaValidator, type Schema } from '../support/json-schema.js';
import { DEMO_APK, HOSTILE_IDENTIFIERS_APK, HOSTILE_STRINGS_APK, SARIF_SCHEMA, scanned } from './fixtures.js';

const validator = new SchemaValidator(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as Schema);

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string }> } };
    artifacts: Array<{ location: { uri: string }; parentIndex?: number; hashes?: Record<string, string> }>;
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{
        physicalLocation?: { artifactLocation: { uri: string; index: number }; region?: Record<string, number> };
        logicalLocations?: Array<{ fullyQualifiedName?: string; kind?: string }>;
      }>;
      properties: { category?: string; topic: string; severity?: string; confidence?: string; evidence: unknown[] };
    }>;
  }>;
}

for (const [name, path] of [
  ['demo', DEMO_APK],
  ['hostile-strings', HOSTILE_STRINGS_APK],
  ['hostile-identifiers', HOSTILE_IDENTIFIERS_APK],
] as const) {
  test(`SARIF of ${name} validates against the SARIF 2.1.0 schema`, () => {
    const log = JSON.parse(renderSarif(scanned(path))) as unknown;
    assert.deepEqual(validator.validate(log), []);
  });
}

/** The parts of a SARIF log the tricks below break, as plain mutable JSON. */
interface LooseLog {
  version?: string;
  runs: Array<{
    tool: { driver: { rules: Array<{ id?: string }> } };
    results: Array<{
      level?: string;
      severity?: string;
      message: unknown;
      ruleIndex: number;
      partialFingerprints: Record<string, unknown>;
      locations: Array<{ physicalLocation: { region?: Record<string, unknown> } }>;
    }>;
  }>;
}
type Result = LooseLog['runs'][number]['results'][number];
const withRegion = (log: LooseLog): Result =>
  log.runs[0]!.results.find((result) => result.locations[0]?.physicalLocation.region)!;

const BROKEN: ReadonlyArray<readonly [string, (log: LooseLog) => void]> = [
  ['missing version', (log) => delete log.version],
  ['wrong version', (log) => (log.version = '2.0.0')],
  ['level outside the enum', (log) => (log.runs[0]!.results[0]!.level = 'critical')],
  ['unknown property on a result', (log) => (log.runs[0]!.results[0]!.severity = 'high')],
  ['region with no start', (log) => (withRegion(log).locations[0]!.physicalLocation.region = { byteLength: 2 })],
  ['message without text or id', (log) => (log.runs[0]!.results[0]!.message = { markdown: 'x' })],
  ['negative byte offset below -1', (log) => (withRegion(log).locations[0]!.physicalLocation.region!.byteOffset = -2)],
  ['rule without id', (log) => delete log.runs[0]!.tool.driver.rules[0]!.id],
  ['duplicate rules (uniqueItems)', (log) => log.runs[0]!.tool.driver.rules.push(log.runs[0]!.tool.driver.rules[0]!)],
  ['ruleIndex not an integer', (log) => (log.runs[0]!.results[0]!.ruleIndex = 1.5)],
  ['fingerprint not a string', (log) => (log.runs[0]!.results[0]!.partialFingerprints.x = 1)],
];

for (const [trick, breakIt] of BROKEN) {
  test(`schema validator rejects a SARIF log with ${trick}`, () => {
    const log = JSON.parse(renderSarif(scanned(DEMO_APK))) as LooseLog;
    breakIt(log);
    assert.notDeepEqual(validator.validate(log), []);
  });
}

test('SARIF mapping: rules from the registry, level from severity, entries nested in the APK, code regions and logical locations', () => {
  const report = scanned(DEMO_APK);
  const log = JSON.parse(renderSarif(report)) as SarifLog;
  const run = log.runs[0]!;
  assert.equal(log.version, '2.1.0');
  assert.deepEqual(
    run.tool.driver.rules.map((rule) => rule.id),
    ALL_RULES.map((rule) => rule.meta.id),
  );
  assert.equal(run.results.length, report.findings.length);
  assert.equal(run.artifacts[0]?.location.uri, 'field-survey.apk');
  assert.equal(run.artifacts[0].hashes?.['sha-256'], report.apks[0]?.sha256);
  report.findings.forEach((finding, index) => {
    const result = run.results[index]!;
    assert.equal(result.ruleId, finding.ruleId);
    assert.equal(run.tool.driver.rules[result.ruleIndex]?.id, finding.ruleId);
    const severity = finding.severity!;
    assert.equal(
      result.level,
      { critical: 'error', major: 'error', moderate: 'warning', minor: 'note', info: 'note' }[severity],
    );
    assert.equal(result.properties.severity, severity);
    assert.equal(result.properties.confidence, finding.confidence);
    assert.equal(result.locations.length, finding.evidence.length);
    assert.equal(result.properties.topic, finding.topic);
    assert.equal(result.properties.category, finding.category);
    assert.deepEqual(result.properties.evidence, finding.evidence);
  });
  const imei = report.findings.findIndex(
    (finding) => finding.args.api === 'android.telephony.TelephonyManager.getDeviceId',
  );
  const location = run.results[imei]!.locations[0]!;
  const evidence = report.findings[imei]!.evidence[0]!;
  assert.equal(evidence.kind, 'code');
  assert.equal(location.physicalLocation?.artifactLocation.uri, 'classes.dex');
  assert.equal(run.artifacts[location.physicalLocation.artifactLocation.index]?.parentIndex, 0);
  assert.equal(location.physicalLocation.region?.byteOffset, evidence.fileOffset);
  assert.equal(
    location.logicalLocations?.[0]?.fullyQualifiedName,
    'org.apkwitness.demo.fieldsurvey.MainActivity.collectReport()Ljava/lang/String;',
  );
});

const TEXT_CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['embedded link', '[click](javascript:alert(1))', '\\[click\\](javascript:alert(1))'],
  ['backslash before bracket', '\\[x]', '\\\\\\[x\\]'],
  ['plain claim', 'Reads contacts', 'Reads contacts'],
];
for (const [trick, input, expected] of TEXT_CASES) {
  test(`sarifText: ${trick} cannot become an embedded link`, () => assert.equal(sarifText(input), expected));
}

const URI_CASES: ReadonlyArray<readonly [string, string, string]> = [
  ['plain entry', 'res/layout/form.xml', 'res/layout/form.xml'],
  ['space, hash and query', 'assets/a b#c?.bin', 'assets/a%20b%23c%3F.bin'],
  ['percent and controls', 'lib/%00\u001b.so', 'lib/%2500%1B.so'],
  ['path traversal stays a relative reference', '../../etc/passwd', '../../etc/passwd'],
];
for (const [trick, entry, expected] of URI_CASES) {
  test(`entryUri: ${trick}`, () => assert.equal(entryUri(entry), expected));
}
