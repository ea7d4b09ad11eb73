/**
 * MUTF-8 decoding (DEX spec "MUTF-8 (Modified UTF-8) Encoding"): valid
 * forms, the forms only MUTF-8 has, and invalid input that must be flagged
 * but never thrown on.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMutf8, encodeMutf8, readDex } from '../../src/formats/dex/index.js';
import { witnessDex } from './support/fixture.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('decodeMutf8: valid modified UTF-8', () => {
  const rows: Array<[string, Uint8Array, string]> = [
    ['empty string', bytes(0x00), ''],
    ['ASCII', bytes(0x61, 0x62, 0x63, 0x00), 'abc'],
    ['embedded NUL as C0 80', bytes(0x61, 0xc0, 0x80, 0x62, 0x00), 'a\u0000b'],
    ['two-byte e-acute', bytes(0xc3, 0xa9, 0x00), '\u00e9'],
    ['three-byte CJK', bytes(0xe4, 0xb8, 0xad, 0x00), '\u4e2d'],
    [
      'supplementary character as two three-byte surrogates',
      bytes(0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, 0x00),
      '\ud83d\ude00',
    ],
    ['lone high surrogate is kept (Java strings allow it)', bytes(0xed, 0xa0, 0xbd, 0x00), '\ud83d'],
    ['stops at the first NUL', bytes(0x61, 0x00, 0x62, 0x00), 'a'],
  ];
  for (const [name, input, expected] of rows) {
    test(name, () => {
      const result = decodeMutf8(input, 0, input.length);
      assert.equal(result.value, expected);
      assert.equal(result.problem, undefined);
      assert.equal(result.terminated, true);
      assert.equal(result.utf16Length, expected.length);
    });
  }
});

describe('decodeMutf8: invalid input is flagged, decoded as ART would, never thrown', () => {
  const rows: Array<[string, Uint8Array, string, RegExp]> = [
    [
      'four-byte UTF-8 (not MUTF-8) becomes a surrogate pair',
      bytes(0xf0, 0x9f, 0x98, 0x80, 0x00),
      '\ud83d\ude00',
      /four-byte/,
    ],
    ['overlong two-byte form of "A"', bytes(0xc1, 0x81, 0x00), 'A', /overlong two-byte/],
    ['overlong three-byte form', bytes(0xe0, 0x81, 0x81, 0x00), 'A', /overlong three-byte/],
    ['lone continuation byte', bytes(0x80, 0x61, 0x00), '\ufffda', /invalid/],
    ['two-byte lead without continuation', bytes(0xc3, 0x61, 0x00), '\ufffda', /invalid/],
    ['0xff byte', bytes(0xff, 0x00), '\ufffd', /invalid/],
    ['unterminated ASCII', bytes(0x61, 0x62), 'ab', /without a NUL/],
    ['unterminated after a two-byte lead', bytes(0x61, 0xc3), 'a\ufffd', /invalid/],
  ];
  for (const [name, input, expected, problem] of rows) {
    test(name, () => {
      const result = decodeMutf8(input, 0, input.length);
      assert.equal(result.value, expected);
      assert.match(result.problem?.detail ?? '', problem);
    });
  }

  test('never reads past the limit it is given', () => {
    const input = bytes(0x61, 0x62, 0x63, 0x00);
    const result = decodeMutf8(input, 0, 2);
    assert.equal(result.value, 'ab');
    assert.equal(result.terminated, false);
  });
});

describe('encodeMutf8 round trip', () => {
  for (const text of [
    '',
    'plain',
    'a\u0000b',
    '\u00e9\u4e2d',
    '\ud83d\ude00',
    '\ud800 lone',
    '\uffff\u0080\u07ff\u0800',
  ]) {
    test(JSON.stringify(text), () => {
      const encoded = encodeMutf8(text);
      assert.ok(!encoded.includes(0), 'MUTF-8 never contains a raw NUL');
      const withTerminator = new Uint8Array(encoded.length + 1);
      withTerminator.set(encoded);
      const decoded = decodeMutf8(withTerminator, 0, withTerminator.length);
      assert.equal(decoded.value, text);
      assert.equal(decoded.problem, undefined);
    });
  }
});

test('checkStrings finds no anomaly in the fixture and reports a corrupted string', () => {
  const clean = readDex(witnessDex(), 0, { checkStrings: true });
  assert.deepEqual(clean.diagnostics, []);
  const broken = witnessDex();
  const target = clean.value.strings.dataOffset(
    Array.from({ length: clean.value.stringCount }, (_, index) => clean.value.string(index)).indexOf('Witness.java'),
  )!;
  // Byte after the one-byte utf16_size: replace 'W' with a lone continuation byte.
  broken[target + 1] = 0x80;
  const result = readDex(broken, 0, { checkStrings: true, verifyIntegrity: false });
  const codes = result.diagnostics.map((diagnostic) => diagnostic.code);
  assert.ok(codes.includes('dex.string-invalid-mutf8'), codes.join(','));
  // The corrupted string now sorts differently too.
  assert.ok(codes.includes('dex.string-ids-unsorted'), codes.join(','));
});
