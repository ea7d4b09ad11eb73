/**
 * Reads manifest attributes the way the package parser does: framework attributes
 * are looked up by resource id (TypedArray), so an obfuscator that blanks or fakes the
 * attribute-name strings (androguard-axml/AndroidManifestLiapp.xml) does not fool us;
 * attributes without a resource id fall back to the android namespace and name.
 */
import { ANDROID_ATTRIBUTE_IDS } from '../../formats/android-framework/attributes.js';
import {
  TYPE_INT_BOOLEAN,
  TYPE_FIRST_INT,
  TYPE_LAST_INT,
  TYPE_REFERENCE,
  TYPE_STRING,
} from '../../formats/res/value.js';
import type { XmlAttribute, XmlElement } from '../../formats/axml/index.js';

export const ANDROID_NAMESPACE = 'http://schemas.android.com/apk/res/android';

/** A typed attribute value as the manifest builder needs it. */
export type AttributeValue =
  | { readonly kind: 'string'; readonly text: string; readonly offset: number }
  | { readonly kind: 'int'; readonly value: number; readonly offset: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly offset: number }
  | { readonly kind: 'reference'; readonly id: number; readonly offset: number }
  | { readonly kind: 'other'; readonly dataType: number; readonly data: number; readonly offset: number };

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => child.kind === 'element');
}

function findAndroidAttribute(element: XmlElement, name: string): XmlAttribute | undefined {
  const id = ANDROID_ATTRIBUTE_IDS.get(name);
  if (id !== undefined) {
    const byId = element.attributes.find((attribute) => attribute.resourceId === id);
    if (byId) return byId;
  }
  // Only attributes without a framework id may match by name: one carrying another
  // id is that other attribute whatever its name string says.
  return element.attributes.find(
    (attribute) =>
      attribute.name === name &&
      attribute.namespaceUri === ANDROID_NAMESPACE &&
      (attribute.resourceId === undefined || attribute.resourceId === 0),
  );
}

function toAttributeValue(attribute: XmlAttribute): AttributeValue {
  const { dataType, data } = attribute.typedValue;
  const offset = attribute.offset;
  if (dataType === TYPE_STRING || (attribute.rawValue !== undefined && dataType !== TYPE_REFERENCE)) {
    if (dataType === TYPE_INT_BOOLEAN) return { kind: 'boolean', value: data !== 0, offset };
    if (dataType >= TYPE_FIRST_INT && dataType <= TYPE_LAST_INT && dataType !== TYPE_STRING) {
      return { kind: 'int', value: data | 0, offset };
    }
    return { kind: 'string', text: attribute.rawValue ?? '', offset };
  }
  if (dataType === TYPE_REFERENCE) return { kind: 'reference', id: data >>> 0, offset };
  if (dataType === TYPE_INT_BOOLEAN) return { kind: 'boolean', value: data !== 0, offset };
  if (dataType >= TYPE_FIRST_INT && dataType <= TYPE_LAST_INT) return { kind: 'int', value: data | 0, offset };
  return { kind: 'other', dataType, data, offset };
}

export function androidAttribute(element: XmlElement, name: string): AttributeValue | undefined {
  const attribute = findAndroidAttribute(element, name);
  return attribute ? toAttributeValue(attribute) : undefined;
}

/** An attribute outside any namespace, e.g. `package` and `split` on <manifest>. */
export function plainAttribute(element: XmlElement, name: string): AttributeValue | undefined {
  const attribute = element.attributes.find((candidate) => candidate.name === name && !candidate.namespaceUri);
  return attribute ? toAttributeValue(attribute) : undefined;
}

export function attributeText(value: AttributeValue | undefined): string | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'string':
      return value.text;
    case 'int':
      return String(value.value);
    case 'boolean':
      return String(value.value);
    case 'reference':
      return `@0x${value.id.toString(16).padStart(8, '0')}`;
    default:
      return undefined;
  }
}

export function attributeBoolean(value: AttributeValue | undefined): boolean | undefined {
  if (!value) return undefined;
  if (value.kind === 'boolean') return value.value;
  if (value.kind === 'int') return value.value !== 0;
  if (value.kind === 'string') return value.text === 'true' ? true : value.text === 'false' ? false : undefined;
  return undefined;
}

export function attributeInteger(value: AttributeValue | undefined): number | undefined {
  if (!value) return undefined;
  if (value.kind === 'int') return value.value;
  if (value.kind === 'string' && /^-?\d+$/.test(value.text.trim())) return Number.parseInt(value.text.trim(), 10);
  return undefined;
}
