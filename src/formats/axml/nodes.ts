/**
 * Raw ResXMLTree records (ResourceTypes.h: ResXMLTree_node, ResXMLTree_namespaceExt,
 * ResXMLTree_attrExt, ResXMLTree_attribute, ResXMLTree_endElementExt,
 * ResXMLTree_cdataExt), read as they sit on disk. Index fields stay raw
 * (ResStringPool_ref.index); resolving them is the tree builder's job.
 */
import type { ByteReader } from '../binary/byte-reader.js';
import { readChunkHeader, type ResChunkHeader, validateChunk, RES_XML_START_ELEMENT_TYPE } from '../res/chunk.js';
import { RES_VALUE_SIZE } from '../res/value.js';

/** sizeof(ResXMLTree_node): ResChunk_header + uint32 lineNumber + ResStringPool_ref comment. */
const RES_XML_TREE_NODE_SIZE = 16;
/** sizeof(ResXMLTree_namespaceExt): prefix, uri. */
export const RES_XML_TREE_NAMESPACE_EXT_SIZE = 8;
/** sizeof(ResXMLTree_attrExt): ns, name, attributeStart, attributeSize, attributeCount, idIndex, classIndex, styleIndex. */
export const RES_XML_TREE_ATTR_EXT_SIZE = 20;
/** sizeof(ResXMLTree_endElementExt): ns, name. */
export const RES_XML_TREE_END_ELEMENT_EXT_SIZE = 8;
/** sizeof(ResXMLTree_cdataExt): data (ResStringPool_ref) + typedData (Res_value). */
export const RES_XML_TREE_CDATA_EXT_SIZE = 4 + RES_VALUE_SIZE;
/** sizeof(ResXMLTree_attribute): ns, name, rawValue, typedValue. */
export const RES_XML_TREE_ATTRIBUTE_SIZE = 12 + RES_VALUE_SIZE;

export interface RawNode {
  readonly header: ResChunkHeader;
  readonly lineNumber: number;
  readonly commentIndex: number;
  /** Position (relative to the document reader) of the extension after headerSize. */
  readonly extPosition: number;
  /** Position of the node itself, relative to the document reader. */
  readonly position: number;
}

export interface RawAttrExt {
  readonly namespaceIndex: number;
  readonly nameIndex: number;
  readonly attributeStart: number;
  readonly attributeSize: number;
  readonly attributeCount: number;
  readonly idIndex: number;
  readonly classIndex: number;
  readonly styleIndex: number;
}

export interface RawAttribute {
  readonly namespaceIndex: number;
  readonly nameIndex: number;
  readonly rawValueIndex: number;
  readonly valueSize: number;
  readonly valueRes0: number;
  readonly dataType: number;
  readonly data: number;
  readonly offset: number;
}

export function readNode(reader: ByteReader, position: number): RawNode {
  const header = readChunkHeader(reader, position);
  return {
    header,
    lineNumber: reader.u32At(position + 8),
    commentIndex: reader.u32At(position + 12),
    extPosition: position + header.headerSize,
    position,
  };
}

/** Result of ResXMLTree::validateNode; a start element's extension is read here, once. */
export interface NodeCheck {
  /** Android's reason for refusing the node (BAD_TYPE), if any. */
  readonly problem?: string;
  readonly attrExt?: RawAttrExt;
}

/**
 * ResXMLTree::validateNode: validate_chunk with the node's minimum size, then
 * for start elements that the declared attribute array fits in the node.
 */
export function validateNode(reader: ByteReader, node: RawNode, dataEnd: number): NodeCheck {
  const { header } = node;
  const problem = validateChunk(header, RES_XML_TREE_NODE_SIZE, dataEnd - node.position);
  if (problem !== undefined) return { problem };
  if (header.type !== RES_XML_START_ELEMENT_TYPE) return {};
  if (header.size < header.headerSize + RES_XML_TREE_ATTR_EXT_SIZE) {
    return {
      problem: `start element header size ${header.headerSize} and size ${header.size} leave no room for ResXMLTree_attrExt`,
    };
  }
  const attrExt = readAttrExt(reader, node.extPosition);
  const attributeBytes = attrExt.attributeSize * attrExt.attributeCount;
  if (attrExt.attributeStart + attributeBytes > header.size - header.headerSize) {
    return {
      problem: `attributes use ${attrExt.attributeStart + attributeBytes} bytes, only ${header.size - header.headerSize} available`,
      attrExt,
    };
  }
  return { attrExt };
}

export function readAttrExt(reader: ByteReader, position: number): RawAttrExt {
  return {
    namespaceIndex: reader.u32At(position),
    nameIndex: reader.u32At(position + 4),
    attributeStart: reader.u16At(position + 8),
    attributeSize: reader.u16At(position + 10),
    attributeCount: reader.u16At(position + 12),
    idIndex: reader.u16At(position + 14),
    classIndex: reader.u16At(position + 16),
    styleIndex: reader.u16At(position + 18),
  };
}

/** One ResXMLTree_attribute; throws OutOfBoundsError if it runs past the data. */
export function readAttribute(reader: ByteReader, position: number): RawAttribute {
  reader.bytesAt(position, RES_XML_TREE_ATTRIBUTE_SIZE);
  return {
    namespaceIndex: reader.u32At(position),
    nameIndex: reader.u32At(position + 4),
    rawValueIndex: reader.u32At(position + 8),
    valueSize: reader.u16At(position + 12),
    valueRes0: reader.u8At(position + 14),
    dataType: reader.u8At(position + 15),
    data: reader.u32At(position + 16),
    offset: reader.base + position,
  };
}

/** ResXMLTree_namespaceExt and ResXMLTree_endElementExt share the layout (two string refs). */
export function readStringPair(reader: ByteReader, position: number): readonly [number, number] {
  return [reader.u32At(position), reader.u32At(position + 4)];
}
