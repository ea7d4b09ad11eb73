/**
 * The command line, run in-process: exit codes, one-line errors, JSON, and app strings
 * that try to attack the analyst's terminal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { corpusRoot } from '../support/corpus.js';

const DEMO = 'fixtures/demo/field-survey.apk';
const HOSTILE = 'fixtures/hostile/hostile-strings.apk';

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
  return { code, stdout, stderr };
}

test('inspect prints the demo app: package, labels in every locale, dangerous permissions, signer', async () => {
  const { code, stdout, stderr } = await run('inspect', DEMO);
  assert.equal(code, 0);
  assert.equal(stderr, '');
  assert.match(stdout, /package +org\.apkwitness\.demo\.fieldsurvey/);
  assert.match(stdout, /zh-rCN +入户走访/);
  assert.match(stdout, /android\.permission\.READ_PHONE_STATE +dangerous/);
  assert.match(stdout, /android\.permission\.READ_CONTACTS +dangerous/);
  assert.match(stdout, /scheme v2 +verified/);
  assert.match(stdout, /usesCleartextTraffic=true/);
});

test('inspect --json is one parseable document carrying the evidence', async () => {
  const { code, stdout } = await run('inspect', DEMO, '--json');
  assert.equal(code, 0);
  const report = JSON.parse(stdout);
  assert.equal(report.file.sha256, createHash('sha256').update(readFileSync(DEMO)).digest('hex'));
  assert.equal(report.manifest.packageName, 'org.apkwitness.demo.fieldsurvey');
  assert.equal(report.manifest.label.byLocale['zh-rCN'], '入户走访');
  const permission = report.manifest.usesPermissions.find((entry: { name: string }) => entry.name === 'android.permission.READ_PHONE_STATE');
  assert.ok(permission.evidence.offset > 0 && permission.evidence.line > 0);
  assert.deepEqual(report.signing.schemes.map((scheme: { scheme: string }) => scheme.scheme), ['v1', 'v2', 'v3']);
  assert.ok(report.resources.locales.includes('zh-rCN'));
  // The network security config is decoded from res/xml: cleartext allowed for the upload host.
  assert.deepEqual(report.manifest.networkSecurityConfig.domains[0].domains, ['survey.example.org']);
  assert.equal(report.manifest.networkSecurityConfig.domains[0].cleartextTrafficPermitted, true);
  assert.equal(report.manifest.networkSecurityConfig.baseCleartextTrafficPermitted, false);
});

const errorCases: Array<[string, string[], RegExp]> = [
  ['a missing file', ['inspect', '/nonexistent/app.apk'], /^apkwitness: \/nonexistent\/app\.apk: cannot read file \(ENOENT\)\n$/],
  ['a file that is not a zip', ['inspect', join(corpusRoot, 'androguard-axml/test.xml')], /^apkwitness: .*test\.xml: .+\n$/],
  ['a folder', ['inspect', 'fixtures'], /^apkwitness: fixtures: is a folder/],
  ['an unknown command', ['frobnicate'], /^apkwitness: unknown command 'frobnicate'/],
  ['an unknown option', ['inspect', DEMO, '--bogus'], /^apkwitness: Unknown option '--bogus'/],
  ['no file', ['inspect'], /^apkwitness: inspect needs at least one file/],
];

for (const [name, args, pattern] of errorCases) {
  test(`exit 2 and one line on stderr for ${name}`, async () => {
    const { code, stderr } = await run(...args);
    assert.equal(code, 2);
    assert.match(stderr, pattern);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  });
}

test('a bad file among good ones: the good ones are still reported, exit 2', async () => {
  const { code, stdout, stderr } = await run('inspect', DEMO, join(corpusRoot, 'androguard-axml/test.xml'), '--json');
  assert.equal(code, 2);
  assert.equal(JSON.parse(stdout).length, 1);
  assert.match(stderr, /test\.xml/);
});

test('--help and --version exit 0', async () => {
  assert.match((await run('--help')).stdout, /Usage:/);
  assert.match((await run('help', 'inspect')).stdout, /--json/);
  assert.match((await run('--version')).stdout, /^apkwitness \d+\.\d+\.\d+\n$/);
});

test('hostile app strings cannot reach the terminal as control sequences', async () => {
  const { code, stdout } = await run('inspect', HOSTILE);
  assert.equal(code, 0);
  // No ESC, no C1 controls, no bidi overrides, no raw CR: every one is shown escaped.
  assert.doesNotMatch(stdout, /[\u001b\u0080-\u009f\u202a-\u202e\u2066-\u2069\r]/);
  assert.match(stdout, /\\u202e/, 'the right-to-left override in versionName is visible as an escape');
  assert.match(stdout, /<script>alert\(1\)<\/script>/, 'the label is shown literally');
});
