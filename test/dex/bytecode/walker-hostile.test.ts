/**
 * Hand-assembled and adversarial instruction streams: exact results for small
 * valid cases, and for hostile ones no exception, a diagnostic, bounded time,
 * and no reference outside the method.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSink } from '../../../src/formats/diagnostics.js';
import {
  InstructionList,
  ReferenceList,
  referencesToArray,
  walkInstructions,
} from '../../../src/formats/dex/bytecode/index.js';
import { repositoryRoot, runTool, needs } from '../../support/corpus.js';
import { parseDexdump } from './dexdump-listing.js';
import { seededRandom as random } from '../../support/random.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const DEXDUMP = { skip: needs('dexdump') };

/** Little-endian bytes of 16-bit code units, optionally after `padding` bytes. */
function units(codeUnits: readonly number[], padding = 0): Uint8Array {
  const bytes = new Uint8Array(padding + codeUnits.length * 2);
  codeUnits.forEach((unit, position) => {
    bytes[padding + position * 2] = unit & 0xff;
    bytes[padding + position * 2 + 1] = (unit >>> 8) & 0xff;
  });
  return bytes;
}

interface Walked {
  references: ReturnType<typeof referencesToArray>;
  codes: string[];
  instructions: number[];
}

function walk(bytes: Uint8Array, offset: number, size: number): Walked {
  const sink = new DiagnosticSink();
  const instructions = new InstructionList();
  const references = walkInstructions(bytes, offset, size, sink, { instructions });
  return {
    references: referencesToArray(references),
    codes: sink.diagnostics.map((diagnostic) => diagnostic.code),
    instructions: Array.from(instructions.codeUnitOffsets.subarray(0, instructions.count)),
  };
}

describe('valid hand-assembled streams', () => {
  test('const-string, invoke-static, return-void', () => {
    // 1a00 0500: const-string v0, string@5; 7110 0700 0000: invoke-static {v0}, method@7; 0e00: return-void
    const result = walk(units([0x001a, 0x0005, 0x1071, 0x0007, 0x0000, 0x000e]), 0, 6);
    assert.deepEqual(result.codes, []);
    assert.deepEqual(result.instructions, [0, 2, 5]);
    assert.deepEqual(result.references, [
      { kind: 'string', opcode: 0x1a, index: 5, codeUnitOffset: 0, absoluteOffset: 0 },
      {
        kind: 'invoke',
        opcode: 0x71,
        index: 7,
        codeUnitOffset: 2,
        absoluteOffset: 4,
        invokeKind: 'static',
        range: false,
      },
    ]);
  });

  test('const-string/jumbo carries a 32-bit index, and an unaligned method start is fine', () => {
    const result = walk(units([0x001b, 0xfffe, 0xffff, 0x000e], 3), 3, 4);
    assert.deepEqual(result.codes, []);
    assert.equal(result.references[0]?.index, 0xfffffffe);
    assert.equal(result.references[0].absoluteOffset, 3);
  });

  test('base shifts absolute offsets (a dex inside a larger file)', () => {
    const sink = new DiagnosticSink();
    const references = referencesToArray(walkInstructions(units([0x0022, 0x0009]), 0, 2, sink, { base: 1000 }));
    assert.deepEqual(references, [
      { kind: 'new-instance', opcode: 0x22, index: 9, codeUnitOffset: 0, absoluteOffset: 1000 },
    ]);
  });

  test('invoke-polymorphic/range yields the method and the proto', () => {
    const result = walk(units([0x01fb, 0x0011, 0x0000, 0x0022, 0x000e]), 0, 5);
    assert.deepEqual(
      result.references.map((reference) => [reference.kind, reference.index, reference.invokeKind, reference.range]),
      [
        ['invoke', 0x11, 'polymorphic', true],
        ['proto', 0x22, undefined, undefined],
      ],
    );
  });

  test('nop with a non-payload high byte is one unit, as the runtime reads it', () => {
    const result = walk(units([0x0400, 0x000e]), 0, 2);
    assert.deepEqual(result.instructions, [0, 1]);
    assert.deepEqual(result.codes, []);
  });

  test('empty payloads: packed 4 units, sparse 2 units, fill-array-data 4 units', () => {
    const result = walk(units([0x0100, 0x0000, 0, 0, 0x0200, 0x0000, 0x0300, 0x0004, 0, 0, 0x000e]), 0, 11);
    assert.deepEqual(result.instructions, [0, 4, 6, 10]);
  });
});

interface HostileCase {
  readonly trick: string;
  readonly bytes: Uint8Array;
  readonly offset: number;
  readonly size: number;
  readonly code: string;
}

