import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule, sdkOfClass } from './index.js';
import { SDK_SIGNATURES } from './signatures.js';
import { corpusModel, demoModel, hostileModel } from '../../../test/findings/models.js';

const CLASSES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['Lcom/google/firebase/analytics/FirebaseAnalytics;', 'Google Firebase Analytics'],
  ['Lcom/umeng/analytics/MobclickAgent;', 'Umeng (友盟)'],
  ['Lcom/baidu/location/LocationClient;', 'Baidu Location (百度定位)'],
  ['Lcom/megvii/facepp/sdk/Facepp;', 'Megvii Face++'],
  ['Lcn/jpush/android/api/JPushInterface;', 'JPush (极光推送)'],
  // negatives: a package that only starts with the same letters, and an app class
  ['Lcom/umengx/Foo;', undefined],
  ['Lcom/google/firebase/analyticsx/A;', undefined],
  ['Lorg/apkwitness/demo/fieldsurvey/MainActivity;', undefined],
];
for (const [descriptor, name] of CLASSES) {
  test(`sdk-tracker: ${descriptor} → ${name ?? 'no SDK'}`, () => assert.equal(sdkOfClass(descriptor)?.name, name));
}

test('sdk-tracker: com.rormix ships and calls Crashlytics, Flurry, Mixpanel… (called from app code, high confidence)', () => {
  const findings = rule.run(corpusModel('npm/com.rormix.apk'));
  const called = findings
    .filter((finding) => finding.args.calledFromAppCode === true)
    .map((finding) => finding.args.sdk)
    .sort();
  assert.deepEqual(called, [
    'Facebook SDK',
    'Firebase Crashlytics',
    'Flurry',
    'Google AdMob / Mobile Ads',
    'Google Analytics (legacy)',
    'Mixpanel',
  ]);
  for (const finding of findings)
    assert.ok(
      finding.evidence.some((evidence) => evidence.kind === 'code'),
      String(finding.args.sdk),
    );
});

test('sdk-tracker: AdMob present but not called in the wear drawers sample', () => {
  const admob = rule
    .run(corpusModel('androguard/com.example.android.wearable.wear.weardrawers.apk'))
    .find((finding) => finding.args.sdk === 'Google AdMob / Mobile Ads');
  assert.equal(admob?.code, 'sdk.present');
  assert.equal(admob?.confidence, 'medium');
});

test('sdk-tracker: the demo and the hostile app ship no SDK', () => {
  assert.deepEqual(rule.run(demoModel()), []);
  assert.deepEqual(rule.run(hostileModel()), []);
});

test('sdk-tracker: every signature cites a source and has a well-formed package prefix', () => {
  for (const signature of SDK_SIGNATURES) {
    assert.match(signature.source, /^https:\/\//, signature.name);
    for (const prefix of signature.prefixes) assert.match(prefix, /^L[a-z0-9_]+(\/[A-Za-z0-9_]+)*\/$/, signature.name);
  }
});
