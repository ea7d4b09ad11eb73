/**
 * permission-use: runtime (dangerous) permissions the app requests but whose calls we find nowhere
 * in its code, and calls that need a runtime permission the app does not request. The map from
 * call, provider URI and broadcast to permission is the `needs` of the one table of data sources
 * (src/dataflow/data-sources.ts, src/dataflow/permission-needs.ts).
 */
import type { AppModel } from '../../model/app-model.js';
import type { CodeReference } from '../../model/code-index/index.js';
import type { Evidence, Finding } from '../../findings/types.js';
import type { Rule, RuleContext } from '../types.js';
import type { AppFacts } from '../shared/app-facts.js';
import { arg, defineCodes, emitter } from '../../findings/contract.js';
import {
  callerClass,
  codeEvidenceList,
  javaClassName,
  manifestEvidence,
  splitMember,
} from '../../findings/evidence.js';
import { PERMISSION_REFERENCE, matchContentUri, sourcesOfKind } from '../../dataflow/data-sources.js';
import { needHolds, type PermissionNeed, type SdkLevels } from '../../dataflow/permission-needs.js';
import { providerCallers } from '../shared/providers.js';
import { DYNAMIC_LOADERS } from '../shared/code-loading.js';

const ID = 'permission-use';
const PREFIX = 'android.permission.';
/** APIs named in one claim. */
const CLAIM_APIS = 3;
/** APIs listed in the arguments. */
const MAX_APIS = 20;

/** Runtime permissions newer than the API 29 platform table the model decodes protection levels from (Manifest.permission). */
const NEWER_RUNTIME: ReadonlySet<string> = new Set(
  [
    'READ_MEDIA_IMAGES',
    'READ_MEDIA_VIDEO',
    'READ_MEDIA_AUDIO',
    'READ_MEDIA_VISUAL_USER_SELECTED',
    'BLUETOOTH_SCAN',
    'BLUETOOTH_CONNECT',
    'BLUETOOTH_ADVERTISE',
    'NEARBY_WIFI_DEVICES',
    'POST_NOTIFICATIONS',
    'BODY_SENSORS_BACKGROUND',
    'UWB_RANGING',
  ].map((name) => `${PREFIX}${name}`),
);

/**
 * Permissions that only widen another one (Manifest.permission: "must also request" the foreground
 * one): used whenever the foreground permission is.
 */
const WIDENS: ReadonlyMap<string, readonly string[]> = new Map([
  [`${PREFIX}ACCESS_BACKGROUND_LOCATION`, [`${PREFIX}ACCESS_FINE_LOCATION`, `${PREFIX}ACCESS_COARSE_LOCATION`]],
  [`${PREFIX}BODY_SENSORS_BACKGROUND`, [`${PREFIX}BODY_SENSORS`]],
]);

/** Dex sources Android loads itself (src/model/code/dex-sources.ts); `file` is a dex handed over alone (fixtures). */
const LOADED_ORIGINS: ReadonlySet<string> = new Set(['multidex', 'zip-prefix', 'file']);

const LIKELY = ['shared-user-id', 'guarded', 'library-code', 'refused'] as const;

/**
 * Calls that ask whether the app holds a permission (Context.checkSelfPermission and the support
 * libraries' ContextCompat/PermissionChecker): code that asks first skips the call without it
 * (androidx AppCompat's TwilightManager does so for getLastKnownLocation in most apps).
 */
const PERMISSION_CHECKS = [
  'Landroid/content/Context;->checkSelfPermission',
  'Landroid/content/Context;->checkPermission',
  'Landroid/content/Context;->checkCallingOrSelfPermission',
  'Landroid/content/ContextWrapper;->checkSelfPermission',
  'Landroid/app/Activity;->checkSelfPermission',
  'Landroid/content/pm/PackageManager;->checkPermission',
  'Landroidx/core/content/ContextCompat;->checkSelfPermission',
  'Landroidx/core/content/PermissionChecker;->checkSelfPermission',
  'Landroid/support/v4/content/ContextCompat;->checkSelfPermission',
  'Landroid/support/v4/content/PermissionChecker;->checkSelfPermission',
];
type Likely = (typeof LIKELY)[number];

