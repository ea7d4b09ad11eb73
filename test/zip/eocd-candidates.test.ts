/**
 * The EOCD candidate scan (native Buffer.lastIndexOf) against the plain byte-by-byte
 * scan it replaced: signatures planted at the window's first and last positions, just
 * outside it, in a comment, overlapping the end, many in a row, and in random data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteReader } from '../../src/formats/binary/byte-reader.js';
import { findCandidates } from '../../src/formats/zip/end-of-central-directory.js';
import {
  END_OF_CENTRAL_DIRECTORY_LENGTH,
  END_OF_CENTRAL_DIRECTORY_SIGNATURE,
  MAX_COMMENT_LENGTH,
} from '../../src/formats/zip/constants.js';
import { seededRandom } from '../support/random.js';

/** The reference: every position from the last possible record start back over the comment range. */
function plainScan(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const last = bytes.length - END_OF_CENTRAL_DIRECTORY_LENGTH;
  const out: number[] = [];
  for (let position = last; position >= Math.max(0, last - MAX_COMMENT_LENGTH); position--) {
    if (view.getUint32(position, true) === END_OF_CENTRAL_DIRECTORY_SIGNATURE) out.push(position);
  }
  return out;
}

function plant(length: number, positions: readonly number[], fill = 0): Uint8Array {
  const bytes = new Uint8Array(length).fill(fill);
  for (const position of positions)
    new DataView(bytes.buffer).setUint32(position, END_OF_CENTRAL_DIRECTORY_SIGNATURE, true);
  return bytes;
}

const big = 200_000;
const windowStart = big - END_OF_CENTRAL_DIRECTORY_LENGTH - MAX_COMMENT_LENGTH;
const CASES: ReadonlyArray<readonly [string, Uint8Array]> = [
  ['only the record, at the last position', plant(100, [100 - END_OF_CENTRAL_DIRECTORY_LENGTH])],
  ['a file of exactly one record', plant(END_OF_CENTRAL_DIRECTORY_LENGTH, [0])],
  [
    'a signature after the last position (cannot hold a record) is ignored',
    plant(100, [100 - 4, 100 - END_OF_CENTRAL_DIRECTORY_LENGTH]),
  ],
  ['fake signatures in the comment', plant(5_000, [4_000, 4_100, 4_978])],
  [
    'at the first position of the window, and one byte before it',
    plant(big, [windowStart, windowStart - 1, big - END_OF_CENTRAL_DIRECTORY_LENGTH]),
  ],
  ['back to back', plant(1_000, [900, 904, 908, 912, 916])],
  ['P bytes everywhere but no signature', new Uint8Array(4_096).fill(0x50)],
  ['no signature at all', new Uint8Array(70_000)],
];

test('EOCD candidates: the native scan finds what the byte-by-byte scan finds, closest to the end first', () => {
  for (const [name, bytes] of CASES) {
    assert.deepEqual(
      findCandidates(new ByteReader(bytes)).map((candidate) => candidate.offset),
      plainScan(bytes),
      name,
    );
  }
});

test('EOCD candidates: random bytes with random planted signatures, at offsets inside a larger buffer', () => {
  const random = seededRandom(0xe0cd);
  for (let round = 0; round < 200; round++) {
    const length = END_OF_CENTRAL_DIRECTORY_LENGTH + Math.floor(random() * 80_000);
    const backing = new Uint8Array(length + 64);
    for (let index = 0; index < backing.length; index++)
      backing[index] = random() < 0.3 ? 0x50 : Math.floor(random() * 256);
    const offset = Math.floor(random() * 32);
    const bytes = backing.subarray(offset, offset + length);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let plants = Math.floor(random() * 6); plants > 0; plants--)
      view.setUint32(Math.floor(random() * (length - 3)), END_OF_CENTRAL_DIRECTORY_SIGNATURE, true);
    assert.deepEqual(
      findCandidates(new ByteReader(bytes)).map((candidate) => candidate.offset),
      plainScan(bytes),
      `round ${round}`,
    );
  }
});
