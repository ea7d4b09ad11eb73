/**
 * What each opcode does with control flow and registers, as tables indexed by
 * opcode (dalvik-bytecode "Summary of bytecode set": which operand is the
 * destination, which are register pairs; art/libdexfile/dex/dex_instruction_list.h:
 * the kThrow, kBranch, kSwitch, kReturn, kInvoke flags and the kVerifyReg*Wide
 * operands). Operand k is the k-th register operand the decoder lists (vA, vB,
 * vC in the spec's order); list and range formats read every operand.
 */
import { InstructionFormat as F } from './formats.js';
import { OPCODE_COUNT, OPCODE_FORMATS } from './opcodes.js';

/** Bits of OPCODE_FLAGS. */
export const OpcodeFlag = {
  /** May throw (ART kThrow): its block ends here inside a try range, and it has exceptional edges. */
  CanThrow: 1 << 0,
  /** goto and if-*: carries a branch target. */
  Branch: 1 << 1,
  /** goto, goto/16, goto/32: never falls through. */
  Goto: 1 << 2,
  /** packed-switch, sparse-switch. */
  Switch: 1 << 3,
  /** return-void, return, return-wide, return-object. */
  Return: 1 << 4,
  /** throw: never falls through. */
  Throw: 1 << 5,
  /** invoke-* (method references) and invoke-custom (call sites). */
  Invoke: 1 << 6,
  /** move-result, move-result-wide, move-result-object: take the result of the instruction before. */
  MoveResult: 1 << 7,
  /** Leaves a result for a following move-result: invoke-*, filled-new-array(/range). */
  ResultProducer: 1 << 8,
  /** fill-array-data: its 31t operand points at an array payload. */
  FillArrayData: 1 << 9,
  /** move-exception: must start a handler. */
  MoveException: 1 << 10,
  /** Register operands are a {vC, vD, ...} list (35c, 45cc) or a range (3rc, 4rcc): all read. */
  ArgumentList: 1 << 11,
} as const;

/** OpcodeFlag bits per opcode. */
export const OPCODE_FLAGS = new Uint16Array(OPCODE_COUNT);
/** What operand 0 receives: 0 nothing, 1 a value (one register), 2 a wide value (the pair v, v+1). */
export const OPCODE_DESTINATION = new Uint8Array(OPCODE_COUNT);
/** Bit k set: register operand k is read (list and range formats: every operand, see ArgumentList). */
export const OPCODE_READS = new Uint8Array(OPCODE_COUNT);
/** Bit k set: register operand k names a register pair (long or double). */
export const OPCODE_WIDE_OPERANDS = new Uint8Array(OPCODE_COUNT);

export const DESTINATION_NONE = 0;
const DESTINATION_SINGLE = 1;
export const DESTINATION_WIDE = 2;

const A = 1;
const B = 2;
const C = 4;

function set(first: number, last: number, flags: number, destination: number, reads: number, wide = 0): void {
  for (let opcode = first; opcode <= last; opcode++) {
    OPCODE_FLAGS[opcode] = flags;
    OPCODE_DESTINATION[opcode] = destination;
    OPCODE_READS[opcode] = reads;
    OPCODE_WIDE_OPERANDS[opcode] = wide;
  }
}

const T = OpcodeFlag.CanThrow;
const NONE = DESTINATION_NONE;
const ONE = DESTINATION_SINGLE;
const PAIR = DESTINATION_WIDE;

