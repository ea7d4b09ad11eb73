import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, handBuiltModel, hostileModel } from '../../../test/findings/models.js';
import { testRule, type InvalidCase, type RuleCase } from '../../../test/findings/rule-tester.js';
import type { AssetInfo } from '../../model/app-model.js';

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

const protectorCase = ([entry, protector]: readonly [string, string | undefined]): RuleCase & InvalidCase => ({
  name: `${entry} → ${protector ?? 'no protector'}`,
  model: () => handBuiltModel({ assets: [asset(entry)] }),
  findings: [
    {
      code: 'packer.protector',
      args: { protector },
      claim: `Protected with ${protector}: the real code is probably encrypted and only unpacked at run time, so static findings may be incomplete`,
    },
  ],
});

testRule(rule, {
  valid: [
    ...PROTECTOR_FILES.filter(([, protector]) => protector === undefined).map(protectorCase),
    { name: 'the demo', model: demoModel },
    { name: 'the hostile app', model: hostileModel },
    {
      name: 'souch (its R classes are not renamed classes)',
      needs: ['corpus'],
      model: () => corpusModel('fdroidserver/souch.smsbypass_9.apk'),
    },
    {
      name: 'a small or native high-entropy file',
      model: () =>
        handBuiltModel({
          assets: [asset('assets/tiny.bin', 'high-entropy', 100), asset('lib/x86/libz.so', 'high-entropy', 100_000)],
        }),
    },
  ],
  invalid: [
    ...PROTECTOR_FILES.filter(([, protector]) => protector !== undefined).map(protectorCase),
    {
      name: 'code outside the class path (apktool/dynamic_dex.apk)',
      needs: ['corpus'],
      model: () => corpusModel('apktool/dynamic_dex.apk'),
      includes: [
        {
          code: 'packer.code-in-assets',
          args: { entry: 'assets/dynamic.dex', namedByCode: 0 },
          claim:
            "Ships a dex file outside the app's class path (assets/dynamic.dex): code loaded at run time is not in the main analysis",
        },
      ],
      check: (findings) => {
        const dynamic = findings.filter((finding) => finding.code === 'packer.code-in-assets');
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
      },
    },
    {
      name: "ApiDemos' InstallApk opens assets/HelloActivity.apk by name: that code is cited next to the file",
      needs: ['corpus'],
      model: () => corpusModel('npm/ApiDemos-debug.apk'),
      includes: [{ code: 'packer.code-in-assets', args: { entry: 'assets/HelloActivity.apk' } }],
      check: (findings) => {
        const hello = findings.find((finding) => finding.args.entry === 'assets/HelloActivity.apk');
        assert.ok(
          hello?.evidence.some(
            (evidence) =>
              evidence.kind === 'code' && evidence.className.startsWith('io.appium.android.apis.content.InstallApk'),
          ),
        );
      },
    },
    {
      name: 'an embedded APK (fdroidserver/apk.embedded_1.apk)',
      needs: ['corpus'],
      model: () => corpusModel('fdroidserver/apk.embedded_1.apk'),
      includes: [{ code: 'packer.code-in-assets' }],
    },
    {
      name: 'an encrypted-looking blob is reported with low confidence',
      model: () =>
        handBuiltModel({
          assets: [
            asset('assets/data.bin', 'high-entropy', 100_000, { entropy: 7.99 }),
            asset('assets/tiny.bin', 'high-entropy', 100),
            asset('lib/x86/libz.so', 'high-entropy', 100_000),
          ],
        }),
      findings: [
        {
          code: 'packer.encrypted-payload',
          confidence: 'low',
          args: { entry: 'assets/data.bin', entropy: 7.99 },
          claim: 'Ships assets/data.bin (100000 bytes) that looks encrypted or compressed (entropy 7.99 bits/byte)',
        },
      ],
    },
    {
      name: 'renamed classes in the R8-built dynamic features sample',
      needs: ['corpus'],
      model: () => corpusModel('appmanager-splits/dynamicfeatures.ondemand.base.apk'),
      includes: [{ code: 'packer.renamed-classes', claim: /^\d+% of the \d+ classes have one- or two-letter names/ }],
    },
  ],
});
