/**
 * Full decoding of one method's `insns` (dex-format code_item) into columns:
 * every instruction's code-unit offset, opcode, register operands, and its
 * one other operand (a literal, a constant-pool index, or a branch/payload
 * target), read by the format table of "Dalvik Executable instruction
 * formats" (source.android.com/docs/core/runtime/instruction-formats).
 * The walker (walker.ts) only collects references for the code index; this
 * is what a method body is built from.
 *
 * Hostile input: the decode is bounded by the declared size clamped to the
 * bytes that exist, each step advances at least one code unit, no read leaves
 * the clamped range, and the columns are sized by the code units that exist,
 * so it is O(size) in time and memory on any input.
 */
import type { DiagnosticSink } from '../../diagnostics.js';
import { InstructionFormat } from './formats.js';
import { OPCODE_CODE_UNITS, OPCODE_FORMATS, OPCODE_IS_UNUSED, OPCODE_NAMES } from './opcodes.js';
import {
  CODE_UNIT_BYTES,
  FILL_ARRAY_DATA_PAYLOAD_IDENT,
  PACKED_SWITCH_PAYLOAD_IDENT,
  SPARSE_SWITCH_PAYLOAD_IDENT,
} from './walker.js';

// Module-local copies: the loop reads them per instruction, and some loaders
// (tsx's CJS interop) turn imported bindings into getter calls.
const CODE_UNITS = OPCODE_CODE_UNITS;
const FORMATS = OPCODE_FORMATS;
const UNUSED = OPCODE_IS_UNUSED;

/**
 * InstructionFormat (formats.ts) restated as a const enum so the cases below compile to
 * literal numbers (a jump table; imported enum members are property loads under tsx).
 * Same order as FORMAT_NAMES; the dexdump comparisons decode every format.
 */
const enum Format {
  F10x = 0,
  F12x,
  F11n,
  F11x,
  F10t,
  F20t,
  F20bc,
  F22x,
  F21t,
  F21s,
  F21h,
  F21c,
  F23x,
  F22b,
  F22t,
  F22s,
  F22c,
  F22cs,
  F30t,
  F32x,
  F31i,
  F31t,
  F31c,
  F35c,
  F35ms,
  F35mi,
  F3rc,
  F3rms,
  F3rmi,
  F45cc,
  F4rcc,
  F51l,
}

/** const-wide/high16 (21h): the literal is BBBB << 48 rather than BBBB << 16. */
const OP_CONST_WIDE_HIGH16 = 0x19;
/** 35c/45cc list at most five registers (instruction-formats: "A: argument word count (4 bits)", C..G). */
const MAX_LIST_REGISTERS = 5;
/** Register slots each format stores (list formats: the listed count, at most 5; range formats: the first register). */
const FORMAT_REGISTER_SLOTS: Readonly<Record<number, number>> = {
  [InstructionFormat.F12x]: 2,
  [InstructionFormat.F11n]: 1,
  [InstructionFormat.F11x]: 1,
  [InstructionFormat.F22x]: 2,
  [InstructionFormat.F21t]: 1,
  [InstructionFormat.F21s]: 1,
  [InstructionFormat.F21h]: 1,
  [InstructionFormat.F21c]: 1,
  [InstructionFormat.F23x]: 3,
  [InstructionFormat.F22b]: 2,
  [InstructionFormat.F22t]: 2,
  [InstructionFormat.F22s]: 2,
  [InstructionFormat.F22c]: 2,
  [InstructionFormat.F32x]: 2,
  [InstructionFormat.F31i]: 1,
  [InstructionFormat.F31t]: 1,
  [InstructionFormat.F31c]: 1,
  [InstructionFormat.F3rc]: 1,
  [InstructionFormat.F4rcc]: 1,
  [InstructionFormat.F51l]: 1,
};
/** Register slots per opcode; 255 for the list formats (35c, 45cc), whose count is in the instruction. */
const LIST_SLOTS = 255;
const REGISTER_SLOTS: Uint8Array = OPCODE_FORMATS.map((format) =>
  format === InstructionFormat.F35c || format === InstructionFormat.F45cc
    ? LIST_SLOTS
    : (FORMAT_REGISTER_SLOTS[format] ?? 0),
);
/** Bytes per instruction of the fixed columns: offsets, registerStart, valueLow, valueHigh (4 each), opcodes (2), registerCount (1). */
const COLUMN_BYTES_PER_INSTRUCTION = 19;
const PACKED_SWITCH_HEADER_UNITS = 4;
const SPARSE_SWITCH_HEADER_UNITS = 2;
const FILL_ARRAY_DATA_HEADER_UNITS = 4;

