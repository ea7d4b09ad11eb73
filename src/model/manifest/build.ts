/**
 * AndroidManifest.xml (binary XML document) + resources → Manifest model.
 * Pipeline: read the <manifest> root, then uses-sdk (needed for defaults), then the
 * permission lists, then <application> and its components.
 */
import type { XmlDocument, XmlElement } from '../../formats/axml/index.js';
import { DiagnosticSink, type ParseResult } from '../../formats/diagnostics.js';
import { formatProtectionLevel, platformPermissionLevel } from '../../formats/android-framework/protection-level.js';
import { sdkLevelByCodename } from '../../formats/android-framework/sdk-levels.js';
import {
  androidAttribute,
  attributeBoolean,
  attributeInteger,
  attributeText,
  childElements,
  plainAttribute,
  type AttributeValue,
} from './attributes.js';
import { evidenceOf, launchableActivities, qualifyClassName, readComponents, readMetaData } from './components.js';
import type { DeclaredPermission, ImpliedPermission, LocalizedText, Manifest, UsesPermission } from './types.js';

/** What the manifest builder needs from the resource table. */
export interface ResourceLookup {
  /** `type/entry` of a resource id, e.g. `string/app_name`. */
  nameOf(id: number): string | undefined;
  /** The string value per locale qualifier ('' = default configuration); empty when not a string. */
  stringsByLocale(id: number): Record<string, string>;
}

export const NO_RESOURCES: ResourceLookup = { nameOf: () => undefined, stringsByLocale: () => ({}) };

/** Most Android manifests put <uses-sdk> before <application>, but it may be anywhere. */
function readSdk(value: AttributeValue | undefined): { api?: number; codename?: string } {
  const api = attributeInteger(value);
  if (api !== undefined) return { api };
  const text = attributeText(value);
  if (text === undefined) return {};
  // A preview codename: the platform maps it to the development API level.
  return { api: sdkLevelByCodename(text)?.api, codename: text };
}

/** The <application> attributes kept as flags (ApplicationFlags). */
const FLAG_NAMES = [
  'debuggable',
  'allowBackup',
  'usesCleartextTraffic',
  'testOnly',
  'extractNativeLibs',
  'requestLegacyExternalStorage',
  'hasFragileUserData',
] as const;

const STORAGE_WRITE = 'android.permission.WRITE_EXTERNAL_STORAGE';
const STORAGE_READ = 'android.permission.READ_EXTERNAL_STORAGE';
const PHONE_STATE = 'android.permission.READ_PHONE_STATE';
const CONTACTS_READ = 'android.permission.READ_CONTACTS';
const CONTACTS_WRITE = 'android.permission.WRITE_CONTACTS';
const CALL_LOG_READ = 'android.permission.READ_CALL_LOG';
const CALL_LOG_WRITE = 'android.permission.WRITE_CALL_LOG';
/** Android 1.6 (API 4) made storage and phone-state permissions explicit; 4.1 (API 16) split call log from contacts. */
const DONUT = 4;
const JELLY_BEAN = 16;

/**
 * The target aapt reasons with: the larger of minSdkVersion and targetSdkVersion, 0 without
 * <uses-sdk>. A preview codename raises nothing (aapt only prints it: apktool/framework.apk,
 * "VanillaIceCream", gets the pre-API-4 permissions); Android refuses such an app on a release build.
 */
function aaptTargetSdk(
  minSdk: { api?: number; codename?: string },
  targetSdk: { api?: number; codename?: string },
): number {
  const numeric = (sdk: { api?: number; codename?: string }): number =>
    sdk.codename === undefined ? (sdk.api ?? 0) : 0;
  return Math.max(numeric(minSdk), numeric(targetSdk));
}

/**
 * The permissions Android grants for compatibility, in aapt's order and words (Command.cpp, dump
 * badging): WRITE_EXTERNAL_STORAGE and READ_PHONE_STATE below API 4; READ_EXTERNAL_STORAGE whenever
 * WRITE_EXTERNAL_STORAGE is held (with its maxSdkVersion); READ/WRITE_CALL_LOG below API 16 with
 * READ/WRITE_CONTACTS. Only <uses-permission> counts (aapt ignores uses-permission-sdk-23 here).
 */
