/**
 * manifest: what AndroidManifest.xml exposes — flags that open the app's data to a debugger or a
 * backup (debuggable, testOnly, allowBackup), cleartext traffic allowed by the manifest, a shared
 * user id, and components other apps can start or query without any permission (with their intent
 * filters). Facts from the <application>, <manifest> and component elements; evidence is the
 * attribute or element that says so.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Confidence, Evidence, Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import type { Component, XmlEvidence as ManifestPlace } from '../../model/manifest/types.js';
import { manifestEvidence } from '../../findings/evidence.js';
import { arg, defineCodes, emitter, type ArgsOf } from '../../findings/contract.js';

const ID = 'manifest';
const REFERENCE = 'https://developer.android.com/guide/topics/manifest/application-element';
/** Android 9 (API 28) turned cleartext off by default; Android 12 (API 31) stopped adb backups by default. */
const PIE = 28;
const S = 31;
/** Exported components reported at most (a launcher app exports hundreds of activities). */
const MAX_EXPORTED_COMPONENTS = 60;
const MAX_ACTIONS = 8;
const MAIN_ACTION = 'android.intent.action.MAIN';
const LAUNCHER_CATEGORY = 'android.intent.category.LAUNCHER';

const FLAG_ARGS = {
  /** The attribute: `android:debuggable`, `android:allowBackup`… */
  flag: arg.string,
  /** The manifest sets it (false: the platform's default for the target SDK applies). */
  explicit: arg.boolean,
  /** The target SDK that makes the default apply (only when not explicit). */
  targetSdk: arg.optional(arg.integer),
  reference: arg.string,
};
type FlagArgs = ArgsOf<typeof FLAG_ARGS>;

const COMPONENT_KIND = arg.enum('activity', 'activity-alias', 'service', 'receiver', 'provider');

const CODES = defineCodes({
  debuggable: {
    topic: 'exposure',
    summary: 'android:debuggable="true"',
    args: FLAG_ARGS,
    message: () =>
      'The app is debuggable (android:debuggable="true"): anyone with USB access can read its private files and run code inside it (run-as, a debugger)',
    views: { identity: ['flag'] },
  },
  'test-only': {
    topic: 'exposure',
    summary: 'android:testOnly="true"',
    args: FLAG_ARGS,
    message: () =>
      'The app is marked test-only (android:testOnly="true"): a build installed with adb, not one distributed to users',
    views: { identity: ['flag'] },
  },
  'allow-backup': {
    topic: 'exposure',
    summary: `backups of the app's data are allowed: android:allowBackup="true", or no attribute and a target SDK below ${S}`,
    args: FLAG_ARGS,
    message: (args: FlagArgs) =>
      args.explicit
        ? 'The app allows backups of its data (android:allowBackup="true"): its private files can be copied off the phone (adb backup, device transfer)'
        : `The app does not forbid backups (no android:allowBackup, target SDK ${args.targetSdk ?? 'unset'} < ${S}): its private files can be copied off the phone with adb backup`,
    views: { identity: ['flag'] },
  },
  'cleartext-allowed': {
    topic: 'destination',
    summary: `the manifest allows cleartext traffic: android:usesCleartextTraffic="true", or no attribute, no network security config and a target SDK below ${PIE}`,
    args: FLAG_ARGS,
    message: (args: FlagArgs) =>
      args.explicit
        ? 'The manifest allows unencrypted (HTTP) traffic for the whole app (android:usesCleartextTraffic="true")'
        : `The manifest does not forbid unencrypted (HTTP) traffic (target SDK ${args.targetSdk ?? 'unset'} < ${PIE}, no network security config): the platform allows it`,
    views: { identity: ['flag'] },
  },
  'shared-user-id': {
    topic: 'exposure',
    summary: 'android:sharedUserId: the app shares a Linux user id with other apps of the same signer',
    args: { sharedUserId: arg.text, reference: arg.string },
    message: (args) =>
      `The app shares the Linux user id "${args.sharedUserId}" with every app signed by the same key that asks for it: they read each other's data and share permissions`,
    views: { identity: ['sharedUserId'] },
  },
  'exported-without-permission': {
    topic: 'exposure',
    summary: 'a service, receiver or provider any app can reach: exported, enabled, no permission',
    args: {
      component: arg.text,
      kind: COMPONENT_KIND,
      /** `explicit` (android:exported="true"), or why the platform exports it (an intent filter before Android 12). */
      exportedBecause: arg.string,
      /** The intent filters' distinct actions. */
      actions: arg.list(arg.text),
      /** The intent filters' data schemes. */
      schemes: arg.list(arg.text),
      /** Provider authorities. */
      authorities: arg.list(arg.text),
      /** A provider guarded on one side only: the side left open. */
      unguardedFor: arg.optional(arg.enum('reading', 'writing')),
    },
    message: (args) => {
      const filters =
        args.actions.length > 0
          ? `, reachable by ${args.actions.slice(0, MAX_ACTIONS).join(', ')}${args.actions.length > MAX_ACTIONS ? ` and ${args.actions.length - MAX_ACTIONS} more` : ''}`
          : '';
      const authorities = args.authorities.length > 0 ? ` (authority ${args.authorities.join(', ')})` : '';
      const unguarded = args.unguardedFor === undefined ? '' : ` for ${args.unguardedFor}`;
      return `The ${args.kind} ${args.component}${authorities} is exported without a permission${unguarded}: ${WHO_CAN[args.kind]}${filters}`;
    },
    views: { identity: ['component'] },
  },
  'exported-more-omitted': {
    topic: 'exposure',
    summary: `more than ${MAX_EXPORTED_COMPONENTS} services, receivers or providers are open: the rest are counted`,
    args: { omitted: arg.integer, total: arg.integer },
    message: (args) =>
      `${args.omitted} more services, receivers or providers are exported without a permission (not listed one by one)`,
  },
  'exported-activities': {
    topic: 'exposure',
    summary: 'activities besides the launcher that any app can start without a permission (one finding)',
    args: {
      count: arg.integer,
      /** The first 12, by name. */
      activities: arg.list(arg.text),
    },
    message: (args) =>
      `${args.count} ${args.count === 1 ? 'activity' : 'activities'} besides the launcher can be started by any app without a permission: ${args.activities.join(', ')}${args.count > args.activities.length ? ` and ${args.count - args.activities.length} more` : ''}`,
  },
});
const emit = emitter(ID, CODES);

