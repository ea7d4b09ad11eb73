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
  /**
   * Output budget in characters. aapt indents two spaces per depth, so a hostile
   * file of deeply nested elements would print a quadratic amount of text; past
   * the budget the output ends with TRUNCATION_MARKER.
   */
  readonly maxChars?: number;
}

/** Default output budget: far above any real document (framework-res's largest prints ~100 KB). */
const DEFAULT_MAX_OUTPUT_CHARS = 64 * 1024 * 1024;
export const TRUNCATION_MARKER = '*** apkwitness: output truncated (budget exceeded)';

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

function formatAttribute(
  namespaces: readonly NamespaceEntry[],
  attribute: XmlAttribute,
  table: DynamicRefTable | undefined,
): string {
  let line = `A: ${qualifier(namespaces, attribute.namespaceUri)}${cString(attribute.name)}`;
  let resourceId = attribute.resourceId;
  // getAttributeNameResID ignores a failed lookup and keeps the id.
  if (resourceId !== undefined && table !== undefined) resourceId = lookupResourceId(table, resourceId) ?? resourceId;
  if (resourceId !== undefined && resourceId !== 0) line += `(0x${hex(resourceId).padStart(8, '0')})`;
  // getAttributeValue copies the value before the lookup, so a failed lookup prints it as stored.
  const { dataType, data } =
    (table !== undefined ? lookupResourceValue(table, attribute.typedValue) : undefined) ?? attribute.typedValue;
  if (dataType === TYPE_NULL) line += '=(null)';
  else if (dataType === TYPE_REFERENCE) line += `=@0x${hex(data).padStart(8, '0')}`;
  else if (dataType === TYPE_ATTRIBUTE) line += `=?0x${hex(data).padStart(8, '0')}`;
  // aapt prints the raw value string for TYPE_STRING, not the string at `data`.
  else if (dataType === TYPE_STRING) line += `="${normalizeForOutput(cString(attribute.rawValue))}"`;
  else line += `=(type 0x${hex(dataType)})0x${hex(data)}`;
  if (attribute.rawValue !== undefined) line += ` (Raw: "${normalizeForOutput(cString(attribute.rawValue))}")`;
  return line;
}

/** Collects output lines and counts characters against the budget. */
class Output {
  readonly lines: string[] = [];
  private written = 0;
  constructor(private readonly budget: number) {}
  /** Adds a line; false once the budget is spent (the marker is then the last line). */
  push(line: string): boolean {
    if (this.written > this.budget) return false;
    this.written += line.length + 1;
    this.lines.push(line);
    if (this.written > this.budget) {
      this.lines.push(TRUNCATION_MARKER);
      return false;
    }
    return true;
  }
  text(): string {
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }
}

export function formatAsAaptXmlTree(document: XmlDocument, options: AaptFormatOptions = {}): string {
  const output = new Output(options.maxChars ?? DEFAULT_MAX_OUTPUT_CHARS);
  const namespaces: NamespaceEntry[] = [];
  let depth = 0;
  const indent = (): string => INDENT.repeat(depth);
  const prefixOf = (prefix: string | undefined): string => (prefix === undefined ? DEFAULT_PREFIX : cString(prefix));
  for (const event of document.events) {
    let open = true;
    switch (event.kind) {
      case 'start-element': {
        const element = event.element;
        if (element.comment !== undefined) open = output.push(`${indent()} <!-- ${cString(element.comment)} -->`);
        open &&= output.push(
          `${indent()}E: ${qualifier(namespaces, element.namespaceUri)}${cString(element.name)} (line=${element.lineNumber})`,
        );
        depth++;
        for (const attribute of element.attributes) {
          if (!open) break;
          open = output.push(`${indent()}${formatAttribute(namespaces, attribute, options.dynamicRefTable)}`);
        }
        break;
      }
      case 'end-element':
        if (--depth < 0) {
          output.push(`***BAD DEPTH in XMLBlock: ${depth}`);
          return output.text();
        }
        break;
      case 'start-namespace': {
        const entry = { prefix: prefixOf(event.namespace.prefix), uri: cString(event.namespace.uri) };
        namespaces.push(entry);
        open = output.push(`${indent()}N: ${entry.prefix}=${entry.uri}`);
        depth++;
        break;
      }
      case 'end-namespace': {
        if (--depth < 0) {
          output.push(`***BAD DEPTH in XMLBlock: ${depth}`);
          return output.text();
        }
        // printXMLBlock compares the ending namespace with the top of its stack, then pops.
        const top = namespaces[namespaces.length - 1];
        const prefix = prefixOf(event.namespace.prefix);
        const uri = cString(event.namespace.uri);
        if (top !== undefined && top.prefix !== prefix) {
          open = output.push(`${indent()}*** BAD END NS PREFIX: found=${prefix}, expected=${top.prefix}`);
        }
        if (open && top !== undefined && top.uri !== uri) {
          open = output.push(`${indent()} *** BAD END NS URI: found=${uri}, expected=${top.uri}`);
        }
        namespaces.pop();
        break;
      }
      case 'text':
        open = output.push(`${indent()}C: "${normalizeForOutput(cString(event.text.text))}"`);
        break;
    }
    if (!open) break;
  }
  return output.text();
}
