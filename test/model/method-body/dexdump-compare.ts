/**
 * Method bodies against `dexdump -d`: for every method dexdump disassembles,
 * the body decoded by the model (src/model/method-body) must list the same
 * instructions at the same offsets, with the same mnemonic, register operands,
 * literal, references (pool, index and name), branch and payload targets, the
 * same registers/ins/outs and the same try ranges and handlers. dexdump's text
 * is read as latin1 (it prints MUTF-8 bytes raw); our names are compared in
 * the same bytes.
 *
 * Switch cases are not printed by dexdump -d (a payload row shows its first
 * code units only): baksmali-compare.ts checks them.
 */
import type { DexFile } from '../../../src/formats/dex/index.js';
import { MethodBody } from '../../../src/model/method-body/index.js';
import { encodeMutf8 } from '../../../src/formats/dex/index.js';
import type { DexdumpInstruction, DexdumpMethod } from '../../dex/bytecode/dexdump-listing.js';

export interface BodyComparison {
  methods: number;
  instructions: number;
  /** Register operands compared (a range counts each register). */
  registers: number;
  literals: number;
  /** Pool references compared by pool and index. */
  references: number;
  /** References whose resolved name was compared too (string text, type, field, method, proto). */
  names: number;
  /** Branch targets (goto, if-*) and payload targets (switch, fill-array-data). */
  targets: number;
  tries: number;
  handlers: number;
  mismatches: string[];
}

export function emptyComparison(): BodyComparison {
  return {
    methods: 0,
    instructions: 0,
    registers: 0,
    literals: 0,
    references: 0,
    names: 0,
    targets: 0,
    tries: 0,
    handlers: 0,
    mismatches: [],
  };
}

const MAX_MISMATCHES = 50;
const POOL_NAMES: Record<string, string> = {
  string: 'string',
  type: 'type',
  'new-instance': 'type',
  'const-class': 'type',
  'check-cast': 'type',
  invoke: 'method',
  'field-read': 'field',
  'field-write': 'field',
  'call-site': 'call_site',
  'method-handle': 'method_handle',
  proto: 'proto',
};

/** A string as the raw MUTF-8 bytes dexdump prints, read back as latin1. */
function toolText(value: string): string {
  return Buffer.from(encodeMutf8(value)).toString('latin1');
}

/** End of the type descriptor that starts `text` (dex-format TypeDescriptor). */
function descriptorEnd(text: string): number {
  let position = 0;
  while (text[position] === '[') position++;
  return text[position] === 'L' ? text.indexOf(';', position) + 1 : position + 1;
}

/** dexdump's member spelling in smali's: `Lx;.m:(I)V` -> `Lx;->m(I)V`, `Lx;.f:I` -> `Lx;->f:I`. */
function smaliMember(written: string, method: boolean): string {
  const end = descriptorEnd(written);
  const member = written.slice(end + 1);
  if (!method) return `${written.slice(0, end)}->${member}`;
  const colon = member.indexOf(':');
  return `${written.slice(0, end)}->${member.slice(0, colon)}${member.slice(colon + 1)}`;
}

interface Operands {
  registers: number[];
  /** Text after the registers and before the comment. */
  rest: string;
  comment: string;
}

const REGISTER = /^v(\d+)$/;

function splitOperands(instruction: DexdumpInstruction): Operands {
  const text = instruction.text;
  const cut = text.lastIndexOf(' // ');
  const operands = cut < 0 ? text : text.slice(0, cut);
  const comment = cut < 0 ? '' : text.slice(cut + 4);
  if (operands.startsWith('{')) {
    const close = operands.indexOf('}');
    const inside = operands.slice(1, close).trim();
    const registers = inside === '' ? [] : inside.split(', ').map((token) => Number(REGISTER.exec(token)?.[1] ?? NaN));
    return { registers, rest: operands.slice(close + 1).replace(/^, /, ''), comment };
  }
  const tokens = operands.split(', ');
  const registers: number[] = [];
  let position = 0;
  while (position < tokens.length && REGISTER.test(tokens[position]!)) {
    registers.push(Number(REGISTER.exec(tokens[position]!)![1]));
    position++;
  }
  return { registers, rest: tokens.slice(position).join(', '), comment };
}

