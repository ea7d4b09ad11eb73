/**
 * Attribute values of layout elements resolved to text in every locale the
 * app has for them: a literal (`android:hint="姓名"`) stays one default value;
 * a reference (`@string/label_religion`) is resolved with Android's config
 * selection for each locale qualifier that has a value of it (or of a
 * resource it references), so untranslated locales are not repeated.
 */
import type { XmlAttribute } from '../../formats/axml/index.js';
import { TYPE_DYNAMIC_REFERENCE, TYPE_REFERENCE, TYPE_STRING } from '../../formats/res/value.js';
import { deviceConfig, type Resources } from '../resources/index.js';
import type { ChoiceList, LocalizedText, LocalizedValue } from './types.js';

/** Locales resolved per resource at most: hostile tables can declare thousands of configs. */
const MAX_LOCALES_PER_TEXT = 200;
/** Items kept per choice list (an array bag's count is clamped by its bytes already; this bounds findings). */
const MAX_CHOICES = 500;
/** Characters kept per text in the model (the hostile fixture has a 33,009-character string). */
const MAX_TEXT_LENGTH = 4096;

function clip(text: string): string {
  return text.length > MAX_TEXT_LENGTH ? text.slice(0, MAX_TEXT_LENGTH) : text;
}

/**
 * The attribute's name: framework name by resource id, else the pool string,
 * else the app attr resource name. Obfuscators blank or fake the pool string
 * (androguard-axml AndroidManifestLiapp.xml), so the id is trusted first.
 */
export function attributeName(attribute: XmlAttribute, resources: Resources | undefined): string {
  if (attribute.androidName !== undefined) return attribute.androidName;
  if (attribute.name !== '') return attribute.name;
  const name = attribute.resourceId === undefined ? undefined : resources?.nameOf(attribute.resourceId);
  return name === undefined ? '' : name.slice(name.lastIndexOf('/') + 1);
}

export function isReference(attribute: XmlAttribute): boolean {
  const type = attribute.typedValue.dataType;
  return (type === TYPE_REFERENCE || type === TYPE_DYNAMIC_REFERENCE) && attribute.typedValue.data !== 0;
}

function shortName(resources: Resources, id: number): string | undefined {
  const name = resources.nameOf(id);
  return name === undefined ? undefined : name.slice(name.indexOf(':') + 1);
}

/**
 * Layout texts resolved against one set of resource tables, each string resource once: layouts
 * reuse strings (@string/ok, a hint on several screens), about half the references in the corpus
 * repeat one, and each resolution selects a config per locale (~1 ms per reference on 80-locale
 * apps). One extraction (extractForms) owns one and drops it when done; the value arrays are
 * shared between the texts citing them, and nothing mutates them.
 */
export class LayoutTexts {
  private readonly valuesById = new Map<number, readonly LocalizedValue[]>();

  constructor(readonly resources: Resources | undefined) {}

  /** Resolves a text attribute; undefined when it is neither a string nor a string reference. */
  text(attribute: XmlAttribute, name: string): LocalizedText | undefined {
    return resolveTextWith(attribute, name, this.resources, (resources, id) => this.values(resources, id));
  }

  private values(resources: Resources, id: number): readonly LocalizedValue[] {
    let values = this.valuesById.get(id);
    if (values === undefined) {
      values = resolveValues(resources, id);
      this.valuesById.set(id, values);
    }
    return values;
  }
}

/** Resolves a text attribute without remembering anything (LayoutTexts remembers per extraction). */
export function resolveText(
  attribute: XmlAttribute,
  name: string,
  resources: Resources | undefined,
): LocalizedText | undefined {
  return resolveTextWith(attribute, name, resources, resolveValues);
}

function resolveTextWith(
  attribute: XmlAttribute,
  name: string,
  resources: Resources | undefined,
  valuesOf: (resources: Resources, id: number) => readonly LocalizedValue[],
): LocalizedText | undefined {
  if (attribute.typedValue.dataType === TYPE_STRING || (attribute.rawValue !== undefined && !isReference(attribute))) {
    const literal = attribute.rawValue;
    if (literal === undefined) return undefined;
    return {
      attribute: name,
      attributeOffset: attribute.offset,
      literal: clip(literal),
      values: [{ locale: '', text: clip(literal) }],
    };
  }
  if (!isReference(attribute) || resources === undefined) return undefined;
  const id = attribute.typedValue.data >>> 0;
  const values = valuesOf(resources, id);
  if (values.length === 0) return undefined;
  const resourceName = shortName(resources, id);
  return {
    attribute: name,
    attributeOffset: attribute.offset,
    resourceId: id,
    ...(resourceName ? { resourceName } : {}),
    values,
  };
}

/** A string resource's value in every locale (LayoutTexts remembers it per extraction). */
export function resolveValues(resources: Resources, id: number): LocalizedValue[] {
  const values: LocalizedValue[] = [];
  for (const locale of resources.localesOf(id).slice(0, MAX_LOCALES_PER_TEXT)) {
    const resolution = resources.resolve(id, deviceConfig({ locale }));
    if (resolution.text === undefined) continue;
    const last = resolution.chain[resolution.chain.length - 1];
    values.push({
      locale,
      text: clip(resolution.text),
      ...(last ? { resourceId: last.id, entryOffset: last.entryOffset, tableIndex: last.tableIndex } : {}),
      ...(last?.name ? { resourceName: last.name.slice(last.name.indexOf(':') + 1) } : {}),
    });
  }
  return values;
}

/** Resolves `android:entries` (a string-array) in every locale it has. */
export function resolveChoices(
  attribute: XmlAttribute,
  name: string,
  resources: Resources | undefined,
): ChoiceList | undefined {
  if (!isReference(attribute) || resources === undefined) return undefined;
  const id = attribute.typedValue.data >>> 0;
  const locales: Array<{ locale: string; items: string[]; entryOffset?: number; tableIndex?: number }> = [];
  for (const locale of resources.localesOf(id).slice(0, MAX_LOCALES_PER_TEXT)) {
    const config = deviceConfig({ locale });
    const items = resources.resolveStringArray(id, config);
    if (items === undefined) continue;
    const chain = resources.resolve(id, config).chain;
    const last = chain[chain.length - 1];
    locales.push({
      locale,
      items: items.slice(0, MAX_CHOICES).map((item) => clip(item ?? '')),
      ...(last !== undefined ? { entryOffset: last.entryOffset, tableIndex: last.tableIndex } : {}),
    });
  }
  if (locales.length === 0) return undefined;
  const resourceName = shortName(resources, id);
  return {
    attribute: name,
    attributeOffset: attribute.offset,
    resourceId: id,
    ...(resourceName ? { resourceName } : {}),
    locales,
  };
}
