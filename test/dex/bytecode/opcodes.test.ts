/** The opcode table against rows of dex-format "Summary of bytecode set", and its invariants. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORMAT_CODE_UNITS, FORMAT_NAMES, opcodeInfo } from '../../../src/formats/dex/bytecode/index.js';

/** [opcode, name, format, pools, invokeKind, range] copied from the spec table. */
const SPEC_ROWS: [number, string, string, string[], string | undefined, boolean][] = [
  [0x00, 'nop', '10x', [], undefined, false],
  [0x03, 'move/16', '32x', [], undefined, false],
  [0x14, 'const', '31i', [], undefined, false],
  [0x18, 'const-wide', '51l', [], undefined, false],
  [0x1a, 'const-string', '21c', ['string'], undefined, false],
  [0x1b, 'const-string/jumbo', '31c', ['string'], undefined, false],
  [0x1c, 'const-class', '21c', ['type'], undefined, false],
  [0x20, 'instance-of', '22c', ['type'], undefined, false],
  [0x24, 'filled-new-array', '35c', ['type'], undefined, false],
  [0x25, 'filled-new-array/range', '3rc', ['type'], undefined, true],
  [0x26, 'fill-array-data', '31t', [], undefined, false],
  [0x2a, 'goto/32', '30t', [], undefined, false],
  [0x2c, 'sparse-switch', '31t', [], undefined, false],
  [0x31, 'cmp-long', '23x', [], undefined, false],
  [0x3d, 'if-lez', '21t', [], undefined, false],
  [0x58, 'iget-short', '22c', ['field'], undefined, false],
  [0x5f, 'iput-short', '22c', ['field'], undefined, false],
  [0x60, 'sget', '21c', ['field'], undefined, false],
  [0x6d, 'sput-short', '21c', ['field'], undefined, false],
  [0x6e, 'invoke-virtual', '35c', ['method'], 'virtual', false],
  [0x6f, 'invoke-super', '35c', ['method'], 'super', false],
  [0x72, 'invoke-interface', '35c', ['method'], 'interface', false],
  [0x76, 'invoke-direct/range', '3rc', ['method'], 'direct', true],
  [0x77, 'invoke-static/range', '3rc', ['method'], 'static', true],
  [0x8f, 'int-to-short', '12x', [], undefined, false],
  [0xaf, 'rem-double', '23x', [], undefined, false],
  [0xcf, 'rem-double/2addr', '12x', [], undefined, false],
  [0xd1, 'rsub-int', '22s', [], undefined, false],
  [0xe2, 'ushr-int/lit8', '22b', [], undefined, false],
  [0xfa, 'invoke-polymorphic', '45cc', ['method', 'proto'], 'polymorphic', false],
  [0xfb, 'invoke-polymorphic/range', '4rcc', ['method', 'proto'], 'polymorphic', true],
  [0xfc, 'invoke-custom', '35c', ['call-site'], 'custom', false],
  [0xfd, 'invoke-custom/range', '3rc', ['call-site'], 'custom', true],
  [0xfe, 'const-method-handle', '21c', ['method-handle'], undefined, false],
  [0xff, 'const-method-type', '21c', ['proto'], undefined, false],
];

for (const [opcode, name, format, pools, invokeKind, range] of SPEC_ROWS) {
  test(`opcode 0x${opcode.toString(16).padStart(2, '0')} ${name}`, () => {
    const info = opcodeInfo(opcode);
    assert.equal(info.name, name);
    assert.equal(info.format, format);
    assert.equal(info.codeUnits, Number(format[0]));
    assert.deepEqual(info.pools, pools);
    assert.equal(info.invokeKind, invokeKind);
    assert.equal(info.range, range);
    assert.equal(info.unused, false);
  });
}

test('unused opcodes are exactly the spec ranges 3e..43, 73, 79..7a, e3..f9, format 10x', () => {
  const unused: number[] = [];
  for (let opcode = 0; opcode < 256; opcode++) if (opcodeInfo(opcode).unused) unused.push(opcode);
  const expected = [0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43, 0x73, 0x79, 0x7a];
  for (let opcode = 0xe3; opcode <= 0xf9; opcode++) expected.push(opcode);
  assert.deepEqual(unused, expected);
  for (const opcode of unused) assert.equal(opcodeInfo(opcode).format, '10x');
});

test('names of used opcodes are unique, and every format length is its first digit', () => {
  const names = new Set<string>();
  for (let opcode = 0; opcode < 256; opcode++) {
    const info = opcodeInfo(opcode);
    assert.ok(!names.has(info.name), info.name);
    names.add(info.name);
  }
  FORMAT_NAMES.forEach((format, index) => assert.equal(FORMAT_CODE_UNITS[index], Number(format[0]), format));
  assert.equal(FORMAT_NAMES.length, 32);
});

test('opcodeInfo reads only the low byte (a whole code unit may be passed)', () => {
  assert.equal(opcodeInfo(0x1a1a).name, 'const-string');
});
