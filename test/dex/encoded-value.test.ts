/**
 * encoded_value decoding (DEX spec "encoded_value encoding"), one row per
 * value type with hand-assembled bytes, then malformed arrays.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteReader } from '../../src/formats/binary/byte-reader.js';
import { DiagnosticSink } from '../../src/formats/diagnostics.js';
import { readEncodedArray, MAX_ENCODED_VALUE_DEPTH, type EncodedValue } from '../../src/formats/dex/index.js';

/** Decodes an encoded_array_item holding exactly one value. */
function single(...valueBytes: number[]): { value: EncodedValue | undefined; codes: string[] } {
  const sink = new DiagnosticSink();
  const values = readEncodedArray(new ByteReader(Uint8Array.from([0x01, ...valueBytes])), 0, sink, 'test');
  return { value: values[0], codes: sink.diagnostics.map((diagnostic) => diagnostic.code) };
}

/** Header byte: value_arg in the top three bits, value_type in the low five. */
const header = (type: number, argument: number): number => (argument << 5) | type;

describe('encoded_value types', () => {
  const rows: Array<[string, number[], Partial<Record<string, unknown>>]> = [
    ['byte -1', [header(0x00, 0), 0xff], { kind: 'byte', value: -1 }],
    ['short -2 in one byte (sign-extended)', [header(0x02, 0), 0xfe], { kind: 'short', value: -2 }],
    ['short 0x1234 in two bytes', [header(0x02, 1), 0x34, 0x12], { kind: 'short', value: 0x1234 }],
    ['char 0xffff (zero-extended)', [header(0x03, 1), 0xff, 0xff], { kind: 'char', value: 0xffff }],
    ['int -129 in two bytes', [header(0x04, 1), 0x7f, 0xff], { kind: 'int', value: -129 }],
    ['int 0x7fffffff in four bytes', [header(0x04, 3), 0xff, 0xff, 0xff, 0x7f], { kind: 'int', value: 0x7fffffff }],
    ['long -1 in one byte', [header(0x06, 0), 0xff], { kind: 'long', value: -1n }],
    ['long 2^40 in six bytes', [header(0x06, 5), 0, 0, 0, 0, 0, 0x01], { kind: 'long', value: 1n << 40n }],
    [
      'float 1.0 as its top two bytes (zero-extended to the right)',
      [header(0x10, 1), 0x80, 0x3f],
      { kind: 'float', value: 1 },
    ],
    ['double 2.0 as its top byte', [header(0x11, 0), 0x40], { kind: 'double', value: 2 }],
    ['string index 300', [header(0x17, 1), 0x2c, 0x01], { kind: 'string', index: 300 }],
    ['type index 5', [header(0x18, 0), 0x05], { kind: 'type', index: 5 }],
    ['field index 7', [header(0x19, 0), 0x07], { kind: 'field', index: 7 }],
    ['method index 9', [header(0x1a, 0), 0x09], { kind: 'method', index: 9 }],
    ['enum index 3', [header(0x1b, 0), 0x03], { kind: 'enum', index: 3 }],
    ['method type 2', [header(0x15, 0), 0x02], { kind: 'method-type', index: 2 }],
    ['method handle 1', [header(0x16, 0), 0x01], { kind: 'method-handle', index: 1 }],
    ['null', [header(0x1e, 0)], { kind: 'null' }],
    ['true', [header(0x1f, 1)], { kind: 'boolean', value: true }],
    ['false', [header(0x1f, 0)], { kind: 'boolean', value: false }],
  ];
  for (const [name, bytes, expected] of rows) {
    test(name, () => {
      const { value, codes } = single(...bytes);
      assert.deepEqual(codes, []);
      for (const [key, wanted] of Object.entries(expected))
        assert.deepEqual((value as Record<string, unknown>)[key], wanted, key);
      assert.equal(value?.offset, 1, 'offset of the value header byte');
    });
  }

  test('array of two ints and an annotation with one element', () => {
    const { value: array } = single(header(0x1c, 0), 0x02, header(0x04, 0), 0x01, header(0x04, 0), 0x02);
    assert.equal(array?.kind, 'array');
    assert.deepEqual(
      array.values.map((item) => (item.kind === 'int' ? item.value : undefined)),
      [1, 2],
    );
    const { value: annotation } = single(header(0x1d, 0), 0x04, 0x01, 0x06, header(0x1f, 1));
    assert.equal(annotation?.kind, 'annotation');
    {
      assert.equal(annotation.typeIndex, 4);
      assert.equal(annotation.elements[0]?.nameIndex, 6);
      assert.deepEqual(annotation.elements[0].value.kind, 'boolean');
    }
  });
});

describe('malformed encoded arrays', () => {
  const rows: Array<[string, number[], string]> = [
    ['unknown value type 0x05', [0x01, header(0x05, 0), 0x00], 'dex.encoded-value-invalid'],
    ['value truncated inside its bytes', [0x01, header(0x04, 3), 0x01], 'dex.encoded-value-truncated'],
    [
      'array size larger than the bytes left',
      [0xff, 0xff, 0xff, 0xff, 0x0f, header(0x1e, 0)],
      'dex.encoded-array-count',
    ],
    [
      'nested array size larger than the bytes left',
      [0x01, header(0x1c, 0), 0xff, 0xff, 0x03],
      'dex.encoded-value-invalid',
    ],
    [
      'annotation element count larger than the bytes left',
      [0x01, header(0x1d, 0), 0x01, 0xff, 0xff, 0x03],
      'dex.encoded-value-invalid',
    ],
    [
      'arrays nested past the depth limit',
      [
        0x01,
        ...Array.from({ length: MAX_ENCODED_VALUE_DEPTH + 2 }, () => [header(0x1c, 0), 0x01]).flat(),
        header(0x1e, 0),
      ],
      'dex.encoded-value-invalid',
    ],
    ['position past the end', [], 'dex.encoded-value-truncated'],
  ];
  for (const [name, bytes, code] of rows) {
    test(`${name}: ${code}`, () => {
      const sink = new DiagnosticSink();
      readEncodedArray(new ByteReader(Uint8Array.from(bytes)), bytes.length === 0 ? 4 : 0, sink, 'test');
      assert.ok(
        sink.diagnostics.some((diagnostic) => diagnostic.code === code),
        sink.diagnostics.map((diagnostic) => diagnostic.code).join(','),
      );
    });
  }
});
