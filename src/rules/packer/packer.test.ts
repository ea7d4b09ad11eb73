import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, handBuiltModel, hostileModel } from '../../../test/findings/models.js';
import type { AssetInfo } from '../../model/app-model.js';
import { needs } from '../../../test/support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

function asset(entry: string, type = 'elf', size = 40_000, details: AssetInfo['details'] = {}): AssetInfo {
  return { entry, size, type, details, strings: [] };
}

const PROTECTOR_FILES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['lib/armeabi-v7a/libjiagu.so', 'Jiagu (Qihoo 360)'],
  ['assets/libjiagu_x86.so', 'Jiagu (Qihoo 360)'],
  ['lib/arm64-v8a/libsecexe.so', 'Bangcle / SecNeo'],
  ['lib/armeabi/libshella-2.10.so', 'Tencent Legu'],
  ['assets/ijiami.dat', 'Ijiami'],
  ['lib/armeabi/libbaiduprotect.so', 'Baidu protector'],
  ['lib/arm64-v8a/libdexprotector.so', 'DexProtector'],
  ['lib/x86/libAPKProtect.so', 'APKProtect'],
  // negatives: lookalikes
  ['lib/armeabi/libjiagux.txt', undefined],
  ['assets/notijiami.dat', undefined],
  ['lib/arm64-v8a/libnative-lib.so', undefined],
];

for (const [entry, protector] of PROTECTOR_FILES) {
  test(`packer: ${entry} → ${protector ?? 'no protector'}`, () => {
    const findings = rule
      .run(handBuiltModel({ assets: [asset(entry)] }))
      .filter((finding) => finding.code === 'obfuscation.protector');
    assert.deepEqual(
      findings.map((finding) => finding.args.protector),
      protector ? [protector] : [],
    );
  });
}

test(
  'packer: code outside the class path (apktool/dynamic_dex.apk) and an embedded APK (fdroidserver/apk.embedded_1.apk)',
  CORPUS,
  () => {
    const dynamic = rule
      .run(corpusModel('apktool/dynamic_dex.apk'))
      .filter((finding) => finding.code === 'obfuscation.code-in-assets');
    assert.deepEqual(dynamic.map((finding) => finding.args.entry).sort(), [
      'assets.dex',
      'assets/dynamic.dex',
      'dynamic.dex',
    ]);
    // Apktool's sample ships the files without any code naming them (baksmali list strings: no "dynamic.dex").
    assert.deepEqual(
      dynamic.map((finding) => finding.args.namedByCode),
      [0, 0, 0],
    );
    // ApiDemos' InstallApk opens assets/HelloActivity.apk by name: that code is cited next to the file.
    const hello = rule
      .run(corpusModel('npm/ApiDemos-debug.apk'))
      .find((finding) => finding.args.entry === 'assets/HelloActivity.apk');
    assert.ok(
      hello?.evidence.some(
        (evidence) =>
          evidence.kind === 'code' && evidence.className.startsWith('io.appium.android.apis.content.InstallApk'),
      ),
    );
    assert.ok(
      rule
        .run(corpusModel('fdroidserver/apk.embedded_1.apk'))
        .some((finding) => finding.code === 'obfuscation.code-in-assets'),
    );
  },
);

test('packer: an encrypted-looking blob is reported with low confidence, a small or native one is not', () => {
  const payload = rule.run(
    handBuiltModel({
      assets: [
        asset('assets/data.bin', 'high-entropy', 100_000, { entropy: 7.99 }),
        asset('assets/tiny.bin', 'high-entropy', 100),
        asset('lib/x86/libz.so', 'high-entropy', 100_000),
      ],
    }),
  );
  assert.deepEqual(
    payload.map((finding) => [finding.args.entry, finding.confidence]),
    [['assets/data.bin', 'low']],
  );
});

test(
  'packer: renamed classes in the R8-built dynamic features sample; not in the demo, the hostile app or souch (R classes excluded)',
  CORPUS,
  () => {
    assert.ok(
      rule
        .run(corpusModel('appmanager-splits/dynamicfeatures.ondemand.base.apk'))
        .some((finding) => finding.code === 'obfuscation.renamed-classes'),
    );
    assert.deepEqual(rule.run(demoModel()), []);
    assert.deepEqual(rule.run(hostileModel()), []);
    assert.deepEqual(
      rule.run(corpusModel('fdroidserver/souch.smsbypass_9.apk')).map((finding) => finding.code),
      [],
    );
  },
);
