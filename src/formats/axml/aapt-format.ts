/**
 * Prints a document exactly as `aapt dump xmltree X.apk <entry>` does
 * (frameworks/base/tools/aapt/XMLNode.cpp `printXMLBlock`), our oracle format.
 * aapt walks parser events, so this walks `document.events`.
 */
import { TYPE_ATTRIBUTE, TYPE_NULL, TYPE_REFERENCE, TYPE_STRING, normalizeForOutput } from '../res/value.js';
import { lookupResourceId, lookupResourceValue, type DynamicRefTable } from '../res/dynamic-ref-table.js';
import type { XmlAttribute, XmlDocument } from './types.js';

export interface AaptFormatOptions {
  /**
   * The DynamicRefTable aapt builds from the APK's resources.arsc (first
   * package). Without it ids are printed as stored, as aapt does for an APK
   * without a resource table.
   */
  readonly dynamicRefTable?: DynamicRefTable;
}

/** printXMLBlock's name for a namespace with no prefix string. */
const DEFAULT_PREFIX = '<DEF>';
/** make_prefix(depth): two spaces per level. */
const INDENT = '  ';

interface NamespaceEntry {
  readonly prefix: string;
  readonly uri: string;
}

/** String8(const char16_t*) stops at the first NUL (strlen16). */
function cString(text: string | undefined): string {
  if (text === undefined) return '';
  const end = text.indexOf('\u0000');
  return end < 0 ? text : text.slice(0, end);
}

const hex = (value: number): string => (value >>> 0).toString(16);

/** build_namespace: the first declared (outermost) prefix for the URI, else the URI itself, then ':'. */
function qualifier(namespaces: readonly NamespaceEntry[], uri: string | undefined): string {
  if (uri === undefined) return '';
  const text = cString(uri);
  const entry = namespaces.find((namespace) => namespace.uri === text);
  return `${entry?.prefix ?? text}:`;
}

function formatAttribute(namespaces: readonly NamespaceEntry[], attribute: XmlAttribute, table: DynamicRefTable | undefined): string {
  let line = `A: ${qualifier(namespaces, attribute.namespaceUri)}${cString(attribute.name)}`;
  let resourceId = attribute.resourceId;
  // getAttributeNameResID ignores a failed lookup and keeps the id.
  if (resourceId !== undefined && table !== undefined) resourceId = lookupResourceId(table, resourceId) ?? resourceId;
  if (resourceId !== undefined && resourceId !== 0) line += `(0x${hex(resourceId).padStart(8, '0')})`;
  // getAttributeValue copies the value before the lookup, so a failed lookup prints it as stored.
  const { dataType, data } = (table !== undefined ? lookupResourceValue(table, attribute.typedValue) : undefined) ?? attribute.typedValue;
  if (dataType === TYPE_NULL) line += '=(null)';
  else if (dataType === TYPE_REFERENCE) line += `=@0x${hex(data).padStart(8, '0')}`;
  else if (dataType === TYPE_ATTRIBUTE) line += `=?0x${hex(data).padStart(8, '0')}`;
  // aapt prints the raw value string for TYPE_STRING, not the string at `data`.
  else if (dataType === TYPE_STRING) line += `="${normalizeForOutput(cString(attribute.rawValue))}"`;
  else line += `=(type 0x${hex(dataType)})0x${hex(data)}`;
  if (attribute.rawValue !== undefined) line += ` (Raw: "${normalizeForOutput(cString(attribute.rawValue))}")`;
  return line;
}

export function formatAsAaptXmlTree(document: XmlDocument, options: AaptFormatOptions = {}): string {
  const lines: string[] = [];
  const namespaces: NamespaceEntry[] = [];
  let depth = 0;
  const indent = (): string => INDENT.repeat(depth);
  for (const event of document.events) {
    switch (event.kind) {
      case 'start-element': {
        const element = event.element;
        if (element.comment !== undefined) lines.push(`${indent()} <!-- ${cString(element.comment)} -->`);
        lines.push(`${indent()}E: ${qualifier(namespaces, element.namespaceUri)}${cString(element.name)} (line=${element.lineNumber})`);
        depth++;
        for (const attribute of element.attributes) lines.push(`${indent()}${formatAttribute(namespaces, attribute, options.dynamicRefTable)}`);
        break;
      }
      case 'end-element':
        if (--depth < 0) {
          lines.push(`***BAD DEPTH in XMLBlock: ${depth}`);
          return finish(lines);
        }
        break;
      case 'start-namespace': {
        const entry = { prefix: event.namespace.prefix === undefined ? DEFAULT_PREFIX : cString(event.namespace.prefix), uri: cString(event.namespace.uri) };
        namespaces.push(entry);
        lines.push(`${indent()}N: ${entry.prefix}=${entry.uri}`);
        depth++;
        break;
      }
      case 'end-namespace': {
        if (--depth < 0) {
          lines.push(`***BAD DEPTH in XMLBlock: ${depth}`);
          return finish(lines);
        }
        const top = namespaces[namespaces.length - 1];
        const prefix = event.namespace.prefix === undefined ? DEFAULT_PREFIX : cString(event.namespace.prefix);
        const uri = cString(event.namespace.uri);
        if (top !== undefined && top.prefix !== prefix) {
          lines.push(`${indent()}*** BAD END NS PREFIX: found=${prefix}, expected=${top.prefix}`);
        }
        if (top !== undefined && top.uri !== uri) {
          lines.push(`${indent()} *** BAD END NS URI: found=${uri}, expected=${top.uri}`);
        }
        namespaces.pop();
        break;
      }
      case 'text':
        lines.push(`${indent()}C: "${normalizeForOutput(cString(event.text.text))}"`);
        break;
    }
  }
  return finish(lines);
}

function finish(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