/**
 * One method's instructions as columns (index = instruction number, in code order).
 * Payload pseudo-instructions (packed-switch-data, sparse-switch-data, array-data)
 * are listed too, with their ident (0x0100, 0x0200, 0x0300) as opcode and no
 * operands, as dexdump lists them.
 *
 * `valueLow`/`valueHigh` hold the instruction's one non-register operand, by format:
 * - literal formats (11n, 21s, 21h, 31i, 51l, 22b, 22s): the value as a signed 64-bit
 *   integer, low and high 32 bits (21h already shifted: `const/high16 v0, 0x7f00` holds
 *   0x7f000000);
 * - index formats (21c, 22c, 31c, 35c, 3rc; 45cc and 4rcc): the pool index in
 *   `valueLow` (unsigned: read it with `>>> 0`), the proto index of 45cc/4rcc in `valueHigh`;
 * - branch formats (10t, 20t, 30t, 21t, 22t) and 31t: the target code-unit offset
 *   (the instruction's offset plus the signed branch offset; may lie outside the method).
 */
export interface DecodedInstructions {
  readonly count: number;
  /** Code-unit offset of each instruction from insns[0] (dexdump's `|0004:`). */
  readonly offsets: Uint32Array;
  /** Opcode 0..255, or the payload ident. */
  readonly opcodes: Uint16Array;
  /** Where the instruction's register operands start in `registers`. */
  readonly registerStart: Uint32Array;
  /**
   * Number of register operands. For the range formats (3rc, 4rcc) the count of the
   * range, whose first register is the one entry in `registers`.
   */
  readonly registerCount: Uint8Array;
  /** Register operands in the spec's order (vA, vB, vC; the list vC..vG of 35c/45cc). */
  readonly registers: Uint16Array;
  readonly valueLow: Int32Array;
  readonly valueHigh: Int32Array;
  /** Highest register any operand names plus two (room for a pair): a safe size for per-register arrays. */
  readonly registerBound: number;
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
}

/** Payload length in code units from its header, or -1 when it runs past `end` (bytes). */
function payloadUnits(bytes: Uint8Array, at: number, end: number, ident: number): number {
  const unitsLeft = (end - at) / CODE_UNIT_BYTES;
  let length: number;
  if (ident === PACKED_SWITCH_PAYLOAD_IDENT || ident === SPARSE_SWITCH_PAYLOAD_IDENT) {
    if (unitsLeft < 2) return -1;
    const cases = u16(bytes, at + CODE_UNIT_BYTES);
    length =
      ident === PACKED_SWITCH_PAYLOAD_IDENT
        ? PACKED_SWITCH_HEADER_UNITS + cases * 2
        : SPARSE_SWITCH_HEADER_UNITS + cases * 4;
  } else if (ident === FILL_ARRAY_DATA_PAYLOAD_IDENT) {
    if (unitsLeft < FILL_ARRAY_DATA_HEADER_UNITS) return -1;
    const width = u16(bytes, at + CODE_UNIT_BYTES);
    const count = (u16(bytes, at + 2 * CODE_UNIT_BYTES) | (u16(bytes, at + 3 * CODE_UNIT_BYTES) << 16)) >>> 0;
    // width < 2^16 and count < 2^32, so the product (< 2^48) is exact in a double.
    length = FILL_ARRAY_DATA_HEADER_UNITS + Math.ceil((width * count) / CODE_UNIT_BYTES);
  } else {
    return 1;
  }
  return length > unitsLeft ? -1 : length;
}

/**
 * Decodes `instructionsSize` code units at byte `instructionsOffset` of `bytes`.
 * Anomalies go to `sink` with offsets `base + byte position` (the offset in the dex file
 * when `bytes` is the dex). Never throws.
 */
