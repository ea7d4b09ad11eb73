import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule, sdkOfClass } from './index.js';
import { SDK_SIGNATURES } from './signatures.js';
import { SDK_KINDS } from './signature.js';
import { corpusModel, demoModel, hostileModel } from '../../../test/findings/models.js';
import { ruleFixtureModel } from '../../../test/findings/rule-fixtures.js';
import { argText, runRule, testRule } from '../../../test/findings/rule-tester.js';
import { needs } from '../../../test/support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const CLASSES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['Lcom/google/firebase/analytics/FirebaseAnalytics;', 'Google Firebase Analytics'],
  ['Lcom/umeng/analytics/MobclickAgent;', 'Umeng (友盟)'],
  ['Lcom/baidu/location/LocationClient;', 'Baidu Location (百度定位)'],
  ['Lcom/megvii/facepp/sdk/Facepp;', 'Megvii Face++'],
  ['Lcn/jpush/android/api/JPushInterface;', 'JPush (极光推送)'],
  // the longest listed prefix wins: a product inside a vendor's wider package
  ['Lcom/google/android/gms/maps/GoogleMap;', 'Google Maps SDK'],
  ['Lcom/umeng/message/PushAgent;', 'Umeng Push (友盟推送)'],
  ['Lcom/umeng/commonsdk/UMConfigure;', 'Umeng (友盟)'],
  ['Lcn/jiguang/verifysdk/api/JVerificationInterface;', 'Jiguang JVerification (极光认证)'],
  ['Lcom/megvii/idcardquality/IDCardQualityAssessment;', 'Megvii FaceID ID-card OCR (旷视身份证识别)'],
  ['Lcom/megvii/facepp/sdk/Lite;', 'Megvii Face++'],
  // Chinese OCR, push, maps, analytics, login
  ['Lcom/kernal/passportreader/sdk/CameraActivity;', 'Kernal passport / ID-card and plate OCR'],
  ['Lcom/tencent/android/tpush/XGPushManager;', 'Tencent TPNS / XG Push (腾讯信鸽)'],
  ['Lcom/baidu/mapapi/map/MapView;', 'Baidu Map SDK (百度地图)'],
  ['Lcom/tendcloud/tenddata/TCAgent;', 'TalkingData'],
  ['Lcom/cmic/gen/sdk/auth/GenAuthnHelper;', 'China Mobile one-tap login (中国移动认证)'],
  ['Lcn/tongdun/android/shell/FMAgent;', 'Tongdun (同盾)'],
  ['Lcom/google/android/gms/common/api/GoogleApiClient;', undefined],
  // negatives: a package that only starts with the same letters, and an app class
  ['Lcom/umengx/Foo;', undefined],
  ['Lcom/google/firebase/analyticsx/A;', undefined],
  ['Lorg/apkwitness/demo/fieldsurvey/MainActivity;', undefined],
];
for (const [descriptor, name] of CLASSES) {
  test(`sdk-tracker: ${descriptor} → ${name ?? 'no SDK'}`, () => assert.equal(sdkOfClass(descriptor)?.name, name));
}

testRule(rule, {
  valid: [
    { name: 'the demo ships no SDK', model: demoModel },
    { name: 'the hostile app ships no SDK', model: hostileModel },
  ],
  invalid: [
    {
      name: 'com.rormix ships and calls Crashlytics, Flurry, Mixpanel… (called from app code, high confidence)',
      needs: ['corpus'],
      model: () => corpusModel('npm/com.rormix.apk'),
      includes: [
        {
          code: 'sdk-tracker.called',
          confidence: 'high',
          args: { sdk: 'Mixpanel', calledFromAppCode: true },
          claim: /^The app ships and calls the analytics SDK Mixpanel \(\d+ classes\)/,
        },
      ],
      check: (findings) => {
        const called = findings
          .filter((finding) => finding.args.calledFromAppCode === true)
          .map((finding) => finding.args.sdk)
          .sort();
        assert.deepEqual(called, [
          'Facebook SDK',
          'Firebase Crashlytics',
          'Flurry',
          'Google AdMob / Mobile Ads',
          'Mixpanel',
          'Pushwoosh',
        ]);
        for (const finding of findings)
          assert.ok(
            finding.evidence.some((evidence) => evidence.kind === 'code'),
            argText(finding.args.sdk),
          );
      },
    },
    {
      name: 'AdMob present but not called in the wear drawers sample',
      needs: ['corpus'],
      model: () => corpusModel('androguard/com.example.android.wearable.wear.weardrawers.apk'),
      includes: [
        {
          code: 'sdk-tracker.present',
          confidence: 'medium',
          args: { sdk: 'Google AdMob / Mobile Ads' },
          claim: /^The app ships \(not called from app code\) the advertising SDK Google AdMob/,
        },
      ],
    },
  ],
});

