/**
 * encoded_value / encoded_array / encoded_annotation (DEX spec "encoded_value
 * encoding"). Static field initial values live here (class_def_item
 * static_values_off), and so do call sites (call_site_item): hard-coded
 * endpoints and keys are often found in these rather than in code.
 */
import { clampCount, OutOfBoundsError, type ByteReader } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import { ValueType } from './constants.js';

export type EncodedValue =
  | {
      readonly kind: 'byte' | 'short' | 'char' | 'int' | 'float' | 'double';
      readonly value: number;
      readonly offset: number;
    }
  | { readonly kind: 'long'; readonly value: bigint; readonly offset: number }
  | {
      readonly kind: 'string' | 'type' | 'field' | 'method' | 'enum' | 'method-type' | 'method-handle';
      readonly index: number;
      readonly offset: number;
    }
  | { readonly kind: 'array'; readonly values: readonly EncodedValue[]; readonly offset: number }
  | {
      readonly kind: 'annotation';
      readonly typeIndex: number;
      readonly elements: readonly { readonly nameIndex: number; readonly value: EncodedValue }[];
      readonly offset: number;
    }
  | { readonly kind: 'null'; readonly offset: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly offset: number };

/** value_arg occupies the high three bits of the header byte, value_type the low five. */
const VALUE_ARG_SHIFT = 5;
const VALUE_TYPE_MASK = 0x1f;
/** Nesting limit for arrays/annotations: the spec sets none, a hostile file can nest deeply. */
export const MAX_ENCODED_VALUE_DEPTH = 32;
/** Smallest encoded_value (header byte only) and annotation element (name uleb + header). */
const MIN_ENCODED_VALUE_SIZE = 1;
const MIN_ANNOTATION_ELEMENT_SIZE = 2;

const INDEX_KINDS: ReadonlyMap<
  number,
  'string' | 'type' | 'field' | 'method' | 'enum' | 'method-type' | 'method-handle'
> = new Map([
  [ValueType.string, 'string'],
  [ValueType.type, 'type'],
  [ValueType.field, 'field'],
  [ValueType.method, 'method'],
  [ValueType.enum, 'enum'],
  [ValueType.methodType, 'method-type'],
  [ValueType.methodHandle, 'method-handle'],
] as const);

class EncodedValueError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads `size` little-endian bytes as an unsigned bigint. */
function readUnsigned(reader: ByteReader, size: number): bigint {
  let value = 0n;
  for (let index = 0; index < size; index++) value |= BigInt(reader.u8()) << BigInt(8 * index);
  return value;
}

function readValue(reader: ByteReader, depth: number): EncodedValue {
  const offset = reader.absolute;
  const header = reader.u8();
  const type = header & VALUE_TYPE_MASK;
  const argument = header >> VALUE_ARG_SHIFT;
  const size = argument + 1;
  const signed = (bits: number): number => Number(BigInt.asIntN(bits, readUnsigned(reader, size)));
  switch (type) {
    case ValueType.byte:
      return { kind: 'byte', value: Number(BigInt.asIntN(8, readUnsigned(reader, size))), offset };
    case ValueType.short:
      return { kind: 'short', value: Number(BigInt.asIntN(8 * size, readUnsigned(reader, size))), offset };
    case ValueType.char:
      return { kind: 'char', value: Number(readUnsigned(reader, size)), offset };
    case ValueType.int:
      return { kind: 'int', value: signed(8 * size), offset };
    case ValueType.long:
      return { kind: 'long', value: BigInt.asIntN(64, BigInt.asIntN(8 * size, readUnsigned(reader, size))), offset };
    case ValueType.float:
    case ValueType.double: {
      // DEX spec: zero-extended to the right, i.e. the bytes given are the high-order ones.
      const width = type === ValueType.float ? 4 : 8;
      const raw = reader.take(Math.min(size, width));
      const buffer = new Uint8Array(width);
      buffer.set(raw, width - raw.length);
      const view = new DataView(buffer.buffer);
      return {
        kind: type === ValueType.float ? 'float' : 'double',
        value: width === 4 ? view.getFloat32(0, true) : view.getFloat64(0, true),
        offset,
      };
    }
    case ValueType.array:
      return { kind: 'array', values: readArrayBody(reader, depth + 1), offset };
    case ValueType.annotation:
      return readAnnotationBody(reader, depth + 1, offset);
    case ValueType.null:
      return { kind: 'null', offset };
    case ValueType.boolean:
      return { kind: 'boolean', value: argument !== 0, offset };
    default: {
      const kind = INDEX_KINDS.get(type);
      if (kind === undefined) throw new EncodedValueError(offset, `unknown encoded_value type 0x${type.toString(16)}`);
      return { kind, index: Number(readUnsigned(reader, size)), offset };
    }
  }
}

