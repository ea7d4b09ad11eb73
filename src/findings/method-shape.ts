/**
 * The shape of a short method body: "returns nothing and does nothing" or
 * "returns constant N", read from the first code units of the method (Dalvik
 * bytecode spec: return-void 0x0e, const/4 0x12 "B|A|op", const/16 0x13
 * "AA|op BBBB", return 0x0f "AA|op"). Used to recognise TLS checks that accept
 * everything. Bounded: at most SHAPE_CODE_UNITS are decoded.
 */
import type { AppModel } from '../model/app-model.js';
import { classDefinitions } from './app-facts.js';
import { ByteReader, OutOfBoundsError } from '../formats/binary/byte-reader.js';

const OP_RETURN_VOID = 0x0e;
const OP_RETURN = 0x0f;
const OP_CONST_4 = 0x12;
const OP_CONST_16 = 0x13;
const CODE_UNIT_BYTES = 2;
/** Longer methods are not "trivial" for our purposes. */
export const SHAPE_CODE_UNITS = 4;
const NIBBLE = 4;

export type MethodShape =
  | { readonly kind: 'return-void-only'; readonly dex: string; readonly offset: number; readonly codeUnits: number }
  | {
      readonly kind: 'returns-constant';
      readonly value: number;
      readonly dex: string;
      readonly offset: number;
      readonly codeUnits: number;
    }
  | { readonly kind: 'other'; readonly dex: string; readonly offset: number; readonly codeUnits: number };

/** Shape of `Lclass;->name(desc)ret` as the app defines it; undefined if the app has no code for it. */
export function methodShape(
  app: AppModel,
  classDescriptor: string,
  nameAndDescriptor: string,
): MethodShape | undefined {
  const found = classDefinitions(app).get(classDescriptor);
  if (found?.classDef.classData === undefined) return undefined;
  const { source, classDef } = found;
  const dex = source.dex;
  for (const method of [...(classDef.classData?.virtualMethods ?? []), ...(classDef.classData?.directMethods ?? [])]) {
    const signature = dex.methodSignature(method.methodIndex);
    if (!signature.endsWith(`->${nameAndDescriptor}`) || method.code === undefined) continue;
    return decode(dex.bytes, dex.base, source.name, method.code.instructionsOffset, method.code.instructionsSize);
  }
  return undefined;
}

function decode(bytes: Uint8Array, base: number, dexName: string, offset: number, codeUnits: number): MethodShape {
  const place = { dex: dexName, offset, codeUnits };
  if (codeUnits > SHAPE_CODE_UNITS) return { kind: 'other', ...place };
  try {
    const reader = new ByteReader(bytes, base).slice(offset - base, codeUnits * CODE_UNIT_BYTES);
    const first = reader.u16();
    const opcode = first & 0xff;
    if (opcode === OP_RETURN_VOID && codeUnits === 1) return { kind: 'return-void-only', ...place };
    let register: number;
    let value: number;
    if (opcode === OP_CONST_4) {
      register = (first >> 8) & 0xf;
      value = ((first >> 12) << (32 - NIBBLE)) >> (32 - NIBBLE); // sign-extend the 4-bit literal
    } else if (opcode === OP_CONST_16) {
      register = first >> 8;
      value = (reader.u16() << 16) >> 16;
    } else {
      return { kind: 'other', ...place };
    }
    const next = reader.u16();
    if ((next & 0xff) === OP_RETURN && next >> 8 === register) return { kind: 'returns-constant', value, ...place };
    return { kind: 'other', ...place };
  } catch (error) {
    if (!(error instanceof OutOfBoundsError)) throw error;
    return { kind: 'other', ...place };
  }
}
