/**
 * Binary XML (AXML) reader following Android's own loader step by step
 * (frameworks/base/libs/androidfw/ResourceTypes.cpp): `ResXMLTree::setTo` finds the
 * string pool, the resource map and the first node; `ResXMLParser::nextNode`
 * then walks node chunks by their sizes. What Android refuses is reported as
 * `axml.android-rejects` (severity 'error'); what Android skips is skipped.
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import { DiagnosticSink, FormatError, type ParseResult } from '../diagnostics.js';
import {
  RES_CHUNK_HEADER_SIZE,
  RES_STRING_POOL_TYPE,
  RES_XML_CDATA_TYPE,
  RES_XML_END_ELEMENT_TYPE,
  RES_XML_END_NAMESPACE_TYPE,
  RES_XML_FIRST_CHUNK_TYPE,
  RES_XML_LAST_CHUNK_TYPE,
  RES_XML_RESOURCE_MAP_TYPE,
  RES_XML_START_ELEMENT_TYPE,
  RES_XML_START_NAMESPACE_TYPE,
  RES_XML_TYPE,
  chunkTypeName,
  readChunkHeader,
  validateChunk,
} from '../res/chunk.js';
import { readStringPool, type StringPool } from '../res/string-pool.js';
import {
  RES_XML_TREE_ATTR_EXT_SIZE,
  RES_XML_TREE_CDATA_EXT_SIZE,
  RES_XML_TREE_END_ELEMENT_EXT_SIZE,
  RES_XML_TREE_NAMESPACE_EXT_SIZE,
  readNode,
  validateNode,
  type NodeCheck,
  type RawAttrExt,
  type RawNode,
} from './nodes.js';
import { readRawEvent, type RawEvent, type WalkBudget } from './raw-events.js';
import { buildDocument } from './tree.js';
import type { XmlDocument } from './types.js';

/** Bytes per resource id in RES_XML_RESOURCE_MAP_TYPE. */
const RESOURCE_ID_SIZE = 4;

/** ResXMLParser::nextNode's minimum extension size per node type. */
const MIN_EXT_SIZE: ReadonlyMap<number, number> = new Map([
  [RES_XML_START_NAMESPACE_TYPE, RES_XML_TREE_NAMESPACE_EXT_SIZE],
  [RES_XML_END_NAMESPACE_TYPE, RES_XML_TREE_NAMESPACE_EXT_SIZE],
  [RES_XML_START_ELEMENT_TYPE, RES_XML_TREE_ATTR_EXT_SIZE],
  [RES_XML_END_ELEMENT_TYPE, RES_XML_TREE_END_ELEMENT_EXT_SIZE],
  [RES_XML_CDATA_TYPE, RES_XML_TREE_CDATA_EXT_SIZE],
]);

interface SetToResult {
  strings?: StringPool;
  resourceIds: number[];
  root?: { node: RawNode; attrExt?: RawAttrExt };
}

/** Reads a binary XML document. `base` is the absolute offset of `bytes[0]` (e.g. inside an APK). */
export function readBinaryXml(bytes: Uint8Array, base = 0): ParseResult<XmlDocument> {
  if (bytes.length < RES_CHUNK_HEADER_SIZE) {
    throw new FormatError(
      'axml.too-short',
      base,
      `binary XML needs at least ${RES_CHUNK_HEADER_SIZE} bytes, got ${bytes.length}`,
    );
  }
  const sink = new DiagnosticSink();
  const file = new ByteReader(bytes, base);
  let rejection: string | undefined;
  const reject = (offset: number, reason: string): void => {
    rejection ??= reason;
    sink.add('axml.android-rejects', offset, `${reason}; Android refuses this document`, 'error');
  };

  const header = readChunkHeader(file, 0);
  if (header.type !== RES_XML_TYPE) {
    // setTo never checks the type (AndroidManifest_WrongChunkStart.xml-style tricks rely on leniency).
    sink.add(
      'axml.header-type',
      base,
      `document chunk type is ${chunkTypeName(header.type)}, not RES_XML_TYPE; Android does not check it`,
    );
  }
  let dataEnd = header.size;
  if (header.headerSize > header.size || header.size > bytes.length) {
    // AndroidManifestWrongFilesize.xml: declared size far beyond the file. We keep reading what exists.
    reject(
      base,
      `header size ${header.headerSize} or total size ${header.size} is larger than the data size ${bytes.length}`,
    );
    dataEnd = bytes.length;
  } else if (header.size < bytes.length) {
    // Android reads only `size` bytes; apktool/issue3533.apk res/drawable/trap.xml carries one byte more.
    sink.add(
      'axml.trailing-bytes',
      base + header.size,
      `${bytes.length - header.size} bytes after the declared document end are ignored`,
      'info',
    );
  }

  const found = scanForRoot(file, header.headerSize, dataEnd, sink, reject);
  const events: RawEvent[] = [];
  if (found.root !== undefined) walkNodes(file, found.root, dataEnd, sink, reject, events);
  const document = buildDocument(events, found.strings, found.resourceIds, sink, rejection);
  return { value: document, diagnostics: sink.finish() };
}

