/**
 * The public manifest model: what AndroidManifest.xml declares, resolved against the
 * resource table, with the XML offsets that prove each value.
 */

/** Where in AndroidManifest.xml a value was read (evidence). */
export interface XmlEvidence {
  /** Line number recorded by aapt in the binary XML (as `aapt dump xmltree` prints it). */
  readonly line: number;
  /** Byte offset of the element or attribute inside AndroidManifest.xml. */
  readonly offset: number;
}

/** A value that may be a resource reference resolved per locale. */
export interface LocalizedText {
  /** Value in the default configuration (or the literal string). */
  readonly value?: string;
  /** Resource reference when the attribute pointed into resources.arsc, e.g. `@string/app_name` (0x7f0b0001). */
  readonly reference?: { readonly id: number; readonly name?: string };
  /** Value per locale qualifier (`zh-rCN`, `ug`, …); '' is the default configuration. */
  readonly byLocale: Readonly<Record<string, string>>;
}

export interface UsesPermission {
  readonly name: string;
  readonly maxSdkVersion?: number;
  /** `uses-permission-sdk-23` / `-sdk-m` declare runtime-only requests. */
  readonly element: string;
  /** android:protectionLevel of the platform permission, decoded ("dangerous", "signature|privileged"…). */
  readonly protectionLevel?: string;
  readonly evidence: XmlEvidence;
}

export interface DeclaredPermission {
  readonly name: string;
  readonly protectionLevel: string;
  readonly group?: string;
  readonly evidence: XmlEvidence;
}

export interface IntentFilterData {
  readonly scheme?: string;
  readonly host?: string;
  readonly port?: string;
  readonly path?: string;
  readonly pathPrefix?: string;
  readonly pathPattern?: string;
  readonly mimeType?: string;
}

export interface IntentFilter {
  readonly actions: string[];
  readonly categories: string[];
  readonly data: IntentFilterData[];
  readonly priority?: number;
  readonly evidence: XmlEvidence;
}

export type ComponentKind = 'activity' | 'activity-alias' | 'service' | 'receiver' | 'provider';

export interface MetaData {
  readonly name: string;
  readonly value?: string;
  readonly resource?: string;
  readonly evidence: XmlEvidence;
}

export interface Component {
  readonly kind: ComponentKind;
  /** Fully qualified class name (a leading `.` is expanded with the package). */
  readonly name: string;
  readonly exported: boolean;
  /** Why `exported` has its value: explicit attribute, or the platform's default rule. */
  readonly exportedReason: 'explicit' | 'implied-by-intent-filter' | 'default-false' | 'provider-default-pre-17';
  readonly enabled: boolean;
  readonly permission?: string;
  readonly readPermission?: string;
  readonly writePermission?: string;
  readonly process?: string;
  readonly targetActivity?: string;
  readonly authorities: string[];
  readonly grantUriPermissions?: boolean;
  readonly intentFilters: IntentFilter[];
  readonly metaData: MetaData[];
  readonly evidence: XmlEvidence;
}

export interface NetworkSecurityDomain {
  readonly domains: string[];
  readonly includeSubdomains: boolean;
  readonly cleartextTrafficPermitted?: boolean;
  readonly trustAnchors: string[];
  readonly pins: string[];
}

export interface NetworkSecurityConfig {
  /** Entry path of the decoded XML, e.g. `res/xml/network_security_config.xml`. */
  readonly path: string;
  readonly baseCleartextTrafficPermitted?: boolean;
  readonly baseTrustAnchors: string[];
  readonly debugTrustAnchors: string[];
  readonly domains: NetworkSecurityDomain[];
}

interface ApplicationFlags {
  readonly debuggable?: boolean;
  readonly allowBackup?: boolean;
  readonly usesCleartextTraffic?: boolean;
  readonly testOnly?: boolean;
  readonly extractNativeLibs?: boolean;
  readonly requestLegacyExternalStorage?: boolean;
  readonly hasFragileUserData?: boolean;
}

/**
 * A permission Android grants without the app asking, for compatibility: aapt prints these as
 * `uses-implied-permission` (frameworks/base/tools/aapt/Command.cpp, "Pre-1.6 implicitly granted
 * permission compatibility logic" and what follows).
 */
export interface ImpliedPermission {
  readonly name: string;
  /** aapt's wording: `targetSdkVersion < 4`, `requested WRITE_EXTERNAL_STORAGE`… */
  readonly reason: string;
  readonly maxSdkVersion?: number;
  /** The element that implies it: <uses-sdk> (or <manifest> when there is none) or the <uses-permission> requested. */
  readonly element: string;
  readonly evidence: XmlEvidence;
}

/** Where the <application> attributes that are flags were read (absent attributes have none). */
type ApplicationFlagEvidence = Readonly<Partial<Record<keyof ApplicationFlags, XmlEvidence>>>;

export interface Manifest {
  readonly packageName: string;
  readonly versionCode?: number;
  /** android:versionCodeMajor (API 28+): the 64-bit long version code is major << 32 | code. */
  readonly versionCodeMajor?: number;
  readonly versionName?: string;
  readonly minSdk?: number;
  readonly minSdkCodename?: string;
  readonly targetSdk?: number;
  readonly targetSdkCodename?: string;
  readonly maxSdk?: number;
  readonly compileSdk?: number;
  readonly platformBuildVersionName?: string;
  /** Split APKs: the `split` attribute and `isFeatureSplit`. */
  readonly split?: string;
  readonly isFeatureSplit?: boolean;
  readonly sharedUserId?: string;
  readonly installLocation?: string;
  readonly label: LocalizedText;
  readonly applicationClass?: string;
  readonly flags: ApplicationFlags;
  /** Where each flag of `flags` was read: the attribute's offset, the <application> element's line. */
  readonly flagEvidence?: ApplicationFlagEvidence;
  /** The <application> element. */
  readonly applicationEvidence?: XmlEvidence;
  /** The android:sharedUserId attribute. */
  readonly sharedUserIdEvidence?: XmlEvidence;
  readonly networkSecurityConfig?: NetworkSecurityConfig;
  readonly networkSecurityConfigReference?: string;
  /** Resource id of android:networkSecurityConfig (an @xml resource). */
  readonly networkSecurityConfigId?: number;
  readonly usesPermissions: UsesPermission[];
  /** Permissions granted for compatibility without being requested (aapt's uses-implied-permission). */
  readonly impliedPermissions?: ImpliedPermission[];
  readonly declaredPermissions: DeclaredPermission[];
  readonly usesFeatures: Array<{ readonly name?: string; readonly required: boolean; readonly glEsVersion?: number }>;
  readonly usesLibraries: Array<{ readonly name: string; readonly required: boolean }>;
  readonly queries: { readonly packages: string[]; readonly intents: number; readonly providers: string[] };
  readonly components: Component[];
  readonly metaData: MetaData[];
  readonly launchableActivities: string[];
}
