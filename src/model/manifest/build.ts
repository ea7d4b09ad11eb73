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
import type { DeclaredPermission, LocalizedText, Manifest, UsesPermission } from './types.js';

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