function impliedPermissions(
  requested: readonly UsesPermission[],
  targetSdk: number,
  sdk: { element: string; evidence: { line: number; offset: number } },
): ImpliedPermission[] {
  const plain = requested.filter((permission) => permission.element === 'uses-permission');
  // The last request wins, as aapt keeps the last maxSdkVersion it read (fdroidserver/duplicate.permisssions_9999999.apk).
  const find = (name: string): UsesPermission | undefined => {
    let found: UsesPermission | undefined;
    for (const permission of plain) if (permission.name === name) found = permission;
    return found;
  };
  const implied: ImpliedPermission[] = [];
  const write = find(STORAGE_WRITE);
  let writePlace = write ? { element: write.element, evidence: write.evidence } : undefined;
  if (targetSdk < DONUT) {
    if (!write) {
      implied.push({ name: STORAGE_WRITE, reason: `targetSdkVersion < ${DONUT}`, ...sdk });
      writePlace = sdk;
    }
    if (!find(PHONE_STATE)) implied.push({ name: PHONE_STATE, reason: `targetSdkVersion < ${DONUT}`, ...sdk });
  }
  if (writePlace && !find(STORAGE_READ))
    implied.push({
      name: STORAGE_READ,
      reason: 'requested WRITE_EXTERNAL_STORAGE',
      maxSdkVersion: write?.maxSdkVersion,
      ...writePlace,
    });
  if (targetSdk < JELLY_BEAN) {
    const contactsRead = find(CONTACTS_READ);
    if (contactsRead && !find(CALL_LOG_READ))
      implied.push({
        name: CALL_LOG_READ,
        reason: `targetSdkVersion < ${JELLY_BEAN} and requested READ_CONTACTS`,
        element: contactsRead.element,
        evidence: contactsRead.evidence,
      });
    const contactsWrite = find(CONTACTS_WRITE);
    if (contactsWrite && !find(CALL_LOG_WRITE))
      implied.push({
        name: CALL_LOG_WRITE,
        reason: `targetSdkVersion < ${JELLY_BEAN} and requested WRITE_CONTACTS`,
        element: contactsWrite.element,
        evidence: contactsWrite.evidence,
      });
  }
  return implied;
}

