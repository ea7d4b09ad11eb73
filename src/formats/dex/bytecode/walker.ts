/**
 * Steps through one method's `insns` array (dex-format, code_item) instruction
 * by instruction, knowing every format's length, and collects the constant
 * pool references (strings, types, fields, methods, call sites, method
 * handles, protos) with their offsets as evidence.
 *
 * Hostile input: the walk is bounded by the method's declared size clamped to
 * the bytes that exist, every step advances at least one code unit, and no
 * read leaves the clamped range, so it ends in O(size) on any input.
 */
import type { DiagnosticSink } from '../../diagnostics.js';
import { InstructionFormat } from './formats.js';
import { OPCODE_CODE_UNITS, OPCODE_FORMATS, OPCODE_IS_UNUSED, OPCODE_NAMES, OPCODE_REFERENCES } from './opcodes.js';
import { ReferenceKind, ReferenceList } from './references.js';
import { InstructionList } from './instruction-list.js';

// Module-local aliases: the hot loop reads these per instruction, and some
// loaders (tsx's CJS interop) turn imported bindings into getter calls.
const CODE_UNITS = OPCODE_CODE_UNITS;
const REFERENCES = OPCODE_REFERENCES;
const FORMATS = OPCODE_FORMATS;
const UNUSED = OPCODE_IS_UNUSED;
const NO_REFERENCE: number = ReferenceKind.None;
const PROTO_REFERENCE: number = ReferenceKind.Proto;
const FORMAT_31C: number = InstructionFormat.F31c;
const FORMAT_45CC: number = InstructionFormat.F45cc;
const FORMAT_4RCC: number = InstructionFormat.F4rcc;

/** Bytes per code unit (dex-format: "insns: actual array of bytecode ... ushort[]"). */
export const CODE_UNIT_BYTES = 2;

/**
 * Payload pseudo-instruction identifiers (dalvik-bytecode, "packed-switch-payload
 * Format" etc.): opcode byte 00 with a non-zero high byte.
 */
export const PACKED_SWITCH_PAYLOAD_IDENT = 0x0100;
export const SPARSE_SWITCH_PAYLOAD_IDENT = 0x0200;
export const FILL_ARRAY_DATA_PAYLOAD_IDENT = 0x0300;

/** packed-switch-payload: ident, size, first_key (2 units), then size targets of 2 units. */
const PACKED_SWITCH_HEADER_UNITS = 4;
const PACKED_SWITCH_UNITS_PER_TARGET = 2;
/** sparse-switch-payload: ident, size, then size keys and size targets of 2 units each. */
const SPARSE_SWITCH_HEADER_UNITS = 2;
const SPARSE_SWITCH_UNITS_PER_CASE = 4;
/** fill-array-data-payload: ident, element_width, size (2 units), then ceil(width*size/2) units of data. */
const FILL_ARRAY_DATA_HEADER_UNITS = 4;
/** Units that must exist before a payload's size field can be read. */
const SWITCH_SIZE_FIELD_UNITS = 2;

export interface WalkOptions {
  /** Where references are appended (reuse one list across methods to avoid allocation). */
  readonly references?: ReferenceList;
  /** When given, every instruction's offset and opcode (or payload ident) is recorded: for tests and listings. */
  readonly instructions?: InstructionList;
  /** Absolute offset of `bytes[0]` in the outermost file (e.g. a dex inside a zip entry). */
  readonly base?: number;
}

/**
 * Walks `instructionsSize` code units at `instructionsOffset` (relative to `bytes`).
 * Returns the references found; anomalies go to `sink` with absolute offsets.
 */
