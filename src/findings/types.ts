/**
 * Findings: what a rule claims about an app, with the evidence a reader can check.
 * A finding is data (rule id, message code, arguments, evidence); the claim is rendered
 * from code + args by src/report/claim.ts. A finding without evidence is a bug.
 */
import type { DataCategory, Severity } from './vocabulary.js';

/** What part of the question a finding answers. */
export type FindingTopic =
  | 'collection' // what personal data the app reads
  | 'form' // input fields people fill in
  | 'labels' // categories of people and behaviours the app carries
  | 'destination' // where data goes: hosts, URLs, protocols, TLS
  | 'flow' // which data goes where: a path from a read of personal data to a sink
  | 'sdk' // third-party SDKs and trackers
  | 'asset' // files shipped in the app: native helpers, hash lists, payloads
  | 'obfuscation' // packers and obfuscators: what static analysis may miss
  | 'behaviour' // what the app does on the device beyond reading data: root checks, running commands, hashing files
  | 'exposure' // what the manifest opens to other apps, debuggers and backups: exported components, debuggable, backups
  | 'signing' // who signed it
  | 'tampering'; // anomalies in the file itself

export type Confidence = 'high' | 'medium' | 'low';

interface EvidenceBase {
  /** SHA-256 of the APK the evidence is in (a split's own hash for splits). */
  readonly apkSha256: string;
  /** Entry path inside the APK: `classes2.dex`, `AndroidManifest.xml`, `res/layout/form.xml`, `assets/x.db`. */
  readonly entry: string;
}

/** A place in bytecode: check it with `dexdump -d <entry>` or `baksmali d`. */
export interface CodeEvidence extends EvidenceBase {
  readonly kind: 'code';
  /** Java-style class name, e.g. `org.example.MainActivity`. */
  readonly className: string;
  /** Method name with its descriptor, e.g. `onCreate(Landroid/os/Bundle;)V`. */
  readonly method: string;
  /** Offset of the instruction in 16-bit code units from the method start (dexdump's `|0004:`). */
  readonly codeOffset: number;
  /** Absolute byte offset of the instruction inside the dex file (dexdump's left column). */
  readonly fileOffset: number;
  /** What the instruction references, e.g. `Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;`. */
  readonly target: string;
}

/** An element or attribute of a binary XML file (manifest, layout, xml resource). */
export interface XmlEvidence extends EvidenceBase {
  readonly kind: 'xml';
  readonly element: string;
  readonly attribute?: string;
  readonly line: number;
  /** Absolute byte offset inside the XML entry. */
  readonly offset: number;
}

/** A value in resources.arsc: check it with `aapt dump --values resources`. */
export interface ResourceEvidence extends EvidenceBase {
  readonly kind: 'resource';
  readonly resourceId: number;
  /** `string/app_name`, `array/religion_choices`. */
  readonly name: string;
  /** Locale qualifier ('' for the default configuration). */
  readonly locale: string;
  readonly value?: string;
}

/** A byte range of an entry (assets, native libraries, signature files). */
export interface BytesEvidence extends EvidenceBase {
  readonly kind: 'bytes';
  readonly start: number;
  readonly end: number;
  readonly description?: string;
}

export type Evidence = CodeEvidence | XmlEvidence | ResourceEvidence | BytesEvidence;

/** A JSON value an argument may hold: lists and records are real JSON, never JSON text. */
export type ArgValue = string | number | boolean | readonly ArgValue[] | { readonly [key: string]: ArgValue };
type FindingArgs = { readonly [name: string]: ArgValue };

/**
 * What a rule emits: the code its metadata declares (src/findings/contract.ts) and the arguments
 * of that code. The claim is rendered from code + args by the report layer (src/report/claim.ts).
 */
export interface Finding {
  /** Stable id of the rule that produced it (its folder name under src/rules). */
  readonly ruleId: string;
  /** `<rule id>.<name>`, declared in the rule's metadata: `sensitive-api.reads`. */
  readonly code: string;
  readonly topic: FindingTopic;
  readonly category?: DataCategory;
  /** The facts of the claim, typed by the code's declaration; app strings in them are untrusted. */
  readonly args: FindingArgs;
  readonly confidence: Confidence;
  /**
   * How much it matters, apart from confidence: set by the scan from code + args and the whole app
   * (src/scan/severity.ts), never by a rule; absent in reports read from older files (derived then).
   */
  readonly severity?: Severity;
  /** Never empty. */
  readonly evidence: readonly Evidence[];
}