/** The literal dexdump prints: `#int N`, `#long N` by value; `#float`/`#double` by their raw bits in the comment. */
function expectedLiteral(operands: Operands, mnemonic: string): { value: bigint; bits: number } | undefined {
  const match = /^#(int|long|float|double) (\S+)$/.exec(operands.rest);
  if (!match) return undefined;
  if (match[1] === 'int' || match[1] === 'long') return { value: BigInt(match[2]!), bits: 64 };
  const hex = /^#([0-9a-f]+)$/.exec(operands.comment)?.[1];
  if (hex === undefined) return undefined;
  // const (31i) and const-wide/32 print the 32 raw bits as a float; const-wide (51l) the 64 as a double.
  return { value: BigInt(`0x${hex}`), bits: mnemonic === 'const-wide' ? 64 : 32 };
}

/** Compares the bodies of `dex` with dexdump's listing of it; adds to `totals`. */
export function compareBodies(
  dex: DexFile,
  label: string,
  listing: readonly DexdumpMethod[],
  totals: BodyComparison,
): void {
  const mismatch = (text: string): void => {
    if (totals.mismatches.length < MAX_MISMATCHES) totals.mismatches.push(`${label}: ${text}`);
  };
  // dexdump names a method's code by its code_item offset: find the member row with that code.
  const rowByCode = new Map<number, number>();
  const members = dex.members;
  for (let row = 0; row < members.methodCount; row++) {
    const code = members.methodCodeOffsets[row] as number;
    if (code !== 0 && !rowByCode.has(code)) rowByCode.set(code, row);
  }
  const bodies = new Map<number, MethodBody>();
  for (const method of listing) {
    const row = rowByCode.get(method.codeItemOffset);
    const code = row === undefined ? undefined : members.codeItem(row);
    if (row === undefined || code === undefined) {
      mismatch(`${method.name}: no code_item at 0x${method.codeItemOffset.toString(16)}`);
      continue;
    }
    let body = bodies.get(method.codeItemOffset);
    if (body === undefined) {
      body = new MethodBody({
        dex,
        dexName: label,
        methodIndex: members.methodIndexes[row] as number,
        accessFlags: members.methodAccessFlags[row] as number,
        code,
      });
      bodies.set(method.codeItemOffset, body);
    }
    totals.methods++;
    compareMethod(body, method, totals, mismatch);
  }
}

