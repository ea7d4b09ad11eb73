/**
 * Method bodies on hostile input: every one-byte corruption of the fixture dex
 * files decodes without an exception and keeps the graph's invariants; crafted
 * methods named by their trick (branches into instructions, payloads pointing
 * anywhere, switches sharing one huge payload, a handler list shared by thousands
 * of throwing instructions, overlapping try ranges) end in bounded work with one
 * diagnostic each.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeItem, DexFile } from '../../../src/formats/dex/index.js';
import { dexFileSource } from '../../../src/model/code/index.js';
import { EDGES_PER_CODE_UNIT, MethodBody } from '../../../src/model/method-body/index.js';
import { repositoryRoot } from '../../support/corpus.js';

const FIXTURES = join(repositoryRoot, 'fixtures', 'smali');
const ACC_STATIC = 0x0008;

/** Decodes every method with code and asks everything of it; returns the bodies. */
function exercise(dex: DexFile, label: string): MethodBody[] {
  const bodies: MethodBody[] = [];
  for (let row = 0; row < dex.members.methodCount; row++) {
    const code = dex.members.codeItem(row);
    if (code === undefined) continue;
    const body = new MethodBody({
      dex,
      dexName: label,
      methodIndex: dex.members.methodIndexes[row] as number,
      accessFlags: dex.members.methodAccessFlags[row] as number,
      code,
    });
    checkInvariants(body, label);
    bodies.push(body);
  }
  return bodies;
}

function checkInvariants(body: MethodBody, label: string): void {
  for (let index = 0; index < body.count; index++) {
    assert.ok(body.offsets[index]! < Math.max(1, body.codeUnits), `${label}: offset inside the method`);
    if (index > 0) assert.ok(body.offsets[index]! > body.offsets[index - 1]!, `${label}: offsets increase`);
    const view = body.instruction(index);
    assert.ok(view.fileOffset >= 0 && view.fileOffset < body.dexSize, `${label}: file offset in the dex`);
    for (let k = 0; k < body.readCount(index); k++) assert.ok(body.readRegister(index, k) < body.registerBound);
    assert.ok(body.writtenRegister(index) < body.registerBound);
    body.switchCases(index);
    body.arrayData(index);
    body.argumentRegisters(index);
    body.tryOf(index);
  }
  const cfg = body.cfg;
  let covered = 0;
  for (let block = 0; block < cfg.blockCount; block++) {
    assert.ok(cfg.blockStart[block]! < cfg.blockEnd[block]!, `${label}: a block holds an instruction`);
    for (let index = cfg.blockStart[block]!; index < cfg.blockEnd[block]!; index++) {
      assert.equal(cfg.blockOf[index], block, `${label}: blockOf`);
      covered++;
    }
    for (const next of cfg.successors(block)) assert.ok(next < cfg.blockCount);
    for (const next of cfg.exceptionalSuccessors(block)) assert.ok(next < cfg.blockCount);
    cfg.predecessors(block);
    cfg.exceptionalPredecessors(block);
  }
  const payloads = Array.from(body.opcodes).filter((opcode) => opcode > 0xff).length;
  assert.equal(covered + payloads, body.count, `${label}: blocks cover every instruction but payloads`);
  assert.ok(cfg.successorBlocks.length + cfg.handlerBlocks.length <= body.codeUnits * EDGES_PER_CODE_UNIT + 1024);
}

for (const name of ['method-body.dex', 'Payloads.dex', 'Formats.dex']) {
  test(`every one-byte corruption of fixtures/smali/${name}: bodies decode, graphs hold their invariants`, (t) => {
    const original = new Uint8Array(readFileSync(join(FIXTURES, name)));
    let bodies = 0;
    let diagnostics = 0;
    for (let position = 0; position < original.length; position++) {
      for (const value of [0x00, 0xff, (original[position] ?? 0) ^ 0x01]) {
        const bytes = original.slice();
        bytes[position] = value;
        const dex = dexFileSource(name, bytes).value.dex;
        if (dex === undefined) continue;
        for (const body of exercise(dex, `${name}+${position}=${value}`)) {
          bodies++;
          diagnostics += body.diagnostics.length;
        }
      }
    }
    t.diagnostic(`${name}: ${bodies} bodies of corrupted files, ${diagnostics} diagnostics`);
    assert.ok(bodies > original.length);
  });
}

