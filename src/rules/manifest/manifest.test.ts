import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { rule as permissionData } from '../permission-data/index.js';
import { corpusModel, demoModel, handBuiltModel, hostileModel } from '../../../test/findings/models.js';
import type { Component, Manifest } from '../../model/manifest/types.js';
import { argText, runRule, testRule } from '../../../test/findings/rule-tester.js';
import { renderClaim } from '../../report/claim.js';
import { needs } from '../../../test/support/needs.js';

const PLACE = { line: 3, offset: 0x100 };
const APPLICATION = { applicationEvidence: PLACE };

function component(overrides: Partial<Component>): Component {
  return {
    kind: 'service',
    name: 'org.example.Sync',
    exported: true,
    exportedReason: 'explicit',
    enabled: true,
    authorities: [],
    intentFilters: [],
    metaData: [],
    evidence: PLACE,
    ...overrides,
  };
}

function modelOf(manifest: Partial<Manifest>) {
  return () => handBuiltModel({ manifest: { ...APPLICATION, ...manifest } });
}

const LAUNCHER_FILTER = {
  actions: ['android.intent.action.MAIN'],
  categories: ['android.intent.category.LAUNCHER'],
  data: [],
  evidence: PLACE,
};

const INVALID: ReadonlyArray<readonly [string, Partial<Manifest>, readonly string[]]> = [
  ['debuggable', { flags: { debuggable: true, allowBackup: false }, targetSdk: 34 }, ['manifest.debuggable']],
  ['test-only', { flags: { testOnly: true, allowBackup: false }, targetSdk: 34 }, ['manifest.test-only']],
  ['backups allowed explicitly', { flags: { allowBackup: true }, targetSdk: 34 }, ['manifest.allow-backup']],
  ['backups allowed by default below API 31', { flags: {}, targetSdk: 30 }, ['manifest.allow-backup']],
  [
    'cleartext allowed explicitly',
    { flags: { usesCleartextTraffic: true, allowBackup: false }, targetSdk: 34 },
    ['manifest.cleartext-allowed'],
  ],
  [
    'cleartext by default below API 28',
    { flags: { allowBackup: false }, targetSdk: 27 },
    ['manifest.cleartext-allowed'],
  ],
  [
    'shared user id',
    { flags: { allowBackup: false }, targetSdk: 34, sharedUserId: 'android.uid.system', sharedUserIdEvidence: PLACE },
    ['manifest.shared-user-id'],
  ],
  [
    'exported service',
    { flags: { allowBackup: false }, targetSdk: 34, components: [component({})] },
    ['manifest.exported-without-permission'],
  ],
  [
    'provider open for reading only',
    {
      flags: { allowBackup: false },
      targetSdk: 34,
      components: [
        component({ kind: 'provider', authorities: ['org.example.data'], writePermission: 'org.example.WRITE' }),
      ],
    },
    ['manifest.exported-without-permission'],
  ],
  [
    'two activities besides the launcher: one finding',
    {
      flags: { allowBackup: false },
      targetSdk: 34,
      components: [
        component({ kind: 'activity', name: 'org.example.Main', intentFilters: [LAUNCHER_FILTER] }),
        component({ kind: 'activity', name: 'org.example.Share' }),
        component({ kind: 'activity-alias', name: 'org.example.Alias' }),
      ],
    },
    ['manifest.exported-activities'],
  ],
];

const VALID: ReadonlyArray<readonly [string, Partial<Manifest>]> = [
  ['nothing exposed at API 34', { flags: { allowBackup: false }, targetSdk: 34 }],
  ['backups and cleartext defaults off at API 31+', { flags: {}, targetSdk: 31 }],
  [
    'cleartext decided by a network security config',
    { flags: { allowBackup: false }, targetSdk: 27, networkSecurityConfigReference: 'xml/nsc' },
  ],
  [
    'a service guarded by a permission',
    { flags: { allowBackup: false }, targetSdk: 34, components: [component({ permission: 'org.example.BIND' })] },
  ],
  [
    'a provider guarded both ways',
    {
      flags: { allowBackup: false },
      targetSdk: 34,
      components: [component({ kind: 'provider', readPermission: 'r', writePermission: 'w' })],
    },
  ],
  [
    'a disabled or unexported service',
    {
      flags: { allowBackup: false },
      targetSdk: 34,
      components: [component({ enabled: false }), component({ exported: false })],
    },
  ],
  [
    'the launcher activity alone',
    {
      flags: { allowBackup: false },
      targetSdk: 34,
      components: [component({ kind: 'activity', intentFilters: [LAUNCHER_FILTER] })],
    },
  ],
  ['a split (the base decides)', { flags: { debuggable: true }, split: 'config.zh' }],
];

