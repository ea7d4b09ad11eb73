/**
 * sensitive-api: call sites of the Android APIs that read each data category,
 * subclasses of the services that receive data, identifier fields, receivers of
 * SMS/call broadcasts, and code that probes for VPN/Tor/messenger apps.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import { callSitesByName, codeStrings } from '../shared/app-facts.js';
import {
  callerClass,
  codeEvidenceList,
  javaClassName,
  manifestEvidence,
  splitMember,
} from '../../findings/evidence.js';
import {
  API_TABLE,
  IDENTIFIER_FIELDS,
  NETWORK_TOOL_PACKAGES,
  PACKAGE_PROBES,
  RECEIVER_ACTIONS,
  SERVICE_BASES,
} from './api-table.js';

const ID = 'sensitive-api';
/** Classes listed per service-base finding. */
const MAX_CLASSES = 10;

function apiFindings(app: AppModel): Finding[] {
  const findings: Finding[] = [];
  for (const entry of API_TABLE) {
    const sites = callSitesByName(app, entry.api);
    if (sites.length === 0) continue;
    const { classDescriptor, member } = splitMember(entry.api);
    const api = `${javaClassName(classDescriptor)}.${member}`;
    findings.push({
      ruleId: ID,
      code: 'api.reads',
      topic: 'collection',
      category: entry.category,
      claim: `${entry.verb} ${entry.reads}: calls ${api} at ${sites.length} place(s)`,
      args: { api, reads: entry.reads, callSites: sites.length, reference: entry.reference },
      confidence: entry.confidence,
      evidence: codeEvidenceList(app, sites),
    });
  }
  return findings;
}

function identifierFieldFindings(app: AppModel): Finding[] {
  const code = app.code;
  if (!code) return [];
  const findings: Finding[] = [];
  for (const entry of IDENTIFIER_FIELDS) {
    const reads = [...code.fieldAccesses(entry.field).reads];
    if (entry.constant !== undefined && entry.companion !== undefined) {
      // javac/d8 inline the constant: `Settings.Secure.getString(resolver, "android_id")` in the same method.
      const companions = new Set(callSitesByName(app, entry.companion).map((site) => site.caller));
      reads.push(...code.stringUses(entry.constant).filter((use) => companions.has(use.caller)));
    }
    if (reads.length === 0) continue;
    const field = splitMember(entry.field);
    findings.push({
      ruleId: ID,
      code: 'api.reads',
      topic: 'collection',
      category: 'device-id',
      claim: `Reads ${entry.reads} (${javaClassName(field.classDescriptor)}.${field.member.split(':')[0] ?? ''}) at ${reads.length} place(s)`,
      args: { api: entry.field, reads: entry.reads, callSites: reads.length, reference: entry.reference },
      confidence: 'high',
      evidence: codeEvidenceList(app, reads),
    });
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
    findings.push({
      ruleId: ID,
      code: 'api.service-subclass',
      topic: 'collection',
      category: base.category,
      claim: `Can read ${base.reads}: ${classes.map(javaClassName).slice(0, 3).join(', ')}${classes.length > 3 ? ` and ${classes.length - 3} more` : ''}`,
      args: { base: javaClassName(base.descriptor), classes: classes.length, reference: base.reference },
      confidence: 'high',
      evidence,
    });
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
        findings.push({
          ruleId: ID,
          code: 'api.receives-broadcast',
          topic: 'collection',
          category: entry.category,
          claim: `Receives ${entry.reads}: receiver ${component.name} listens for ${entry.action}`,
          args: { receiver: component.name, action: entry.action, reference: entry.reference },
          confidence: 'high',
          evidence: [manifestEvidence(app, 'intent-filter', filter.evidence)],
        });
      }
    }
  }
  return findings;
}

function networkToolFindings(app: AppModel): Finding[] {
  const code = app.code;
  if (!code) return [];
  const named = codeStrings(app)
    .filter((entry) => NETWORK_TOOL_PACKAGES.has(entry.text))
    .map((entry) => entry.text);
  if (named.length === 0) return [];
  const uses = named.flatMap((text) => code.stringUses(text));
  const probes = PACKAGE_PROBES.flatMap((api) => callSitesByName(app, api));
  const probingClasses = new Set(probes.map(callerClass));
  const sameClass = uses.some((use) => probingClasses.has(callerClass(use)));
  const listing =
    callSitesByName(app, 'Landroid/content/pm/PackageManager;->getInstalledPackages').length +
      callSitesByName(app, 'Landroid/content/pm/PackageManager;->getInstalledApplications').length >
    0;
  const tools = named.map((text) => `${text} (${NETWORK_TOOL_PACKAGES.get(text) ?? ''})`);
  return [
    {
      ruleId: ID,
      code: 'api.probes-network-tools',
      topic: 'collection',
      category: 'network-tools',
      claim: `Names ${named.length} VPN, Tor or messenger app(s) in code${sameClass ? ' and checks whether they are installed' : ''}: ${tools.slice(0, 6).join(', ')}${tools.length > 6 ? ', …' : ''}`,
      args: { packages: named.join(','), probed: sameClass, listsInstalledApps: listing },
      confidence: sameClass ? 'high' : probes.length > 0 || listing ? 'medium' : 'low',
      evidence: codeEvidenceList(app, [
        ...uses,
        ...probes.filter((probe) => uses.some((use) => callerClass(use) === callerClass(probe))),
      ]),
    },
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
  },
  run(app: AppModel): Finding[] {
    return [
      ...apiFindings(app),
      ...identifierFieldFindings(app),
      ...serviceFindings(app),
      ...receiverFindings(app),
      ...networkToolFindings(app),
    ];
  },
};
