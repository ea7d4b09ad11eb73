/**
 * Opcode numbers the analysis dispatches on (Dalvik bytecode spec, "Summary of bytecode
 * set"), by group, so the transfer functions read as the spec does.
 */
export const Op = {
  NOP: 0x00,
  MOVE_FIRST: 0x01,
  MOVE_LAST: 0x09,
  MOVE_RESULT: 0x0a,
  MOVE_RESULT_WIDE: 0x0b,
  MOVE_RESULT_OBJECT: 0x0c,
  MOVE_EXCEPTION: 0x0d,
  RETURN_VOID: 0x0e,
  RETURN: 0x0f,
  RETURN_WIDE: 0x10,
  RETURN_OBJECT: 0x11,
  CONST_4: 0x12,
  CONST_16: 0x13,
  CONST: 0x14,
  CONST_HIGH16: 0x15,
  CONST_WIDE_16: 0x16,
  CONST_WIDE_32: 0x17,
  CONST_WIDE: 0x18,
  CONST_WIDE_HIGH16: 0x19,
  CONST_STRING: 0x1a,
  CONST_STRING_JUMBO: 0x1b,
  CONST_CLASS: 0x1c,
  MONITOR_ENTER: 0x1d,
  MONITOR_EXIT: 0x1e,
  CHECK_CAST: 0x1f,
  INSTANCE_OF: 0x20,
  ARRAY_LENGTH: 0x21,
  NEW_INSTANCE: 0x22,
  NEW_ARRAY: 0x23,
  FILLED_NEW_ARRAY: 0x24,
  FILLED_NEW_ARRAY_RANGE: 0x25,
  FILL_ARRAY_DATA: 0x26,
  THROW: 0x27,
  GOTO: 0x28,
  GOTO_16: 0x29,
  GOTO_32: 0x2a,
  PACKED_SWITCH: 0x2b,
  SPARSE_SWITCH: 0x2c,
  CMP_FIRST: 0x2d,
  CMP_LAST: 0x31,
  IF_EQ: 0x32,
  IF_NE: 0x33,
  IF_LT: 0x34,
  IF_GE: 0x35,
  IF_GT: 0x36,
  IF_LE: 0x37,
  IF_EQZ: 0x38,
  IF_NEZ: 0x39,
  IF_LTZ: 0x3a,
  IF_GEZ: 0x3b,
  IF_GTZ: 0x3c,
  IF_LEZ: 0x3d,
  AGET_FIRST: 0x44,
  AGET_WIDE: 0x45,
  AGET_LAST: 0x4a,
  APUT_FIRST: 0x4b,
  APUT_WIDE: 0x4c,
  APUT_LAST: 0x51,
  IGET_FIRST: 0x52,
  IGET_WIDE: 0x53,
  IGET_LAST: 0x58,
  IPUT_FIRST: 0x59,
  IPUT_LAST: 0x5f,
  SGET_FIRST: 0x60,
  SGET_WIDE: 0x61,
  SGET_LAST: 0x66,
  SPUT_FIRST: 0x67,
  SPUT_LAST: 0x6d,
  INVOKE_VIRTUAL: 0x6e,
  INVOKE_SUPER: 0x6f,
  INVOKE_DIRECT: 0x70,
  INVOKE_STATIC: 0x71,
  INVOKE_INTERFACE: 0x72,
  INVOKE_VIRTUAL_RANGE: 0x74,
  INVOKE_SUPER_RANGE: 0x75,
  INVOKE_DIRECT_RANGE: 0x76,
  INVOKE_STATIC_RANGE: 0x77,
  INVOKE_INTERFACE_RANGE: 0x78,
  UNOP_FIRST: 0x7b,
  NEG_INT: 0x7b,
  UNOP_LAST: 0x8f,
  BINOP_FIRST: 0x90,
  BINOP_LAST: 0xaf,
  BINOP_2ADDR_FIRST: 0xb0,
  BINOP_2ADDR_LAST: 0xcf,
  BINOP_LIT16_FIRST: 0xd0,
  BINOP_LIT16_LAST: 0xd7,
  BINOP_LIT8_FIRST: 0xd8,
  BINOP_LIT8_LAST: 0xe2,
  INVOKE_POLYMORPHIC: 0xfa,
  INVOKE_POLYMORPHIC_RANGE: 0xfb,
  INVOKE_CUSTOM: 0xfc,
  INVOKE_CUSTOM_RANGE: 0xfd,
  CONST_METHOD_HANDLE: 0xfe,
  CONST_METHOD_TYPE: 0xff,
} as const;

export function isInvoke(opcode: number): boolean {
  return (
    (opcode >= Op.INVOKE_VIRTUAL && opcode <= Op.INVOKE_INTERFACE) ||
    (opcode >= Op.INVOKE_VIRTUAL_RANGE && opcode <= Op.INVOKE_INTERFACE_RANGE)
  );
}

/** invoke-static and invoke-static/range take no receiver. */
export function isStaticInvoke(opcode: number): boolean {
  return opcode === Op.INVOKE_STATIC || opcode === Op.INVOKE_STATIC_RANGE;
}

/** invoke-direct / invoke-super call exactly the named method (no virtual dispatch). */
export function isExactInvoke(opcode: number): boolean {
  return (
    opcode === Op.INVOKE_DIRECT ||
    opcode === Op.INVOKE_DIRECT_RANGE ||
    opcode === Op.INVOKE_SUPER ||
    opcode === Op.INVOKE_SUPER_RANGE ||
    isStaticInvoke(opcode)
  );
}

/** Integer binary operations in the order of each binop group (add, sub, mul, div, rem, and, or, xor, shl, shr, ushr). */
const INT_OPERATIONS = ['add', 'sub', 'mul', 'div', 'rem', 'and', 'or', 'xor', 'shl', 'shr', 'ushr'] as const;
export type IntOperation = (typeof INT_OPERATIONS)[number];

/** The int operation of a binop opcode, or undefined for long/float/double ones. */
export function intOperation(opcode: number): IntOperation | 'rsub' | undefined {
  if (opcode >= Op.BINOP_FIRST && opcode <= Op.BINOP_FIRST + 10) return INT_OPERATIONS[opcode - Op.BINOP_FIRST];
  if (opcode >= Op.BINOP_2ADDR_FIRST && opcode <= Op.BINOP_2ADDR_FIRST + 10)
    return INT_OPERATIONS[opcode - Op.BINOP_2ADDR_FIRST];
  if (opcode >= Op.BINOP_LIT16_FIRST && opcode <= Op.BINOP_LIT16_LAST) {
    const index = opcode - Op.BINOP_LIT16_FIRST;
    return index === 1 ? 'rsub' : INT_OPERATIONS[index];
  }
  if (opcode >= Op.BINOP_LIT8_FIRST && opcode <= Op.BINOP_LIT8_LAST) {
    const index = opcode - Op.BINOP_LIT8_FIRST;
    return index === 1 ? 'rsub' : INT_OPERATIONS[index];
  }
  return undefined;
}
