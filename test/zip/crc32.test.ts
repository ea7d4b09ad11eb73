/**
 * CRC-32 against published check values and a bit-by-bit reference at every slice boundary,
 * for both the exported crc32 (zlib's where Node has it) and the portable fallback; and the
 * two against each other on random data, continuation included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { crc32, hasNativeCrc32, portableCrc32 } from '../../src/formats/zip/crc32.js';

const encoder = new TextEncoder();
const implementations = [
  ['crc32', crc32],
  ['portableCrc32', portableCrc32],
] as const;

/** The definition, one bit at a time (APPNOTE.TXT 4.4.7). */
function bitwise(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

for (const [label, checksum] of implementations) {
  test(`${label}: published check values`, () => {
    const table: Array<[string, number]> = [
      ['', 0x00000000],
      ['123456789', 0xcbf43926], // the CRC-32/ISO-HDLC check value
      ['The quick brown fox jumps over the lazy dog', 0x414fa339],
    ];
    for (const [text, expected] of table) assert.equal(checksum(encoder.encode(text)), expected, text);
  });

  test(`${label}: every length 0..40 agrees with the bit-by-bit definition`, () => {
    const data = new Uint8Array(40).map((_, index) => (index * 37 + 11) & 0xff);
    for (let length = 0; length <= data.length; length++)
      assert.equal(checksum(data.subarray(0, length)), bitwise(data.subarray(0, length)), `length ${length}`);
  });

  test(`${label}: continuing a checksum equals checksumming the whole`, () => {
    const data = encoder.encode('surveillance apps send location every 30 seconds');
    for (let cut = 0; cut <= data.length; cut++)
      assert.equal(checksum(data.subarray(cut), checksum(data.subarray(0, cut))), checksum(data));
  });
}

test('native and portable CRC-32 agree on random data, lengths and continuations', () => {
  // On a Node 20 older than 20.15 crc32 is the portable one and this is trivially true.
  assert.equal(hasNativeCrc32, crc32 !== portableCrc32);
  for (let round = 0; round < 200; round++) {
    const length = round < 100 ? round : Math.floor(Math.random() * 70_000);
    // A view at an odd offset into a larger buffer, as entries are views into the file.
    const data = new Uint8Array(randomBytes(length + 3)).subarray(3);
    const whole = portableCrc32(data);
    assert.equal(crc32(data), whole, `length ${length}`);
    const cut = Math.floor(Math.random() * (length + 1));
    const head = crc32(data.subarray(0, cut));
    assert.equal(portableCrc32(data.subarray(0, cut)), head, `head of ${length} cut at ${cut}`);
    assert.equal(crc32(data.subarray(cut), head), whole, `continued from ${cut} (native)`);
    assert.equal(portableCrc32(data.subarray(cut), head), whole, `continued from ${cut} (portable)`);
  }
});
