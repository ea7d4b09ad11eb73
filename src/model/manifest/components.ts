/**
 * Components (activity, activity-alias, service, receiver, provider) with the exported
 * state Android computes (PackageParser / ParsedComponentUtils):
 * - an explicit android:exported wins;
 * - otherwise activities, services and receivers are exported when they have an intent
 *   filter (targetSdk 31+ refuses to install such a component without an explicit value);
 * - providers default to exported below targetSdk 17 (and minSdk 16), to private from 17.
 */
import type { XmlElement } from '../../formats/axml/index.js';
import { androidAttribute, attributeBoolean, attributeInteger, attributeText, childElements } from './attributes.js';
import type { Component, ComponentKind, IntentFilter, IntentFilterData, MetaData } from './types.js';

const COMPONENT_KINDS: ReadonlySet<string> = new Set(['activity', 'activity-alias', 'service', 'receiver', 'provider']);
/** API level from which providers are private by default (Build.VERSION_CODES.JELLY_BEAN_MR1). */
const PROVIDER_PRIVATE_DEFAULT_SDK = 17;

export function evidenceOf(element: XmlElement): { line: number; offset: number } {
  return { line: element.lineNumber, offset: element.offset };
}

/** `.Main` → `org.example.Main`; `Main` → `org.example.Main` (PackageParser.buildClassName). */
export function qualifyClassName(packageName: string, name: string | undefined): string {
  if (!name) return '';
  if (name.startsWith('.')) return packageName + name;
  if (!name.includes('.')) return `${packageName}.${name}`;
  return name;
}

export function readMetaData(
  element: XmlElement,
  text: (element: XmlElement, name: string) => string | undefined,
): MetaData[] {
  return childElements(element)
    .filter((child) => child.name === 'meta-data')
    .map((child) => {
      const resource = androidAttribute(child, 'resource');
      return {
        name: attributeText(androidAttribute(child, 'name')) ?? '',
        value: text(child, 'value'),
        resource: resource ? attributeText(resource) : undefined,
        evidence: evidenceOf(child),
      };
    });
}

function readIntentFilter(element: XmlElement): IntentFilter {
  const actions: string[] = [];
  const categories: string[] = [];
  const data: IntentFilterData[] = [];
  for (const child of childElements(element)) {
    const name = attributeText(androidAttribute(child, 'name'));
    if (child.name === 'action' && name !== undefined) actions.push(name);
    else if (child.name === 'category' && name !== undefined) categories.push(name);
    else if (child.name === 'data') {
      const entry: Record<string, string> = {};
      for (const key of ['scheme', 'host', 'port', 'path', 'pathPrefix', 'pathPattern', 'mimeType'] as const) {
        const value = attributeText(androidAttribute(child, key));
        if (value !== undefined) entry[key] = value;
      }
      data.push(entry);
    }
  }
  return {
    actions,
    categories,
    data,
    priority: attributeInteger(androidAttribute(element, 'priority')),
    evidence: evidenceOf(element),
  };
}

export interface ComponentContext {
  readonly packageName: string;
  readonly targetSdk: number | undefined;
  readonly minSdk: number | undefined;
  readonly text: (element: XmlElement, name: string) => string | undefined;
}

function exportedState(
  kind: ComponentKind,
  explicit: boolean | undefined,
  hasFilters: boolean,
  context: ComponentContext,
): Pick<Component, 'exported' | 'exportedReason'> {
  if (explicit !== undefined) return { exported: explicit, exportedReason: 'explicit' };
  if (kind === 'provider') {
    // PackageParser: providerExportedDefault = targetSdkVersion < JELLY_BEAN_MR1 (a missing
    // targetSdk means 1, i.e. the same as minSdk, which defaults to 1).
    return (context.targetSdk ?? context.minSdk ?? 1) < PROVIDER_PRIVATE_DEFAULT_SDK
      ? { exported: true, exportedReason: 'provider-default-pre-17' }
      : { exported: false, exportedReason: 'default-false' };
  }
  return hasFilters
    ? { exported: true, exportedReason: 'implied-by-intent-filter' }
    : { exported: false, exportedReason: 'default-false' };
}

export function readComponents(application: XmlElement, context: ComponentContext): Component[] {
  const components: Component[] = [];
  for (const element of childElements(application)) {
    if (!COMPONENT_KINDS.has(element.name)) continue;
    const kind = element.name as ComponentKind;
    const intentFilters = childElements(element)
      .filter((child) => child.name === 'intent-filter')
      .map(readIntentFilter);
    const explicit = attributeBoolean(androidAttribute(element, 'exported'));
    const authorities = (context.text(element, 'authorities') ?? '')
      .split(';')
      .map((authority) => authority.trim())
      .filter((authority) => authority.length > 0);
    const targetActivity = context.text(element, 'targetActivity');
    components.push({
      kind,
      name: qualifyClassName(context.packageName, context.text(element, 'name')),
      ...exportedState(kind, explicit, intentFilters.length > 0, context),
      enabled: attributeBoolean(androidAttribute(element, 'enabled')) ?? true,
      permission: context.text(element, 'permission'),
      readPermission: context.text(element, 'readPermission'),
      writePermission: context.text(element, 'writePermission'),
      process: context.text(element, 'process'),
      targetActivity: targetActivity ? qualifyClassName(context.packageName, targetActivity) : undefined,
      authorities,
      grantUriPermissions: attributeBoolean(androidAttribute(element, 'grantUriPermissions')),
      intentFilters,
      metaData: readMetaData(element, context.text),
      evidence: evidenceOf(element),
    });
  }
  return components;
}

/** Activities with MAIN + LAUNCHER, as `aapt dump badging` reports launchable-activity. */
export function launchableActivities(components: readonly Component[]): string[] {
  return components
    .filter((component) => (component.kind === 'activity' || component.kind === 'activity-alias') && component.enabled)
    .filter((component) =>
      component.intentFilters.some(
        (filter) =>
          filter.actions.includes('android.intent.action.MAIN') &&
          filter.categories.includes('android.intent.category.LAUNCHER'),
      ),
    )
    .map((component) => component.name);
}
