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
import type { AppReport } from '../../src/model/inspect-app.js';
import { corpusRoot, needs } from '../support/corpus.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const DEMO = 'fixtures/demo/field-survey.apk';
const HOSTILE = 'fixtures/hostile/hostile-strings.apk';

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
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
  const bundle = JSON.parse(stdout) as AppReport;
  assert.equal(bundle.format, 'apk');
  assert.equal(bundle.apks.length, 1);
  const report = bundle.apks[0];
  assert.ok(report?.manifest !== undefined && report.resources !== undefined);
  assert.equal(report.role, 'base');
  assert.equal(report.file.sha256, createHash('sha256').update(readFileSync(DEMO)).digest('hex'));
  assert.equal(report.manifest.packageName, 'org.apkwitness.demo.fieldsurvey');
  assert.equal(report.manifest.label.byLocale['zh-rCN'], '入户走访');
  const permission = report.manifest.usesPermissions.find(
    (entry) => entry.name === 'android.permission.READ_PHONE_STATE',
  );
  assert.ok(permission !== undefined && permission.evidence.offset > 0 && permission.evidence.line > 0);
  assert.deepEqual(
    report.signing.schemes.map((scheme) => scheme.scheme),
    ['v1', 'v2', 'v3'],
  );
  assert.ok(report.resources.locales.includes('zh-rCN'));
  // The network security config is decoded from res/xml: cleartext allowed for the upload host.
  const config = report.manifest.networkSecurityConfig;
  assert.deepEqual(config?.domains[0]?.domains, ['survey.example.org']);
  assert.equal(config.domains[0].cleartextTrafficPermitted, true);
  assert.equal(config.baseCleartextTrafficPermitted, false);
  // The code it carries, from the one dex discovery the scan uses too.
  assert.deepEqual(
    report.code.map((source) => [source.name, source.origin, source.loadedByAndroid]),
    [['classes.dex', 'multidex', true]],
  );
  const dex = report.code[0];
  assert.ok(dex !== undefined && (dex.classes ?? 0) > 0 && (dex.methods ?? 0) > 0);
});

const errorCases: Array<[string, string[], RegExp]> = [
  [
    'a missing file',
    ['inspect', '/nonexistent/app.apk'],
    /^apkwitness: \/nonexistent\/app\.apk: no such file or folder$/m,
  ],
  [
    'a file that is not a zip',
    ['inspect', join(corpusRoot, 'androguard-axml/test.xml')],
    /^apkwitness: .*test\.xml: .+\n$/,
  ],
  ['a folder without APKs', ['inspect', 'fixtures'], /^apkwitness: folder fixtures holds no \.apk file/],
  ['an unknown command', ['frobnicate'], /^apkwitness: unknown command 'frobnicate'/],
  ['an unknown option', ['inspect', DEMO, '--bogus'], /^apkwitness: unknown option '--bogus'$/m],
  ['no file', ['inspect'], /^apkwitness: inspect needs a file or folder/],
];

for (const [name, args, pattern] of errorCases) {
  test(`exit 2 and one line on stderr for ${name}`, async () => {
    const { code, stderr } = await run(...args);
    assert.equal(code, 2);
    assert.match(stderr, pattern);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  });
}

test('a .apks bundle: every split is inspected and named from its manifest', CORPUS, async () => {
  const { code, stdout } = await run(
    'inspect',
    join(corpusRoot, 'appmanager-splits/AppManager_v2.5.22.apks'),
    '--json',
  );
  assert.equal(code, 0);
  const report = JSON.parse(stdout) as AppReport;
  assert.equal(report.format, 'apks');
  assert.equal(report.apks.length, 27);
  assert.equal(report.apks[0]?.role, 'base');
  assert.equal(report.apks[0].manifest?.packageName, 'io.github.muntashirakon.AppManager');
  const chinese = report.apks.find((apk) => apk.splitName === 'config.zh');
  assert.equal(chinese?.manifest?.split, 'config.zh');
  assert.ok(chinese.resources?.locales.some((locale) => locale.startsWith('zh')));
});

test('a folder of split APKs is one app', CORPUS, async () => {
  const { code, stdout } = await run('inspect', join(corpusRoot, 'appmanager-splits/AppManager_v2.5.22'), '--json');
  assert.equal(code, 0);
  const report = JSON.parse(stdout) as AppReport;
  assert.equal(report.format, 'split-apks');
  assert.deepEqual(report.apks.map((apk) => apk.splitName ?? apk.role).sort(), [
    'base',
    'config.arm64_v8a',
    'config.xxhdpi',
    'config.zh',
    'feat_docs',
  ]);
});

test('the text report of a bundle lists the splits, then each APK', CORPUS, async () => {
  const { code, stdout } = await run('inspect', join(corpusRoot, 'appmanager-splits/AppManager_v2.5.22'));
  assert.equal(code, 0);
  assert.match(stdout, /^Bundle \(split-apks\)/);
  assert.match(stdout, /── split config\.zh ──/);
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

for (const [name, args, pattern] of [
  ['a mistyped option', ['scan', DEMO, '--jsn'], /^apkwitness: unknown option '--jsn' \(did you mean '--json'\?\)$/m],
  ['a mistyped command', ['scna', DEMO], /^apkwitness: unknown command 'scna' \(did you mean 'scan'\?\)/],
  ['an unknown help topic', ['help', 'nonsense'], /^apkwitness: no help topic 'nonsense' \(topics: /],
] as const) {
  test(`exit 2 with a suggestion for ${name}`, async () => {
    const { code, stderr } = await run(...args);
    assert.equal(code, 2);
    assert.match(stderr, pattern);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  });
}