function flagPlace(app: AppModel, flag: keyof NonNullable<AppModel['manifest']>['flags']): Evidence | undefined {
  const manifest = app.manifest;
  const place: ManifestPlace | undefined = manifest?.flagEvidence?.[flag] ?? manifest?.applicationEvidence;
  return place ? manifestEvidence(app, 'application', place, `android:${flag}`) : undefined;
}

function flagFindings(app: AppModel): Finding[] {
  const manifest = app.manifest;
  if (!manifest?.applicationEvidence) return [];
  const findings: Finding[] = [];
  const { flags } = manifest;
  const push = (
    flag: 'debuggable' | 'testOnly' | 'allowBackup' | 'usesCleartextTraffic',
    code: 'debuggable' | 'test-only' | 'allow-backup' | 'cleartext-allowed',
    confidence: Confidence,
    explicit: boolean,
  ): void => {
    const evidence = flagPlace(app, flag);
    if (!evidence) return;
    const targetSdk = explicit ? undefined : manifest.targetSdk;
    findings.push(
      emit(code, {
        args: {
          flag: `android:${flag}`,
          explicit,
          ...(targetSdk !== undefined ? { targetSdk } : {}),
          reference: `${REFERENCE}#${flag.toLowerCase()}`,
        },
        confidence,
        evidence: [evidence],
      }),
    );
  };
  if (flags.debuggable === true) push('debuggable', 'debuggable', 'high', true);
  if (flags.testOnly === true) push('testOnly', 'test-only', 'high', true);
  const backupByDefault = flags.allowBackup === undefined && (manifest.targetSdk ?? 0) < S;
  if (flags.allowBackup === true || backupByDefault)
    push('allowBackup', 'allow-backup', flags.allowBackup === true ? 'high' : 'low', flags.allowBackup === true);
  // A network security config overrides the attribute from Android 7 on (network-destination reports it).
  const configured = manifest.networkSecurityConfigReference !== undefined;
  const cleartextByDefault = flags.usesCleartextTraffic === undefined && (manifest.targetSdk ?? 0) < PIE;
  if (!configured && (flags.usesCleartextTraffic === true || cleartextByDefault))
    push(
      'usesCleartextTraffic',
      'cleartext-allowed',
      flags.usesCleartextTraffic === true ? 'high' : 'low',
      flags.usesCleartextTraffic === true,
    );
  return findings;
}

function sharedUserIdFinding(app: AppModel): Finding[] {
  const manifest = app.manifest;
  if (!manifest?.sharedUserId || !manifest.sharedUserIdEvidence) return [];
  return [
    emit('shared-user-id', {
      args: {
        sharedUserId: manifest.sharedUserId,
        reference: 'https://developer.android.com/guide/topics/manifest/manifest-element#uid',
      },
      confidence: 'high',
      evidence: [manifestEvidence(app, 'manifest', manifest.sharedUserIdEvidence, 'android:sharedUserId')],
    }),
  ];
}

