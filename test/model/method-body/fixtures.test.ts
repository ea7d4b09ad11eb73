/**
 * Method bodies of fixtures/smali/method-body (hand-written smali, so every answer
 * below can be read off the source): parameter registers, registers read and
 * written, register pairs, move-result pairing, literals, references and their
 * code-index ids, branch and switch targets, try ranges, basic blocks and edges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodeIndex } from '../../../src/model/code-index/index.js';
import { dexFileSource } from '../../../src/model/code/index.js';
import { OpcodeFlag, type MethodBody } from '../../../src/model/method-body/index.js';
import { repositoryRoot } from '../../support/corpus.js';

const source = dexFileSource(
  'classes.dex',
  new Uint8Array(readFileSync(join(repositoryRoot, 'fixtures', 'smali', 'method-body.dex'))),
).value;
const code = buildCodeIndex([source]).value;

function body(signature: string): MethodBody {
  const found = code.methodBody(signature);
  assert.ok(found, signature);
  return found;
}

/** Per instruction: mnemonic, registers written (w) and read (r), pairs marked with `:`. */
function effects(method: MethodBody): string[] {
  return Array.from({ length: method.count }, (_, index) => {
    const written = method.writtenRegister(index);
    const reads = Array.from({ length: method.readCount(index) }, (_, k) =>
      method.readsPair(index, k) ? `${method.readRegister(index, k)}:` : `${method.readRegister(index, k)}`,
    );
    const write = written < 0 ? '' : ` w${written}${method.writesPair(index) ? ':' : ''}`;
    return `${method.mnemonic(index)}${write} r[${reads.join(',')}]`;
  });
}

/** Blocks as [first, end) instruction ranges with their normal and exceptional successors. */
function graph(method: MethodBody): string[] {
  const cfg = method.cfg;
  return Array.from({ length: cfg.blockCount }, (_, block) => {
    const handlers = cfg.exceptionalSuccessors(block);
    return `${cfg.blockStart[block]}-${cfg.blockEnd[block]} -> [${Array.from(cfg.successors(block)).join(',')}]${handlers.length > 0 ? ` ![${Array.from(handlers).join(',')}]` : ''}${cfg.reachable[block] === 1 ? '' : ' unreachable'}`;
  });
}

test('an instance method: this and parameters in the last ins_size registers, a long taking a pair', () => {
  const method = body('Lfixtures/Bodies;->instance(ILjava/lang/String;J)V');
  assert.equal(method.isStatic, false);
  assert.deepEqual([method.registersSize, method.insSize, method.outsSize], [6, 5, 0]);
  assert.equal(method.thisRegister, 1);
  assert.deepEqual(method.parameterRegisters, [2, 3, 4]);
  assert.deepEqual(method.parameterTypes, ['I', 'Ljava/lang/String;', 'J']);
  assert.equal(method.returnType, 'V');
  assert.deepEqual(effects(method), ['iput r[2,1]', 'sput-wide r[4:]', 'return-void r[]']);
  assert.equal(method.referenceName(0), 'Lfixtures/Bodies;->count:I');
  assert.equal(code.fieldSignature(method.referenceId(0)), 'Lfixtures/Bodies;->count:I');
  assert.deepEqual(method.diagnostics, []);
});

