import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, handBuiltModel, hostileModel } from '../../../test/findings/models.js';
import { ruleFixtureModel } from '../../../test/findings/rule-fixtures.js';
import { argText, runRule, testRule } from '../../../test/findings/rule-tester.js';
import { severityOf } from '../../scan/severity.js';
import { needHolds, need } from '../../dataflow/permission-needs.js';
import type { Component, ImpliedPermission, Manifest, UsesPermission } from '../../model/manifest/types.js';
import type { Finding } from '../../findings/types.js';
import { needs } from '../../../test/support/needs.js';

/** Skipped, with one line, where the corpus is missing. */
const CORPUS_OPTIONS = { skip: needs('corpus') };

const PLACE = { line: 4, offset: 0x80 };
const PACKAGE = 'org.example.perm';

function requested(name: string, protectionLevel?: string): UsesPermission {
  return {
    name: `android.permission.${name}`,
    element: 'uses-permission',
    ...(protectionLevel !== undefined ? { protectionLevel } : {}),
    evidence: PLACE,
  };
}
const dangerous = (name: string): UsesPermission => requested(name, 'dangerous');

/** fixtures/smali/rules/permission-use: location, a guarded camera, SMS, contacts (queried and picked), a library IMEI read, Bluetooth discovery, accounts and an /sdcard path. */
function fixture(manifest: Partial<Manifest> = {}) {
  return () =>
    ruleFixtureModel('permission-use', { manifest: { packageName: PACKAGE, targetSdk: 34, minSdk: 21, ...manifest } });
}

const summary = (findings: readonly Finding[]): string[] =>
  findings.map(
    (finding) =>
      `${finding.code.replace('permission-use.', '')} ${argText(finding.args.permission).replace('android.permission.', '')}${finding.args.likely !== undefined ? ` ${argText(finding.args.likely)}` : ''}`,
  );

const receiver = (action: string): Component => ({
  kind: 'receiver',
  name: 'org.example.perm.R',
  exported: true,
  exportedReason: 'explicit',
  enabled: true,
  authorities: [],
  metaData: [],
  intentFilters: [{ actions: [action], categories: [], data: [], evidence: { line: 9, offset: 0x140 } }],
  evidence: PLACE,
});

const OLD_PHONE_STATE: ImpliedPermission = {
  name: 'android.permission.READ_PHONE_STATE',
  reason: 'targetSdkVersion < 4',
  element: 'uses-sdk',
  evidence: PLACE,
};

const EVERYTHING = [
  'ACCESS_FINE_LOCATION',
  'CAMERA',
  'SEND_SMS',
  'READ_CONTACTS',
  'READ_PHONE_STATE',
  'BLUETOOTH_SCAN',
  'GET_ACCOUNTS',
].map((name) => requested(name, name === 'BLUETOOTH_SCAN' ? undefined : 'dangerous'));

