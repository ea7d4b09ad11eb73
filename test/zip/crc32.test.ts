/** CRC-32 against published check values and a bit-by-bit reference at every slice boundary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from '../../src/formats/zip/crc32.js';

const encoder = new TextEncoder();

/** The definition, one bit at a time (APPNOTE.TXT 4.4.7). */
function bitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

test('published check values', () => {
  const table: Array<[string, number]> = [
    ['', 0x00000000],
    ['123456789', 0xcbf43926], // the CRC-32/ISO-HDLC check value
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ];
  for (const [text, expected] of table) assert.equal(crc32(encoder.encode(text)), expected, text);
});

test('every length 0..40 agrees with the bit-by-bit definition', () => {
  const data = new Uint8Array(40).map((_, index) => (index * 37 + 11) & 0xff);
  for (let length = 0; length <= data.length; length++) assert.equal(crc32(data.subarray(0, length)), bitwise(data.subarray(0, length)), `length ${length}`);
});

test('continuing a checksum equals checksumming the whole', () => {
  const data = encoder.encode('surveillance apps send location every 30 seconds');
  for (let cut = 0; cut <= data.length; cut++) assert.equal(crc32(data.subarray(cut), crc32(data.subarray(0, cut))), crc32(data));
});
