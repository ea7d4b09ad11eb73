/**
 * Turns one validated ResXMLTree node into a raw event: the node's extension
 * read where Android reads it (node + headerSize), string indices unresolved.
 */
import type { ByteReader } from '../binary/byte-reader.js';
import { OutOfBoundsError } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import {
  RES_XML_CDATA_TYPE,
  RES_XML_END_ELEMENT_TYPE,
  RES_XML_END_NAMESPACE_TYPE,
  RES_XML_START_ELEMENT_TYPE,
  RES_XML_START_NAMESPACE_TYPE,
} from '../res/chunk.js';
import {
  RES_XML_TREE_ATTRIBUTE_SIZE,
  readAttrExt,
  readAttribute,
  readStringPair,
  type RawAttrExt,
  type RawAttribute,
  type RawNode,
} from './nodes.js';

export type RawEvent =
  | {
      readonly kind: 'start-namespace' | 'end-namespace';
      readonly node: RawNode;
      readonly prefixIndex: number;
      readonly uriIndex: number;
    }
  | {
      readonly kind: 'start-element';
      readonly node: RawNode;
      readonly ext: RawAttrExt;
      readonly attributes: RawAttribute[];
    }
  | {
      readonly kind: 'end-element';
      readonly node: RawNode;
      readonly namespaceIndex: number;
      readonly nameIndex: number;
    }
  | { readonly kind: 'text'; readonly node: RawNode; readonly dataIndex: number; readonly offset: number };

export interface WalkBudget {
  /** Attributes still allowed in this document. */
  attributes: number;
}

/** Reads the node's extension; undefined for node types Android yields but nobody prints (0x0105..0x017f as root). */
export function readRawEvent(
  file: ByteReader,
  node: RawNode,
  attrExt: RawAttrExt | undefined,
  sink: DiagnosticSink,
  budget: WalkBudget,
): RawEvent | undefined {
  const at = node.extPosition;
  switch (node.header.type) {
    case RES_XML_START_NAMESPACE_TYPE:
    case RES_XML_END_NAMESPACE_TYPE: {
      const [prefixIndex, uriIndex] = readStringPair(file, at);
      const kind = node.header.type === RES_XML_START_NAMESPACE_TYPE ? 'start-namespace' : 'end-namespace';
      return { kind, node, prefixIndex, uriIndex };
    }
    case RES_XML_END_ELEMENT_TYPE: {
      const [namespaceIndex, nameIndex] = readStringPair(file, at);
      return { kind: 'end-element', node, namespaceIndex, nameIndex };
    }
    case RES_XML_CDATA_TYPE:
      return { kind: 'text', node, dataIndex: file.u32At(at), offset: node.header.offset };
    case RES_XML_START_ELEMENT_TYPE:
      // validateNode has read the extension of every accepted start element; read it here only if a caller did not.
      return readStartElement(file, node, attrExt ?? readAttrExt(file, node.extPosition), sink, budget);
    default:
      sink.add(
        'axml.unknown-node',
        node.header.offset,
        `root node type 0x${node.header.type.toString(16)} yields an event nobody reads`,
        'info',
      );
      return undefined;
  }
}

function readStartElement(
  file: ByteReader,
  node: RawNode,
  ext: RawAttrExt,
  sink: DiagnosticSink,
  budget: WalkBudget,
): RawEvent {
  if (ext.attributeSize !== RES_XML_TREE_ATTRIBUTE_SIZE && ext.attributeCount > 0) {
    // Android honours attributeSize as a stride, even one that makes attributes overlap.
    sink.add(
      'axml.attribute-size',
      node.header.offset,
      `attribute stride is ${ext.attributeSize}, not ${RES_XML_TREE_ATTRIBUTE_SIZE}`,
      'warning',
    );
  }
  const attributes: RawAttribute[] = [];
  for (let index = 0; index < ext.attributeCount; index++) {
    if (budget.attributes <= 0) {
      sink.add(
        'axml.attribute-budget',
        node.header.offset,
        `attribute budget exhausted; ${ext.attributeCount - index} attributes not read`,
        'error',
      );
      break;
    }
    budget.attributes--;
    const position = node.extPosition + ext.attributeStart + ext.attributeSize * index;
    try {
      attributes.push(readAttribute(file, position));
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      sink.add(
        'axml.attribute-truncated',
        file.base + position,
        `attribute #${index} runs past the end of the file`,
        'error',
      );
      break;
    }
  }
  return { kind: 'start-element', node, ext, attributes };
}