const CODES = defineCodes({
  'requested-unused': {
    topic: 'collection',
    summary:
      'a runtime (dangerous) permission the manifest requests, with no call, provider URI or broadcast in the code that needs it',
    args: {
      permission: arg.string,
      /** How many calls, URIs and broadcasts of the table need it (all were looked for). */
      lookedFor: arg.integer,
      /** The app loads code at run time (DexClassLoader and friends): that code was not searched. */
      loadsCode: arg.boolean,
      reference: arg.string,
    },
    message: (args) =>
      `Requests ${args.permission} but no call site that needs it was found in its code (looked for ${args.lookedFor} calls, provider URIs and broadcasts that need it; not seen: code loaded at run time, native code, reflection, WebView JavaScript${args.loadsCode ? '; this app loads code at run time' : ''})`,
    views: { identity: ['permission'], headline: ['permission', 'reference'] },
  },
  'used-unrequested': {
    topic: 'collection',
    summary:
      'code calls an API (or uses a provider URI, or receives a broadcast) that needs a runtime permission the app does not request',
    args: {
      /** The permission needed, or the first of those that would do. */
      permission: arg.string,
      /** Every permission that would do (any one of them). */
      anyOf: arg.list(arg.string),
      /** The calls, URIs and broadcasts, Java spelling (at most 20). */
      apis: arg.list(arg.string),
      callSites: arg.integer,
      /** The likely reason: another app's permission through a shared user id, a permission check first, library code the app never reaches, or Android refuses the call. */
      likely: arg.enum(...LIKELY),
      sharedUserId: arg.optional(arg.text),
      reference: arg.string,
    },
    message: (args) => {
      const apis = `${args.apis.slice(0, CLAIM_APIS).join(', ')}${args.apis.length > CLAIM_APIS ? ` and ${args.apis.length - CLAIM_APIS} more` : ''}`;
      const reason =
        args.likely === 'shared-user-id'
          ? `it may hold it through its shared user id ${args.sharedUserId ?? ''}`
          : args.likely === 'guarded'
            ? 'the code asks for the permission first (checkSelfPermission) and likely skips the call'
            : args.likely === 'library-code'
              ? 'every call is in library code, likely never reached'
              : 'Android refuses these calls (SecurityException or nothing returned) unless the path is dead';
      return `Uses ${apis} (${args.callSites} place(s)), which need(s) ${args.anyOf.join(' or ')}, not requested: ${reason}`;
    },
    views: { identity: ['permission', 'anyOf'], headline: ['apis', 'reference'] },
  },
});
const emit = emitter(ID, CODES);

/** One use found: what needs which permissions, and the evidence. */
interface Use {
  readonly need: PermissionNeed;
  /** Java spelling of the call, the URI or field, or the broadcast. */
  readonly what: string;
  readonly reference: string;
  /** Refused without the permission here (a strict need; for a URI, opened with a ContentResolver). */
  readonly strict: boolean;
  readonly sites: readonly CodeReference[];
  readonly app: AppModel;
  readonly evidence: readonly Evidence[];
}

function javaMember(api: string): string {
  const { classDescriptor, member } = splitMember(api);
  return `${javaClassName(classDescriptor)}.${member.split(':')[0] ?? ''}`;
}

/** aapt's defaults: no minSdkVersion is 1, no targetSdkVersion is the minSdkVersion. */
function sdkLevels(app: AppModel): SdkLevels {
  const minSdk = app.manifest?.minSdk ?? 1;
  return { minSdk, targetSdk: app.manifest?.targetSdk ?? minSdk };
}

/** The table's rows this rule reads, taken once at load. */
const API_ROWS_NEEDING = sourcesOfKind('api').filter((row) => row.needs !== undefined);
const PERMISSION_USE_ROWS = sourcesOfKind('permission-use');
const URI_FIELD_ROWS = sourcesOfKind('content-uri-field');
const RECEIVER_ACTION_ROWS = sourcesOfKind('receiver-action');

