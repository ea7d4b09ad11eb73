/**
 * sdk-tracker: third-party SDKs recognised by their package prefixes (present: the
 * classes ship in the APK; called from app code: a class outside every SDK calls
 * into it) and by their hosts in code strings.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Evidence, Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import type { AppFacts, ClassDefinitionPlace } from '../shared/app-facts.js';
import { callerClass, codeEvidenceList, javaClassName } from '../../findings/evidence.js';
import { arg, defineCodes, emitter, type ArgsOf } from '../../findings/contract.js';
import { SDK_SIGNATURES, type SdkSignature } from './signatures.js';

const ID = 'sdk-tracker';
/** Methods of an SDK examined for callers (enough to find the entry points of real SDKs, bounded for huge ones). */
const MAX_METHODS_EXAMINED = 5_000;
const MAX_CLASS_EVIDENCE = 3;
const MAX_CALL_EVIDENCE = 5;
/** class_def_item: eight uint32 fields (dex-format). */
const CLASS_DEF_ITEM_SIZE = 32;

/** Package prefixes of every SDK → the SDK (for one-pass classification of classes). */
const SDK_BY_PREFIX: ReadonlyMap<string, SdkSignature> = new Map(
  SDK_SIGNATURES.flatMap((signature) => signature.prefixes.map((prefix) => [prefix, signature] as const)),
);
/** Longest string examined for hosts (longer ones are data, not a configured endpoint). */
const MAX_HOST_STRING = 2048;

const SDK_ARGS = {
  sdk: arg.string,
  /** What the SDK is for: `analytics`, `ads`, `crash-reporting`… (our signature list). */
  kind: arg.string,
  /** Classes of the SDK's packages the APK defines. */
  classes: arg.integer,
  calledFromAppCode: arg.boolean,
  /** Distinct code strings naming one of the SDK's hosts. */
  hostsNamed: arg.integer,
  /** Data categories the SDK collects (our signature list). */
  collects: arg.list(arg.string),
  /** Where the signature comes from. */
  source: arg.string,
};

function sdkMessage(state: string) {
  return (args: ArgsOf<typeof SDK_ARGS>): string =>
    `The app ${state} the ${args.kind} SDK ${args.sdk}${args.classes > 0 ? ` (${args.classes} classes)` : ''}${args.collects.length > 0 ? `, which collects ${args.collects.join(', ')} data` : ''}`;
}

const SDK_VIEWS = {
  identity: ['sdk'],
  headline: ['sdk'],
  sdk: { name: 'sdk', kind: 'kind', collects: 'collects' },
} as const;

const CODES = defineCodes({
  called: {
    topic: 'sdk',
    summary: "the SDK's classes ship in the APK and app code calls them",
    args: SDK_ARGS,
    message: sdkMessage('ships and calls'),
    views: SDK_VIEWS,
  },
  present: {
    topic: 'sdk',
    summary: "the SDK's classes ship in the APK; no call from app code was found",
    args: SDK_ARGS,
    message: sdkMessage('ships (not called from app code)'),
    views: SDK_VIEWS,
  },
  'host-named': {
    topic: 'sdk',
    summary: "code strings name the SDK's hosts; its classes are not in the APK",
    args: SDK_ARGS,
    message: sdkMessage('names the hosts of'),
    views: SDK_VIEWS,
  },
});
const emit = emitter(ID, CODES);

/**
 * The SDK whose package contains `descriptor`, the longest listed prefix first: `Lcom/a/b/C;` is
 * looked up as `Lcom/a/b/`, `Lcom/a/`, `Lcom/` (Google Maps `com.google.android.gms.maps` inside
 * Play services, Umeng Push `com.umeng.message` inside Umeng).
 */
export function sdkOfClass(descriptor: string): SdkSignature | undefined {
  for (let slash = descriptor.lastIndexOf('/'); slash > 0; slash = descriptor.lastIndexOf('/', slash - 1)) {
    const signature = SDK_BY_PREFIX.get(descriptor.slice(0, slash + 1));
    if (signature) return signature;
  }
  return undefined;
}