export function decodeInstructions(
  bytes: Uint8Array,
  instructionsOffset: number,
  instructionsSize: number,
  sink: DiagnosticSink,
  base = 0,
): DecodedInstructions {
  let size = Number.isSafeInteger(instructionsSize) && instructionsSize > 0 ? instructionsSize : 0;
  if (!Number.isSafeInteger(instructionsOffset) || instructionsOffset < 0 || instructionsOffset > bytes.byteLength) {
    sink.add(
      'dex.bytecode.code-outside-file',
      base,
      `instructions at ${instructionsOffset} lie outside the file`,
      'error',
    );
    size = 0;
  } else {
    const available = Math.floor((bytes.byteLength - instructionsOffset) / CODE_UNIT_BYTES);
    if (size > available) {
      sink.add(
        'dex.bytecode.code-past-end',
        base + instructionsOffset,
        `method declares ${instructionsSize} code units but only ${available} remain in the file`,
        'error',
      );
      size = available;
    }
  }
  const end = instructionsOffset + size * CODE_UNIT_BYTES;
  // One buffer for all columns, sized exactly by a first pass (allocating seven arrays per
  // method was most of the cost of decoding an app: an app has tens of thousands of methods).
  const { instructions, slots } = countInstructions(bytes, instructionsOffset, size, end);
  const buffer = new ArrayBuffer(instructions * COLUMN_BYTES_PER_INSTRUCTION + slots * 2);
  let at4 = 0;
  const offsets = new Uint32Array(buffer, at4, instructions);
  const registerStart = new Uint32Array(buffer, (at4 += instructions * 4), instructions);
  const valueLow = new Int32Array(buffer, (at4 += instructions * 4), instructions);
  const valueHigh = new Int32Array(buffer, (at4 += instructions * 4), instructions);
  const opcodes = new Uint16Array(buffer, (at4 += instructions * 4), instructions);
  const registers = new Uint16Array(buffer, (at4 += instructions * 2), slots);
  const registerCount = new Uint8Array(buffer, at4 + slots * 2, instructions);
  let count = 0;
  let used = 0;
  let bound = 0;
  let unusedCount = 0;
  let pc = 0;
  while (pc < size) {
    const at = instructionsOffset + pc * CODE_UNIT_BYTES;
    const unit = u16(bytes, at);
    const opcode = unit & 0xff;
    if (opcode === 0 && unit !== 0) {
      const length = payloadUnits(bytes, at, end, unit);
      if (length < 0) {
        sink.add(
          'dex.bytecode.payload-truncated',
          base + at,
          `payload 0x${unit.toString(16).padStart(4, '0')} at code unit ${pc} runs past the method end (${size} units)`,
          'error',
        );
        break;
      }
      offsets[count] = pc;
      opcodes[count] = length === 1 ? 0 : unit;
      registerStart[count] = used;
      count++;
      pc += length;
      continue;
    }
    const length = CODE_UNITS[opcode] as number;
    if (UNUSED[opcode] === 1 && unusedCount++ === 0) {
      // Reported once per method: random bytes would otherwise flood the sink.
      sink.add(
        'dex.bytecode.unused-opcode',
        base + at,
        `unused opcode 0x${opcode.toString(16).padStart(2, '0')} at code unit ${pc}; stepped over as format 10x`,
      );
    }
    if (pc + length > size) {
      sink.add(
        'dex.bytecode.instruction-truncated',
        base + at,
        `${OPCODE_NAMES[opcode] ?? 'instruction'} needs ${length} code units at ${pc} but the method ends at ${size}`,
        'error',
      );
      break;
    }
    const index = count++;
    offsets[index] = pc;
    opcodes[index] = opcode;
    registerStart[index] = used;
    const format = FORMATS[opcode] as number;
    const high = unit >>> 8;
    // Second and third code units; each read stays below `end` (pc + length <= size).
    const unit1 = length > 1 ? u16(bytes, at + 2) : 0;
    const unit2 = length > 2 ? u16(bytes, at + 4) : 0;
    let low = 0;
    let upper = 0;
    let registerTotal = 0;
    let first = 0;
    let second = -1;
    let third = -1;
    let top = 0;
    switch (format) {
      case Format.F10x:
        break;
      case Format.F12x:
        first = high & 0xf;
        second = high >>> 4;
        registerTotal = 2;
        break;
      case Format.F11n:
        first = high & 0xf;
        registerTotal = 1;
        low = (unit << 16) >> 28; // B: signed nibble
        upper = low >> 31;
        break;
      case Format.F11x:
        first = high;
        registerTotal = 1;
        break;
      case Format.F10t:
        low = pc + ((unit << 16) >> 24); // AA: signed byte
        break;
      case Format.F20t:
        low = pc + ((unit1 << 16) >> 16);
        break;
      case Format.F22x:
        first = high;
        second = unit1;
        registerTotal = 2;
        break;
      case Format.F21t:
        first = high;
        registerTotal = 1;
        low = pc + ((unit1 << 16) >> 16);
        break;
      case Format.F21s:
        first = high;
        registerTotal = 1;
        low = (unit1 << 16) >> 16;
        upper = low >> 31;
        break;
      case Format.F21h:
        first = high;
        registerTotal = 1;
        if (opcode === OP_CONST_WIDE_HIGH16) {
          upper = unit1 << 16;
        } else {
          low = unit1 << 16;
          upper = low >> 31;
        }
        break;
      case Format.F21c:
        first = high;
        registerTotal = 1;
        low = unit1;
        break;
      case Format.F23x:
        first = high;
        second = unit1 & 0xff;
        third = unit1 >>> 8;
        registerTotal = 3;
        break;
      case Format.F22b:
        first = high;
        second = unit1 & 0xff;
        registerTotal = 2;
        low = (unit1 << 16) >> 24; // CC: signed byte
        upper = low >> 31;
        break;
      case Format.F22t:
      case Format.F22s:
      case Format.F22c:
        first = high & 0xf;
        second = high >>> 4;
        registerTotal = 2;
        if (format === Format.F22t) low = pc + ((unit1 << 16) >> 16);
        else if (format === Format.F22s) {
          low = (unit1 << 16) >> 16;
          upper = low >> 31;
        } else low = unit1;
        break;
      case Format.F30t:
        low = pc + (unit1 | (unit2 << 16) | 0);
        break;
      case Format.F32x:
        first = unit1;
        second = unit2;
        registerTotal = 2;
        break;
      case Format.F31i:
      case Format.F31t:
      case Format.F31c:
        first = high;
        registerTotal = 1;
        low = unit1 | (unit2 << 16) | 0;
        if (format === Format.F31i) upper = low >> 31;
        else if (format === Format.F31t) low = pc + low;
        break;
      case Format.F35c:
      case Format.F45cc: {
        // A|G|op BBBB F|E|D|C (HHHH): A registers listed, in the order C, D, E, F, G.
        let listed = high >>> 4;
        if (listed > MAX_LIST_REGISTERS) {
          sink.add(
            'dex.bytecode.argument-count',
            base + at,
            `${OPCODE_NAMES[opcode] ?? 'instruction'} at code unit ${pc} lists ${listed} registers; at most ${MAX_LIST_REGISTERS} exist`,
            'error',
          );
          listed = MAX_LIST_REGISTERS;
        }
        low = unit1;
        if (format === Format.F45cc) upper = u16(bytes, at + 6);
        for (let position = 0; position < listed; position++) {
          const register = position < 4 ? (unit2 >>> (4 * position)) & 0xf : high & 0xf;
          registers[used++] = register;
          if (register >= top) top = register + 1;
        }
        registerCount[index] = listed;
        break;
      }
      case Format.F3rc:
      case Format.F4rcc: {
        // AA|op BBBB CCCC (HHHH): the range vCCCC .. vCCCC+AA-1, stored as its first register.
        low = unit1;
        if (format === Format.F4rcc) upper = u16(bytes, at + 6);
        registers[used++] = unit2;
        registerCount[index] = high;
        if (high > 0) top = unit2 + high;
        break;
      }
      case Format.F51l:
        first = high;
        registerTotal = 1;
        low = unit1 | (unit2 << 16);
        upper = u16(bytes, at + 6) | (u16(bytes, at + 8) << 16);
        break;
      default:
        // 20bc, 22cs, 35mi, 35ms, 3rmi, 3rms: odex-only formats no opcode of this table uses.
        break;
    }
    if (registerTotal > 0) {
      registers[used++] = first;
      if (first >= top) top = first + 1;
      if (registerTotal > 1) {
        registers[used++] = second;
        if (second >= top) top = second + 1;
        if (registerTotal > 2) {
          registers[used++] = third;
          if (third >= top) top = third + 1;
        }
      }
      registerCount[index] = registerTotal;
    }
    valueLow[index] = low;
    valueHigh[index] = upper;
    // +1: any operand may be the low half of a pair.
    if (top + 1 > bound) bound = top + 1;
    pc += length;
  }
  if (unusedCount > 1) {
    sink.add(
      'dex.bytecode.unused-opcode-count',
      base + instructionsOffset,
      `${unusedCount} unused opcodes in this method`,
      'info',
    );
  }
  return {
    count,
    offsets,
    opcodes,
    registerStart,
    registerCount,
    registers,
    valueLow,
    valueHigh,
    registerBound: bound,
  };
}