test('move-result pairing, a dropped result, filled-new-array and a range invoke', () => {
  const method = body('Lfixtures/Bodies;->calls(Ljava/lang/String;)I');
  assert.deepEqual(effects(method), [
    'invoke-virtual r[7]',
    'move-result w0 r[]',
    'invoke-static r[]',
    'move-result-wide w1: r[]',
    'invoke-static r[1,2]',
    'move-result-object w3 r[]',
    'invoke-virtual r[3]',
    'filled-new-array r[0,0]',
    'move-result-object w4 r[]',
    'invoke-static/range r[0,1,2]',
    'return r[0]',
  ]);
  assert.deepEqual(
    Array.from({ length: method.count }, (_, index) => method.resultProducer(index)),
    [-1, 0, -1, 2, -1, 4, -1, -1, 7, -1, -1],
  );
  assert.deepEqual(
    Array.from({ length: method.count }, (_, index) => method.moveResult(index)),
    [1, -1, 3, -1, 5, -1, -1, 8, -1, -1, -1],
  );
  assert.equal(method.isRange(9), true);
  assert.deepEqual(method.registerList(9), [0, 1, 2]);
  // Arguments by the callee's proto: a long argument's pair counted once, the receiver first.
  assert.deepEqual(method.argumentRegisters(9), [0, 1]);
  assert.deepEqual(method.argumentRegisters(4), [1]);
  assert.deepEqual(method.argumentRegisters(0), [7]);
  assert.equal(method.argumentRegisters(1), undefined);
  assert.deepEqual(
    [0, 2, 4, 6, 9].map((index) => method.invokeKind(index)),
    ['virtual', 'static', 'static', 'virtual', 'static'],
  );
  assert.deepEqual(
    [0, 2, 4, 6, 9].map((index) => code.methodSignature(method.invokedMethod(index))),
    [
      'Ljava/lang/String;->length()I',
      'Ljava/lang/System;->currentTimeMillis()J',
      'Ljava/lang/Long;->valueOf(J)Ljava/lang/Long;',
      'Ljava/lang/Object;->hashCode()I',
      'Lfixtures/Bodies;->range(IJ)V',
    ],
  );
  assert.equal(code.isMethodDefined(method.invokedMethod(9)), true);
  assert.equal(code.isMethodDefined(method.invokedMethod(0)), false);
  assert.equal(method.referenceName(7), '[I');
  assert.equal(code.typeDescriptor(method.referenceId(7)), '[I');
  // No try range: invokes do not end blocks.
  assert.deepEqual(graph(method), ['0-11 -> []']);
});

test('a loop: branch targets, blocks, the back edge and predecessors', () => {
  const method = body('Lfixtures/Bodies;->loop(I)I');
  assert.deepEqual(
    Array.from({ length: method.count }, (_, index) => [method.branchTarget(index), method.targetIndex(index)]),
    [
      [undefined, -1],
      [6, 4],
      [undefined, -1],
      [1, 1],
      [undefined, -1],
    ],
  );
  assert.deepEqual(graph(method), ['0-1 -> [1]', '1-2 -> [2,3]', '2-4 -> [1]', '4-5 -> []']);
  assert.deepEqual(Array.from(method.cfg.predecessors(1)), [0, 2]);
  assert.deepEqual(Array.from(method.cfg.predecessors(0)), []);
  assert.equal(method.literal(2), 1n);
});

test('try ranges: throwing instructions end their blocks and have edges to every clause; const/4 does not', () => {
  const method = body('Lfixtures/Bodies;->tries(Ljava/lang/Object;)Ljava/lang/String;');
  assert.deepEqual(
    method.tries.map((range) => [
      range.start,
      range.end,
      range.clauses.map((clause) => [clause.type, clause.address, clause.instruction]),
    ]),
    [
      [
        0,
        7,
        [
          ['Ljava/lang/IllegalStateException;', 8, 5],
          [undefined, 12, 8],
        ],
      ],
    ],
  );
  assert.deepEqual(
    Array.from({ length: method.count }, (_, index) => method.tryOf(index) !== undefined),
    [true, true, true, true, false, false, false, false, false, false],
  );
  assert.deepEqual(graph(method), ['0-1 -> [1] ![3,4]', '1-4 -> [2] ![3,4]', '4-5 -> []', '5-8 -> []', '8-10 -> []']);
  const cfg = method.cfg;
  assert.deepEqual(
    Array.from(cfg.exceptionTypes(0), (type) => (type < 0 ? '*' : method.typeName(type))),
    ['Ljava/lang/IllegalStateException;', '*'],
  );
  assert.deepEqual(Array.from(cfg.exceptionalPredecessors(3)), [0, 1]);
  assert.deepEqual(effects(method).slice(3, 6), ['check-cast w0 r[0]', 'return-object r[0]', 'move-exception w1 r[]']);
  assert.equal(method.canThrow(2), false);
  assert.equal(method.canThrow(3), true);
  assert.ok((method.flags(9) & OpcodeFlag.Throw) !== 0);
  assert.equal(method.referenceName(6), 'ise');
  assert.equal(code.stringValue(method.referenceId(6)), 'ise');
});

