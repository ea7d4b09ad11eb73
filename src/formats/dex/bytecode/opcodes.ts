/**
 * The 256 Dalvik opcodes ("Dalvik bytecode", source.android.com/docs/core/runtime/dalvik-bytecode,
 * "Summary of bytecode set"): mnemonic, instruction format, and what constant
 * pool the instruction indexes. Unused opcodes are format 10x as the spec says
 * ("unused" rows, 3e..43, 73, 79..7a, e3..f9); the walker reports them.
 */
import { FORMAT_CODE_UNITS, formatName, InstructionFormat as F } from './formats.js';
import { INVOKE_KIND_NAMES, InvokeKind, ReferenceKind as R, type InvokeKindName } from './references.js';

export const OPCODE_COUNT = 256;

/** Mnemonic per opcode (`unused-3e` for unused ones, as dexdump prints them). */
export const OPCODE_NAMES: string[] = new Array<string>(OPCODE_COUNT);
/** InstructionFormat per opcode. */
export const OPCODE_FORMATS = new Uint8Array(OPCODE_COUNT);
/** ReferenceKind of the pool index the instruction carries (None for most). */
export const OPCODE_REFERENCES = new Uint8Array(OPCODE_COUNT);
/** InvokeKind for invoke opcodes. */
export const OPCODE_INVOKE_KINDS = new Uint8Array(OPCODE_COUNT);
/** 1 for the `/range` invoke forms. */
export const OPCODE_IS_RANGE = new Uint8Array(OPCODE_COUNT);
/** 1 for opcodes the spec marks unused. */
export const OPCODE_IS_UNUSED = new Uint8Array(OPCODE_COUNT);

function define(opcode: number, name: string, format: F, reference: R = R.None, invoke = InvokeKind.None): void {
  OPCODE_NAMES[opcode] = name;
  OPCODE_FORMATS[opcode] = format;
  OPCODE_REFERENCES[opcode] = reference;
  OPCODE_INVOKE_KINDS[opcode] = invoke;
  OPCODE_IS_RANGE[opcode] = name.endsWith('/range') ? 1 : 0;
}

/** Defines consecutive opcodes sharing a format and reference kind. */
function run(first: number, names: readonly string[], format: F, reference: R = R.None): void {
  names.forEach((name, offset) => define(first + offset, name, format, reference));
}

function unused(first: number, last: number): void {
  for (let opcode = first; opcode <= last; opcode++) {
    define(opcode, `unused-${opcode.toString(16).padStart(2, '0')}`, F.F10x);
    OPCODE_IS_UNUSED[opcode] = 1;
  }
}

const TYPE_SUFFIXES = ['', '-wide', '-object', '-boolean', '-byte', '-char', '-short'] as const;
const BINARY_OPERATIONS = ['add', 'sub', 'mul', 'div', 'rem', 'and', 'or', 'xor', 'shl', 'shr', 'ushr'] as const;
const FLOAT_OPERATIONS = ['add', 'sub', 'mul', 'div', 'rem'] as const;

/** The four binop groups in opcode order (90..af, b0..cf use the same order). */
const BINOP_NAMES: readonly string[] = [
  ...BINARY_OPERATIONS.map((operation) => `${operation}-int`),
  ...BINARY_OPERATIONS.map((operation) => `${operation}-long`),
  ...FLOAT_OPERATIONS.map((operation) => `${operation}-float`),
  ...FLOAT_OPERATIONS.map((operation) => `${operation}-double`),
];