/**
 * Instructions and register slots the decode will produce: the same steps and the same
 * stopping points (a truncated payload or instruction ends the method), without operands.
 */
function countInstructions(
  bytes: Uint8Array,
  instructionsOffset: number,
  size: number,
  end: number,
): { instructions: number; slots: number } {
  let instructions = 0;
  let slots = 0;
  let pc = 0;
  while (pc < size) {
    const at = instructionsOffset + pc * CODE_UNIT_BYTES;
    const unit = u16(bytes, at);
    const opcode = unit & 0xff;
    if (opcode === 0 && unit !== 0) {
      const length = payloadUnits(bytes, at, end, unit);
      if (length < 0) break;
      instructions++;
      pc += length;
      continue;
    }
    const length = CODE_UNITS[opcode] as number;
    if (pc + length > size) break;
    instructions++;
    const registerSlots = REGISTER_SLOTS[opcode] as number;
    slots += registerSlots === LIST_SLOTS ? Math.min(unit >>> 12, MAX_LIST_REGISTERS) : registerSlots;
    pc += length;
  }
  return { instructions, slots };
}

/** A switch payload (dalvik-bytecode "packed-switch-payload", "sparse-switch-payload"). */
export interface SwitchPayload {
  /** Case keys, in payload order. */
  readonly keys: Int32Array;
  /** Branch offsets in code units, relative to the switch instruction (not to the payload). */
  readonly relativeTargets: Int32Array;
  /** Cases the payload declares (more than were read when `maxCases` cut it). */
  readonly declared: number;
}

