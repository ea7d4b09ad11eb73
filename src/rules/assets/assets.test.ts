import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { codeLinks } from '../shared/code-links.js';
import type { AssetInfo } from '../../model/app-model.js';
import { corpusModel, hostileModel } from '../../../test/findings/models.js';
import { ruleFixtureModel } from '../../../test/findings/rule-fixtures.js';

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
const findings = rule.run(model);

/** entry → [finding code, how the code names it, code places] or undefined when no finding. */
const CASES: ReadonlyArray<readonly [string, string | undefined, string, readonly string[]]> = [
  ['assets/survey.db', 'asset.sqlite', 'path', ['assets.AssetUser.openDatabase@0']],
  ['assets/www/form.html', 'asset.xml-text', 'path-suffix', ['assets.AssetUser.showPage@0']],
  ['lib/arm64-v8a/libcollector.so', 'asset.native-library', 'load-library', ['assets.AssetUser.<clinit>@0']],
  // negatives: "helper" is loaded nowhere; "oldsurvey.db" is another file; other/page.html another folder; "a.js" names js/a.js by file name only, too short to cite
  ['lib/arm64-v8a/libhelper.so', 'asset.native-library', '', []],
  ['assets/other.db', 'asset.sqlite', '', []],
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
    assert.equal(finding.args.linkKinds ?? '', linkKinds);
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
  assert.equal(collector?.args.abis, 'arm64-v8a,x86');
  assert.equal(collector?.args.jniExports, 2);
  assert.deepEqual(
    collector?.evidence.filter((evidence) => evidence.kind === 'bytes').map((evidence) => evidence.entry),
    ['lib/arm64-v8a/libcollector.so', 'lib/x86/libcollector.so'],
  );
  assert.match(collector?.claim ?? '', /System\.loadLibrary\("collector"\)/);
});

test('assets: without code nothing is linked, and a model without assets claims nothing', () => {
  assert.deepEqual(codeLinks(hostileModel(), 'assets/survey.db'), []);
  assert.deepEqual(rule.run(ruleFixtureModel('assets')), []);
});

test('assets: real apps — ApiDemos opens its assets by path and by file:///android_asset URL; dnsfilter names its config', () => {
  const apiDemos = rule.run(corpusModel('npm/ApiDemos-debug.apk'));
  const linked = new Map(apiDemos.map((finding) => [finding.args.entry, finding.args.linkKinds]));
  assert.equal(linked.get('assets/HelloActivity.apk'), 'path');
  assert.equal(linked.get('assets/html/index.html'), 'path-suffix');
  const dnsfilter = rule
    .run(corpusModel('appmanager-splits/dnsfilter.android.apk'))
    .find((finding) => finding.args.entry === 'assets/dnsfilter.conf');
  assert.ok((dnsfilter?.args.namedByCode as number) > 0);
});

test("assets: a split's native library is linked to the base APK's System.loadLibrary (AppManager config.arm64_v8a + base)", () => {
  const base = corpusModel('appmanager-splits/AppManager_v2.5.22/base.apk');
  const split = corpusModel('appmanager-splits/AppManager_v2.5.22/config.arm64_v8a.apk');
  const alone = rule.run(split).find((finding) => finding.args.fileName === 'libjnidispatch.so');
  assert.equal(alone?.args.namedByCode, 0);
  const together = rule
    .run(split, { apks: [base, split] })
    .find((finding) => finding.args.fileName === 'libjnidispatch.so');
  const code = together?.evidence.find((evidence) => evidence.kind === 'code');
  assert.equal(
    code?.kind === 'code' ? `${code.apkSha256 === base.apk.sha256} ${code.className}.${code.method}` : '',
    'true com.sun.jna.Native.loadNativeDispatchLibrary()V',
  );
  const bytes = together?.evidence.find((evidence) => evidence.kind === 'bytes');
  assert.equal(bytes?.apkSha256, split.apk.sha256);
});
