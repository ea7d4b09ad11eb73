/**
 * Builds tiny binary XML buffers by hand for table tests (layouts per
 * AOSP ResourceTypes.h). Deliberately independent of the parser's code.
 */

export interface PoolOptions {
  readonly utf8?: boolean;
  /** Spans per string index: [nameIndex, firstChar, lastChar][]. */
  readonly styles?: ReadonlyArray<ReadonlyArray<readonly [number, number, number]>>;
  /** Raw bytes to use for string i instead of encoding it (UTF-8 pools: data bytes after the lengths). */
  readonly rawUtf8?: ReadonlyMap<number, Uint8Array>;
}

function u16(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff];
}
function u32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}
function pad4(bytes: number[]): number[] {
  while (bytes.length % 4 !== 0) bytes.push(0);
  return bytes;
}

function utf8Length(length: number): number[] {
  return length > 0x7f ? [0x80 | (length >> 8), length & 0xff] : [length];
}

export function stringPool(strings: readonly string[], options: PoolOptions = {}): number[] {
  const data: number[] = [];
  const offsets: number[] = [];
  strings.forEach((text, index) => {
    offsets.push(data.length);
    if (options.utf8 === true) {
      const raw = options.rawUtf8?.get(index);
      const bytes = raw ?? Buffer.from(text, 'utf8');
      data.push(...utf8Length(text.length), ...utf8Length(bytes.length), ...bytes, 0);
    } else {
      if (text.length > 0x7fff) data.push(...u16(0x8000 | (text.length >>> 16)), ...u16(text.length & 0xffff));
      else data.push(...u16(text.length));
      for (let unit = 0; unit < text.length; unit++) data.push(...u16(text.charCodeAt(unit)));
      data.push(0, 0);
    }
  });
  pad4(data);
  const styles = options.styles ?? [];
  const styleData: number[] = [];
  const styleOffsets: number[] = [];
  for (const spans of styles) {
    styleOffsets.push(styleData.length);
    for (const [name, first, last] of spans) styleData.push(...u32(name), ...u32(first), ...u32(last));
    styleData.push(...u32(0xffffffff));
  }
  if (styles.length > 0) styleData.push(...u32(0xffffffff), ...u32(0xffffffff), ...u32(0xffffffff));
  const headerSize = 28;
  const stringsStart = headerSize + 4 * strings.length + 4 * styles.length;
  const stylesStart = styles.length > 0 ? stringsStart + data.length : 0;
  const size = stringsStart + data.length + styleData.length;
  return [
    ...u16(0x0001),
    ...u16(headerSize),
    ...u32(size),
    ...u32(strings.length),
    ...u32(styles.length),
    ...u32(options.utf8 === true ? 0x100 : 0),
    ...u32(stringsStart),
    ...u32(stylesStart),
    ...offsets.flatMap(u32),
    ...styleOffsets.flatMap(u32),
    ...data,
    ...styleData,
  ];
}

export function resourceMap(ids: readonly number[]): number[] {
  return [...u16(0x0180), ...u16(8), ...u32(8 + 4 * ids.length), ...ids.flatMap(u32)];
}

const NONE = 0xffffffff;

function node(type: number, line: number, ext: number[], comment = NONE): number[] {
  return [...u16(type), ...u16(16), ...u32(16 + ext.length), ...u32(line), ...u32(comment), ...ext];
}

export function startNamespace(prefix: number, uri: number, line = 1): number[] {
  return node(0x0100, line, [...u32(prefix), ...u32(uri)]);
}
export function endNamespace(prefix: number, uri: number, line = 1): number[] {
  return node(0x0101, line, [...u32(prefix), ...u32(uri)]);
}

export interface AttributeSpec {
  readonly ns?: number;
  readonly name: number;
  readonly raw?: number;
  readonly type: number;
  readonly data: number;
}

export function startElement(
  name: number,
  attributes: readonly AttributeSpec[],
  line = 1,
  ns = NONE,
  comment = NONE,
): number[] {
  const ext = [
    ...u32(ns),
    ...u32(name),
    ...u16(20),
    ...u16(20),
    ...u16(attributes.length),
    ...u16(0),
    ...u16(0),
    ...u16(0),
  ];
  for (const attribute of attributes) {
    ext.push(
      ...u32(attribute.ns ?? NONE),
      ...u32(attribute.name),
      ...u32(attribute.raw ?? NONE),
      ...u16(8),
      0,
      attribute.type,
      ...u32(attribute.data),
    );
  }
  return node(0x0102, line, ext, comment);
}
export function endElement(name: number, line = 1, ns = NONE): number[] {
  return node(0x0103, line, [...u32(ns), ...u32(name)]);
}
export function cdata(text: number, line = 1): number[] {
  return node(0x0104, line, [...u32(text), ...u16(8), 0, 0, ...u32(0)]);
}

/** Wraps chunks in a RES_XML_TYPE header. */
export function document(...chunks: number[][]): Uint8Array {
  const body = chunks.flat();
  return Uint8Array.from([...u16(0x0003), ...u16(8), ...u32(8 + body.length), ...body]);
}

export { u16, u32 };
