/**
 * peekEntry (one entry from bounded windows of the file) against the whole read it stands
 * for (readZip + findEntry + readEntry): on every corpus APK, and on crafted archives named
 * by their trick. Where the peek decides, its bytes are the whole read's; where it does not,
 * discovery falls back to the whole read, so the answer is the same either way; each case
 * also says whether the peek must decide. The bytes a peek reads are counted.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FormatError } from '../../src/formats/diagnostics.js';
import { findEntry, peekEntry, readEntry, readZip, type ReadAt } from '../../src/formats/zip/index.js';
import { corpusApks, needs } from '../support/corpus.js';
import { buildZip, type BuildEntry, type BuildOptions } from '../support/zip-writer.js';

const MANIFEST = 'AndroidManifest.xml';
const BUDGET = 4 * 1024 * 1024;

/** The whole read, as discovery did it before the peek. */
function wholeRead(bytes: Uint8Array, budget = BUDGET): Uint8Array | undefined {
  try {
    const archive = readZip(bytes).value;
    const entry = findEntry(archive, MANIFEST);
    return entry === undefined ? undefined : readEntry(archive, entry, { maxBytes: budget }).value;
  } catch (error) {
    if (error instanceof FormatError) return undefined;
    throw error;
  }
}

/** A ReadAt over bytes in memory that counts what it hands out. */
function counting(bytes: Uint8Array): { readAt: ReadAt; read: () => number; calls: () => number } {
  let read = 0;
  let calls = 0;
  return {
    readAt: (position, length) => {
      calls++;
      const window = bytes.subarray(position, Math.min(bytes.length, position + length));
      read += window.length;
      return window;
    },
    read: () => read,
    calls: () => calls,
  };
}

const manifest = 'manifest package=com.example.peek '.repeat(60);
const other = (name: string): BuildEntry => ({ name, data: 'other entry data '.repeat(30), method: 8 });
const theManifest = (data: string | Uint8Array = manifest, method = 8): BuildEntry => ({
  name: MANIFEST,
  data,
  method,
});
const prefix = new Uint8Array(3000).fill(0x5a);
/** An end record (22 bytes, its comment length 0) at the start of a 40-byte comment: it does not reach the end. */
const plantedEnd = new Uint8Array(40);
new DataView(plantedEnd.buffer).setUint32(0, 0x06054b50, true);
/** A comment whose last 22 bytes are an end record of an empty archive, reaching the end exactly. */
const fittingPlant = new Uint8Array(10_000);
new DataView(fittingPlant.buffer).setUint32(10_000 - 22, 0x06054b50, true);

interface Case {
  readonly trick: string;
  readonly bytes: Uint8Array;
  /** Whether the peek must answer by itself (false: it must leave the file to the whole read). */
  readonly decides: boolean;
  /** Whether the whole read finds readable manifest bytes. */
  readonly readable: boolean;
  readonly budget?: number;
}