/**
 * Reads the switch payload at byte `at` (its ident unit), within `end`. At most
 * `maxCases` cases are read (the caller's budget); undefined when the header is not a
 * switch payload or the body runs past `end`.
 */
export function readSwitchPayload(
  bytes: Uint8Array,
  at: number,
  end: number,
  maxCases: number,
): SwitchPayload | undefined {
  if (at < 0 || at + 2 * CODE_UNIT_BYTES > end) return undefined;
  const ident = u16(bytes, at);
  if (ident !== PACKED_SWITCH_PAYLOAD_IDENT && ident !== SPARSE_SWITCH_PAYLOAD_IDENT) return undefined;
  const length = payloadUnits(bytes, at, end, ident);
  if (length < 0) return undefined;
  const declared = u16(bytes, at + CODE_UNIT_BYTES);
  const cases = Math.min(declared, Math.max(0, maxCases));
  const keys = new Int32Array(cases);
  const relativeTargets = new Int32Array(cases);
  const i32 = (position: number): number => u16(bytes, position) | (u16(bytes, position + 2) << 16);
  if (ident === PACKED_SWITCH_PAYLOAD_IDENT) {
    // ident, size, first_key (int), targets[size] (int).
    const firstKey = i32(at + 2 * CODE_UNIT_BYTES);
    const targets = at + PACKED_SWITCH_HEADER_UNITS * CODE_UNIT_BYTES;
    for (let position = 0; position < cases; position++) {
      keys[position] = (firstKey + position) | 0;
      relativeTargets[position] = i32(targets + position * 4);
    }
  } else {
    // ident, size, keys[size] (int, sorted), targets[size] (int).
    const keyStart = at + SPARSE_SWITCH_HEADER_UNITS * CODE_UNIT_BYTES;
    const targets = keyStart + declared * 4;
    for (let position = 0; position < cases; position++) {
      keys[position] = i32(keyStart + position * 4);
      relativeTargets[position] = i32(targets + position * 4);
    }
  }
  return { keys, relativeTargets, declared };
}

/** A fill-array-data payload (dalvik-bytecode "fill-array-data-payload"). */
export interface ArrayPayload {
  /** Bytes per element (1, 2, 4 or 8 in a valid file). */
  readonly elementWidth: number;
  readonly elementCount: number;
  /** The element bytes, little-endian, as a view of the dex. */
  readonly data: Uint8Array;
}

/** Reads the array payload at byte `at` (its ident unit) within `end`; undefined when it is none or is cut. */
export function readArrayPayload(bytes: Uint8Array, at: number, end: number): ArrayPayload | undefined {
  if (at < 0 || at + FILL_ARRAY_DATA_HEADER_UNITS * CODE_UNIT_BYTES > end) return undefined;
  if (u16(bytes, at) !== FILL_ARRAY_DATA_PAYLOAD_IDENT) return undefined;
  if (payloadUnits(bytes, at, end, FILL_ARRAY_DATA_PAYLOAD_IDENT) < 0) return undefined;
  const elementWidth = u16(bytes, at + CODE_UNIT_BYTES);
  const elementCount = (u16(bytes, at + 4) | (u16(bytes, at + 6) << 16)) >>> 0;
  const start = at + FILL_ARRAY_DATA_HEADER_UNITS * CODE_UNIT_BYTES;
  return { elementWidth, elementCount, data: bytes.subarray(start, start + elementWidth * elementCount) };
}
