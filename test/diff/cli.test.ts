/**
 * `apkwitness diff`: exit codes (0 ok, 1 a --fail-on-new finding was added, 2 error
 * with one line naming the file), saved scan JSON as either side, -o, --help.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run } from '../support/cli.js';
import { repositoryRoot } from '../support/corpus.js';
import { DEMO_V1, DEMO_V2 } from './reports.js';
import { RULES_NEWER_THAN_V2_REPORT } from '../support/newer-rules.js';

const folder = mkdtempSync(join(tmpdir(), 'apkwitness-diff-cli-'));
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
const OLD_SCHEMA = join(folder, 'schema-1.json');
writeFileSync(OLD_SCHEMA, JSON.stringify({ schemaVersion: 1, findings: [] }));
const BROKEN_JSON = join(folder, 'broken.json');
writeFileSync(BROKEN_JSON, '{"schemaVersion": 2, "findings": [');
/** The demo's report as apkwitness wrote it before schema version 3 (test/fixtures/v2). */
const V2_REPORT = join(repositoryRoot, 'test', 'fixtures', 'v2', 'field-survey.json');
/** A real saved (version 2) report of the demo with one finding damaged by `damage`. */
function damagedReport(name: string, damage: (finding: Record<string, unknown>) => void): string {
  const report = JSON.parse(readFileSync(V2_REPORT, 'utf8')) as { findings: Array<Record<string, unknown>> };
  damage(report.findings[0] as Record<string, unknown>);
  const path = join(folder, name);
  writeFileSync(path, JSON.stringify(report));
  return path;
}
const NESTED_ARGUMENT = damagedReport('nested-argument.json', (finding) => {
  finding.args = { permission: { toString: 'x' } };
});
const UNKNOWN_EVIDENCE = damagedReport('unknown-evidence.json', (finding) => {
  finding.evidence = [{ kind: 'script', entry: 'x' }];
});
const NO_CLAIM = damagedReport('no-claim.json', (finding) => {
  delete finding.claim;
});
const NOT_A_REPORT = join(repositoryRoot, 'package.json');
const NOT_A_ZIP = join(repositoryRoot, 'README.md');
const MISSING = join(folder, 'missing.apk');

const EXIT_CASES: ReadonlyArray<readonly [string, string[], number, RegExp | undefined]> = [
  ['v1 → v2, no threshold', ['diff', DEMO_V1, DEMO_V2], 0, undefined],
  ['--fail-on-new call-log (added by v2)', ['diff', DEMO_V1, DEMO_V2, '--fail-on-new', 'call-log'], 1, undefined],
  [
    '--fail-on-new destination topic (a URL was added)',
    ['diff', DEMO_V1, DEMO_V2, '--fail-on-new', 'destination'],
    1,
    undefined,
  ],
  ['--fail-on-new sms (present in both, not new)', ['diff', DEMO_V1, DEMO_V2, '--fail-on-new', 'sms'], 0, undefined],
  [
    '--fail-on-new call-log the other way round (v2 → v1 removes it)',
    ['diff', DEMO_V2, DEMO_V1, '--fail-on-new', 'call-log'],
    0,
    undefined,
  ],
  [
    '--fail-on-new unknown name',
    ['diff', DEMO_V1, DEMO_V2, '--fail-on-new', 'nonsense'],
    2,
    /neither a data category nor a topic/,
  ],
  ['one input only', ['diff', DEMO_V1], 2, /two inputs/],
  ['bad --format', ['diff', DEMO_V1, DEMO_V2, '--format', 'pdf'], 2, /--format/],
  ['missing file', ['diff', DEMO_V1, MISSING], 2, /missing\.apk: no such file/],
  ['not a zip', ['diff', NOT_A_ZIP, DEMO_V2], 2, /README\.md: not a ZIP/],
  [
    'JSON that is not a scan report',
    ['diff', NOT_A_REPORT, DEMO_V2],
    2,
    /package\.json: not an apkwitness scan report/,
  ],
  [
    'scan report of another schema version',
    ['diff', OLD_SCHEMA, DEMO_V2],
    2,
    /schema-1\.json: scan report schemaVersion 1/,
  ],
  ['truncated JSON', ['diff', DEMO_V1, BROKEN_JSON], 2, /broken\.json: not valid JSON/],
  [
    'saved version 2 report with an object as an argument value',
    ['diff', NESTED_ARGUMENT, DEMO_V2],
    2,
    /nested-argument\.json: finding .* not a string, number or boolean/,
  ],
  [
    'saved report with evidence of an unknown kind',
    ['diff', DEMO_V1, UNKNOWN_EVIDENCE],
    2,
    /unknown-evidence\.json: finding .* no known kind/,
  ],
  [
    'saved version 2 report with a finding without a claim',
    ['diff', NO_CLAIM, DEMO_V2],
    2,
    /no-claim\.json: a finding lacks/,
  ],
];