const zip = (entries: readonly BuildEntry[], options?: BuildOptions) => buildZip(entries, options);
const plain = zip([theManifest(), other('classes.dex')]);
const cases: Case[] = [
  { trick: 'manifest first, deflated', bytes: plain, decides: true, readable: true },
  { trick: 'manifest stored', bytes: zip([theManifest(manifest, 0)]), decides: true, readable: true },
  {
    trick: 'manifest not the first entry',
    bytes: zip([other('classes.dex'), other('res/a.xml'), theManifest()]),
    decides: true,
    readable: true,
  },
  {
    trick: 'two manifests: the first central-directory match is the one read',
    bytes: zip([other('a'), theManifest(), theManifest('the second copy '.repeat(20))]),
    decides: true,
    readable: true,
  },
  { trick: 'no manifest', bytes: zip([other('classes.dex')]), decides: true, readable: false },
  {
    trick: 'an archive comment',
    bytes: zip([other('a'), theManifest()], { comment: new TextEncoder().encode('signed by nobody') }),
    decides: true,
    readable: true,
  },
  {
    trick: 'an archive comment of the largest length',
    bytes: zip([other('a'), theManifest()], { comment: new Uint8Array(0xffff).fill(0x41) }),
    decides: true,
    readable: true,
  },
  {
    trick: 'Zip64 end record and extra fields',
    bytes: zip([other('a'), { ...theManifest(), zip64: true }], { zip64End: true }),
    decides: true,
    readable: true,
  },
  {
    trick: 'Zip64 with the largest comment',
    bytes: zip([{ ...theManifest(), zip64: true }], { zip64End: true, comment: new Uint8Array(0xffff) }),
    decides: true,
    readable: true,
  },
  {
    trick: 'Zip64 with a comment that leaves no room for its records in the last page',
    bytes: zip([{ ...theManifest(), zip64: true }], { zip64End: true, comment: new Uint8Array(4030).fill(0x43) }),
    decides: true,
    readable: true,
  },
  {
    trick: 'an empty end record planted at the end of a 10,000-byte comment (both fit; the closest wins)',
    bytes: zip([theManifest()], { comment: fittingPlant }),
    decides: true,
    readable: false,
  },
  {
    trick: 'a glued prefix, offsets re-based',
    bytes: zip([other('a'), theManifest()], { prefix }),
    decides: true,
    readable: true,
  },
  {
    trick: 'a glued prefix, offsets not re-based (shifted)',
    bytes: zip([other('a'), theManifest()], { prefix, rebase: false }),
    decides: true,
    readable: true,
  },
  {
    trick: 'a central directory that overruns the end record',
    bytes: zip([other('a'), theManifest()], { centralDirectorySizeDelta: 1 }),
    decides: false,
    readable: true,
  },
  {
    trick: 'garbage between the central directory and the end record',
    bytes: zip([theManifest()], { garbageBeforeEnd: new Uint8Array(40) }),
    decides: false,
    readable: true,
  },
  {
    trick: 'more entries declared than the directory holds',
    bytes: zip([other('a'), theManifest()], { declaredEntries: 5 }),
    decides: false,
    readable: true,
  },
  {
    trick: 'an end record signature planted in the comment',
    bytes: zip([theManifest()], { comment: plantedEnd }),
    decides: false,
    readable: true,
  },
  {
    trick: 'a truncated file (end records cut off)',
    bytes: plain.subarray(0, plain.length - 30),
    decides: false,
    readable: false,
  },
  {
    trick: 'a truncated file (only the end record left of the tail)',
    bytes: plain.subarray(plain.length - 22),
    decides: false,
    readable: false,
  },
  {
    trick: 'a compressed size running past the file (the stream ends before)',
    bytes: zip([{ ...theManifest(), central: { compressedSize: 100_000 } }, other('b')]),
    decides: true,
    readable: true,
  },
  {
    trick: 'a manifest over the budget, deflated',
    bytes: zip([theManifest('x'.repeat(64 * 1024))]),
    budget: 16 * 1024,
    decides: true,
    readable: false,
  },
  {
    trick: 'a manifest over the budget, stored',
    bytes: zip([theManifest('x'.repeat(64 * 1024), 0)]),
    budget: 16 * 1024,
    decides: false, // compressed bytes over the budget: not peeked
    readable: false,
  },
  {
    trick: 'a manifest whose CRC does not match (bytes still read, as evidence)',
    bytes: zip([{ ...theManifest(), central: { crc: 0x1234 }, local: { crc: 0x1234 } }]),
    decides: true,
    readable: true,
  },
  {
    trick: 'a local header offset outside the file',
    bytes: zip([{ ...theManifest(), central: { localHeaderOffset: 1 << 30 } }]),
    decides: false,
    readable: false,
  },
  {
    trick: 'sizes in a data descriptor',
    bytes: zip([{ ...theManifest(), dataDescriptor: true }, other('b')]),
    decides: true,
    readable: true,
  },
  {
    trick: 'an unknown compression method',
    bytes: zip([theManifest(manifest, 21), other('b')]),
    decides: true,
    readable: true,
  },
  { trick: 'not a ZIP', bytes: new TextEncoder().encode('<html>not an apk</html>'), decides: false, readable: false },
];