run(0x00, ['nop'], F.F10x);
define(0x01, 'move', F.F12x);
define(0x02, 'move/from16', F.F22x);
define(0x03, 'move/16', F.F32x);
define(0x04, 'move-wide', F.F12x);
define(0x05, 'move-wide/from16', F.F22x);
define(0x06, 'move-wide/16', F.F32x);
define(0x07, 'move-object', F.F12x);
define(0x08, 'move-object/from16', F.F22x);
define(0x09, 'move-object/16', F.F32x);
run(0x0a, ['move-result', 'move-result-wide', 'move-result-object', 'move-exception'], F.F11x);
define(0x0e, 'return-void', F.F10x);
run(0x0f, ['return', 'return-wide', 'return-object'], F.F11x);
define(0x12, 'const/4', F.F11n);
define(0x13, 'const/16', F.F21s);
define(0x14, 'const', F.F31i);
define(0x15, 'const/high16', F.F21h);
define(0x16, 'const-wide/16', F.F21s);
define(0x17, 'const-wide/32', F.F31i);
define(0x18, 'const-wide', F.F51l);
define(0x19, 'const-wide/high16', F.F21h);
define(0x1a, 'const-string', F.F21c, R.String);
define(0x1b, 'const-string/jumbo', F.F31c, R.String);
define(0x1c, 'const-class', F.F21c, R.ConstClass);
run(0x1d, ['monitor-enter', 'monitor-exit'], F.F11x);
define(0x1f, 'check-cast', F.F21c, R.CheckCast);
define(0x20, 'instance-of', F.F22c, R.Type);
define(0x21, 'array-length', F.F12x);
define(0x22, 'new-instance', F.F21c, R.NewInstance);
define(0x23, 'new-array', F.F22c, R.Type);
define(0x24, 'filled-new-array', F.F35c, R.Type);
define(0x25, 'filled-new-array/range', F.F3rc, R.Type);
define(0x26, 'fill-array-data', F.F31t);
define(0x27, 'throw', F.F11x);
define(0x28, 'goto', F.F10t);
define(0x29, 'goto/16', F.F20t);
define(0x2a, 'goto/32', F.F30t);
run(0x2b, ['packed-switch', 'sparse-switch'], F.F31t);
run(0x2d, ['cmpl-float', 'cmpg-float', 'cmpl-double', 'cmpg-double', 'cmp-long'], F.F23x);
run(0x32, ['if-eq', 'if-ne', 'if-lt', 'if-ge', 'if-gt', 'if-le'], F.F22t);
run(0x38, ['if-eqz', 'if-nez', 'if-ltz', 'if-gez', 'if-gtz', 'if-lez'], F.F21t);
unused(0x3e, 0x43);
run(
  0x44,
  TYPE_SUFFIXES.map((suffix) => `aget${suffix}`),
  F.F23x,
);
run(
  0x4b,
  TYPE_SUFFIXES.map((suffix) => `aput${suffix}`),
  F.F23x,
);
run(
  0x52,
  TYPE_SUFFIXES.map((suffix) => `iget${suffix}`),
  F.F22c,
  R.FieldRead,
);
run(
  0x59,
  TYPE_SUFFIXES.map((suffix) => `iput${suffix}`),
  F.F22c,
  R.FieldWrite,
);
run(
  0x60,
  TYPE_SUFFIXES.map((suffix) => `sget${suffix}`),
  F.F21c,
  R.FieldRead,
);
run(
  0x67,
  TYPE_SUFFIXES.map((suffix) => `sput${suffix}`),
  F.F21c,
  R.FieldWrite,
);