function compareMethod(
  body: MethodBody,
  method: DexdumpMethod,
  totals: BodyComparison,
  mismatch: (text: string) => void,
): void {
  const where = method.name;
  if (method.registers >= 0 && method.registers !== body.registersSize)
    mismatch(`${where}: registers ${body.registersSize}, dexdump ${method.registers}`);
  if (method.ins >= 0 && method.ins !== body.insSize) mismatch(`${where}: ins ${body.insSize}, dexdump ${method.ins}`);
  if (method.outs >= 0 && method.outs !== body.outsSize)
    mismatch(`${where}: outs ${body.outsSize}, dexdump ${method.outs}`);
  if (body.count !== method.instructions.length)
    mismatch(`${where}: ${body.count} instructions decoded, dexdump lists ${method.instructions.length}`);
  const count = Math.min(body.count, method.instructions.length);
  for (let index = 0; index < count; index++) {
    const expected = method.instructions[index]!;
    const at = `${where} |${expected.codeUnitOffset.toString(16).padStart(4, '0')} ${expected.mnemonic}`;
    totals.instructions++;
    if (
      body.offsets[index] !== expected.codeUnitOffset ||
      body.fileOffset(index) !== expected.fileOffset ||
      body.mnemonic(index) !== expected.mnemonic
    ) {
      mismatch(`${at}: decoded ${body.mnemonic(index)} at |${body.offsets[index]!.toString(16)}`);
      return; // the rest of the method is out of step
    }
    if (body.isPayload(index)) continue;
    const operands = splitOperands(expected);
    // Registers.
    const registers = body.registerList(index);
    totals.registers += operands.registers.length;
    if (registers.join(',') !== operands.registers.join(','))
      mismatch(`${at}: registers [${registers.join(',')}] dexdump [${operands.registers.join(',')}]`);
    // Literal.
    const literal = body.literal(index);
    const wanted = expectedLiteral(operands, expected.mnemonic);
    if (literal !== undefined || wanted !== undefined) {
      totals.literals++;
      const ours = literal === undefined || wanted === undefined ? undefined : BigInt.asUintN(wanted.bits, literal);
      const theirs = wanted === undefined ? undefined : BigInt.asUintN(wanted.bits, wanted.value);
      if (ours === undefined || ours !== theirs) mismatch(`${at}: literal ${literal} dexdump ${expected.text}`);
    }
    // References: pool@index from the comment, names from the operands.
    const kind = body.referenceKind(index);
    const found: string[] = [];
    if (kind !== undefined) {
      found.push(`${POOL_NAMES[kind]}@${body.referenceIndex(index)}`);
      if (body.protoIndex(index) >= 0) found.push(`proto@${body.protoIndex(index)}`);
    }
    const listed = expected.references.map((reference) => `${reference.pool}@${reference.index}`);
    totals.references += listed.length;
    if (found.join(',') !== listed.join(','))
      mismatch(`${at}: references [${found.join(',')}] dexdump [${listed.join(',')}]`);
    else if (kind !== undefined) compareName(body, index, kind, operands, at, totals, mismatch);
    // Targets.
    const branch = body.branchTarget(index);
    const payload = body.payloadOffset(index);
    const target = branch ?? payload;
    if (target !== undefined) {
      totals.targets++;
      const relative = /^#([0-9a-f]{8})$/.exec(operands.rest);
      const theirs = relative
        ? (expected.codeUnitOffset + (parseInt(relative[1]!, 16) | 0)) >>> 0
        : parseInt(operands.rest.split(', ').pop() ?? '', 16);
      if (target >>> 0 !== theirs) mismatch(`${at}: target ${target} dexdump ${expected.text}`);
    }
  }
  // Try ranges and handlers.
  const tries = body.tries;
  totals.tries += method.tries.length;
  const ours = tries.map(
    (range) =>
      `${range.start}-${range.end}:${range.clauses.map((clause) => `${clause.type === undefined ? '<any>' : toolText(clause.type)}>${clause.address}`).join(',')}`,
  );
  const theirs = [...method.tries]
    .sort((left, right) => left.start - right.start)
    .map(
      (range) =>
        `${range.start}-${range.end}:${range.handlers.map((handler) => `${handler.type}>${handler.address}`).join(',')}`,
    );
  for (const range of method.tries) totals.handlers += range.handlers.length;
  if (ours.join(' ') !== theirs.join(' ')) mismatch(`${where}: tries ${ours.join(' ')} dexdump ${theirs.join(' ')}`);
}

function compareName(
  body: MethodBody,
  index: number,
  kind: string,
  operands: Operands,
  at: string,
  totals: BodyComparison,
  mismatch: (text: string) => void,
): void {
  const name = body.referenceName(index) ?? '';
  let theirs: string | undefined;
  let ours = toolText(name);
  if (kind === 'string') {
    // `"text"`: dexdump prints the bytes between the quotes raw.
    theirs = operands.rest.startsWith('"') && operands.rest.endsWith('"') ? operands.rest.slice(1, -1) : undefined;
  } else if (kind === 'type' || kind === 'new-instance' || kind === 'const-class' || kind === 'check-cast') {
    theirs = operands.rest;
  } else if (kind === 'field-read' || kind === 'field-write') {
    theirs = smaliMember(operands.rest, false);
  } else if (kind === 'invoke') {
    const polymorphic = body.protoIndex(index) >= 0;
    const written = polymorphic ? operands.rest.slice(0, operands.rest.lastIndexOf(', ')) : operands.rest;
    theirs = smaliMember(written, true);
    if (polymorphic) {
      ours += `, ${body.instruction(index).reference?.proto?.name}`;
      theirs += operands.rest.slice(operands.rest.lastIndexOf(', '));
    }
  } else if (kind === 'proto' && operands.rest.startsWith('(')) {
    theirs = operands.rest;
  }
  if (theirs === undefined) return; // call sites and method handles: compared by index only
  totals.names++;
  if (ours !== theirs) mismatch(`${at}: name ${JSON.stringify(ours)} dexdump ${JSON.stringify(theirs)}`);
}
