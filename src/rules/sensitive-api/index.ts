/**
 * sensitive-api: call sites of the Android APIs that read each data category,
 * subclasses of the services that receive data, identifier fields, receivers of
 * SMS/call broadcasts, and code that probes for VPN/Tor/messenger apps.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import type { AppFacts } from '../shared/app-facts.js';
import { arg, defineCodes, emitter } from '../../findings/contract.js';
import {
  callerClass,
  codeEvidenceList,
  javaClassName,
  manifestEvidence,
  splitMember,
} from '../../findings/evidence.js';
import { sourcesOfKind } from '../../dataflow/data-sources.js';
import { PACKAGE_PROBES } from './probes.js';
import { NETWORK_TOOL_PACKAGES } from '../shared/network-tools.js';

const API_TABLE = sourcesOfKind('api');
const IDENTIFIER_FIELDS = sourcesOfKind('identifier-field');
const SERVICE_BASES = sourcesOfKind('service-base');
const RECEIVER_ACTIONS = sourcesOfKind('receiver-action');

const ID = 'sensitive-api';
/** Classes listed per service-base finding. */
const MAX_CLASSES = 10;
/** Classes and tools named in one claim. */
const CLAIM_CLASSES = 3;
const CLAIM_TOOLS = 6;

/** `Lcom/a/B;->m` → `com.a.B.m`; `Lcom/a/B;->F:Ljava/lang/String;` → `com.a.B.F`. */
function javaMember(signature: string): string {
  const { classDescriptor, member } = splitMember(signature);
  return `${javaClassName(classDescriptor)}.${member.split(':')[0] ?? ''}`;
}

const CODES = defineCodes({
  reads: {
    topic: 'collection',
    summary: 'code calls an API that reads the data category',
    args: {
      /** The API in Java spelling, every overload: `android.telephony.TelephonyManager.getDeviceId`. */
      api: arg.string,
      /** What the call reads: `the IMEI`. */
      reads: arg.string,
      /** How the claim says it: `Reads`, `Locates`, `Sends`… */
      verb: arg.string,
      callSites: arg.integer,
      reference: arg.string,
    },
    message: (args) => `${args.verb} ${args.reads}: calls ${args.api} at ${args.callSites} place(s)`,
    views: { identity: ['api'], headline: ['api', 'reference'] },
  },
  'reads-field': {
    topic: 'collection',
    summary: 'code reads a static field that holds a device identifier (or its inlined constant)',
    args: {
      /** The field, smali spelling: `Landroid/provider/Settings$Secure;->ANDROID_ID:Ljava/lang/String;`. */
      field: arg.string,
      reads: arg.string,
      callSites: arg.integer,
      reference: arg.string,
    },
    message: (args) => `Reads ${args.reads} (${javaMember(args.field)}) at ${args.callSites} place(s)`,
    views: { identity: ['field'], headline: ['field', 'reference'] },
  },
  'service-subclass': {
    topic: 'collection',
    summary: 'the app defines a subclass of a framework service that is handed the data',
    args: {
      /** The framework class extended, Java spelling. */
      base: arg.string,
      /** What such a service reads. */
      reads: arg.string,
      classes: arg.integer,
      /** The first classes, Java spelling (at most 10). */
      classNames: arg.list(arg.string),
      reference: arg.string,
    },
    message: (args) =>
      `Can read ${args.reads}: ${args.classNames.slice(0, CLAIM_CLASSES).join(', ')}${args.classes > CLAIM_CLASSES ? ` and ${args.classes - CLAIM_CLASSES} more` : ''}`,
    views: { identity: ['base'], headline: ['reference'] },
  },
  'receives-broadcast': {
    topic: 'collection',
    summary: 'a manifest receiver listens for a broadcast that carries the data',
    args: { receiver: arg.string, action: arg.string, reads: arg.string, reference: arg.string },
    message: (args) => `Receives ${args.reads}: receiver ${args.receiver} listens for ${args.action}`,
    views: { identity: ['receiver', 'action'], headline: ['reference'] },
  },
  'probes-network-tools': {
    topic: 'collection',
    summary: 'code names VPN, Tor or messenger apps (and checks whether they are installed)',
    args: {
      /** Package names of the tools named in code strings. */
      packages: arg.list(arg.string),
      /** A method naming a tool also asks the package manager about packages. */
      probed: arg.boolean,
      listsInstalledApps: arg.boolean,
    },
    message: (args) => {
      const tools = args.packages.map((name) => `${name} (${NETWORK_TOOL_PACKAGES.get(name) ?? ''})`);
      return `Names ${args.packages.length} VPN, Tor or messenger app(s) in code${args.probed ? ' and checks whether they are installed' : ''}: ${tools.slice(0, CLAIM_TOOLS).join(', ')}${tools.length > CLAIM_TOOLS ? ', …' : ''}`;
    },
  },
});
const emit = emitter(ID, CODES);

function apiFindings(app: AppModel, facts: AppFacts): Finding[] {
  const findings: Finding[] = [];
  for (const entry of API_TABLE) {
    const sites = facts.callSitesByName(entry.api);
    if (sites.length === 0) continue;
    const { classDescriptor, member } = splitMember(entry.api);
    const api = `${javaClassName(classDescriptor)}.${member}`;
    findings.push(
      emit('reads', {
        category: entry.category,
        args: { api, reads: entry.reads, verb: entry.verb, callSites: sites.length, reference: entry.reference },
        confidence: entry.confidence,
        evidence: codeEvidenceList(app, sites),
      }),
    );
  }
  return findings;
}

