/**
 * Second phase: resolves string indices and resource ids of the raw events and
 * assembles the element tree. Events stay available in file order because
 * namespace nodes may sit anywhere (AndroidManifestExtraNamespace.xml,
 * AndroidManifestMaskingNamespace.xml) and aapt prints them where they are.
 */
import type { DiagnosticSink } from '../diagnostics.js';
import type { StringPool } from '../res/string-pool.js';
import { ANDROID_ATTRIBUTE_NAMES } from '../android-framework/attributes.js';
import type { RawAttribute } from './nodes.js';
import type { RawEvent } from './raw-events.js';
import type { XmlAttribute, XmlDocument, XmlElement, XmlEndElement, XmlEvent, XmlNamespace, XmlText } from './types.js';

/** Indices are int32 in ResXMLParser (`id >= 0 ? stringAt(id) : NULL`): any with the sign bit mean "none". */
const FIRST_NEGATIVE_INDEX = 0x80000000;

class Resolver {
  constructor(
    private readonly strings: StringPool | undefined,
    private readonly resourceIds: readonly number[],
    private readonly sink: DiagnosticSink,
  ) {}

  string(index: number, offset: number, what: string): string | undefined {
    if (index >= FIRST_NEGATIVE_INDEX) return undefined;
    const value = this.strings?.get(index);
    if (value === undefined) {
      this.sink.add(
        'axml.string-index',
        offset,
        `${what} string #${index} cannot be read (pool has ${this.strings?.count ?? 0} strings)`,
        'warning',
      );
    }
    return value;
  }

  /** ResXMLParser::getAttributeNameResID: resource map entry at the name's string index. */
  resourceId(nameIndex: number): number | undefined {
    if (nameIndex >= FIRST_NEGATIVE_INDEX || nameIndex >= this.resourceIds.length) return undefined;
    const id = this.resourceIds[nameIndex];
    return id === undefined || id === 0 ? undefined : id;
  }

  attribute(raw: RawAttribute): XmlAttribute {
    const namespaceUri = this.string(raw.namespaceIndex, raw.offset, 'attribute namespace');
    const name = this.string(raw.nameIndex, raw.offset, 'attribute name') ?? '';
    const resourceId = this.resourceId(raw.nameIndex);
    const androidName = resourceId === undefined ? undefined : ANDROID_ATTRIBUTE_NAMES.get(resourceId);
    if (resourceId !== undefined && androidName !== undefined && androidName !== name) {
      // Obfuscators blank or fake the name string; Android matches the attribute by id (AndroidManifestLiapp.xml).
      this.sink.add(
        'axml.attribute-name-mismatch',
        raw.offset,
        `attribute name string "${name}" but resource id 0x${resourceId.toString(16).padStart(8, '0')} is android:${androidName}; Android uses the id`,
        'warning',
      );
    }
    const rawValue = this.string(raw.rawValueIndex, raw.offset, 'attribute raw value');
    // Optional fields are left out rather than set to undefined (cheaper than spreads; hot path).
    const attribute: { -readonly [K in keyof XmlAttribute]: XmlAttribute[K] } = {
      name,
      typedValue: { dataType: raw.dataType, data: raw.data },
      offset: raw.offset,
    };
    if (namespaceUri !== undefined) attribute.namespaceUri = namespaceUri;
    if (resourceId !== undefined) attribute.resourceId = resourceId;
    if (androidName !== undefined) attribute.androidName = androidName;
    if (rawValue !== undefined) attribute.rawValue = rawValue;
    return attribute;
  }
}

/**
 * An element with its optional fields left out, keys in the order the model always had. Plain literals
 * rather than spreads of optional parts: V8 builds a literal from one boilerplate shape, while a spread
 * copies property by property into a fresh shape (buildDocument's largest self cost on the corpus).
 */
function newElement(
  name: string,
  namespaceUri: string | undefined,
  lineNumber: number,
  comment: string | undefined,
  offset: number,
  attributes: XmlAttribute[],
): XmlElement {
  if (comment === undefined) {
    return namespaceUri === undefined
      ? { kind: 'element', name, lineNumber, offset, attributes, children: [] }
      : { kind: 'element', name, namespaceUri, lineNumber, offset, attributes, children: [] };
  }
  return namespaceUri === undefined
    ? { kind: 'element', name, lineNumber, comment, offset, attributes, children: [] }
    : { kind: 'element', name, namespaceUri, lineNumber, comment, offset, attributes, children: [] };
}