describe('peekEntry gives the whole read’s answer (crafted archives)', () => {
  for (const testCase of cases) {
    test(testCase.trick, () => {
      const budget = testCase.budget ?? BUDGET;
      const whole = wholeRead(testCase.bytes, budget);
      assert.equal(whole !== undefined, testCase.readable, 'the whole read');
      const { readAt } = counting(testCase.bytes);
      const peeked = peekEntry(readAt, testCase.bytes.length, MANIFEST, budget);
      assert.equal(peeked.decided, testCase.decides, peeked.decided ? 'decided' : `undecided: ${peeked.reason}`);
      if (peeked.decided) assert.deepEqual(peeked.value, whole);
    });
  }
});

describe('peekEntry reads a bounded amount', () => {
  test('of a 48 MiB archive whose manifest comes last: the last page, the directory and the one entry', () => {
    const big = new Uint8Array(16 * 1024 * 1024).fill(0x33);
    const bytes = zip([
      { name: 'assets/a.bin', data: big, method: 0 },
      { name: 'assets/b.bin', data: big, method: 0 },
      { name: 'assets/c.bin', data: big, method: 0 },
      theManifest(),
    ]);
    const spy = counting(bytes);
    const peeked = peekEntry(spy.readAt, bytes.length, MANIFEST, BUDGET);
    assert.ok(peeked.decided);
    assert.deepEqual(peeked.value, wholeRead(bytes));
    // The last page (the directory is in it), the local header, its data.
    assert.ok(spy.read() < 8 * 1024, `${spy.read()} bytes read`);
    assert.ok(spy.calls() <= 4, `${spy.calls()} reads`);
  });

  test('a central directory over the peek limit is not read: the whole read decides', () => {
    // The end record declares a directory 20 MiB before it, in a file of 24 MiB.
    const bytes = new Uint8Array(24 * 1024 * 1024);
    const view = new DataView(bytes.buffer);
    const end = bytes.length - 22;
    view.setUint32(end, 0x06054b50, true);
    view.setUint16(end + 8, 1, true);
    view.setUint16(end + 10, 1, true);
    view.setUint32(end + 12, 20 * 1024 * 1024, true);
    view.setUint32(end + 16, end - 20 * 1024 * 1024, true);
    const spy = counting(bytes);
    const peeked = peekEntry(spy.readAt, bytes.length, MANIFEST, BUDGET);
    assert.equal(peeked.decided, false);
    // The last page only.
    assert.equal(spy.read(), 4096);
  });
});

describe('peekEntry on the corpus', { skip: needs('corpus') }, () => {
  test('every corpus APK: the same manifest bytes as the whole read, from a bounded read', () => {
    const files = corpusApks().filter((file) => file.name.endsWith('.apk'));
    let decided = 0;
    let read = 0;
    let total = 0;
    const undecidedNames: string[] = [];
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file.path));
      const spy = counting(bytes);
      const peeked = peekEntry(spy.readAt, bytes.length, MANIFEST, BUDGET);
      total += bytes.length;
      read += spy.read();
      if (!peeked.decided) {
        undecidedNames.push(`${file.name} (${peeked.reason})`);
        continue;
      }
      decided++;
      assert.deepEqual(peeked.value, wholeRead(bytes), file.name);
    }
    // Only apksig's two crafted directories are left to the whole read (92 of 94 decided).
    assert.deepEqual(undecidedNames, [
      'apksig/v2-only-garbage-between-cd-and-eocd.apk (zip.garbage-before-eocd)',
      'apksig/v2-only-truncated-cd.apk (zip.central-directory-overruns-eocd)',
    ]);
    assert.equal(decided, files.length - 2);
    // 2.0 MB of 84 MB.
    assert.ok(read < total / 10, `${read} of ${total} bytes read`);
  });
});
