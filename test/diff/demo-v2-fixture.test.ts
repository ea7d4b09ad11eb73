/**
 * fixtures/demo-v2/field-survey-v2.apk carries the planted changes and only those,
 * read by the reference tools (aapt, apksigner, dexdump) from the committed APKs:
 * the oracle for what apkwitness diff must find. Nothing is rebuilt here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTool, needs } from '../support/corpus.js';
import { DEMO_V1, DEMO_V2 } from './reports.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const AAPT_APKSIGNER_DEXDUMP = { skip: needs('aapt', 'apksigner', 'dexdump') };

function tool(name: string, args: string[]): string {
  const result = runTool(name, args);
  assert.equal(result.status, 0, `${name} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function badging(apk: string): string {
  return tool('aapt', ['dump', 'badging', apk]);
}

function permissions(apk: string): string[] {
  return [...badging(apk).matchAll(/^uses-permission: name='([^']+)'/gm)].map((match) => match[1] as string).sort();
}

function certificateDigest(apk: string): string {
  const match = /Signer #1 certificate SHA-256 digest: ([0-9a-f]{64})/.exec(
    tool('apksigner', ['verify', '--print-certs', apk]),
  );
  assert.ok(match, `apksigner printed no certificate for ${apk}`);
  return match[1] as string;
}

const CHECKS: ReadonlyArray<readonly [string, () => void]> = [
  [
    'aapt: versionCode 3 → 4, versionName 1.2.0 → 1.3.0, same package',
    () => {
      assert.match(
        badging(DEMO_V1),
        /^package: name='org\.apkwitness\.demo\.fieldsurvey' versionCode='3' versionName='1\.2\.0'/m,
      );
      assert.match(
        badging(DEMO_V2),
        /^package: name='org\.apkwitness\.demo\.fieldsurvey' versionCode='4' versionName='1\.3\.0'/m,
      );
    },
  ],
  [
    'aapt: the only permission difference is READ_CALL_LOG, added',
    () => {
      const before = permissions(DEMO_V1);
      const after = permissions(DEMO_V2);
      assert.deepEqual(
        after.filter((name) => !before.includes(name)),
        ['android.permission.READ_CALL_LOG'],
      );
      assert.deepEqual(
        before.filter((name) => !after.includes(name)),
        [],
      );
    },
  ],
  [
    'apksigner: both verify, with different certificates; v2 names the v2 test key',
    () => {
      assert.notEqual(certificateDigest(DEMO_V1), certificateDigest(DEMO_V2));
      assert.equal(certificateDigest(DEMO_V2), '559bd24e4c949840d50fc9e46a93ab04ea3b66ca6c49409e654d6ff3c3bebbe5');
      assert.match(
        tool('apksigner', ['verify', '--print-certs', DEMO_V2]),
        /CN=apkwitness demo v2 TEST KEY \(not secret\)/,
      );
    },
  ],
  [
    'aapt xmltree: the layout has an EditText with hint 护照号码 in v2 only',
    () => {
      const hint = /A: android:hint\(0x01010150\)="护照号码"/;
      assert.doesNotMatch(tool('aapt', ['dump', 'xmltree', DEMO_V1, 'res/layout/survey_form.xml']), hint);
      assert.match(tool('aapt', ['dump', 'xmltree', DEMO_V2, 'res/layout/survey_form.xml']), hint);
    },
  ],
  [
    'dexdump: the new URL and the call-log read are in v2 only',
    () => {
      const url = /const-string v\d+, "https:\/\/collect\.example\.net\/v2\/report"/;
      const callLog = /sget-object v\d+, Landroid\/provider\/CallLog\$Calls;\.CONTENT_URI/;
      const before = tool('dexdump', ['-d', DEMO_V1]);
      const after = tool('dexdump', ['-d', DEMO_V2]);
      assert.doesNotMatch(before, url);
      assert.doesNotMatch(before, callLog);
      assert.match(after, url);
      assert.match(after, callLog);
    },
  ],
];

for (const [name, check] of CHECKS) test(`demo v2 fixture: ${name}`, AAPT_APKSIGNER_DEXDUMP, check);
