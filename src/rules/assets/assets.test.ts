import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rule, MAX_CONTENT_SHOWN } from './index.js';
import { sniffAsset } from '../../model/assets/index.js';
import { codeLinks } from '../shared/code-links.js';
import { AppFacts } from '../shared/app-facts.js';
import type { AssetInfo } from '../../model/app-model.js';
import { corpusModel, hostileModel } from '../../../test/findings/models.js';
import { ruleFixtureModel } from '../../../test/findings/rule-fixtures.js';
import { runRule, testRule } from '../../../test/findings/rule-tester.js';
import { renderClaim } from '../../report/claim.js';
import { needs } from '../../../test/support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

function asset(entry: string, type: string, details: AssetInfo['details'] = {}): AssetInfo {
  return { entry, size: 1000, type, details, strings: [] };
}

/** The files fixtures/smali/rules/assets/AssetUser.smali names (or pretends to). */
const SHIPPED: readonly AssetInfo[] = [
  asset('assets/survey.db', 'sqlite'),
  asset('assets/www/form.html', 'xml-text'),
  asset('lib/arm64-v8a/libcollector.so', 'elf', {
    abi: 'arm64-v8a',
    exported: ['Java_assets_AssetUser_collect', 'JNI_OnLoad', 'helper'],
  }),
  asset('lib/x86/libcollector.so', 'elf', { abi: 'x86', exported: ['Java_assets_AssetUser_collect'] }),
  asset('lib/arm64-v8a/libhelper.so', 'elf', { abi: 'arm64-v8a', exported: [] }),
  asset('assets/other.db', 'sqlite'),
  asset('assets/www/page.html', 'xml-text'),
  asset('assets/js/a.js', 'text'),
  asset('assets/notes.txt', 'text'),
  asset('assets/logo.png', 'image'),
];

const model = ruleFixtureModel('assets', { assets: SHIPPED });
const findings = runRule(rule, model);

/** entry → [finding code, how the code names it, code places] or undefined when no finding. */
const CASES: ReadonlyArray<readonly [string, string | undefined, string, readonly string[]]> = [
  ['assets/survey.db', 'assets.file', 'path', ['assets.AssetUser.openDatabase@0']],
  ['assets/www/form.html', 'assets.file', 'path-suffix', ['assets.AssetUser.showPage@0']],
  ['lib/arm64-v8a/libcollector.so', 'assets.native-library', 'load-library', ['assets.AssetUser.<clinit>@0']],
  // negatives: "helper" is loaded nowhere; "oldsurvey.db" is another file; other/page.html another folder; "a.js" names js/a.js by file name only, too short to cite
  ['lib/arm64-v8a/libhelper.so', 'assets.native-library', '', []],
  ['assets/other.db', 'assets.file', '', []],
  ['assets/www/page.html', undefined, '', []],
  ['assets/js/a.js', undefined, '', []],
  ['assets/notes.txt', undefined, '', []],
  ['assets/logo.png', undefined, '', []],
];

for (const [entry, code, linkKinds, places] of CASES) {
  test(`assets: ${entry} → ${code ?? 'no finding'}${linkKinds ? ` named by code (${linkKinds})` : ''}`, () => {
    const found = findings.filter((finding) => finding.args.entry === entry);
    assert.deepEqual(
      found.map((finding) => finding.code),
      code === undefined ? [] : [code],
    );
    const [finding] = found;
    if (finding === undefined) return;
    assert.deepEqual(finding.args.linkKinds ?? [], linkKinds === '' ? [] : [linkKinds]);
    assert.deepEqual(
      finding.evidence.flatMap((evidence) =>
        evidence.kind === 'code'
          ? [`${evidence.className}.${evidence.method.split('(')[0] ?? ''}@${evidence.codeOffset}`]
          : [],
      ),
      places,
    );
    assert.equal(finding.evidence[0]?.kind, 'bytes');
  });
}

test('assets: one finding per native library across ABIs, with its ABIs and JNI exports', () => {
  const collector = findings.find((finding) => finding.args.fileName === 'libcollector.so');
  assert.deepEqual(collector?.args.abis, ['arm64-v8a', 'x86']);
  assert.equal(collector.args.jniExports, 2);
  assert.deepEqual(
    collector.evidence.filter((evidence) => evidence.kind === 'bytes').map((evidence) => evidence.entry),
    ['lib/arm64-v8a/libcollector.so', 'lib/x86/libcollector.so'],
  );
  assert.match(
    renderClaim(collector),
    /^Ships native library libcollector\.so \(arm64-v8a, x86; 2 JNI entry point\(s\)\); named by code as System\.loadLibrary\("collector"\) in assets\.AssetUser\.<clinit>$/,
  );
});

test('assets: without code nothing is linked', () => {
  assert.deepEqual(codeLinks(new AppFacts(hostileModel()), 'assets/survey.db'), []);
});

testRule(rule, {
  valid: [{ name: 'a model without assets', model: () => ruleFixtureModel('assets') }],
  invalid: [
    {
      name: 'a SQLite file named by its path',
      model: () => model,
      includes: [
        {
          code: 'assets.file',
          args: { entry: 'assets/survey.db', type: 'sqlite', linkKinds: ['path'] },
          claim:
            'Ships assets/survey.db: an SQLite database, 1000 bytes; named by code as "survey.db" in assets.AssetUser.openDatabase',
        },
      ],
    },
  ],
});