/** Every use of a permission-needing row in `app`'s code and manifest, at `levels`. */
function usesIn(app: AppModel, context: RuleContext, levels: SdkLevels): Use[] {
  const facts = context.facts(app);
  const code = app.code;
  const uses: Use[] = [];
  // Code Android does not load itself (a dex in an embedded APK, a skipped classesN.dex) may still be
  // loaded at run time: it counts as a use of a permission, never as a call Android would refuse.
  const loaded = new Set(
    app.dexSources.filter((source) => LOADED_ORIGINS.has(source.origin)).map((source) => source.name),
  );
  const add = (
    needs: readonly PermissionNeed[] | undefined,
    what: string,
    reference: string,
    sites: readonly CodeReference[],
    opened?: (site: CodeReference) => boolean,
  ): void => {
    if (needs === undefined || sites.length === 0) return;
    for (const need of needs) {
      if (!needHolds(need, levels)) continue;
      const strictSites = need.strict
        ? sites.filter((site) => loaded.has(site.dex) && (opened === undefined || opened(site)))
        : [];
      const strict = strictSites.length > 0;
      uses.push({ need, what, reference, strict, sites: strict ? strictSites : sites, app, evidence: [] });
    }
  };
  // Only rows that need a permission, and the Java spelling only of calls the code makes: most of
  // the table's API rows need none, and most listed calls are absent from a given app.
  for (const row of API_ROWS_NEEDING) {
    const sites = facts.callSitesByName(row.api);
    if (sites.length > 0) add(row.needs, javaMember(row.api), row.reference, sites);
  }
  for (const row of PERMISSION_USE_ROWS) {
    if (row.api !== undefined) {
      const sites = facts.callSitesByName(row.api);
      if (sites.length > 0) add(row.needs, javaMember(row.api), row.reference, sites);
    } else if (row.string !== undefined && code) {
      const text = row.string;
      const strings = row.prefix ? facts.codeStrings().filter((entry) => entry.text.startsWith(text)) : [{ text }];
      for (const entry of strings) add(row.needs, `"${entry.text}"`, row.reference, code.stringUses(entry.text));
    }
  }
  if (code) {
    // A provider URI needs its permission where the code opens the provider; named elsewhere (an
    // Intent.ACTION_PICK), the picker app reads it for the user and no permission is needed.
    let callers: Set<string> | undefined;
    const opened = (site: CodeReference): boolean => (callers ??= providerCallers(app, facts)).has(site.caller);
    for (const { text } of facts.codeStrings()) {
      const row = matchContentUri(text);
      if (row) add(row.needs, text, row.reference, code.stringUses(text), opened);
    }
    for (const row of URI_FIELD_ROWS) {
      const reads = code.fieldAccesses(row.field).reads;
      if (reads.length > 0) add(row.needs, javaMember(row.field), row.reference, reads, opened);
    }
  }
  for (const component of app.manifest?.components ?? []) {
    if (component.kind !== 'receiver') continue;
    for (const filter of component.intentFilters)
      for (const row of RECEIVER_ACTION_ROWS) {
        if (!filter.actions.includes(row.action) || row.needs === undefined) continue;
        for (const need of row.needs) {
          if (!needHolds(need, levels)) continue;
          uses.push({
            need,
            what: `receiver ${component.name} for ${row.action}`,
            reference: row.reference,
            strict: need.strict,
            sites: [],
            app,
            evidence: [manifestEvidence(app, 'intent-filter', filter.evidence)],
          });
        }
      }
  }
  return uses;
}

/** The rows of the shared table that can need a permission. */
const NEEDING_ROWS = [
  ...sourcesOfKind('api'),
  ...sourcesOfKind('permission-use'),
  ...sourcesOfKind('content-uri'),
  ...sourcesOfKind('content-uri-field'),
  ...sourcesOfKind('receiver-action'),
];

/** Every permission some row of the table can need (at any SDK level): the ones this rule can judge. */
function mappedPermissions(): ReadonlySet<string> {
  const names = new Set<string>();
  for (const row of NEEDING_ROWS)
    for (const need of row.needs ?? []) for (const name of need.anyOf) names.add(`${PREFIX}${name}`);
  for (const [wider, foreground] of WIDENS) if (foreground.some((name) => names.has(name))) names.add(wider);
  return names;
}
const MAPPED = mappedPermissions();

/** How many rows of the table can need each mapped permission (a wider one: any of its foreground ones), for the claim. */
const LOOKED_FOR: ReadonlyMap<string, number> = new Map(
  [...MAPPED].map((permission) => {
    const short = (WIDENS.get(permission) ?? [permission]).map((name) => name.slice(PREFIX.length));
    const count = NEEDING_ROWS.filter((row) =>
      (row.needs ?? []).some((need) => need.anyOf.some((name) => short.includes(name))),
    ).length;
    return [permission, count];
  }),
);

function isRuntime(name: string, protectionLevel: string | undefined): boolean {
  return protectionLevel !== undefined ? /\bdangerous\b/.test(protectionLevel) : NEWER_RUNTIME.has(name);
}

/** Classes that ask for a permission before they use it. */
function checkingClasses(facts: AppFacts): ReadonlySet<string> {
  return new Set(PERMISSION_CHECKS.flatMap((api) => facts.callSitesByName(api)).map(callerClass));
}

function likelyReason(app: AppModel, sites: readonly CodeReference[], facts: AppFacts): Likely {
  if (app.manifest?.sharedUserId !== undefined) return 'shared-user-id';
  if (sites.length > 0) {
    const checking = checkingClasses(facts);
    if (sites.every((site) => checking.has(callerClass(site)))) return 'guarded';
  }
  const own = `L${(app.manifest?.packageName ?? '').replace(/\./g, '/')}/`;
  if (sites.length > 0 && sites.every((site) => !callerClass(site).startsWith(own))) return 'library-code';
  return 'refused';
}