const HOSTILE: HostileCase[] = [
  {
    trick: 'packed-switch payload claims 65535 targets in 4 units',
    bytes: units([0x0100, 0xffff, 0, 0]),
    offset: 0,
    size: 4,
    code: 'dex.bytecode.payload-truncated',
  },
  {
    trick: 'sparse-switch payload ident is the last unit',
    bytes: units([0x000e, 0x0200]),
    offset: 0,
    size: 2,
    code: 'dex.bytecode.payload-truncated',
  },
  {
    trick: 'fill-array-data width 65535 count 2^32-1',
    bytes: units([0x0300, 0xffff, 0xffff, 0xffff, 0, 0]),
    offset: 0,
    size: 6,
    code: 'dex.bytecode.payload-truncated',
  },
  {
    trick: 'fill-array-data header cut off',
    bytes: units([0x0300, 0x0001, 0x0001]),
    offset: 0,
    size: 3,
    code: 'dex.bytecode.payload-truncated',
  },
  {
    trick: 'const-wide cut by the method end',
    bytes: units([0x0018, 1, 2, 3, 4]),
    offset: 0,
    size: 3,
    code: 'dex.bytecode.instruction-truncated',
  },
  {
    trick: 'invoke-virtual cut by the end of the file',
    bytes: units([0x106e, 0x0001]),
    offset: 0,
    size: 3,
    code: 'dex.bytecode.code-past-end',
  },
  {
    trick: 'insns_size 2^32-1',
    bytes: units([0x000e]),
    offset: 0,
    size: 0xffffffff,
    code: 'dex.bytecode.code-past-end',
  },
  {
    trick: 'instructions offset past the file',
    bytes: units([0x000e]),
    offset: 10,
    size: 1,
    code: 'dex.bytecode.code-outside-file',
  },
  {
    trick: 'negative instructions offset',
    bytes: units([0x000e]),
    offset: -2,
    size: 1,
    code: 'dex.bytecode.code-outside-file',
  },
  {
    trick: 'NaN instructions offset',
    bytes: units([0x000e]),
    offset: Number.NaN,
    size: 1,
    code: 'dex.bytecode.code-outside-file',
  },
  {
    trick: 'unused opcodes 3e and f9',
    bytes: units([0x003e, 0x00f9, 0x000e]),
    offset: 0,
    size: 3,
    code: 'dex.bytecode.unused-opcode',
  },
  {
    trick: 'odd byte length file',
    bytes: new Uint8Array([0x0e, 0x00, 0x0e]),
    offset: 0,
    size: 2,
    code: 'dex.bytecode.code-past-end',
  },
];

describe('hostile streams', () => {
  for (const hostile of HOSTILE) {
    test(hostile.trick, () => {
      const result = walk(hostile.bytes, hostile.offset, hostile.size);
      assert.ok(result.codes.includes(hostile.code), `expected ${hostile.code}, got ${result.codes.join(', ')}`);
    });
  }
});

function assertContained(bytes: Uint8Array, offset: number, size: number, label: string): void {
  const sink = new DiagnosticSink();
  const references = new ReferenceList();
  walkInstructions(bytes, offset, size, sink, { references });
  const end = offset + Math.max(0, size) * 2;
  let previous = -1;
  for (let position = 0; position < references.count; position++) {
    const codeUnitOffset = references.codeUnitOffsets[position] ?? -1;
    const absolute = references.absoluteOffsets[position] ?? -1;
    assert.ok(codeUnitOffset >= previous && codeUnitOffset < size, `${label}: code unit offset ${codeUnitOffset}`);
    assert.ok(
      absolute >= offset && absolute < end && absolute === offset + codeUnitOffset * 2,
      `${label}: absolute ${absolute}`,
    );
    previous = codeUnitOffset;
  }
}

test('random bytes as instructions: no exception, references inside the method', () => {
  const next = random(0x5eed);
  for (let round = 0; round < 3000; round++) {
    const length = Math.floor(next() * 400);
    const bytes = new Uint8Array(length);
    for (let position = 0; position < length; position++) bytes[position] = Math.floor(next() * 256);
    // Bias some units towards payload idents, the interesting case.
    if (length > 8 && next() < 0.5) {
      const unit = Math.floor(next() * (length / 2)) * 2;
      bytes[unit] = 0;
      bytes[unit + 1] = 1 + Math.floor(next() * 3);
    }
    const offset = Math.floor(next() * (length + 4));
    const size = Math.floor(next() * (length / 2 + 8));
    assertContained(bytes, offset, size, `round ${round}`);
  }
});

test('16 MB of random code is walked in bounded time', () => {
  const next = random(42);
  const bytes = new Uint8Array(16 * 1024 * 1024);
  for (let position = 0; position < bytes.length; position++) bytes[position] = Math.floor(next() * 256);
  const started = performance.now();
  const sink = new DiagnosticSink();
  walkInstructions(bytes, 0, bytes.length / 2, sink);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 5000, `took ${elapsed.toFixed(0)} ms`);
});

test('every one-byte corruption of the Payloads fixture code stays contained', DEXDUMP, (t) => {
  const path = join(repositoryRoot, 'fixtures', 'smali', 'Payloads.dex');
  const original = new Uint8Array(readFileSync(path));
  const methods = parseDexdump(runTool('dexdump', ['-d', path]).stdout);
  assert.ok(methods.length >= 3);
  let walks = 0;
  for (const method of methods) {
    const codeBytes = method.instructionsSize * 2;
    for (let position = 0; position < codeBytes; position++) {
      for (const value of [0x00, 0x01, 0x02, 0x03, 0x7f, 0xff]) {
        const bytes = original.slice();
        bytes[method.instructionsOffset + position] = value;
        assertContained(
          bytes,
          method.instructionsOffset,
          method.instructionsSize,
          `${method.name}+${position}=${value}`,
        );
        walks++;
      }
    }
  }
  t.diagnostic(`${walks} corrupted walks`);
});