function readArrayBody(reader: ByteReader, depth: number): EncodedValue[] {
  if (depth > MAX_ENCODED_VALUE_DEPTH)
    throw new EncodedValueError(reader.absolute, `encoded values nested deeper than ${MAX_ENCODED_VALUE_DEPTH}`);
  const declared = reader.uleb128();
  const count = clampCount(declared, reader.remaining, MIN_ENCODED_VALUE_SIZE);
  if (count < declared)
    throw new EncodedValueError(reader.absolute, `encoded_array declares ${declared} values, at most ${count} fit`);
  const values: EncodedValue[] = [];
  for (let index = 0; index < count; index++) values.push(readValue(reader, depth));
  return values;
}

function readAnnotationBody(reader: ByteReader, depth: number, offset: number): EncodedValue {
  if (depth > MAX_ENCODED_VALUE_DEPTH)
    throw new EncodedValueError(offset, `encoded values nested deeper than ${MAX_ENCODED_VALUE_DEPTH}`);
  const typeIndex = reader.uleb128();
  const declared = reader.uleb128();
  const count = clampCount(declared, reader.remaining, MIN_ANNOTATION_ELEMENT_SIZE);
  if (count < declared)
    throw new EncodedValueError(
      reader.absolute,
      `encoded_annotation declares ${declared} elements, at most ${count} fit`,
    );
  const elements: { nameIndex: number; value: EncodedValue }[] = [];
  for (let index = 0; index < count; index++) {
    const nameIndex = reader.uleb128();
    elements.push({ nameIndex, value: readValue(reader, depth) });
  }
  return { kind: 'annotation', typeIndex, elements, offset };
}

/**
 * Reads an encoded_array_item at relative `position`. Returns what was read
 * before any problem; the problem becomes a diagnostic.
 */
export function readEncodedArray(
  reader: ByteReader,
  position: number,
  sink: DiagnosticSink,
  what: string,
): EncodedValue[] {
  const values: EncodedValue[] = [];
  try {
    reader.seek(position);
    const declared = reader.uleb128();
    const count = clampCount(declared, reader.remaining, MIN_ENCODED_VALUE_SIZE);
    if (count < declared) {
      sink.add(
        'dex.encoded-array-count',
        reader.base + position,
        `${what}: ${declared} values declared, at most ${count} fit`,
        'error',
      );
    }
    for (let index = 0; index < count; index++) values.push(readValue(reader, 1));
  } catch (error) {
    if (error instanceof EncodedValueError)
      sink.add('dex.encoded-value-invalid', error.offset, `${what}: ${error.message}`, 'error');
    else if (error instanceof OutOfBoundsError)
      sink.add(
        'dex.encoded-value-truncated',
        error.offset,
        `${what}: encoded values run past the end of the dex`,
        'error',
      );
    else throw error;
  }
  return values;
}

/** Reads an encoded_annotation (the body of annotation_item) at relative `position`; undefined on a problem. */
export function readEncodedAnnotation(
  reader: ByteReader,
  position: number,
  sink: DiagnosticSink,
  what: string,
):
  { typeIndex: number; elements: readonly { readonly nameIndex: number; readonly value: EncodedValue }[] } | undefined {
  try {
    reader.seek(position);
    const value = readAnnotationBody(reader, 1, reader.absolute);
    return value.kind === 'annotation' ? { typeIndex: value.typeIndex, elements: value.elements } : undefined;
  } catch (error) {
    if (error instanceof EncodedValueError)
      sink.add('dex.encoded-value-invalid', error.offset, `${what}: ${error.message}`, 'error');
    else if (error instanceof OutOfBoundsError)
      sink.add(
        'dex.encoded-value-truncated',
        error.offset,
        `${what}: encoded values run past the end of the dex`,
        'error',
      );
    else throw error;
    return undefined;
  }
}