function identifierFieldFindings(app: AppModel, facts: AppFacts): Finding[] {
  const code = app.code;
  if (!code) return [];
  const findings: Finding[] = [];
  for (const entry of IDENTIFIER_FIELDS) {
    const reads = [...code.fieldAccesses(entry.field).reads];
    if (entry.constant !== undefined && entry.companion !== undefined) {
      // javac/d8 inline the constant: `Settings.Secure.getString(resolver, "android_id")` in the same method.
      const companions = new Set(facts.callSitesByName(entry.companion).map((site) => site.caller));
      reads.push(...code.stringUses(entry.constant).filter((use) => companions.has(use.caller)));
    }
    if (reads.length === 0) continue;
    findings.push(
      emit('reads-field', {
        category: entry.category,
        args: { field: entry.field, reads: entry.reads, callSites: reads.length, reference: entry.reference },
        confidence: 'high',
        evidence: codeEvidenceList(app, reads),
      }),
    );
  }
  return findings;
}

function serviceFindings(app: AppModel): Finding[] {
  const code = app.code;
  if (!code) return [];
  const findings: Finding[] = [];
  for (const base of SERVICE_BASES) {
    const classes = code
      .descendants(base.descriptor)
      .filter((descriptor) => code.classInfo(descriptor)?.definition !== undefined);
    if (classes.length === 0) continue;
    const evidence = classes.slice(0, MAX_CLASSES).flatMap((descriptor) => {
      const definition = code.classInfo(descriptor)?.definition;
      return definition
        ? [
            {
              kind: 'bytes' as const,
              apkSha256: app.apk.sha256,
              entry: definition.dex,
              start: definition.offset,
              end: definition.offset + CLASS_DEF_ITEM_SIZE,
              description: `class_def_item of ${javaClassName(descriptor)} (extends ${javaClassName(base.descriptor)})`,
            },
          ]
        : [];
    });
    findings.push(
      emit('service-subclass', {
        category: base.category,
        args: {
          base: javaClassName(base.descriptor),
          reads: base.reads,
          classes: classes.length,
          classNames: classes.slice(0, MAX_CLASSES).map(javaClassName),
          reference: base.reference,
        },
        confidence: 'high',
        evidence,
      }),
    );
  }
  return findings;
}

/** class_def_item is eight uint32 fields (dex-format "class_def_item"). */
const CLASS_DEF_ITEM_SIZE = 32;

function receiverFindings(app: AppModel): Finding[] {
  const findings: Finding[] = [];
  for (const component of app.manifest?.components ?? []) {
    if (component.kind !== 'receiver') continue;
    for (const filter of component.intentFilters) {
      for (const entry of RECEIVER_ACTIONS) {
        if (!filter.actions.includes(entry.action)) continue;
        findings.push(
          emit('receives-broadcast', {
            category: entry.category,
            args: { receiver: component.name, action: entry.action, reads: entry.reads, reference: entry.reference },
            confidence: 'high',
            evidence: [manifestEvidence(app, 'intent-filter', filter.evidence)],
          }),
        );
      }
    }
  }
  return findings;
}

function networkToolFindings(app: AppModel, facts: AppFacts): Finding[] {
  const code = app.code;
  if (!code) return [];
  const named = facts
    .codeStrings()
    .filter((entry) => NETWORK_TOOL_PACKAGES.has(entry.text))
    .map((entry) => entry.text);
  if (named.length === 0) return [];
  const uses = named.flatMap((text) => code.stringUses(text));
  const probes = PACKAGE_PROBES.flatMap((api) => facts.callSitesByName(api));
  const probingClasses = new Set(probes.map(callerClass));
  const sameClass = uses.some((use) => probingClasses.has(callerClass(use)));
  const listing =
    facts.callSitesByName('Landroid/content/pm/PackageManager;->getInstalledPackages').length +
      facts.callSitesByName('Landroid/content/pm/PackageManager;->getInstalledApplications').length >
    0;
  return [
    emit('probes-network-tools', {
      category: 'network-tools',
      args: { packages: named, probed: sameClass, listsInstalledApps: listing },
      confidence: sameClass ? 'high' : probes.length > 0 || listing ? 'medium' : 'low',
      evidence: codeEvidenceList(app, [
        ...uses,
        ...probes.filter((probe) => uses.some((use) => callerClass(use) === callerClass(probe))),
      ]),
    }),
  ];
}

export const rule: Rule = {
  meta: {
    id: ID,
    description:
      'Call sites of Android APIs that read personal data, data-receiving services and broadcast receivers, and probes for VPN/messenger apps',
    categories: [
      ...new Set([
        ...API_TABLE.map((entry) => entry.category),
        ...SERVICE_BASES.map((base) => base.category),
        ...RECEIVER_ACTIONS.map((entry) => entry.category),
        'device-id' as const,
        'network-tools' as const,
      ]),
    ],
    references: [
      'https://developer.android.com/reference',
      'https://developer.android.com/training/articles/user-data-ids',
    ],
    codes: CODES,
  },
  run(app, context): Finding[] {
    const facts = context.facts(app);
    return [
      ...apiFindings(app, facts),
      ...identifierFieldFindings(app, facts),
      ...serviceFindings(app),
      ...receiverFindings(app),
      ...networkToolFindings(app, facts),
    ];
  },
};