test(
  'assets: real apps — ApiDemos opens its assets by path and by file:///android_asset URL; dnsfilter names its config',
  CORPUS,
  () => {
    const apiDemos = runRule(rule, corpusModel('npm/ApiDemos-debug.apk'));
    const linked = new Map(apiDemos.map((finding) => [finding.args.entry, finding.args.linkKinds]));
    assert.deepEqual(linked.get('assets/HelloActivity.apk'), ['path']);
    assert.deepEqual(linked.get('assets/html/index.html'), ['path-suffix']);
    const dnsfilter = runRule(rule, corpusModel('appmanager-splits/dnsfilter.android.apk')).find(
      (finding) => finding.args.entry === 'assets/dnsfilter.conf',
    );
    assert.ok((dnsfilter?.args.namedByCode as number) > 0);
  },
);

test(
  "assets: a split's native library is linked to the base APK's System.loadLibrary (AppManager config.arm64_v8a + base)",
  CORPUS,
  () => {
    const base = corpusModel('appmanager-splits/AppManager_v2.5.22/base.apk');
    const split = corpusModel('appmanager-splits/AppManager_v2.5.22/config.arm64_v8a.apk');
    const alone = runRule(rule, split).find((finding) => finding.args.fileName === 'libjnidispatch.so');
    assert.equal(alone?.args.namedByCode, 0);
    const together = runRule(rule, [split, base]).find((finding) => finding.args.fileName === 'libjnidispatch.so');
    const code = together?.evidence.find((evidence) => evidence.kind === 'code');
    assert.equal(
      code?.kind === 'code' ? `${code.apkSha256 === base.apk.sha256} ${code.className}.${code.method}` : '',
      'true com.sun.jna.Native.loadNativeDispatchLibrary()V',
    );
    const bytes = together?.evidence.find((evidence) => evidence.kind === 'bytes');
    assert.equal(bytes?.apkSha256, split.apk.sha256);
  },
);

/** An asset as the model sniffs it from its bytes (with its SHA-256, as app-model-build adds it). */
function sniffed(entry: string, content: string | Uint8Array): AssetInfo {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { ...sniffAsset(entry, bytes, bytes.length), sha256: createHash('sha256').update(bytes).digest('hex') };
}

test('assets: small text files are read as a person would — content, CSV header and rows, package and path lists, hash lists, SHA-256', () => {
  const packages = 'com.whatsapp\norg.telegram.messenger\ncom.tencent.mm\n';
  const paths = '/sdcard/Tencent/MicroMsg/\n/sdcard/Android/data/org.telegram.messenger/\n';
  const csv = 'app,package,pattern\nWeChat,com.tencent.mm,wxid_(\\w+)\nQQ,com.tencent.mobileqq,(\\d{5,11})\n';
  const hashes = `${'a'.repeat(32)}\n${'b'.repeat(32)}\n${'c'.repeat(32)}\n`;
  const long = 'x'.repeat(MAX_CONTENT_SHOWN + 10);
  const shipped = [
    sniffed('assets/targets.txt', packages),
    sniffed('assets/paths.txt', paths),
    sniffed('assets/apps.csv', csv),
    sniffed('assets/md5.txt', hashes),
    sniffed('assets/long.txt', long),
    sniffed('res/raw/tabs.tsv', 'a\tb\n1\t2\n'),
  ];
  const found = new Map(
    runRule(rule, ruleFixtureModel('assets', { assets: shipped })).map((finding) => [finding.args.entry, finding]),
  );
  const targets = found.get('assets/targets.txt');
  assert.equal(targets?.args.content, packages);
  assert.equal(targets.args.packageNames, 3);
  assert.deepEqual(targets.args.networkTools, ['WhatsApp', 'Telegram']);
  assert.match(
    renderClaim(targets),
    /a list of 3 app package names \(messengers, VPNs or Tor among them: WhatsApp, Telegram\)/,
  );
  assert.equal(targets.args.sha256, createHash('sha256').update(packages).digest('hex'));
  assert.equal(found.get('assets/paths.txt')?.args.paths, 2);
  const table = found.get('assets/apps.csv');
  assert.deepEqual(table?.args.header, ['app', 'package', 'pattern']);
  assert.equal(table.args.rows, 2);
  assert.deepEqual((table.args.firstRows as ReadonlyArray<readonly string[]>)[0], [
    'WeChat',
    'com.tencent.mm',
    'wxid_(\\w+)',
  ]);
  assert.match(renderClaim(table), /columns: app, package, pattern/);
  assert.equal(found.get('assets/md5.txt')?.args.hashes, 3);
  assert.equal(found.get('assets/long.txt')?.args.content, 'x'.repeat(MAX_CONTENT_SHOWN));
  assert.equal(found.get('assets/long.txt')?.args.contentCharacters, MAX_CONTENT_SHOWN + 10);
  assert.deepEqual(
    [found.get('res/raw/tabs.tsv')?.code, found.get('res/raw/tabs.tsv')?.args.type],
    ['assets.file', 'tsv'],
  );
});

test('assets: a high-entropy file opened by code that hashes (MessageDigest) is a likely hash list; one no code opens is not', () => {
  const random = new Uint8Array(4096);
  let state = 7;
  for (let index = 0; index < random.length; index++) {
    state = (state * 1103515245 + 12345) >>> 0;
    random[index] = state >>> 24;
  }
  const shipped = [sniffed('assets/hashes.bin', random), sniffed('assets/blob.bin', random)];
  const found = new Map(
    runRule(rule, ruleFixtureModel('assets', { assets: shipped })).map((finding) => [finding.args.entry, finding]),
  );
  assert.equal(found.get('assets/hashes.bin')?.code, 'assets.likely-hash-list');
  assert.equal(found.get('assets/hashes.bin')?.args.readByHashingCode, true);
  assert.deepEqual(
    [found.get('assets/blob.bin')?.code, found.get('assets/blob.bin')?.args.type],
    ['assets.file', 'high-entropy'],
  );
});