test('switches: packed keys from the first key, sparse keys at the int extremes, duplicate targets once in the graph', () => {
  const method = body('Lfixtures/Bodies;->switches(I)I');
  const cases = (index: number): [number[], number[], number[]] => {
    const found = method.switchCases(index);
    assert.ok(found);
    return [Array.from(found.keys), Array.from(found.targets), Array.from(found.targetIndexes)];
  };
  assert.deepEqual(cases(0), [
    [-1, 0, 1],
    [8, 10, 8],
    [4, 6, 4],
  ]);
  assert.deepEqual(cases(1), [
    [-2147483648, 2147483647],
    [10, 8],
    [6, 4],
  ]);
  assert.equal(method.switchCases(2), undefined);
  assert.equal(method.payloadOffset(0), 14);
  assert.deepEqual(Array.from({ length: method.count }, (_, index) => method.mnemonic(index)).slice(8), [
    'nop',
    'packed-switch-data',
    'sparse-switch-data',
  ]);
  // The padding nop before the payloads is a block of its own that nothing reaches.
  assert.deepEqual(graph(method), [
    '0-1 -> [1,3,4]',
    '1-2 -> [2,4,3]',
    '2-4 -> []',
    '4-6 -> []',
    '6-8 -> []',
    '8-9 -> [] unreachable',
  ]);
  assert.deepEqual(Array.from(method.cfg.blockOf).slice(8), [5, -1, -1]);
  assert.deepEqual(method.diagnostics, []);
});

test('literals of every width, and register pairs read and written', () => {
  const method = body('Lfixtures/Bodies;->wide()J');
  assert.deepEqual(
    Array.from({ length: method.count }, (_, index) => method.literal(index)),
    [
      -2n,
      0x12345678n,
      undefined,
      0x123456789abcdef0n,
      0x4000000000000000n,
      0x7f010000n,
      3n,
      undefined,
      undefined,
      undefined,
    ],
  );
  assert.deepEqual(
    Array.from({ length: method.count }, (_, index) => method.literalNumber(index)),
    [-2, 0x12345678, undefined, undefined, undefined, 0x7f010000, 3, undefined, undefined, undefined],
  );
  assert.deepEqual(effects(method), [
    'const-wide/16 w0: r[]',
    'const-wide/32 w2: r[]',
    'add-long/2addr w0: r[0:,2:]',
    'const-wide w2: r[]',
    'const-wide/high16 w4: r[]',
    'const/high16 w6 r[]',
    'const/4 w6 r[]',
    'shl-long w0: r[0:,6]',
    'long-to-int w6 r[0:]',
    'return-wide r[0:]',
  ]);
  // One above v6, plus room for a pair: safe for per-register arrays.
  assert.equal(method.registerBound, 8);
});

test('the code index: ids, resolution through app classes, overriding methods for class-hierarchy analysis', () => {
  const dispatch = body('Lfixtures/Derived;->dispatch(Lfixtures/Base;Lfixtures/Derived;)V');
  const run = dispatch.invokedMethod(0);
  const inherited = dispatch.invokedMethod(1);
  assert.equal(code.methodSignature(run), 'Lfixtures/Base;->run()V');
  assert.deepEqual(
    code.overridingMethods(run).map((id) => code.methodSignature(id)),
    ['Lfixtures/Derived;->run()V'],
  );
  assert.equal(code.methodSignature(inherited), 'Lfixtures/Derived;->inherited()V');
  assert.equal(code.isMethodDefined(inherited), false);
  assert.equal(code.methodSignature(code.resolvedMethod(inherited)), 'Lfixtures/Base;->inherited()V');
  assert.equal(code.methodId('Lfixtures/Base;->run()V'), run);
  assert.equal(code.methodBody(run)?.signature, 'Lfixtures/Base;->run()V');
  assert.equal(dispatch.methodId, code.methodId(dispatch.signature));
  // Every defined method with code has a body; ids outside the table have none.
  const defined = [...code.definedMethodIds()];
  assert.equal(defined.length, code.statistics().methodsDefined);
  assert.ok(defined.every((id) => code.methodBody(id) !== undefined));
  assert.equal(code.methodBody(-1), undefined);
  assert.equal(code.methodBody(code.methodIdCount), undefined);
  assert.equal(code.methodBody('Ljava/lang/String;->length()I'), undefined);
});

test('one instruction as an object (listings and reports)', () => {
  const method = body('Lfixtures/Bodies;->calls(Ljava/lang/String;)I');
  assert.deepEqual(method.instruction(0), {
    index: 0,
    offset: 0,
    fileOffset: method.instructionsOffset,
    opcode: 0x6e,
    mnemonic: 'invoke-virtual',
    format: '35c',
    registers: [7],
    reference: { kind: 'invoke', index: method.referenceIndex(0), name: 'Ljava/lang/String;->length()I' },
  });
});