function hostMatches(host: string, text: string): boolean {
  const index = text.toLowerCase().indexOf(host);
  if (index < 0) return false;
  const before = text[index - 1];
  const after = text[index + host.length];
  return (before === undefined || /[/.@:"' ]/.test(before)) && (after === undefined || /[/:?#"' ]/.test(after));
}

interface SdkFacts {
  readonly classes: Array<[string, ClassDefinitionPlace]>;
  readonly hostStrings: string[];
}

/** Every SDK host with its SDK, and one pattern finding any of them (built once, not per app). */
const HOSTS = SDK_SIGNATURES.flatMap((signature) => signature.hosts.map((host) => [host, signature] as const));
const ANY_HOST = new RegExp(HOSTS.map(([host]) => host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');

function factsOf(facts: Map<SdkSignature, SdkFacts>, signature: SdkSignature): SdkFacts {
  let entry = facts.get(signature);
  if (!entry) facts.set(signature, (entry = { classes: [], hostStrings: [] }));
  return entry;
}

function gather(app: AppFacts): Map<SdkSignature, SdkFacts> {
  const facts = new Map<SdkSignature, SdkFacts>();
  // An SDK is a set of packages: the classes of one package share its answer (one lookup per
  // package instead of one per prefix of every class; the corpus has ~8 classes per package).
  const byPackage = new Map<string, SdkSignature | null>();
  for (const [descriptor, place] of app.classDefinitions()) {
    const slash = descriptor.lastIndexOf('/');
    const inPackage = slash < 0 ? descriptor : descriptor.slice(0, slash + 1);
    let signature = byPackage.get(inPackage);
    if (signature === undefined) {
      signature = sdkOfClass(descriptor) ?? null;
      byPackage.set(inPackage, signature);
    }
    if (signature) factsOf(facts, signature).classes.push([descriptor, place]);
  }
  for (const { text } of app.codeStrings()) {
    // Every listed host has a dot: a string without one names none (most code strings; the
    // pattern of 343 hosts costs more per string than the scan for a dot).
    if (text.length > MAX_HOST_STRING || !text.includes('.') || !ANY_HOST.test(text)) continue;
    for (const [host, signature] of HOSTS)
      if (hostMatches(host, text)) factsOf(facts, signature).hostStrings.push(text);
  }
  return facts;
}

/**
 * The methods the SDK classes define or the code names on them (per-app method index shared with
 * other rules), class by class, at most MAX_METHODS_EXAMINED: signatures are built only for the methods
 * examined (all of them for every SDK class was ~0.1 s of a corpus scan; most SDKs stop at the first callers).
 */
function* sdkMethods(
  app: AppFacts,
  classes: ReadonlyArray<readonly [string, ClassDefinitionPlace]>,
): Generator<string> {
  let examined = 0;
  for (const [descriptor] of classes) {
    for (const method of app.methodsOfClass(descriptor)) {
      if (examined++ >= MAX_METHODS_EXAMINED) return;
      yield method;
    }
  }
}

function findingFor(app: AppModel, appFacts: AppFacts, signature: SdkSignature, facts: SdkFacts): Finding | undefined {
  const code = app.code;
  if (!code) return undefined;
  const { classes } = facts;
  const hostStrings = [...new Set(facts.hostStrings)];
  if (classes.length === 0 && hostStrings.length === 0) return undefined;
  const appCalls = [];
  for (const method of sdkMethods(appFacts, classes)) {
    for (const site of code.callSitesOf(method, false))
      if (sdkOfClass(callerClass(site)) === undefined) appCalls.push(site);
    if (appCalls.length >= MAX_CALL_EVIDENCE) break;
  }
  const evidence: Evidence[] = [
    ...classes.slice(0, MAX_CLASS_EVIDENCE).map(([descriptor, place]) => ({
      kind: 'bytes' as const,
      apkSha256: app.apk.sha256,
      entry: place.source.name,
      start: place.classDef.offset,
      end: place.classDef.offset + CLASS_DEF_ITEM_SIZE,
      description: `class_def_item of ${javaClassName(descriptor)}`,
    })),
    ...codeEvidenceList(app, appCalls, MAX_CALL_EVIDENCE),
    ...codeEvidenceList(
      app,
      hostStrings.flatMap((text) => code.stringUses(text)),
      MAX_CALL_EVIDENCE,
    ),
  ];
  const called = appCalls.length > 0;
  return emit(called ? 'called' : classes.length > 0 ? 'present' : 'host-named', {
    category: signature.categories[0],
    args: {
      sdk: signature.name,
      kind: signature.kind,
      classes: classes.length,
      calledFromAppCode: called,
      hostsNamed: hostStrings.length,
      collects: signature.categories,
      source: signature.source,
    },
    confidence: called ? 'high' : classes.length > 0 ? 'medium' : 'low',
    evidence,
  });
}

export const rule: Rule = {
  meta: {
    id: ID,
    description:
      'Third-party SDKs and trackers from our signature list: present vs called from app code, and their hosts',
    categories: [...new Set(SDK_SIGNATURES.flatMap((signature) => signature.categories))],
    // One source per SDK travels on each finding (args.source); the rule cites the method (Exodus's FAQ: class
    // names compared with a list of signatures) and where the list's sources are described.
    references: [
      'https://exodus-privacy.eu.org/en/page/faq/',
      'src/rules/sdk-tracker/README.md (sources and licences; each signature names its public source)',
    ],
    codes: CODES,
  },
  run(app: AppModel, context): Finding[] {
    const findings: Finding[] = [];
    const appFacts = context.facts(app);
    for (const [signature, facts] of gather(appFacts)) {
      const finding = findingFor(app, appFacts, signature, facts);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};