/** ResXMLTree::setTo's chunk loop: last string pool and resource map before the first node win. */
function scanForRoot(
  file: ByteReader,
  start: number,
  dataEnd: number,
  sink: DiagnosticSink,
  reject: (offset: number, reason: string) => void,
): SetToResult {
  const result: SetToResult = { resourceIds: [] };
  let poolPosition: number | undefined;
  let pools = 0;
  let position = start;
  // Android's condition: chunk < dataEnd - sizeof(header) && chunk < dataEnd - chunk->size.
  while (position < dataEnd - RES_CHUNK_HEADER_SIZE && position < dataEnd - file.u32At(position + 4)) {
    const chunk = readChunkHeader(file, position);
    const problem = validateChunk(chunk, RES_CHUNK_HEADER_SIZE, dataEnd - position);
    if (problem !== undefined) {
      reject(chunk.offset, `${chunkTypeName(chunk.type)} chunk before the first node: ${problem}`);
      break;
    }
    if (chunk.type === RES_STRING_POOL_TYPE) {
      poolPosition = position;
      pools++;
    } else if (chunk.type === RES_XML_RESOURCE_MAP_TYPE) {
      const count = Math.floor((chunk.size - chunk.headerSize) / RESOURCE_ID_SIZE);
      result.resourceIds = [];
      for (let index = 0; index < count; index++)
        result.resourceIds.push(file.u32At(position + chunk.headerSize + index * RESOURCE_ID_SIZE));
    } else if (chunk.type >= RES_XML_FIRST_CHUNK_TYPE && chunk.type <= RES_XML_LAST_CHUNK_TYPE) {
      let check: NodeCheck;
      let root: RawNode | undefined;
      try {
        root = readNode(file, position);
        check = validateNode(file, root, dataEnd);
      } catch (error) {
        if (!(error instanceof OutOfBoundsError)) throw error;
        check = { problem: 'node runs past the end of the file' };
      }
      if (check.problem !== undefined || root === undefined)
        reject(chunk.offset, `first node: ${check.problem ?? 'unreadable'}`);
      else result.root = { node: root, ...(check.attrExt !== undefined ? { attrExt: check.attrExt } : {}) };
      break;
    } else {
      sink.add(
        'axml.unknown-chunk',
        chunk.offset,
        `${chunkTypeName(chunk.type)} chunk before the first node is skipped, as Android does`,
        'info',
      );
    }
    position += chunk.size;
  }
  if (pools > 1)
    sink.add(
      'axml.multiple-string-pools',
      file.base + start,
      `${pools} string pools; Android uses the last one`,
      'warning',
    );
  if (poolPosition !== undefined) {
    const size = file.u32At(poolPosition + 4);
    result.strings = readStringPool(file.slice(poolPosition, size), sink);
    if (result.strings.androidRejection !== undefined)
      reject(file.base + poolPosition, `string pool: ${result.strings.androidRejection}`);
  }
  if (result.root === undefined) reject(file.base + start, 'no root element node found');
  else if (poolPosition === undefined) reject(file.base + start, 'no string pool before the first node');
  return result;
}

