/**
 * "How to verify" commands: run them, as a reader would, on the demo app in a
 * scratch folder, and check that their output shows what the report says to look
 * for (the dexdump line at the file offset with the code offset and target, the
 * baksmali `#@offset`, aapt's xmltree line, the resource id in its config, the bytes).
 * And names from the app are single-quoted so pasting a command runs nothing else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Evidence } from '../../src/findings/types.js';
import { shellQuote, verifySteps } from '../../src/report/verify.js';
import { DEMO_APK, scanned } from './fixtures.js';
import { corpusRoot, needs } from '../support/corpus.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const UNZIP_DEXDUMP_BAKSMALI_AAPT_XXD = { skip: needs('unzip', 'dexdump', 'baksmali', 'aapt', 'xxd') };
const UNZIP_XXD = { skip: needs('unzip', 'xxd') };
const CORPUS = { skip: needs('corpus') };

const QUOTE_CASES: ReadonlyArray<readonly [string, string]> = [
  ['command substitution', '$(touch pwned).dex'],
  ['backticks', '`touch pwned`.xml'],
  ['single quote breakout', "a'; touch pwned; echo '"],
  ['semicolon and pipe', 'x; touch pwned | cat'],
  ['glob and spaces', 'assets/* with spaces'],
  ['leading dash', '-rf'],
];

for (const [trick, name] of QUOTE_CASES) {
  test(`shellQuote: ${trick} reaches the command as one literal argument`, () => {
    const folder = mkdtempSync(join(tmpdir(), 'apkwitness-quote-'));
    try {
      const output = execFileSync('sh', ['-c', `printf '%s\\n' ${shellQuote(name)}`], {
        cwd: folder,
        encoding: 'utf8',
      });
      assert.equal(output, `${name}\n`);
      assert.throws(() => readFileSync(join(folder, 'pwned')));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
}

function firstOfKind(kind: Evidence['kind']): Evidence {
  const evidence = scanned(DEMO_APK)
    .findings.flatMap((finding) => finding.evidence)
    .find((item) => item.kind === kind);
  assert.ok(evidence, `the demo has ${kind} evidence`);
  return evidence;
}

const KINDS: ReadonlyArray<readonly [Evidence['kind'], (evidence: Evidence) => RegExp[]]> = [
  [
    'code',
    (evidence) =>
      evidence.kind !== 'code'
        ? []
        : [
            new RegExp(
              `^${evidence.fileOffset.toString(16).padStart(6, '0')}: .*\\|${evidence.codeOffset.toString(16).padStart(4, '0')}: `,
              'm',
            ),
            new RegExp(
              `#@${evidence.codeOffset.toString(16)}\\n\\s+\\S+.*${evidence.target.split('->')[1]?.split('(')[0] ?? ''}`,
              'm',
            ),
          ],
  ],
  [
    'xml',
    (evidence) => (evidence.kind !== 'xml' ? [] : [new RegExp(`E: ${evidence.element} \\(line=${evidence.line}\\)`)]),
  ],
  [
    'resource',
    (evidence) =>
      evidence.kind !== 'resource'
        ? []
        : [
            new RegExp(`resource 0x${evidence.resourceId.toString(16).padStart(8, '0')} \\S+:${evidence.name}: t=`),
            new RegExp(`"${evidence.value ?? ''}"`),
          ],
  ],
];

for (const [kind, expectations] of KINDS) {
  test(
    `verify commands for ${kind} evidence of the demo show what the report says`,
    UNZIP_DEXDUMP_BAKSMALI_AAPT_XXD,
    () => {
      const evidence = firstOfKind(kind);
      const apk = scanned(DEMO_APK).apks[0]!.name;
      const folder = mkdtempSync(join(tmpdir(), 'apkwitness-verify-'));
      try {
        copyFileSync(DEMO_APK, join(folder, apk));
        let output = '';
        for (const step of verifySteps(evidence, apk)) {
          output += execFileSync('sh', ['-c', step.command], {
            cwd: folder,
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
          });
          // baksmali writes files; the smali text is what a reader opens.
          if (step.command.startsWith('baksmali') && evidence.kind === 'code')
            output += readFileSync(join(folder, 'smali', `${evidence.className.replace(/\./g, '/')}.smali`), 'utf8');
        }
        for (const pattern of expectations(evidence)) assert.match(output, pattern);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );
}

test('verify command for a byte range prints those bytes', UNZIP_XXD, () => {
  const evidence: Evidence = {
    kind: 'bytes',
    apkSha256: scanned(DEMO_APK).apks[0]!.sha256,
    entry: 'AndroidManifest.xml',
    start: 0,
    end: 4,
    description: 'binary XML header',
  };
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-verify-'));
  try {
    copyFileSync(DEMO_APK, join(folder, 'field-survey.apk'));
    const [step] = verifySteps(evidence, 'field-survey.apk');
    // RES_XML_TYPE 0x0003 with an 8-byte header: the first four bytes of every binary XML file.
    assert.match(execFileSync('sh', ['-c', step!.command], { cwd: folder, encoding: 'utf8' }), /^00000000: 0300 0800/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('an APK inside a bundle is extracted first', () => {
  const steps = verifySteps(firstOfKind('xml'), 'app.xapk!/config.zh.apk');
  assert.equal(steps[0]?.command, 'unzip -o app.xapk config.zh.apk -d bundle');
  assert.match(steps[1]?.command ?? '', /^aapt dump xmltree bundle\/config.zh.apk /);
});

test(
  'verify command for xml evidence inside a real bundle (AppManager .apks) extracts the APK and shows the element',
  CORPUS,
  () => {
    const bundle = join(corpusRoot, 'appmanager-splits', 'AppManager_v2.5.22.apks');
    const report = scanned(bundle);
    const names = new Map(report.apks.map((apk) => [apk.sha256, apk.name] as const));
    const evidence = report.findings.flatMap((finding) => finding.evidence).find((item) => item.kind === 'xml');
    assert.ok(evidence?.kind === 'xml');
    const apk = names.get(evidence.apkSha256)!;
    assert.match(apk, /^AppManager_v2\.5\.22\.apks!\//);
    const folder = mkdtempSync(join(tmpdir(), 'apkwitness-verify-'));
    try {
      // A link, not a copy: the corpus is read in place.
      symlinkSync(bundle, join(folder, 'AppManager_v2.5.22.apks'));
      let output = '';
      for (const step of verifySteps(evidence, apk))
        output += execFileSync('sh', ['-c', step.command], {
          cwd: folder,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
      assert.match(output, new RegExp(`E: ${evidence.element} \\(line=${evidence.line}\\)`));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
);