testRule(rule, {
  valid: VALID.map(([name, manifest]) => ({ name, model: modelOf(manifest) })),
  invalid: INVALID.map(([name, manifest, expected]) => ({
    name,
    model: modelOf(manifest),
    findings: expected.map((code) => ({ code })),
  })),
});

test('manifest: claims say what the manifest allows, defaults with the target SDK that makes them apply', () => {
  const claims = (manifest: Partial<Manifest>) => runRule(rule, modelOf(manifest)()).map(renderClaim);
  assert.deepEqual(claims({ flags: {}, targetSdk: 30 }), [
    'The app does not forbid backups (no android:allowBackup, target SDK 30 < 31): its private files can be copied off the phone with adb backup',
  ]);
  assert.deepEqual(
    claims({
      flags: { allowBackup: false },
      targetSdk: 34,
      components: [
        component({ kind: 'provider', authorities: ['org.example.data'], writePermission: 'org.example.WRITE' }),
      ],
    }),
    [
      'The provider org.example.Sync (authority org.example.data) is exported without a permission for reading: any app can query or change its data',
    ],
  );
});

test('manifest: evidence is the attribute that says so (android:debuggable at its offset)', () => {
  const [finding] = runRule(
    rule,
    handBuiltModel({
      manifest: {
        ...APPLICATION,
        flags: { debuggable: true, allowBackup: false },
        targetSdk: 34,
        flagEvidence: { debuggable: { line: 3, offset: 0x1a4 } },
      },
    }),
  );
  assert.deepEqual(finding?.evidence[0], {
    kind: 'xml',
    apkSha256: '0'.repeat(64),
    entry: 'AndroidManifest.xml',
    element: 'application',
    attribute: 'android:debuggable',
    line: 3,
    offset: 0x1a4,
  });
});

test(
  'manifest: ApiDemos is debuggable; the SMS forwarder exports its SMS receiver; the demo its boot receiver',
  { skip: needs('corpus') },
  () => {
    const apiDemos = runRule(rule, corpusModel('npm/ApiDemos-debug.apk'));
    const debuggable = apiDemos.find((finding) => finding.code === 'manifest.debuggable');
    assert.equal(debuggable?.evidence[0]?.kind, 'xml');
    const sms = runRule(rule, corpusModel('fdroidserver/souch.smsbypass_9.apk'));
    assert.ok(
      sms.some(
        (finding) =>
          finding.code === 'manifest.exported-without-permission' &&
          (finding.args.actions as readonly string[]).includes('android.provider.Telephony.SMS_RECEIVED'),
      ),
    );
    const demo = runRule(rule, demoModel()).map((finding) => [finding.code, finding.args.component]);
    assert.deepEqual(
      demo.filter(([code]) => code === 'manifest.exported-without-permission'),
      [['manifest.exported-without-permission', 'org.apkwitness.demo.fieldsurvey.BootReceiver']],
    );
    assert.deepEqual(
      runRule(rule, hostileModel()).filter((finding) => finding.code === 'manifest.debuggable'),
      [],
    );
  },
);

test(
  'permission-data: implied permissions are granted data (READ_PHONE_STATE below API 4), not in splits',
  { skip: needs('corpus') },
  () => {
    const old = runRule(permissionData, corpusModel('androguard/Test-debug-unaligned.apk'));
    const implied = old.filter((finding) => finding.code === 'permission-data.implied');
    assert.ok(
      implied.some(
        (finding) =>
          finding.args.permission === 'android.permission.READ_PHONE_STATE' && finding.category === 'device-id',
      ),
    );
    assert.ok(implied.every((finding) => argText(finding.args.impliedBecause).length > 0));
    const split = runRule(permissionData, corpusModel('appmanager-splits/AppManager_v2.5.22/config.zh.apk'));
    assert.deepEqual(
      split.filter((finding) => finding.code === 'permission-data.implied'),
      [],
    );
  },
);