export function buildDocument(
  rawEvents: readonly RawEvent[],
  strings: StringPool | undefined,
  resourceIds: readonly number[],
  sink: DiagnosticSink,
  androidRejection: string | undefined,
): XmlDocument {
  const resolve = new Resolver(strings, resourceIds, sink);
  const events: XmlEvent[] = [];
  const namespaces: XmlNamespace[] = [];
  const topLevel: XmlElement[] = [];
  const open: XmlElement[] = [];
  for (const raw of rawEvents) {
    const offset = raw.node.header.offset;
    const lineNumber = raw.node.lineNumber | 0;
    const comment = resolve.string(raw.node.commentIndex, offset, 'comment');
    switch (raw.kind) {
      case 'start-namespace':
      case 'end-namespace': {
        const prefix = resolve.string(raw.prefixIndex, offset, 'namespace prefix');
        const uri = resolve.string(raw.uriIndex, offset, 'namespace URI');
        const namespace: XmlNamespace =
          prefix !== undefined && uri !== undefined && comment === undefined
            ? { prefix, uri, lineNumber, offset }
            : {
                ...(prefix !== undefined ? { prefix } : {}),
                ...(uri !== undefined ? { uri } : {}),
                lineNumber,
                ...(comment !== undefined ? { comment } : {}),
                offset,
              };
        if (raw.kind === 'start-namespace') namespaces.push(namespace);
        events.push({ kind: raw.kind, namespace });
        break;
      }
      case 'start-element': {
        const namespaceUri = resolve.string(raw.ext.namespaceIndex, offset, 'element namespace');
        const name = resolve.string(raw.ext.nameIndex, offset, 'element name') ?? '';
        const attributes: XmlAttribute[] = [];
        for (const attribute of raw.attributes) attributes.push(resolve.attribute(attribute));
        const element = newElement(name, namespaceUri, lineNumber, comment, offset, attributes);
        const parent = open[open.length - 1];
        if (parent !== undefined) parent.children.push(element);
        else topLevel.push(element);
        open.push(element);
        events.push({ kind: 'start-element', element });
        break;
      }
      case 'end-element': {
        const namespaceUri = resolve.string(raw.namespaceIndex, offset, 'end element namespace');
        const name = resolve.string(raw.nameIndex, offset, 'end element name');
        const closed = open.pop();
        if (closed === undefined) {
          sink.add('axml.unbalanced-end', offset, `end of element "${name ?? ''}" without a start`, 'warning');
        } else if (closed.name !== name) {
          sink.add('axml.mismatched-end', offset, `end of "${name ?? ''}" closes "${closed.name}"`, 'warning');
        }
        const end: XmlEndElement =
          namespaceUri === undefined && name !== undefined
            ? { name, lineNumber, offset }
            : {
                ...(namespaceUri !== undefined ? { namespaceUri } : {}),
                ...(name !== undefined ? { name } : {}),
                lineNumber,
                offset,
              };
        events.push({ kind: 'end-element', end });
        break;
      }
      case 'text': {
        const text: XmlText = {
          kind: 'text',
          text: resolve.string(raw.dataIndex, offset, 'text') ?? '',
          lineNumber,
          offset,
        };
        const parent = open[open.length - 1];
        if (parent !== undefined) parent.children.push(text);
        else sink.add('axml.text-outside-element', offset, 'text node outside any element', 'info');
        events.push({ kind: 'text', text });
        break;
      }
    }
  }
  for (const element of open) {
    sink.add('axml.unclosed-element', element.offset, `element "${element.name}" is never closed`, 'info');
  }
  const [root, ...extraRoots] = topLevel;
  if (extraRoots.length > 0) {
    sink.add(
      'axml.multiple-roots',
      extraRoots[0]?.offset ?? 0,
      `${topLevel.length} top-level elements; the first is the document element`,
      'warning',
    );
  }
  return {
    namespaces,
    ...(root !== undefined ? { root } : {}),
    extraRoots,
    ...(strings !== undefined ? { strings } : {}),
    resourceIds,
    events,
    ...(androidRejection !== undefined ? { androidRejection } : {}),
  };
}