testRule(rule, {
  valid: [
    { name: 'the hostile app', model: hostileModel },
    { name: 'a model without code', model: () => handBuiltModel() },
    {
      name: 'no code to judge: a requested permission is not called unused',
      model: () => handBuiltModel({ manifest: { usesPermissions: [dangerous('RECORD_AUDIO')] } }),
    },
    { name: 'every call has its permission', model: fixture({ usesPermissions: EVERYTHING }) },
    {
      name: 'a split judges nothing (the base APK does, for the app)',
      model: fixture({ split: 'config.arm64_v8a', usesPermissions: [dangerous('RECORD_AUDIO')] }),
    },
    {
      name: 'a receiver for SMS_RECEIVED with RECEIVE_SMS',
      model: () =>
        handBuiltModel({
          manifest: {
            components: [receiver('android.provider.Telephony.SMS_RECEIVED')],
            usesPermissions: [dangerous('RECEIVE_SMS')],
          },
        }),
    },
    {
      name: 'normal and app-defined permissions are not judged',
      model: fixture({
        usesPermissions: [...EVERYTHING, requested('INTERNET', 'normal'), requested('org.example.OWN')],
      }),
    },
  ],
  invalid: [
    {
      name: 'nothing requested, target 34, minSdk 21: each needing call site (table order), with its likely reason',
      model: fixture(),
      findings: [
        {
          code: 'permission-use.used-unrequested',
          args: { permission: 'android.permission.READ_PHONE_STATE', likely: 'library-code' },
        },
        {
          code: 'permission-use.used-unrequested',
          args: { permission: 'android.permission.BLUETOOTH_SCAN', likely: 'refused' },
        },
        {
          code: 'permission-use.used-unrequested',
          args: {
            permission: 'android.permission.ACCESS_FINE_LOCATION',
            anyOf: ['android.permission.ACCESS_FINE_LOCATION', 'android.permission.ACCESS_COARSE_LOCATION'],
            apis: ['android.location.LocationManager.getLastKnownLocation'],
            likely: 'refused',
          },
          claim:
            'Uses android.location.LocationManager.getLastKnownLocation (1 place(s)), which need(s) android.permission.ACCESS_FINE_LOCATION or android.permission.ACCESS_COARSE_LOCATION, not requested: Android refuses these calls (SecurityException or nothing returned) unless the path is dead',
        },
        {
          code: 'permission-use.used-unrequested',
          args: { permission: 'android.permission.GET_ACCOUNTS', likely: 'refused' },
        },
        {
          code: 'permission-use.used-unrequested',
          args: { permission: 'android.permission.CAMERA', likely: 'guarded' },
        },
        {
          code: 'permission-use.used-unrequested',
          args: { permission: 'android.permission.SEND_SMS', likely: 'refused' },
        },
        {
          code: 'permission-use.used-unrequested',
          args: { permission: 'android.permission.READ_CONTACTS', callSites: 1, likely: 'refused' },
        },
      ],
      check: (findings) => {
        const location = findings.find(
          (finding) => finding.args.permission === 'android.permission.ACCESS_FINE_LOCATION',
        );
        const site = location?.evidence[0];
        assert.ok(site?.kind === 'code');
        assert.equal(site.className, 'org.example.perm.Locate');
        assert.equal(site.method, 'last(Landroid/location/LocationManager;)Landroid/location/Location;');
        assert.equal(site.codeOffset, 2);
        // The picker hands the same URI to another app: only the query is cited.
        const contacts = findings.find((finding) => finding.args.permission === 'android.permission.READ_CONTACTS');
        assert.deepEqual(
          contacts?.evidence.map((item) => (item.kind === 'code' ? item.method : '')),
          ['count(Landroid/content/ContentResolver;)Landroid/database/Cursor;'],
        );
        for (const finding of findings) assert.equal(severityOf(finding, { usesTls: false }), 'minor');
      },
    },
    {
      name: 'target 30: Bluetooth discovery needs no BLUETOOTH_SCAN yet',
      model: fixture({ targetSdk: 30 }),
      excludes: [{ args: { permission: 'android.permission.BLUETOOTH_SCAN' } }],
      includes: [{ args: { permission: 'android.permission.SEND_SMS' } }],
    },
    {
      name: 'READ_PHONE_STATE implied for an old target SDK counts as requested',
      model: fixture({ impliedPermissions: [OLD_PHONE_STATE] }),
      excludes: [{ args: { permission: 'android.permission.READ_PHONE_STATE' } }],
      includes: [{ args: { permission: 'android.permission.SEND_SMS' } }],
    },
    {
      name: 'a shared user id: likely another app of the same signer holds the permission (moderate)',
      model: fixture({
        usesPermissions: EVERYTHING.filter((item) => !item.name.endsWith('SEND_SMS')),
        sharedUserId: 'org.example.shared',
      }),
      findings: [
        {
          code: 'permission-use.used-unrequested',
          confidence: 'low',
          args: {
            permission: 'android.permission.SEND_SMS',
            likely: 'shared-user-id',
            sharedUserId: 'org.example.shared',
          },
        },
      ],
      check: (findings) => assert.equal(severityOf(findings[0]!, { usesTls: false }), 'moderate'),
    },
    {
      name: 'requested, no call site: microphone and calendar; background location rides on fine location; storage on an /sdcard path',
      model: fixture({
        usesPermissions: [
          ...EVERYTHING,
          dangerous('RECORD_AUDIO'),
          dangerous('READ_CALENDAR'),
          dangerous('ACCESS_BACKGROUND_LOCATION'),
          dangerous('WRITE_EXTERNAL_STORAGE'),
          dangerous('GET_ACCOUNTS'),
          dangerous('RECORD_AUDIO'),
        ],
      }),
      findings: [
        {
          code: 'permission-use.requested-unused',
          confidence: 'medium',
          args: { permission: 'android.permission.RECORD_AUDIO', loadsCode: false },
          claim:
            /^Requests android\.permission\.RECORD_AUDIO but no call site that needs it was found in its code \(looked for \d+ calls, provider URIs and broadcasts that need it; not seen: code loaded at run time, native code, reflection, WebView JavaScript\)$/,
        },
        { code: 'permission-use.requested-unused', args: { permission: 'android.permission.READ_CALENDAR' } },
      ],
    },
    {
      name: 'code Android does not load (a dex in an embedded APK) may be loaded at run time: low confidence',
      model: () => {
        const model = fixture({ usesPermissions: [...EVERYTHING, dangerous('RECORD_AUDIO')] })();
        const [first] = model.dexSources;
        return {
          ...model,
          dexSources: [...model.dexSources, { ...first!, name: 'assets/plugin.apk!/classes.dex', origin: 'nested' }],
        };
      },
      findings: [
        {
          code: 'permission-use.requested-unused',
          confidence: 'low',
          args: { permission: 'android.permission.RECORD_AUDIO', loadsCode: true },
          claim: /; this app loads code at run time\)$/,
        },
      ],
    },
    {
      name: 'GET_ACCOUNTS does nothing on API 26+: with minSdk 26 the getAccounts call is no use of it',
      model: fixture({ minSdk: 26, usesPermissions: [...EVERYTHING, dangerous('GET_ACCOUNTS')] }),
      findings: [{ code: 'permission-use.requested-unused', args: { permission: 'android.permission.GET_ACCOUNTS' } }],
    },
    {
      name: 'a manifest receiver for SMS_RECEIVED without RECEIVE_SMS: the intent filter is the evidence',
      model: () => handBuiltModel({ manifest: { components: [receiver('android.provider.Telephony.SMS_RECEIVED')] } }),
      findings: [
        {
          code: 'permission-use.used-unrequested',
          args: {
            permission: 'android.permission.RECEIVE_SMS',
            apis: ['receiver org.example.perm.R for android.provider.Telephony.SMS_RECEIVED'],
            callSites: 1,
          },
        },
      ],
      check: (findings) =>
        assert.deepEqual(findings[0]?.evidence[0], {
          kind: 'xml',
          apkSha256: '0'.repeat(64),
          entry: 'AndroidManifest.xml',
          element: 'intent-filter',
          line: 9,
          offset: 0x140,
        }),
    },
    {
      name: 'demo: CAMERA requested, no camera call (fixtures/demo/README.md)',
      model: demoModel,
      findings: [{ code: 'permission-use.requested-unused', args: { permission: 'android.permission.CAMERA' } }],
    },
  ],
});