export function buildManifest(document: XmlDocument, resources: ResourceLookup = NO_RESOURCES): ParseResult<Manifest> {
  const sink = new DiagnosticSink();
  const root = document.root;
  if (!root || root.name !== 'manifest') {
    sink.add(
      'manifest.no-root',
      root?.offset ?? 0,
      `root element is <${root?.name ?? 'none'}>, not <manifest>: Android rejects this app`,
      'error',
    );
  }
  const manifestElement: XmlElement = root ?? {
    kind: 'element',
    name: 'manifest',
    lineNumber: 0,
    offset: 0,
    attributes: [],
    children: [],
  };

  const localized = (value: AttributeValue | undefined): LocalizedText => {
    if (!value) return { byLocale: {} };
    if (value.kind === 'reference') {
      const byLocale = resources.stringsByLocale(value.id);
      const name = resources.nameOf(value.id);
      return { value: byLocale[''] ?? Object.values(byLocale)[0], reference: { id: value.id, name }, byLocale };
    }
    const text = attributeText(value);
    return { value: text, byLocale: text === undefined ? {} : { '': text } };
  };
  const text = (element: XmlElement, name: string): string | undefined => {
    const value = androidAttribute(element, name);
    return value?.kind === 'reference' ? (localized(value).value ?? attributeText(value)) : attributeText(value);
  };

  const packageName = attributeText(plainAttribute(manifestElement, 'package')) ?? '';
  if (!packageName)
    sink.add('manifest.no-package', manifestElement.offset, '<manifest> has no package attribute', 'error');
  const children = childElements(manifestElement);
  const usesSdk = children.find((child) => child.name === 'uses-sdk');
  const minSdk = readSdk(usesSdk && androidAttribute(usesSdk, 'minSdkVersion'));
  const targetSdk = readSdk(usesSdk && androidAttribute(usesSdk, 'targetSdkVersion'));
  const application = children.find((child) => child.name === 'application');
  if (children.filter((child) => child.name === 'application').length > 1) {
    sink.add(
      'manifest.multiple-applications',
      manifestElement.offset,
      'more than one <application>: Android reads the first',
    );
  }

  const usesPermissions: UsesPermission[] = [];
  const declaredPermissions: DeclaredPermission[] = [];
  const seenPermissions = new Set<string>();
  for (const child of children) {
    if (
      child.name === 'uses-permission' ||
      child.name === 'uses-permission-sdk-23' ||
      child.name === 'uses-permission-sdk-m'
    ) {
      const name = text(child, 'name');
      if (!name) continue;
      if (seenPermissions.has(name)) {
        // fdroidserver/duplicate.permisssions_9999999.apk requests the same permission several times.
        sink.add(
          'manifest.duplicate-permission',
          child.offset,
          `permission ${name} is requested more than once`,
          'info',
        );
      }
      seenPermissions.add(name);
      const level = platformPermissionLevel(name);
      usesPermissions.push({
        name,
        element: child.name,
        maxSdkVersion: attributeInteger(androidAttribute(child, 'maxSdkVersion')),
        protectionLevel: level === undefined ? undefined : formatProtectionLevel(level),
        evidence: evidenceOf(child),
      });
    } else if (child.name === 'permission') {
      const level = androidAttribute(child, 'protectionLevel');
      declaredPermissions.push({
        name: text(child, 'name') ?? '',
        protectionLevel: formatProtectionLevel(attributeInteger(level) ?? 0),
        group: text(child, 'permissionGroup'),
        evidence: evidenceOf(child),
      });
    }
  }

  const context = { packageName, targetSdk: targetSdk.api, minSdk: minSdk.api, text };
  const components = application ? readComponents(application, context) : [];
  const queries = { packages: [] as string[], intents: 0, providers: [] as string[] };
  for (const element of children.filter((child) => child.name === 'queries').flatMap(childElements)) {
    if (element.name === 'package') queries.packages.push(text(element, 'name') ?? '');
    else if (element.name === 'intent') queries.intents++;
    else if (element.name === 'provider') queries.providers.push(text(element, 'authorities') ?? '');
  }
  const flag = (name: string): boolean | undefined =>
    application ? attributeBoolean(androidAttribute(application, name)) : undefined;
  const flagEvidence: Partial<Record<keyof Manifest['flags'], { line: number; offset: number }>> = {};
  if (application) {
    for (const name of FLAG_NAMES) {
      const value = androidAttribute(application, name);
      if (value) flagEvidence[name] = { line: application.lineNumber, offset: value.offset };
    }
  }
  const sharedUserIdAttribute = androidAttribute(manifestElement, 'sharedUserId');
  const networkSecurityConfig = application ? androidAttribute(application, 'networkSecurityConfig') : undefined;
  const applicationName = application ? text(application, 'name') : undefined;

  const manifest: Manifest = {
    packageName,
    versionCode: attributeInteger(androidAttribute(manifestElement, 'versionCode')),
    versionCodeMajor: attributeInteger(androidAttribute(manifestElement, 'versionCodeMajor')),
    versionName: text(manifestElement, 'versionName'),
    minSdk: minSdk.api,
    minSdkCodename: minSdk.codename,
    targetSdk: targetSdk.api,
    targetSdkCodename: targetSdk.codename,
    maxSdk: usesSdk ? attributeInteger(androidAttribute(usesSdk, 'maxSdkVersion')) : undefined,
    compileSdk: attributeInteger(androidAttribute(manifestElement, 'compileSdkVersion')),
    platformBuildVersionName: attributeText(plainAttribute(manifestElement, 'platformBuildVersionName')),
    split: attributeText(plainAttribute(manifestElement, 'split')),
    isFeatureSplit: attributeBoolean(androidAttribute(manifestElement, 'isFeatureSplit')),
    sharedUserId: text(manifestElement, 'sharedUserId'),
    installLocation: attributeText(androidAttribute(manifestElement, 'installLocation')),
    label: localized(application ? androidAttribute(application, 'label') : undefined),
    applicationClass: applicationName ? qualifyClassName(packageName, applicationName) : undefined,
    flagEvidence,
    applicationEvidence: application ? evidenceOf(application) : undefined,
    sharedUserIdEvidence: sharedUserIdAttribute
      ? { line: manifestElement.lineNumber, offset: sharedUserIdAttribute.offset }
      : undefined,
    flags: {
      debuggable: flag('debuggable'),
      allowBackup: flag('allowBackup'),
      usesCleartextTraffic: flag('usesCleartextTraffic'),
      testOnly: flag('testOnly'),
      extractNativeLibs: flag('extractNativeLibs'),
      requestLegacyExternalStorage: flag('requestLegacyExternalStorage'),
      hasFragileUserData: flag('hasFragileUserData'),
    },
    networkSecurityConfigReference:
      networkSecurityConfig?.kind === 'reference'
        ? (resources.nameOf(networkSecurityConfig.id) ?? attributeText(networkSecurityConfig))
        : attributeText(networkSecurityConfig),
    networkSecurityConfigId: networkSecurityConfig?.kind === 'reference' ? networkSecurityConfig.id : undefined,
    usesPermissions,
    impliedPermissions: impliedPermissions(usesPermissions, aaptTargetSdk(minSdk, targetSdk), {
      element: usesSdk ? 'uses-sdk' : 'manifest',
      evidence: evidenceOf(usesSdk ?? manifestElement),
    }),
    declaredPermissions,
    usesFeatures: children
      .filter((child) => child.name === 'uses-feature')
      .map((child) => ({
        name: text(child, 'name'),
        required: attributeBoolean(androidAttribute(child, 'required')) ?? true,
        glEsVersion: attributeInteger(androidAttribute(child, 'glEsVersion')),
      })),
    usesLibraries: (application ? childElements(application) : [])
      .filter((child) => child.name === 'uses-library')
      .map((child) => ({
        name: text(child, 'name') ?? '',
        required: attributeBoolean(androidAttribute(child, 'required')) ?? true,
      })),
    queries,
    components,
    metaData: application ? readMetaData(application, text) : [],
    launchableActivities: launchableActivities(components),
  };
  return { value: manifest, diagnostics: sink.finish() };
}