set(0x00, 0x00, 0, NONE, 0); // nop
set(0x01, 0x03, 0, ONE, B); // move
set(0x04, 0x06, 0, PAIR, B, A | B); // move-wide
set(0x07, 0x09, 0, ONE, B); // move-object
set(0x0a, 0x0a, OpcodeFlag.MoveResult, ONE, 0);
set(0x0b, 0x0b, OpcodeFlag.MoveResult, PAIR, 0, A);
set(0x0c, 0x0c, OpcodeFlag.MoveResult, ONE, 0);
set(0x0d, 0x0d, OpcodeFlag.MoveException, ONE, 0);
set(0x0e, 0x0e, OpcodeFlag.Return, NONE, 0);
set(0x0f, 0x0f, OpcodeFlag.Return, NONE, A);
set(0x10, 0x10, OpcodeFlag.Return, NONE, A, A);
set(0x11, 0x11, OpcodeFlag.Return, NONE, A);
set(0x12, 0x15, 0, ONE, 0); // const/4 .. const/high16
set(0x16, 0x19, 0, PAIR, 0, A); // const-wide*
set(0x1a, 0x1c, T, ONE, 0); // const-string(/jumbo), const-class
set(0x1d, 0x1e, T, NONE, A); // monitor-enter/exit
set(0x1f, 0x1f, T, ONE, A); // check-cast: vA is read and re-typed in place
set(0x20, 0x21, T, ONE, B); // instance-of, array-length
set(0x22, 0x22, T, ONE, 0); // new-instance
set(0x23, 0x23, T, ONE, B); // new-array vA, vB (size)
set(0x24, 0x25, T | OpcodeFlag.ResultProducer | OpcodeFlag.ArgumentList, NONE, 0); // filled-new-array(/range)
set(0x26, 0x26, T | OpcodeFlag.FillArrayData, NONE, A);
set(0x27, 0x27, T | OpcodeFlag.Throw, NONE, A);
set(0x28, 0x2a, OpcodeFlag.Branch | OpcodeFlag.Goto, NONE, 0);
set(0x2b, 0x2c, OpcodeFlag.Switch, NONE, A);
set(0x2d, 0x2e, 0, ONE, B | C); // cmpl/cmpg-float
set(0x2f, 0x31, 0, ONE, B | C, B | C); // cmpl/cmpg-double, cmp-long
set(0x32, 0x37, OpcodeFlag.Branch, NONE, A | B); // if-test
set(0x38, 0x3d, OpcodeFlag.Branch, NONE, A); // if-testz
set(0x3e, 0x43, 0, NONE, 0); // unused
set(0x44, 0x44, T, ONE, B | C); // aget
set(0x45, 0x45, T, PAIR, B | C, A);
set(0x46, 0x4a, T, ONE, B | C);
set(0x4b, 0x4b, T, NONE, A | B | C); // aput
set(0x4c, 0x4c, T, NONE, A | B | C, A);
set(0x4d, 0x51, T, NONE, A | B | C);
set(0x52, 0x52, T, ONE, B); // iget
set(0x53, 0x53, T, PAIR, B, A);
set(0x54, 0x58, T, ONE, B);
set(0x59, 0x59, T, NONE, A | B); // iput
set(0x5a, 0x5a, T, NONE, A | B, A);
set(0x5b, 0x5f, T, NONE, A | B);
set(0x60, 0x60, T, ONE, 0); // sget
set(0x61, 0x61, T, PAIR, 0, A);
set(0x62, 0x66, T, ONE, 0);
set(0x67, 0x67, T, NONE, A); // sput
set(0x68, 0x68, T, NONE, A, A);
set(0x69, 0x6d, T, NONE, A);
const INVOKE = T | OpcodeFlag.Invoke | OpcodeFlag.ResultProducer | OpcodeFlag.ArgumentList;
set(0x6e, 0x72, INVOKE, NONE, 0);
set(0x73, 0x73, 0, NONE, 0); // unused
set(0x74, 0x78, INVOKE, NONE, 0);
set(0x79, 0x7a, 0, NONE, 0); // unused
// Unary operations 7b..8f: destination and source widths (ART kVerifyRegAWide/kVerifyRegBWide).
const UNARY_WIDTHS: ReadonlyArray<readonly [number, number]> = [
  [ONE, 0], // neg-int
  [ONE, 0], // not-int
  [PAIR, B], // neg-long
  [PAIR, B], // not-long
  [ONE, 0], // neg-float
  [PAIR, B], // neg-double
  [PAIR, 0], // int-to-long
  [ONE, 0], // int-to-float
  [PAIR, 0], // int-to-double
  [ONE, B], // long-to-int
  [ONE, B], // long-to-float
  [PAIR, B], // long-to-double
  [ONE, 0], // float-to-int
  [PAIR, 0], // float-to-long
  [PAIR, 0], // float-to-double
  [ONE, B], // double-to-int
  [PAIR, B], // double-to-long
  [ONE, B], // double-to-float
  [ONE, 0], // int-to-byte
  [ONE, 0], // int-to-char
  [ONE, 0], // int-to-short
];
UNARY_WIDTHS.forEach(([destination, wideSource], offset) =>
  set(0x7b + offset, 0x7b + offset, 0, destination, B, (destination === PAIR ? A : 0) | wideSource),
);
/**
 * The binary operations in opcode order (90..af; b0..cf as /2addr): int (11), long (11),
 * float (5), double (5). div and rem of int and long throw ArithmeticException; the long
 * shifts take an int shift count.
 */
function binaryGroup(first: number, twoAddress: boolean): void {
  const second = twoAddress ? B : C;
  const reads = twoAddress ? A | B : B | C;
  const firstSource = twoAddress ? A : B;
  for (let offset = 0; offset < 32; offset++) {
    const opcode = first + offset;
    const isLong = offset >= 11 && offset < 22;
    const isDouble = offset >= 27;
    const operation = isLong ? offset - 11 : offset < 11 ? offset : (offset - 22) % 5;
    // div = 3, rem = 4 in both the int/long and the float/double orders; only int and long throw.
    const throws = offset < 22 && (operation === 3 || operation === 4) ? T : 0;
    // shl, shr, ushr are 8, 9, 10 in the int/long order.
    const isShift = isLong && operation >= 8;
    let wide = 0;
    if (isLong || isDouble) wide = A | firstSource | (isShift ? 0 : second);
    set(opcode, opcode, throws, isLong || isDouble ? PAIR : ONE, reads, wide);
  }
}
binaryGroup(0x90, false);
binaryGroup(0xb0, true);
set(0xd0, 0xe2, 0, ONE, B); // lit16, lit8
for (const opcode of [0xd3, 0xd4, 0xdb, 0xdc]) OPCODE_FLAGS[opcode] = T; // div/rem-int/lit16, /lit8
set(0xe3, 0xf9, 0, NONE, 0); // unused
set(0xfa, 0xfb, INVOKE, NONE, 0); // invoke-polymorphic(/range)
set(0xfc, 0xfd, T | OpcodeFlag.Invoke | OpcodeFlag.ResultProducer | OpcodeFlag.ArgumentList, NONE, 0); // invoke-custom
set(0xfe, 0xff, T, ONE, 0); // const-method-handle, const-method-type

/** True for the formats whose register operands are a range (start, count) rather than a list. */
export const OPCODE_IS_REGISTER_RANGE: Uint8Array = OPCODE_FORMATS.map((format) =>
  format === F.F3rc || format === F.F4rcc ? 1 : 0,
);
