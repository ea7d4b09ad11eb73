/**
 * Parses `dexdump -d` disassembly (Debian dexdump 11) into methods with their
 * instructions, so the walker can be compared with it instruction by instruction.
 *
 * Lines look like:
 *   `      insns size    : 36 16-bit code units`
 *   `000e68:                                        |[000e68] fixtures.Payloads.switches:(I)I`
 *   `000e78: 2b03 0c00 0000                         |0000: packed-switch v3, 0000000c // +0000000c`
 *   `000d6e: fa20 1b00 0700 0b00                    |0001: invoke-polymorphic {...}, ... // method@001b, proto@000b`
 */

/** code_item header before insns: registers, ins, outs, tries (ushort each), debug_info_off, insns_size (uint each). */
export const CODE_ITEM_HEADER_SIZE = 16;

export interface DexdumpReference {
  /** dexdump's pool name: string, type, field, method, call_site, method_handle, proto. */
  readonly pool: string;
  readonly index: number;
}

export interface DexdumpInstruction {
  readonly fileOffset: number;
  readonly codeUnitOffset: number;
  readonly mnemonic: string;
  readonly references: DexdumpReference[];
}

export interface DexdumpMethod {
  /** e.g. `fixtures.Payloads.switches:(I)I`. */
  readonly name: string;
  readonly codeItemOffset: number;
  readonly instructionsOffset: number;
  readonly instructionsSize: number;
  readonly instructions: DexdumpInstruction[];
}

const INSNS_SIZE = /^\s+insns size\s+: (\d+) 16-bit code units/;
const METHOD_HEADER = /^([0-9a-f]+):\s+\|\[([0-9a-f]+)\] (.*)$/;
const INSTRUCTION = /^([0-9a-f]+): [0-9a-f. ]*\|([0-9a-f]+): (\S+)(.*)$/;
const REFERENCE = /\b(string|type|field|method|call_site|method_handle|proto)@([0-9a-f]+)/g;

export function parseDexdump(text: string): DexdumpMethod[] {
  const methods: DexdumpMethod[] = [];
  let pendingSize = -1;
  let current: DexdumpMethod | undefined;
  for (const line of text.split('\n')) {
    const size = INSNS_SIZE.exec(line);
    if (size) {
      pendingSize = Number(size[1]);
      current = undefined;
      continue;
    }
    const header = METHOD_HEADER.exec(line);
    if (header && pendingSize >= 0) {
      const codeItemOffset = parseInt(header[2] ?? '', 16);
      current = {
        name: header[3] ?? '',
        codeItemOffset,
        instructionsOffset: codeItemOffset + CODE_ITEM_HEADER_SIZE,
        instructionsSize: pendingSize,
        instructions: [],
      };
      methods.push(current);
      pendingSize = -1;
      continue;
    }
    if (current === undefined) continue;
    const instruction = INSTRUCTION.exec(line);
    if (!instruction) {
      if (!line.startsWith('0')) current = undefined;
      continue;
    }
    const mnemonic = instruction[3] ?? '';
    const rest = instruction[4] ?? '';
    let references: DexdumpReference[] = [...rest.matchAll(REFERENCE)].map((match) => ({
      pool: match[1] ?? '',
      index: parseInt(match[2] ?? '', 16),
    }));
    // A string literal may itself contain `method@12`; dexdump puts the real index last (`// string@0033`).
    // Names of types, fields and methods cannot contain '@' (dex-format, SimpleName), so only strings need this.
    if (mnemonic.startsWith('const-string')) references = references.slice(-1);
    current.instructions.push({
      fileOffset: parseInt(instruction[1] ?? '', 16),
      codeUnitOffset: parseInt(instruction[2] ?? '', 16),
      mnemonic,
      references,
    });
  }
  return methods;
}