test('permission-use: SDK conditions of a need', () => {
  const levels = (minSdk: number, targetSdk: number) => ({ minSdk, targetSdk });
  assert.equal(needHolds(need(['BLUETOOTH_SCAN'], true, { targetAtLeast: 31 }), levels(21, 30)), false);
  assert.equal(needHolds(need(['BLUETOOTH_SCAN'], true, { targetAtLeast: 31 }), levels(21, 31)), true);
  assert.equal(needHolds(need(['ACCESS_FINE_LOCATION'], true, { targetBelow: 31 }), levels(21, 31)), false);
  assert.equal(needHolds(need(['GET_ACCOUNTS'], true, { deviceBelow: 26 }), levels(25, 34)), true);
  assert.equal(needHolds(need(['GET_ACCOUNTS'], true, { deviceBelow: 26 }), levels(26, 34)), false);
});

/**
 * The corpus, checked by hand against `baksmali d` (every classesN.dex) and `aapt dump badging`
 * (rule README, "Corpus"): what each of these apps requests but never calls, and calls but never requests.
 */
const CORPUS: ReadonlyArray<readonly [string, readonly string[]]> = [
  // getCallState needs READ_PHONE_STATE only from target 31; no AccountManager call at all.
  ['androguard/a2dp.Vol_137.apk', ['requested-unused READ_PHONE_STATE', 'requested-unused GET_ACCOUNTS']],
  // AppCompat's TwilightManager asks PermissionChecker before getLastKnownLocation.
  ['androguard/hello-world.apk', ['used-unrequested ACCESS_FINE_LOCATION guarded']],
  // Camera.open is in an embedded APK Android never loads: no finding.
  ['fdroidserver/apk.embedded_1.apk', []],
  // The Janus dex requests four permissions and only shows a TextView.
  [
    'fdroidserver/janus.apk',
    [
      'requested-unused ACCESS_FINE_LOCATION',
      'requested-unused WRITE_EXTERNAL_STORAGE',
      'requested-unused CALL_PHONE',
      'requested-unused CAMERA',
    ],
  ],
  // A keyboard that names /mnt/sdcard: READ_EXTERNAL_STORAGE is used.
  ['fdroidserver/org.dyndns.fules.ck_20.apk', []],
  ['npm/appium-unlock-debug.apk', ['requested-unused READ_PHONE_STATE']],
];

for (const [name, expected] of CORPUS) {
  test(`permission-use: corpus ${name}`, CORPUS_OPTIONS, () => {
    assert.deepEqual(summary(runRule(rule, corpusModel(name))), expected);
  });
}
