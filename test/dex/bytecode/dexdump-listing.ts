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
const CODE_ITEM_HEADER_SIZE = 16;

interface DexdumpReference {
  /** dexdump's pool name: string, type, field, method, call_site, method_handle, proto. */
  readonly pool: string;
  readonly index: number;
}

export interface DexdumpInstruction {
  readonly fileOffset: number;
  readonly codeUnitOffset: number;
  readonly mnemonic: string;
  /** Operands and comment as printed, e.g. `{v1}, Ljava/lang/Object;.toString:()Ljava/lang/String; // method@0017`. */
  readonly text: string;
  readonly references: DexdumpReference[];
}

/** One try range as dexdump prints it under `catches`: `0x0001 - 0x0005`, then `Ltype; -> 0x0006` or `<any> -> 0x0008`. */
interface DexdumpTry {
  readonly start: number;
  readonly end: number;
  readonly handlers: Array<{ readonly type: string; readonly address: number }>;
}

export interface DexdumpMethod {
  /** e.g. `fixtures.Payloads.switches:(I)I`. */
  readonly name: string;
  readonly codeItemOffset: number;
  readonly instructionsOffset: number;
  readonly instructionsSize: number;
  readonly instructions: DexdumpInstruction[];
  /** registers, ins, outs as printed before the code (-1 when absent). */
  readonly registers: number;
  readonly ins: number;
  readonly outs: number;
  /** The `catches` table printed after the code. */
  readonly tries: DexdumpTry[];
}

const INSNS_SIZE = /^\s+insns size\s+: (\d+) 16-bit code units/;
const METHOD_HEADER = /^([0-9a-f]+):\s+\|\[([0-9a-f]+)\] (.*)$/s;
// dotAll: string literals are printed raw and may hold \r or U+2028, which `.` would not match.
const INSTRUCTION = /^([0-9a-f]+): [0-9a-f. ]*\|([0-9a-f]+): (\S+)(.*)$/s;
const REFERENCE = /\b(string|type|field|method|call_site|method_handle|proto)@([0-9a-f]+)/g;

/** Closes a method's listing: dexdump prints its try/catch table right after the code. */
const METHOD_END = /^\s+catches\s+:/;
const CODE_FIELD = /^\s+(registers|ins|outs)\s+: (\d+)$/;
const TRY_RANGE = /^\s+0x([0-9a-f]+) - 0x([0-9a-f]+)$/;
const TRY_HANDLER = /^\s+(.+) -> 0x([0-9a-f]+)$/s;
/** Ends the catches table. */
const CATCHES_END = /^\s+positions\s+:/;

interface RawInstruction {
  fileOffset: number;
  codeUnitOffset: number;
  mnemonic: string;
  /** Operands and comment; grows when dexdump prints a string literal's raw newline. */
  text: string;
}

interface OpenMethod {
  readonly method: DexdumpMethod;
  readonly raw: RawInstruction[];
}

export function parseDexdump(text: string): DexdumpMethod[] {
  const methods: DexdumpMethod[] = [];
  let pendingSize = -1;
  let open: OpenMethod | undefined;
  const fields = { registers: -1, ins: -1, outs: -1 };
  /** The method whose catches table is being read. */
  let catches: DexdumpMethod | undefined;
  const close = (): void => {
    if (open === undefined) return;
    for (const raw of open.raw) open.method.instructions.push(finishInstruction(raw));
    open = undefined;
  };
  for (const line of text.split('\n')) {
    if (catches !== undefined) {
      const range = TRY_RANGE.exec(line);
      const handler = range ? null : TRY_HANDLER.exec(line);
      if (range) catches.tries.push({ start: parseInt(range[1]!, 16), end: parseInt(range[2]!, 16), handlers: [] });
      else if (handler && catches.tries.length > 0)
        catches.tries[catches.tries.length - 1]!.handlers.push({
          type: handler[1]!,
          address: parseInt(handler[2]!, 16),
        });
      else if (CATCHES_END.test(line) || line.trim() === '') catches = undefined;
      continue;
    }
    const field = CODE_FIELD.exec(line);
    if (field) {
      fields[field[1] as keyof typeof fields] = Number(field[2]);
      continue;
    }
    const size = INSNS_SIZE.exec(line);
    if (size) {
      close();
      pendingSize = Number(size[1]);
      continue;
    }
    const header = METHOD_HEADER.exec(line);
    if (header && pendingSize >= 0) {
      const codeItemOffset = parseInt(header[2] ?? '', 16);
      const method: DexdumpMethod = {
        name: header[3] ?? '',
        codeItemOffset,
        instructionsOffset: codeItemOffset + CODE_ITEM_HEADER_SIZE,
        instructionsSize: pendingSize,
        instructions: [],
        registers: fields.registers,
        ins: fields.ins,
        outs: fields.outs,
        tries: [],
      };
      fields.registers = fields.ins = fields.outs = -1;
      methods.push(method);
      open = { method, raw: [] };
      pendingSize = -1;
      continue;
    }
    if (open === undefined) continue;
    if (METHOD_END.test(line)) {
      catches = open.method;
      close();
      continue;
    }
    const instruction = INSTRUCTION.exec(line);
    if (instruction) {
      open.raw.push({
        fileOffset: parseInt(instruction[1] ?? '', 16),
        codeUnitOffset: parseInt(instruction[2] ?? '', 16),
        mnemonic: instruction[3] ?? '',
        text: instruction[4] ?? '',
      });
      continue;
    }
    // dexdump prints string literals raw: a newline inside one continues the previous instruction.
    const previous = open.raw[open.raw.length - 1];
    if (previous !== undefined) previous.text += `\n${line}`;
  }
  close();
  return methods;
}

function finishInstruction(raw: RawInstruction): DexdumpInstruction {
  let references: DexdumpReference[] = [...raw.text.matchAll(REFERENCE)].map((match) => ({
    pool: match[1] ?? '',
    index: parseInt(match[2] ?? '', 16),
  }));
  // A string literal may itself contain `method@12`; dexdump puts the real index last (`// string@0033`).
  // Names of types, fields and methods cannot contain '@' (dex-format, SimpleName), so only strings need this.
  if (raw.mnemonic.startsWith('const-string')) references = references.slice(-1);
  return {
    fileOffset: raw.fileOffset,
    codeUnitOffset: raw.codeUnitOffset,
    mnemonic: raw.mnemonic,
    text: raw.text.trim(),
    references,
  };
}
