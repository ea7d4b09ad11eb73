/**
 * Walks every method dexdump listed and compares, instruction by instruction,
 * file offset, code-unit offset, mnemonic and referenced pool indices.
 */
import { DiagnosticSink } from '../../../src/formats/diagnostics.js';
import {
  FILL_ARRAY_DATA_PAYLOAD_IDENT,
  InstructionList,
  OPCODE_NAMES,
  PACKED_SWITCH_PAYLOAD_IDENT,
  ReferenceKind,
  ReferenceList,
  SPARSE_SWITCH_PAYLOAD_IDENT,
  walkInstructions,
} from '../../../src/formats/dex/bytecode/index.js';
import type { DexdumpMethod } from './dexdump-listing.js';

/** dexdump's names for the payload pseudo-instructions. */
const PAYLOAD_MNEMONICS = new Map<number, string>([
  [PACKED_SWITCH_PAYLOAD_IDENT, 'packed-switch-data'],
  [SPARSE_SWITCH_PAYLOAD_IDENT, 'sparse-switch-data'],
  [FILL_ARRAY_DATA_PAYLOAD_IDENT, 'array-data'],
]);

/** dexdump's pool name for each of our reference kinds. */
const POOL_OF_KIND: Record<number, string> = {
  [ReferenceKind.String]: 'string',
  [ReferenceKind.Type]: 'type',
  [ReferenceKind.NewInstance]: 'type',
  [ReferenceKind.ConstClass]: 'type',
  [ReferenceKind.CheckCast]: 'type',
  [ReferenceKind.Invoke]: 'method',
  [ReferenceKind.FieldRead]: 'field',
  [ReferenceKind.FieldWrite]: 'field',
  [ReferenceKind.CallSite]: 'call_site',
  [ReferenceKind.MethodHandle]: 'method_handle',
  [ReferenceKind.Proto]: 'proto',
};

export interface Comparison {
  methods: number;
  instructions: number;
  references: number;
  mismatches: string[];
  diagnostics: number;
}

const MAX_REPORTED_MISMATCHES = 20;

export function compareWithDexdump(dex: Uint8Array, methods: readonly DexdumpMethod[]): Comparison {
  const result: Comparison = { methods: 0, instructions: 0, references: 0, mismatches: [], diagnostics: 0 };
  const references = new ReferenceList();
  const instructions = new InstructionList();
  const mismatch = (text: string): void => {
    if (result.mismatches.length < MAX_REPORTED_MISMATCHES) result.mismatches.push(text);
    else result.mismatches.length = MAX_REPORTED_MISMATCHES; // keep the count bounded; first ones are enough
  };
  for (const method of methods) {
    const sink = new DiagnosticSink();
    references.clear();
    instructions.clear();
    walkInstructions(dex, method.instructionsOffset, method.instructionsSize, sink, { references, instructions });
    result.diagnostics += sink.diagnostics.length;
    result.methods++;
    if (instructions.count !== method.instructions.length) {
      mismatch(
        `${method.name}: ${instructions.count} instructions walked, dexdump lists ${method.instructions.length}`,
      );
    }
    let referenceCursor = 0;
    const count = Math.min(instructions.count, method.instructions.length);
    for (let position = 0; position < count; position++) {
      const expected = method.instructions[position];
      if (expected === undefined) break;
      const codeUnitOffset = instructions.codeUnitOffsets[position] ?? -1;
      const opcode = instructions.opcodes[position] ?? -1;
      const mnemonic = PAYLOAD_MNEMONICS.get(opcode) ?? OPCODE_NAMES[opcode] ?? '?';
      const fileOffset = method.instructionsOffset + codeUnitOffset * 2;
      result.instructions++;
      if (
        codeUnitOffset !== expected.codeUnitOffset ||
        fileOffset !== expected.fileOffset ||
        mnemonic !== expected.mnemonic
      ) {
        mismatch(
          `${method.name} |${expected.codeUnitOffset.toString(16)}: dexdump ${expected.mnemonic} at ${expected.fileOffset.toString(16)}, ` +
            `walker ${mnemonic} at |${codeUnitOffset.toString(16)} ${fileOffset.toString(16)}`,
        );
        break;
      }
      const found: string[] = [];
      while (referenceCursor < references.count && references.codeUnitOffsets[referenceCursor] === codeUnitOffset) {
        const absolute = references.absoluteOffsets[referenceCursor];
        if (absolute !== fileOffset)
          mismatch(`${method.name} |${codeUnitOffset.toString(16)}: absolute offset ${absolute}`);
        found.push(`${POOL_OF_KIND[references.kinds[referenceCursor] ?? 0]}@${references.indices[referenceCursor]}`);
        referenceCursor++;
      }
      const wanted = expected.references.map((reference) => `${reference.pool}@${reference.index}`);
      result.references += wanted.length;
      if (found.join(',') !== wanted.join(',')) {
        mismatch(
          `${method.name} |${codeUnitOffset.toString(16)} ${mnemonic}: walker [${found.join(',')}] dexdump [${wanted.join(',')}]`,
        );
      }
    }
  }
  return result;
}