/** True for the activity the launcher starts: exported by nature, no finding. */
function isLauncherEntry(component: Component): boolean {
  return (
    (component.kind === 'activity' || component.kind === 'activity-alias') &&
    component.intentFilters.some(
      (filter) => filter.actions.includes(MAIN_ACTION) && filter.categories.includes(LAUNCHER_CATEGORY),
    )
  );
}

function openToAll(component: Component): boolean {
  if (!component.exported || !component.enabled || component.permission !== undefined) return false;
  // A provider is open when either side of it is: reading or writing its data.
  if (component.kind === 'provider')
    return component.readPermission === undefined || component.writePermission === undefined;
  return true;
}

const WHO_CAN: Record<Component['kind'], string> = {
  activity: 'any app can start it',
  'activity-alias': 'any app can start it',
  service: 'any app can start or bind to it',
  receiver: 'any app can send it broadcasts',
  provider: 'any app can query or change its data',
};

function isActivity(component: Component): boolean {
  return component.kind === 'activity' || component.kind === 'activity-alias';
}

/** Activity names listed in the one finding about exported activities. */
const MAX_ACTIVITIES_LISTED = 12;

function exportedFindings(app: AppModel): Finding[] {
  const manifest = app.manifest;
  if (!manifest) return [];
  const open = manifest.components.filter((component) => openToAll(component) && !isLauncherEntry(component));
  const findings: Finding[] = [];
  // Services, receivers and providers one by one: each is a door into the app's data or code.
  const doors = open.filter((component) => !isActivity(component));
  for (const component of doors.slice(0, MAX_EXPORTED_COMPONENTS)) findings.push(componentFinding(app, component));
  if (doors.length > MAX_EXPORTED_COMPONENTS) {
    const first = doors[MAX_EXPORTED_COMPONENTS]!;
    findings.push(
      emit('exported-more-omitted', {
        args: { omitted: doors.length - MAX_EXPORTED_COMPONENTS, total: doors.length },
        confidence: 'high',
        evidence: [manifestEvidence(app, first.kind, first.evidence)],
      }),
    );
  }
  // Activities in one finding: screens other apps can open (deep links, shares) are common and
  // matter less than a service or provider; the names are listed, the first few cited.
  const activities = open.filter(isActivity);
  if (activities.length > 0) {
    const names = activities.slice(0, MAX_ACTIVITIES_LISTED).map((component) => component.name);
    findings.push(
      emit('exported-activities', {
        args: { count: activities.length, activities: names },
        confidence: 'high',
        evidence: activities.slice(0, 3).map((component) => manifestEvidence(app, component.kind, component.evidence)),
      }),
    );
  }
  return findings;
}

function componentFinding(app: AppModel, component: Component): Finding {
  const actions = [...new Set(component.intentFilters.flatMap((filter) => filter.actions))];
  const schemes = [
    ...new Set(component.intentFilters.flatMap((filter) => filter.data.map((data) => data.scheme ?? ''))),
  ].filter((scheme) => scheme !== '');
  const unguardedFor =
    component.kind === 'provider' && (component.readPermission !== undefined || component.writePermission !== undefined)
      ? component.readPermission === undefined
        ? 'reading'
        : 'writing'
      : undefined;
  return emit('exported-without-permission', {
    args: {
      component: component.name,
      kind: component.kind,
      exportedBecause: component.exportedReason,
      actions,
      schemes,
      authorities: component.authorities,
      ...(unguardedFor !== undefined ? { unguardedFor } : {}),
    },
    confidence: 'high',
    evidence: [
      manifestEvidence(app, component.kind, component.evidence),
      ...component.intentFilters.slice(0, 2).map((filter) => manifestEvidence(app, 'intent-filter', filter.evidence)),
    ],
  });
}

export const rule: Rule = {
  meta: {
    id: ID,
    description:
      'What the manifest exposes: debuggable, test-only, backups, cleartext traffic, a shared user id, components open to every app',
    categories: [],
    references: [
      REFERENCE,
      'https://developer.android.com/guide/topics/manifest/activity-element#exported',
      'https://developer.android.com/guide/topics/manifest/provider-element',
    ],
    codes: CODES,
  },
  run(app: AppModel): Finding[] {
    // A split's manifest is not the app's: the base APK's flags and components are what Android applies.
    if (!app.manifest || app.manifest.split !== undefined) return [];
    return [...flagFindings(app), ...sharedUserIdFinding(app), ...exportedFindings(app)];
  },
};
