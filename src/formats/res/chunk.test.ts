import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteReader } from '../binary/byte-reader.js';
import { DiagnosticSink } from '../diagnostics.js';
import {
  chunkTypeName,
  iterateChunks,
  validateChunk,
  RES_STRING_POOL_TYPE,
  RES_TABLE_STAGED_ALIAS_TYPE,
} from './chunk.js';

function chunk(type: number, headerSize: number, size: number, bodyLength = size - 8): number[] {
  const out = [
    type & 0xff,
    type >> 8,
    headerSize & 0xff,
    headerSize >> 8,
    size & 0xff,
    (size >> 8) & 0xff,
    (size >> 16) & 0xff,
    size >>> 24,
  ];
  for (let index = 0; index < bodyLength; index++) out.push(0);
  return out;
}

function iterate(bytes: number[], base = 0) {
  const sink = new DiagnosticSink();
  const chunks = [...iterateChunks(new ByteReader(Uint8Array.from(bytes), base), sink, { codePrefix: 'test' })];
  return { chunks, codes: sink.diagnostics.map((d) => d.code), sink };
}

describe('validateChunk follows ResourceTypes.cpp validate_chunk', () => {
  const cases: Array<
    [string, { type: number; headerSize: number; size: number; offset: number }, number, number, RegExp | undefined]
  > = [
    ['valid', { type: 1, headerSize: 8, size: 16, offset: 0 }, 8, 16, undefined],
    [
      'header smaller than the minimum',
      { type: 1, headerSize: 8, size: 28, offset: 0 },
      28,
      28,
      /smaller than the minimum/,
    ],
    ['size smaller than header', { type: 1, headerSize: 16, size: 8, offset: 0 }, 8, 16, /smaller than header size/],
    ['unaligned size', { type: 1, headerSize: 8, size: 10, offset: 0 }, 8, 12, /multiple of 4/],
    ['past the end', { type: 1, headerSize: 8, size: 32, offset: 0 }, 8, 16, /past the end/],
  ];
  for (const [name, header, minimum, available, expected] of cases) {
    test(name, () => {
      const problem = validateChunk(header, minimum, available);
      if (expected === undefined) assert.equal(problem, undefined);
      else assert.match(problem ?? '', expected);
    });
  }
});

describe('iterateChunks', () => {
  test('siblings with absolute offsets and body readers', () => {
    const { chunks, codes } = iterate([...chunk(1, 8, 12), ...chunk(0x180, 8, 16)], 1000);
    assert.deepEqual(
      chunks.map((c) => [c.header.type, c.header.offset, c.body.base, c.body.length]),
      [
        [1, 1000, 1008, 4],
        [0x180, 1012, 1020, 8],
      ],
    );
    assert.deepEqual(codes, []);
  });
  test('a chunk running past its parent ends the iteration', () => {
    const { chunks, codes } = iterate([...chunk(1, 8, 12), ...chunk(2, 8, 400, 8)]);
    assert.equal(chunks.length, 1);
    assert.deepEqual(codes, ['test.chunk-invalid']);
  });
  test('a chunk whose size is below its header size ends the iteration (no endless loop on size 0)', () => {
    const { chunks, codes } = iterate([...chunk(1, 8, 0, 8)]);
    assert.equal(chunks.length, 0);
    assert.deepEqual(codes, ['test.chunk-invalid']);
  });
  test('trailing bytes shorter than a header are reported', () => {
    const { chunks, codes } = iterate([...chunk(1, 8, 8), 0, 0, 0]);
    assert.equal(chunks.length, 1);
    assert.deepEqual(codes, ['test.chunk-trailing-bytes']);
  });
  test('empty parent', () => {
    assert.deepEqual(iterate([]).chunks, []);
  });
});

test('chunk type names come from ResourceTypes.h', () => {
  assert.equal(chunkTypeName(RES_STRING_POOL_TYPE), 'RES_STRING_POOL_TYPE');
  assert.equal(chunkTypeName(RES_TABLE_STAGED_ALIAS_TYPE), 'RES_TABLE_STAGED_ALIAS_TYPE');
  assert.equal(chunkTypeName(0xbeef), '0xbeef');
});