for (const [name, args, status, message] of EXIT_CASES) {
  test(`diff exit code: ${name} → ${status}`, async () => {
    const result = await run(args);
    assert.equal(result.status, status, result.stderr);
    if (message) {
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, 'one line');
    }
  });
}

test('diff of a saved scan JSON against the APK it came from is empty; against v2 it equals the APK diff', async () => {
  const saved = join(folder, 'v1.json');
  writeFileSync(saved, (await run(['scan', DEMO_V1, '--json'])).stdout);
  const self = JSON.parse((await run(['diff', saved, DEMO_V1, '--json'])).stdout) as {
    summary: { unchanged: boolean };
  };
  assert.equal(self.summary.unchanged, true);
  const fromJson = (await run(['diff', saved, DEMO_V2, '--format', 'json'])).stdout;
  const fromApk = (await run(['diff', DEMO_V1, DEMO_V2, '--format', 'json'])).stdout;
  assert.equal(fromJson, fromApk);
});

interface DiffFindings {
  findings: { added: Array<{ finding: { ruleId: string } }>; removed: unknown[]; changed: unknown[] };
}

test('a report saved by an older apkwitness (schema version 2) is upgraded: against the APK it came from, only findings of newer rules are added', async () => {
  const self = JSON.parse((await run(['diff', V2_REPORT, DEMO_V1, '--json'])).stdout) as DiffFindings;
  assert.deepEqual(
    [...new Set(self.findings.added.map((entry) => entry.finding.ruleId))],
    [...RULES_NEWER_THAN_V2_REPORT],
  );
  assert.deepEqual([self.findings.removed, self.findings.changed], [[], []]);
  const fromV2 = JSON.parse((await run(['diff', V2_REPORT, DEMO_V2, '--format', 'json'])).stdout) as DiffFindings;
  const fromApk = JSON.parse((await run(['diff', DEMO_V1, DEMO_V2, '--format', 'json'])).stdout) as DiffFindings;
  const older = (diff: DiffFindings) => ({
    ...diff.findings,
    added: diff.findings.added.filter((entry) => !RULES_NEWER_THAN_V2_REPORT.has(entry.finding.ruleId)),
    unchanged: undefined,
  });
  assert.deepEqual(older(fromV2), older(fromApk));
});

test('a saved version 3 report may hold lists and records in its arguments, and needs no claim', async () => {
  const saved = JSON.parse((await run(['scan', DEMO_V1, '--json'])).stdout) as {
    findings: Array<Record<string, unknown>>;
  };
  for (const finding of saved.findings) delete finding.claim;
  const path = join(folder, 'no-claims-v3.json');
  writeFileSync(path, JSON.stringify(saved));
  const diff = JSON.parse((await run(['diff', path, DEMO_V1, '--json'])).stdout) as { summary: { unchanged: boolean } };
  assert.equal(diff.summary.unchanged, true);
});

test('diff -o writes the file and nothing to stdout; --help has examples', async () => {
  const out = join(folder, 'changes.html');
  const result = await run(['diff', DEMO_V1, DEMO_V2, '--format', 'html', '-o', out]);
  assert.equal(result.status, 0);
  assert.equal(result.stdout, '');
  assert.match(readFileSync(out, 'utf8'), /^<!DOCTYPE html>/);
  const help = await run(['diff', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Examples:\n {2}apkwitness diff /);
  assert.match((await run(['help', 'diff'])).stdout, /--fail-on-new/);
  assert.match((await run(['--help'])).stdout, /apkwitness diff <old> <new>/);
});