/**
 * Elements kept at most this deep. Android's ResXMLParser has no limit, but a view hierarchy
 * deeper than a few dozen levels does not draw (measure and layout recurse per level) and the
 * forms step follows 256 levels (forms/extract.ts MAX_DEPTH); a 163 KB APK whose manifest
 * nests 1,000,000 elements took 1.26 GB to hold as a tree. Deeper nodes are counted, reported
 * (`axml.depth-limit`) and not kept.
 */
export const MAX_ELEMENT_DEPTH = 256;

/** ResXMLParser::next / nextNode from the root node to END_DOCUMENT or BAD_DOCUMENT. */
function walkNodes(
  file: ByteReader,
  root: { node: RawNode; attrExt?: RawAttrExt },
  dataEnd: number,
  sink: DiagnosticSink,
  reject: (offset: number, reason: string) => void,
  events: RawEvent[],
): void {
  // Each attribute costs at least one byte of a sane file; attributeSize 0 with a huge count cannot.
  const budget: WalkBudget = { attributes: Math.max(1 << 16, file.length) };
  let node = root.node;
  // The root's extension size is never checked by Android (only nextNode checks it).
  emit(file, node, root.attrExt, sink, events, budget);
  let depth = node.header.type === RES_XML_START_ELEMENT_TYPE ? 1 : 0;
  let tooDeep = 0;
  let firstTooDeep = 0;
  const reportDepth = (): void => {
    if (tooDeep > 0)
      sink.add(
        'axml.depth-limit',
        firstTooDeep,
        `${tooDeep} nodes nested deeper than ${MAX_ELEMENT_DEPTH} elements are not kept (no real layout or manifest nests so deep)`,
        'warning',
      );
  };
  for (;;) {
    const next = node.position + node.header.size;
    if (next >= dataEnd) {
      reportDepth();
      return;
    }
    let check: NodeCheck;
    try {
      node = readNode(file, next);
      check = validateNode(file, node, dataEnd);
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      check = { problem: 'node header runs past the end' };
    }
    if (check.problem !== undefined) {
      reject(file.base + next, `node at ${file.base + next}: ${check.problem} (BAD_DOCUMENT)`);
      reportDepth();
      return;
    }
    const minimum = MIN_EXT_SIZE.get(node.header.type);
    if (minimum === undefined) {
      sink.add(
        'axml.unknown-node',
        node.header.offset,
        `${chunkTypeName(node.header.type)} node is skipped, as Android does`,
        'info',
      );
      continue;
    }
    if (node.header.size - node.header.headerSize < minimum) {
      reject(
        node.header.offset,
        `${chunkTypeName(node.header.type)} node has ${node.header.size - node.header.headerSize} bytes after its header, needs ${minimum} (BAD_DOCUMENT)`,
      );
      reportDepth();
      return;
    }
    const type = node.header.type;
    if (type === RES_XML_START_ELEMENT_TYPE) depth++;
    if (
      depth > MAX_ELEMENT_DEPTH &&
      (type === RES_XML_START_ELEMENT_TYPE || type === RES_XML_END_ELEMENT_TYPE || type === RES_XML_CDATA_TYPE)
    ) {
      if (tooDeep++ === 0) firstTooDeep = node.header.offset;
    } else emit(file, node, check.attrExt, sink, events, budget);
    if (type === RES_XML_END_ELEMENT_TYPE) depth = Math.max(0, depth - 1);
  }
}

function emit(
  file: ByteReader,
  node: RawNode,
  attrExt: RawAttrExt | undefined,
  sink: DiagnosticSink,
  events: RawEvent[],
  budget: WalkBudget,
): void {
  try {
    const event = readRawEvent(file, node, attrExt, sink, budget);
    if (event !== undefined) events.push(event);
  } catch (error) {
    if (!(error instanceof OutOfBoundsError)) throw error;
    sink.add(
      'axml.node-truncated',
      node.header.offset,
      `${chunkTypeName(node.header.type)} node runs past the end of the file`,
      'error',
    );
  }
}
