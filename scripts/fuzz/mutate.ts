/**
 * Deterministic mutations (mulberry32 PRNG) so that every failure can be replayed
 * from its seed: bit flips, interesting integers at aligned offsets, truncation,
 * duplicated and deleted ranges.
 */
import { seededRandom } from '../../test/support/random.js';

const INTERESTING_32 = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];

export function mutate(input: Uint8Array, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const pick = (limit: number) => Math.floor(random() * Math.max(1, limit));
  let bytes: Uint8Array = new Uint8Array(input);
  const rounds = 1 + pick(4);
  for (let round = 0; round < rounds && bytes.length > 0; round++) {
    const choice = pick(6);
    if (choice === 0) {
      const offset = pick(bytes.length);
      bytes[offset] = (bytes[offset] ?? 0) ^ (1 << pick(8));
    } else if (choice === 1) {
      const offset = pick(bytes.length);
      bytes[offset] = pick(256);
    } else if (choice === 2 && bytes.length >= 4) {
      const offset = pick(bytes.length - 3) & ~3;
      new DataView(bytes.buffer, bytes.byteOffset).setUint32(
        offset,
        INTERESTING_32[pick(INTERESTING_32.length)] ?? 0,
        true,
      );
    } else if (choice === 3) {
      bytes = bytes.subarray(0, pick(bytes.length));
    } else if (choice === 4) {
      const start = pick(bytes.length);
      const length = pick(Math.min(256, bytes.length - start));
      const copy = new Uint8Array(bytes.length + length);
      copy.set(bytes.subarray(0, start + length));
      copy.set(bytes.subarray(start), start + length);
      bytes = copy;
    } else {
      const start = pick(bytes.length);
      const length = pick(Math.min(256, bytes.length - start));
      const copy = new Uint8Array(bytes.length - length);
      copy.set(bytes.subarray(0, start));
      copy.set(bytes.subarray(start + length), start);
      bytes = copy;
    }
  }
  return bytes;
}