const INVOKE_KINDS: readonly [string, InvokeKind][] = [
  ['virtual', InvokeKind.Virtual],
  ['super', InvokeKind.Super],
  ['direct', InvokeKind.Direct],
  ['static', InvokeKind.Static],
  ['interface', InvokeKind.Interface],
];
INVOKE_KINDS.forEach(([name, kind], offset) => {
  define(0x6e + offset, `invoke-${name}`, F.F35c, R.Invoke, kind);
  define(0x74 + offset, `invoke-${name}/range`, F.F3rc, R.Invoke, kind);
});
unused(0x73, 0x73);
unused(0x79, 0x7a);
run(
  0x7b,
  [
    'neg-int',
    'not-int',
    'neg-long',
    'not-long',
    'neg-float',
    'neg-double',
    'int-to-long',
    'int-to-float',
    'int-to-double',
    'long-to-int',
    'long-to-float',
    'long-to-double',
    'float-to-int',
    'float-to-long',
    'float-to-double',
    'double-to-int',
    'double-to-long',
    'double-to-float',
    'int-to-byte',
    'int-to-char',
    'int-to-short',
  ],
  F.F12x,
);
run(0x90, BINOP_NAMES, F.F23x);
run(
  0xb0,
  BINOP_NAMES.map((name) => `${name}/2addr`),
  F.F12x,
);
run(
  0xd0,
  [
    'add-int/lit16',
    'rsub-int',
    'mul-int/lit16',
    'div-int/lit16',
    'rem-int/lit16',
    'and-int/lit16',
    'or-int/lit16',
    'xor-int/lit16',
  ],
  F.F22s,
);
run(
  0xd8,
  [
    'add-int/lit8',
    'rsub-int/lit8',
    'mul-int/lit8',
    'div-int/lit8',
    'rem-int/lit8',
    'and-int/lit8',
    'or-int/lit8',
    'xor-int/lit8',
    'shl-int/lit8',
    'shr-int/lit8',
    'ushr-int/lit8',
  ],
  F.F22b,
);
unused(0xe3, 0xf9);
// Dex 038+ (Android 8.0): method handles and call sites.
define(0xfa, 'invoke-polymorphic', F.F45cc, R.Invoke, InvokeKind.Polymorphic);
define(0xfb, 'invoke-polymorphic/range', F.F4rcc, R.Invoke, InvokeKind.Polymorphic);
define(0xfc, 'invoke-custom', F.F35c, R.CallSite, InvokeKind.Custom);
define(0xfd, 'invoke-custom/range', F.F3rc, R.CallSite, InvokeKind.Custom);
// Dex 039+ (Android 9).
define(0xfe, 'const-method-handle', F.F21c, R.MethodHandle);
define(0xff, 'const-method-type', F.F21c, R.Proto);

/** Code units of the instruction introduced by `opcode` (payloads excepted, see walker). */
export const OPCODE_CODE_UNITS: Uint8Array = OPCODE_FORMATS.map((format) => FORMAT_CODE_UNITS[format] ?? 1);

/** The constant pool an index operand points into (dex-format "Dalvik bytecode", `kind@` operands). */
type ConstantPool = 'string' | 'type' | 'field' | 'method' | 'call-site' | 'method-handle' | 'proto';

const POOL_OF_REFERENCE: readonly (ConstantPool | undefined)[] = [
  undefined, // None
  'string',
  'type', // Type
  'type', // NewInstance
  'type', // ConstClass
  'type', // CheckCast
  'method', // Invoke
  'field', // FieldRead
  'field', // FieldWrite
  'call-site',
  'method-handle',
  'proto',
];

export interface OpcodeInfo {
  readonly opcode: number;
  readonly name: string;
  /** Format id as the spec spells it, e.g. `35c`. */
  readonly format: string;
  readonly codeUnits: number;
  /** Pools of the index operands, in operand order (`45cc`/`4rcc`: method then proto). */
  readonly pools: readonly ConstantPool[];
  readonly invokeKind?: InvokeKindName;
  readonly range: boolean;
  readonly unused: boolean;
}

/** One row of the opcode table as an object (for listings and tests; the walker reads the typed arrays). */
export function opcodeInfo(opcode: number): OpcodeInfo {
  const code = opcode & 0xff;
  const format = OPCODE_FORMATS[code] ?? F.F10x;
  const pool = POOL_OF_REFERENCE[OPCODE_REFERENCES[code] ?? 0];
  const pools: ConstantPool[] = pool === undefined ? [] : [pool];
  if (format === F.F45cc || format === F.F4rcc) pools.push('proto');
  const invokeKind = INVOKE_KIND_NAMES[OPCODE_INVOKE_KINDS[code] ?? 0];
  return {
    opcode: code,
    name: OPCODE_NAMES[code] ?? '',
    format: formatName(format),
    codeUnits: OPCODE_CODE_UNITS[code] ?? 1,
    pools,
    ...(invokeKind === undefined ? {} : { invokeKind }),
    range: OPCODE_IS_RANGE[code] === 1,
    unused: OPCODE_IS_UNUSED[code] === 1,
  };
}