/** Code units and try items of a crafted method. */
interface Crafted {
  readonly units: readonly number[];
  readonly registers?: number;
  readonly ins?: number;
  readonly tries?: ReadonlyArray<{
    readonly start: number;
    readonly count: number;
    readonly handlers: ReadonlyArray<readonly [number, number]>;
    readonly catchAll?: number;
  }>;
  /** Every try item points at the first one's handler list (as d8 shares identical lists). */
  readonly shareHandlers?: boolean;
}

function uleb(value: number, out: number[]): void {
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
}

function sleb(value: number, out: number[]): void {
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/** The method-body fixture with a code_item appended (its tries and handlers too), decoded as a static method. */
function craft(method: Crafted): MethodBody {
  const base = new Uint8Array(readFileSync(join(FIXTURES, 'method-body.dex')));
  const start = (base.length + 3) & ~3;
  const code: number[] = [];
  const u16 = (value: number): void => {
    code.push(value & 0xff, (value >>> 8) & 0xff);
  };
  const u32 = (value: number): void => {
    u16(value & 0xffff);
    u16(value >>> 16);
  };
  const tries = method.tries ?? [];
  u16(method.registers ?? 8);
  u16(method.ins ?? 0);
  u16(0);
  u16(tries.length);
  u32(0);
  u32(method.units.length);
  for (const unit of method.units) u16(unit);
  if (tries.length > 0 && method.units.length % 2 === 1) u16(0);
  // One encoded_catch_handler per try item, in order.
  const handlerBytes: number[] = [];
  uleb(tries.length, handlerBytes);
  const handlerOffsets: number[] = [];
  for (const range of method.shareHandlers === true ? tries.slice(0, 1) : tries) {
    handlerOffsets.push(handlerBytes.length);
    sleb(range.catchAll === undefined ? range.handlers.length : -range.handlers.length, handlerBytes);
    for (const [type, address] of range.handlers) {
      uleb(type, handlerBytes);
      uleb(address, handlerBytes);
    }
    if (range.catchAll !== undefined) uleb(range.catchAll, handlerBytes);
  }
  tries.forEach((range, index) => {
    u32(range.start);
    u16(range.count);
    u16(handlerOffsets[method.shareHandlers === true ? 0 : index]!);
  });
  if (tries.length > 0) for (const byte of handlerBytes) code.push(byte);
  const bytes = new Uint8Array(start + code.length);
  bytes.set(base);
  bytes.set(code, start);
  const dex = dexFileSource('crafted.dex', bytes).value.dex!;
  const item: CodeItem = {
    offset: start,
    registersSize: method.registers ?? 8,
    insSize: method.ins ?? 0,
    outsSize: 0,
    triesSize: tries.length,
    debugInfoOffset: undefined,
    instructionsSize: method.units.length,
    instructionsOffset: start + 16,
    instructionsComplete: true,
  };
  const body = new MethodBody({ dex, dexName: 'crafted.dex', methodIndex: 0, accessFlags: ACC_STATIC, code: item });
  checkInvariants(body, 'crafted');
  return body;
}

const codes = (body: MethodBody): string[] => [...new Set(body.diagnostics.map((diagnostic) => diagnostic.code))];
const NOP = 0x0000;
const RETURN_VOID = 0x000e;
const goto16 = (offset: number): number[] => [0x29, offset & 0xffff];
const const16 = (register: number, value: number): number[] => [0x13 | (register << 8), value & 0xffff];
const payloadOp = (opcode: number, register: number, offset: number): number[] => [
  opcode | (register << 8),
  offset & 0xffff,
  (offset >>> 16) & 0xffff,
];
const packedSwitch = (register: number, offset: number): number[] => payloadOp(0x2b, register, offset);
const sparseSwitch = (register: number, offset: number): number[] => payloadOp(0x2c, register, offset);
/** invoke-static {} method@0 with `count` in the argument-count nibble. */
const invokeStatic = (count = 0): number[] => [0x71 | (count << 12), 0, 0];
const packedPayload = (firstKey: number, targets: readonly number[]): number[] => [
  0x0100,
  targets.length,
  firstKey & 0xffff,
  (firstKey >>> 16) & 0xffff,
  ...targets.flatMap((target) => [target & 0xffff, (target >>> 16) & 0xffff]),
];
const sparsePayload = (keys: readonly number[], targets: readonly number[]): number[] => [
  0x0200,
  keys.length,
  ...keys.flatMap((key) => [key & 0xffff, (key >>> 16) & 0xffff]),
  ...targets.flatMap((target) => [target & 0xffff, (target >>> 16) & 0xffff]),
];

describe('crafted methods, named by their trick', () => {
  test('a branch into the middle of an instruction and one outside the method: no edge, one diagnostic', () => {
    // 0: const/16 v0 (2 units); 2: goto/16 -1 (into const/16's literal); 4: goto/16 +100; 6: return-void
    const body = craft({ units: [...const16(0, 7), ...goto16(-1), ...goto16(100), RETURN_VOID] });
    assert.deepEqual(
      [body.branchTarget(1), body.targetIndex(1), body.branchTarget(2), body.targetIndex(2)],
      [1, -1, 104, -1],
    );
    assert.deepEqual(codes(body), ['method-body.branch-not-instruction']);
    assert.deepEqual(Array.from(body.cfg.successors(body.cfg.blockOf[1]!)), []);
    assert.equal(body.complete, true);
  });

  test('switches whose payload is of the other kind, no payload, unaligned, or outside the method', () => {
    // 0: packed→sparse payload; 3: sparse→const/16; 6: packed→beyond; 9: return-void; 10: nop; 12: sparse payload at 12
    const body = craft({
      units: [
        ...packedSwitch(0, 12),
        ...sparseSwitch(0, -3),
        ...packedSwitch(0, 1000),
        RETURN_VOID,
        NOP,
        NOP,
        ...sparsePayload([1], [9 - 0]),
      ],
    });
    assert.deepEqual(
      [0, 1, 2].map((index) => body.switchCases(index)),
      [undefined, undefined, undefined],
    );
    assert.deepEqual(codes(body), ['method-body.bad-payload']);
    assert.equal(body.cfg.blockCount > 0, true);
  });

  test('2,000 switches sharing one payload of 1,000 cases: cases decoded within the budget, the body marked incomplete', () => {
    const switches = 2000;
    const cases = 1000;
    const payloadAt = switches * 3 + 1 + ((switches * 3 + 1) % 2); // after a return-void, aligned
    const units: number[] = [];
    for (let index = 0; index < switches; index++) units.push(...packedSwitch(0, payloadAt - index * 3));
    units.push(RETURN_VOID);
    while (units.length < payloadAt) units.push(NOP);
    // Case k targets the switch k places on: a real instruction while it lies inside the method.
    units.push(
      ...packedPayload(
        0,
        Array.from({ length: cases }, (_, k) => 3 * (k + 1)),
      ),
    );
    const started = performance.now();
    const body = craft({ units });
    const decoded = [0, switches - 1].map((index) => body.switchCases(index)?.keys.length ?? 0);
    assert.ok(performance.now() - started < 10_000, 'must not take long');
    assert.equal(body.complete, false);
    assert.ok(codes(body).includes('method-body.switch-budget'), codes(body).join());
    assert.ok(codes(body).includes('method-body.shared-payload'));
    assert.equal(decoded[0], cases);
    let total = 0;
    for (let index = 0; index < switches; index++) total += body.switchCases(index)?.keys.length ?? 0;
    assert.ok(total <= body.codeUnits + 256 + cases, `${total} cases decoded`);
  });

  test('one handler list of 200 clauses shared by 3,000 throwing instructions: edges within the budget', () => {
    const throwing = 3000;
    const units: number[] = [];
    for (let index = 0; index < throwing; index++) units.push(...invokeStatic());
    units.push(RETURN_VOID);
    const handlers = Array.from({ length: 200 }, (_, k) => [0, 3 * k] as const);
    const started = performance.now();
    const body = craft({ units, tries: [{ start: 0, count: throwing * 3, handlers }] });
    assert.ok(performance.now() - started < 10_000, 'must not take long');
    assert.equal(body.complete, false);
    assert.ok(codes(body).includes('method-body.edge-budget'), codes(body).join());
    assert.ok(body.cfg.handlerBlocks.length <= body.codeUnits * EDGES_PER_CODE_UNIT + 1024);
    assert.equal(body.cfg.blockCount, throwing + 1);
  });

  test('3,000 try items sharing one list of 500 clauses and a catch-all: the list is resolved once', () => {
    const throwing = 3000;
    const units = [...Array.from({ length: throwing }, () => invokeStatic()).flat(), RETURN_VOID];
    const handlers = Array.from({ length: 500 }, (_, k) => [0, 3 * k] as const);
    const tries = Array.from({ length: throwing }, (_, k) => ({ start: 3 * k, count: 3, handlers, catchAll: 0 }));
    const started = performance.now();
    const body = craft({ units, tries, shareHandlers: true });
    assert.ok(performance.now() - started < 10_000, 'must not take long');
    assert.equal(body.tries.length, throwing);
    assert.ok(body.tries.every((range) => range.clauses === body.tries[0]!.clauses));
    assert.equal(body.tries[0]!.clauses.length, 501);
    assert.equal(body.complete, false);
  });

  test('1,000 try items covering the same range: clipped to one, covering found in one sweep', () => {
    const units = [...Array.from({ length: 500 }, () => invokeStatic()).flat(), RETURN_VOID];
    const tries = Array.from({ length: 1000 }, () => ({ start: 0, count: 1500, handlers: [[0, 1500]] as const }));
    const body = craft({ units, tries });
    assert.equal(body.tries.length, 1);
    assert.deepEqual(codes(body), ['method-body.overlapping-try', 'method-body.overlapping-try-count']);
    assert.equal(body.cfg.exceptionalSuccessors(0).length, 1);
  });

  test('a handler into the middle of an instruction: left out, one diagnostic', () => {
    const body = craft({
      units: [...invokeStatic(), RETURN_VOID],
      tries: [{ start: 0, count: 3, handlers: [[0, 1]], catchAll: 3 }],
    });
    assert.deepEqual(
      body.tries[0]?.clauses.map((clause) => clause.instruction),
      [-1, 1],
    );
    assert.deepEqual(codes(body), ['method-body.handler-not-instruction']);
    assert.deepEqual(Array.from(body.cfg.exceptionalSuccessors(0)), [1]);
  });

  test('invoke listing 7 registers, move-result after no invoke, a register past registers_size, falling off the end', () => {
    // 0: invoke-static A=7; 3: move-result v0 after move/from16; 4..: move/from16 v200, v1; const/4 (falls off)
    const body = craft({
      units: [...invokeStatic(7), 0x0002 | (200 << 8), 1, 0x000a, 0x0012],
      registers: 2,
    });
    assert.equal(body.operandCount(0), 5);
    assert.equal(body.resultProducer(2), -1);
    assert.ok(body.registerBound > 200);
    assert.deepEqual(codes(body).sort(), [
      'dex.bytecode.argument-count',
      'method-body.falls-off-end',
      'method-body.orphan-move-result',
      'method-body.register-out-of-range',
    ]);
  });

  test('a payload cut by the method end, and an empty method', () => {
    const cut = craft({ units: [RETURN_VOID, NOP, 0x0100, 50, 0, 0] });
    assert.equal(cut.count, 2);
    assert.ok(codes(cut).includes('dex.bytecode.payload-truncated'));
    const empty = craft({ units: [] });
    assert.equal(empty.count, 0);
    assert.equal(empty.cfg.blockCount, 0);
  });

  test('a 200,000-unit method decodes and builds its graph in linear time', () => {
    const units: number[] = [];
    while (units.length < 200_000) units.push(0x0038, 3, NOP); // if-eqz v0, +3 ; nop
    units.push(RETURN_VOID);
    const started = performance.now();
    const body = craft({ units });
    assert.ok(performance.now() - started < 10_000, 'must not take long');
    assert.equal(body.count, Math.ceil(200_000 / 3) * 2 + 1);
  });
});