test('sdk-tracker: every signature cites a source and has a well-formed package prefix', () => {
  for (const signature of SDK_SIGNATURES) {
    assert.match(signature.source, /^https:\/\//, signature.name);
    for (const prefix of signature.prefixes) assert.match(prefix, /^L[a-z0-9_]+(\/[A-Za-z0-9_]+)*\/$/, signature.name);
  }
});

test(
  'sdk-tracker: com.rormix ships Google Analytics called only from Google Tag Manager, which is no app code',
  CORPUS,
  () => {
    const findings = runRule(rule, corpusModel('npm/com.rormix.apk'));
    const analytics = findings.find((finding) => finding.args.sdk === 'Google Analytics (legacy)');
    assert.equal(analytics?.code, 'sdk-tracker.present');
    assert.equal(findings.find((finding) => finding.args.sdk === 'Google Tag Manager')?.code, 'sdk-tracker.present');
  },
);

test(
  'sdk-tracker: Appium Settings calls the fused location provider (setMockLocation) from its own code',
  CORPUS,
  () => {
    const fused = runRule(rule, corpusModel('npm/io.appium.settings-debug.apk')).find(
      (finding) => finding.args.sdk === 'Google Location Services (fused provider)',
    );
    assert.equal(fused?.code, 'sdk-tracker.called');
    assert.ok(
      fused.evidence.some(
        (evidence) => evidence.kind === 'code' && evidence.className.startsWith('io.appium.settings.'),
      ),
    );
  },
);

test('sdk-tracker: fixture — an ID-card OCR SDK called from app code, a push SDK shipped, Maps inside Play services, a host only named', () => {
  const findings = runRule(rule, ruleFixtureModel('sdk-tracker'));
  const byName = new Map(findings.map((finding) => [argText(finding.args.sdk), finding]));
  const table: ReadonlyArray<readonly [string, string, string]> = [
    ['Kernal passport / ID-card and plate OCR', 'sdk-tracker.called', 'high'],
    ['Google Maps SDK', 'sdk-tracker.called', 'high'],
    ['Tencent TPNS / XG Push (腾讯信鸽)', 'sdk-tracker.present', 'medium'],
    ['Baidu Map SDK (百度地图)', 'sdk-tracker.host-named', 'low'],
  ];
  for (const [name, code, confidence] of table) {
    assert.equal(byName.get(name)?.code, code, name);
    assert.equal(byName.get(name)?.confidence, confidence, name);
  }
  assert.equal(byName.get('Kernal passport / ID-card and plate OCR')?.category, 'identity-document');
  // the lookalike package com.kernalx is no SDK, and nothing else is found
  assert.equal(findings.length, table.length);
});

test('sdk-tracker: at least 300 signatures, each prefix and host listed once, hosts bare lower-case names', () => {
  assert.ok(SDK_SIGNATURES.length >= 300, String(SDK_SIGNATURES.length));
  const prefixes = SDK_SIGNATURES.flatMap((signature) => signature.prefixes);
  assert.equal(new Set(prefixes).size, prefixes.length);
  assert.equal(new Set(SDK_SIGNATURES.map((signature) => signature.name)).size, SDK_SIGNATURES.length);
  for (const signature of SDK_SIGNATURES) {
    assert.ok(SDK_KINDS.includes(signature.kind), signature.name);
    for (const host of signature.hosts) assert.match(host, /^[a-z0-9-]+(\.[a-z0-9-]+)+$/, signature.name);
  }
});

test('sdk-tracker: Chinese OCR, face, push, maps, analytics and one-tap login SDKs are listed', () => {
  const chinese = SDK_SIGNATURES.filter(
    (signature) => /[\u4e00-\u9fff]/.test(signature.name) || signature.source.includes('.cn/'),
  );
  const kinds = new Set(chinese.map((signature) => signature.kind));
  for (const kind of [
    'ocr',
    'biometrics',
    'push',
    'maps',
    'analytics',
    'login',
    'fingerprinting',
    'advertising',
  ] as const)
    assert.ok(kinds.has(kind), kind);
  assert.ok(chinese.length >= 80, String(chinese.length));
});