function requestedUnused(app: AppModel, uses: readonly Use[], loadsCode: boolean): Finding[] {
  const used = new Set(uses.flatMap((use) => use.need.anyOf.map((name) => `${PREFIX}${name}`)));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const permission of app.manifest?.usesPermissions ?? []) {
    if (seen.has(permission.name)) continue;
    seen.add(permission.name);
    if (!isRuntime(permission.name, permission.protectionLevel) || !MAPPED.has(permission.name)) continue;
    const widened = WIDENS.get(permission.name);
    if (used.has(permission.name) || widened?.some((name) => used.has(name))) continue;
    findings.push(
      emit('requested-unused', {
        args: {
          permission: permission.name,
          lookedFor: LOOKED_FOR.get(permission.name) ?? 0,
          loadsCode,
          reference: `${PERMISSION_REFERENCE}#${permission.name.slice(PREFIX.length)}`,
        },
        confidence: loadsCode ? 'low' : 'medium',
        evidence: [manifestEvidence(app, permission.element, permission.evidence, 'name')],
      }),
    );
  }
  return findings;
}

function usedUnrequested(app: AppModel, uses: readonly Use[], facts: AppFacts): Finding[] {
  const granted = new Set<string>((app.manifest?.usesPermissions ?? []).map((permission) => permission.name));
  for (const implied of app.manifest?.impliedPermissions ?? []) granted.add(implied.name);
  const missing = new Map<string, Use[]>();
  for (const use of uses) {
    if (!use.strict || use.need.anyOf.some((name) => granted.has(`${PREFIX}${name}`))) continue;
    const key = use.need.anyOf.join('|');
    const group = missing.get(key);
    if (group) group.push(use);
    else missing.set(key, [use]);
  }
  const findings: Finding[] = [];
  for (const group of missing.values()) {
    const first = group[0]!;
    const anyOf = first.need.anyOf.map((name) => `${PREFIX}${name}`);
    const sites = group.flatMap((use) => use.sites);
    const likely = likelyReason(app, sites, facts);
    const sharedUserId = app.manifest?.sharedUserId;
    const evidence = [
      ...codeEvidenceList(app, sites),
      ...group.filter((use) => use.sites.length === 0).flatMap((use) => use.evidence),
    ];
    findings.push(
      emit('used-unrequested', {
        args: {
          permission: anyOf[0]!,
          anyOf,
          apis: [...new Set(group.map((use) => use.what))].slice(0, MAX_APIS),
          callSites: sites.length + group.filter((use) => use.sites.length === 0).length,
          likely,
          ...(likely === 'shared-user-id' && sharedUserId !== undefined ? { sharedUserId } : {}),
          reference: first.reference,
        },
        confidence: likely === 'refused' ? 'medium' : 'low',
        evidence,
      }),
    );
  }
  return findings;
}

export const rule: Rule = {
  meta: {
    id: ID,
    description:
      'Runtime permissions requested with no call site that needs them, and call sites that need a runtime permission the app does not request',
    categories: [],
    references: [
      PERMISSION_REFERENCE,
      'https://developer.android.com/guide/topics/permissions/overview#runtime',
      'https://developer.android.com/reference/androidx/annotation/RequiresPermission',
    ],
    codes: CODES,
  },
  run(app, context): Finding[] {
    // The base APK judges for the app: splits have no <uses-permission>; their code counts as the app's.
    const manifest = app.manifest;
    if (manifest === undefined || manifest.split !== undefined) return [];
    const levels = sdkLevels(app);
    const apks = context.apks.includes(app) ? context.apks : [app, ...context.apks];
    const uses = apks.flatMap((apk) => usesIn(apk, context, levels));
    const hasCode = apks.some((apk) => apk.dexSources.length > 0);
    // Code the scan sees but Android does not load itself, or calls that load code it cannot see.
    const loadsCode = apks.some(
      (apk) =>
        apk.dexSources.some((source) => !LOADED_ORIGINS.has(source.origin)) ||
        DYNAMIC_LOADERS.some((api) => context.facts(apk).callSitesByName(api).length > 0),
    );
    return [
      ...(hasCode ? requestedUnused(app, uses, loadsCode) : []),
      ...usedUnrequested(
        app,
        uses.filter((use) => use.app === app),
        context.facts(app),
      ),
    ];
  },
};