export function walkInstructions(
  bytes: Uint8Array,
  instructionsOffset: number,
  instructionsSize: number,
  sink: DiagnosticSink,
  options: WalkOptions = {},
): ReferenceList {
  const references = options.references ?? new ReferenceList();
  const instructions = options.instructions;
  const base = options.base ?? 0;
  if (!Number.isSafeInteger(instructionsOffset) || instructionsOffset < 0 || instructionsOffset > bytes.byteLength) {
    sink.add(
      'dex.bytecode.code-outside-file',
      base,
      `instructions at ${instructionsOffset} lie outside the file`,
      'error',
    );
    return references;
  }
  const available = Math.floor((bytes.byteLength - instructionsOffset) / CODE_UNIT_BYTES);
  let size = Number.isSafeInteger(instructionsSize) && instructionsSize > 0 ? instructionsSize : 0;
  if (size > available) {
    sink.add(
      'dex.bytecode.code-past-end',
      base + instructionsOffset,
      `method declares ${instructionsSize} code units but only ${available} remain in the file`,
      'error',
    );
    size = available;
  }
  if (size === 0) return references;

  // Code units are read straight from `bytes` (no DataView per method: an app has
  // hundreds of thousands of methods). Every index below is < end, checked above.
  const end = instructionsOffset + size * CODE_UNIT_BYTES;
  const start = base + instructionsOffset;
  let unusedCount = 0;
  let pc = 0;
  while (pc < size) {
    const at = instructionsOffset + pc * CODE_UNIT_BYTES;
    const unit = codeUnitAt(bytes, at);
    const opcode = unit & 0xff;
    let length: number;
    if (opcode === 0 && unit !== 0) {
      length = payloadLength(bytes, at, end, unit);
      if (length < 0) {
        sink.add(
          'dex.bytecode.payload-truncated',
          start + pc * CODE_UNIT_BYTES,
          `payload 0x${unit.toString(16).padStart(4, '0')} at code unit ${pc} runs past the method end (${size} units)`,
          'error',
        );
        instructions?.push(pc, unit);
        break;
      }
      instructions?.push(pc, length === 1 ? 0 : unit);
      pc += length;
      continue;
    }
    length = CODE_UNITS[opcode] ?? 1;
    if (UNUSED[opcode] === 1 && unusedCount++ === 0) {
      // Reported once per method: random bytes would otherwise flood the sink.
      sink.add(
        'dex.bytecode.unused-opcode',
        start + pc * CODE_UNIT_BYTES,
        `unused opcode 0x${opcode.toString(16).padStart(2, '0')} at code unit ${pc}; stepped over as format 10x`,
      );
    }
    if (pc + length > size) {
      sink.add(
        'dex.bytecode.instruction-truncated',
        start + pc * CODE_UNIT_BYTES,
        `${OPCODE_NAMES[opcode] ?? 'instruction'} needs ${length} code units at ${pc} but the method ends at ${size}`,
        'error',
      );
      break;
    }
    instructions?.push(pc, opcode);
    const kind = REFERENCES[opcode] ?? NO_REFERENCE;
    if (kind !== NO_REFERENCE) {
      const indexAt = at + CODE_UNIT_BYTES;
      const format = FORMATS[opcode];
      // 31c (const-string/jumbo) holds a 32-bit index, low unit first; all other
      // reference formats hold a 16-bit index in their second code unit.
      const index =
        format === FORMAT_31C
          ? (codeUnitAt(bytes, indexAt) | (codeUnitAt(bytes, indexAt + CODE_UNIT_BYTES) << 16)) >>> 0
          : codeUnitAt(bytes, indexAt);
      const absolute = start + pc * CODE_UNIT_BYTES;
      references.push(kind, opcode, index, pc, absolute);
      if (format === FORMAT_45CC || format === FORMAT_4RCC) {
        // 45cc/4rcc: method index in unit 1, proto index in unit 3.
        references.push(PROTO_REFERENCE, opcode, codeUnitAt(bytes, at + 3 * CODE_UNIT_BYTES), pc, absolute);
      }
    }
    pc += length;
  }
  if (unusedCount > 1) {
    sink.add('dex.bytecode.unused-opcode-count', start, `${unusedCount} unused opcodes in this method`, 'info');
  }
  return references;
}

/** Little-endian code unit at byte `at`; callers keep `at + 1` inside the clamped method. */
function codeUnitAt(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

/**
 * Length in code units of the payload starting at byte `at`, computed from its
 * header; -1 when the header or the body runs past byte `end`. An ident that is
 * no payload is a `nop` whose high byte is ignored (1 unit), as the runtime does.
 */
function payloadLength(bytes: Uint8Array, at: number, end: number, ident: number): number {
  const unitsLeft = (end - at) / CODE_UNIT_BYTES;
  let length: number;
  if (ident === PACKED_SWITCH_PAYLOAD_IDENT || ident === SPARSE_SWITCH_PAYLOAD_IDENT) {
    if (SWITCH_SIZE_FIELD_UNITS > unitsLeft) return -1;
    const cases = codeUnitAt(bytes, at + CODE_UNIT_BYTES);
    length =
      ident === PACKED_SWITCH_PAYLOAD_IDENT
        ? PACKED_SWITCH_HEADER_UNITS + cases * PACKED_SWITCH_UNITS_PER_TARGET
        : SPARSE_SWITCH_HEADER_UNITS + cases * SPARSE_SWITCH_UNITS_PER_CASE;
  } else if (ident === FILL_ARRAY_DATA_PAYLOAD_IDENT) {
    if (FILL_ARRAY_DATA_HEADER_UNITS > unitsLeft) return -1;
    const width = codeUnitAt(bytes, at + CODE_UNIT_BYTES);
    const count =
      (codeUnitAt(bytes, at + 2 * CODE_UNIT_BYTES) | (codeUnitAt(bytes, at + 3 * CODE_UNIT_BYTES) << 16)) >>> 0;
    // width < 2^16 and count < 2^32, so the product (< 2^48) is exact in a double.
    length = FILL_ARRAY_DATA_HEADER_UNITS + Math.ceil((width * count) / CODE_UNIT_BYTES);
  } else {
    return 1;
  }
  return length > unitsLeft ? -1 : length;
}
