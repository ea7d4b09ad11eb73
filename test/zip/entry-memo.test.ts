/**
 * The per-archive memo of entry reads (src/formats/zip/entry-memo.ts): a second read of an
 * entry gives exactly what a fresh read gives (bytes, diagnostics, budget refusals, shared
 * budget accounting), and the memo never holds more inflated bytes than its capacity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../support/corpus.js';
import { readEntry, readEntryPrefix, readZip, type ZipArchive, type ZipEntry } from '../../src/formats/zip/index.js';
import { HEAD_BYTES, capacityFor } from '../../src/formats/zip/entry-memo.js';
import { buildZip } from '../support/zip-writer.js';

const MIB = 1024 * 1024;

function entry(archive: ZipArchive, name: string): ZipEntry {
  const found = archive.entries.find((candidate) => candidate.name === name);
  assert.ok(found !== undefined, name);
  return found;
}

/** A fresh read: the same entry of the file parsed again, whose reading state is new, so nothing is recalled. */
function freshRead(archive: ZipArchive, target: ZipEntry, options?: Parameters<typeof readEntry>[2]) {
  const again = readZip(archive.bytes).value;
  const same = again.entries[target.index];
  assert.ok(same !== undefined);
  return readEntry(again, same, options);
}

const entryMemoStatistics = (archive: ZipArchive) => archive.reads.statistics();

const text = (length: number, seed: number): Uint8Array =>
  Uint8Array.from({ length }, (_, index) => 32 + ((index * seed + (index >> 7)) % 90));

const sample = readZip(
  buildZip([
    { name: 'stored.bin', data: text(3000, 7) },
    { name: 'small.txt', data: text(100, 3), method: 8 },
    { name: 'large.txt', data: text(200_000, 11), method: 8 },
    { name: 'bad-crc.txt', data: text(5000, 5), method: 8, local: { crc: 0x1234 }, central: { crc: 0x1234 } },
    {
      name: 'short-size.txt',
      data: text(4000, 13),
      method: 8,
      local: { uncompressedSize: 10 },
      central: { uncompressedSize: 10 },
    },
  ]),
).value;

test('a remembered read equals a fresh read: bytes and diagnostics, damaged entries included', () => {
  for (const target of sample.entries) {
    const first = readEntry(sample, target);
    const second = readEntry(sample, target);
    const fresh = freshRead(sample, target);
    assert.ok(fresh.value !== undefined, target.name);
    assert.deepEqual(second.value, fresh.value, target.name);
    assert.deepEqual(second.diagnostics, fresh.diagnostics, target.name);
    assert.deepEqual(first.diagnostics, fresh.diagnostics, target.name);
    assert.notEqual(second.diagnostics, first.diagnostics, 'each caller gets its own diagnostics array');
  }
  assert.ok(
    readEntry(sample, entry(sample, 'bad-crc.txt')).diagnostics.some(
      (diagnostic) => diagnostic.code === 'zip.crc-mismatch',
    ),
  );
  assert.ok(
    readEntry(sample, entry(sample, 'short-size.txt')).diagnostics.some(
      (diagnostic) => diagnostic.code === 'zip.size-mismatch',
    ),
  );
  assert.equal(entryMemoStatistics(sample).entries, sample.entries.length);
});

test('a smaller budget after a remembered read is refused exactly as without the memo', () => {
  const large = entry(sample, 'large.txt');
  const stored = entry(sample, 'stored.bin');
  readEntry(sample, large);
  readEntry(sample, stored);
  for (const [target, maxBytes] of [
    [large, 1000],
    [stored, 2999],
    [large, 200_000],
    [stored, 3000],
  ] as const) {
    const remembered = readEntry(sample, target, { maxBytes });
    const fresh = freshRead(sample, target, { maxBytes });
    assert.deepEqual(remembered, fresh, `${target.name} under ${maxBytes}`);
  }
  assert.equal(readEntry(sample, large, { maxBytes: 1000 }).value, undefined);
});

test('a shared budget is charged on a remembered read and can refuse it', () => {
  const large = entry(sample, 'large.txt');
  readEntry(sample, large);
  const budget = { remaining: 250_000 };
  assert.equal(readEntry(sample, large, { sharedBudget: budget }).value?.length, 200_000);
  assert.equal(budget.remaining, 50_000);
  const remembered = readEntry(sample, large, { sharedBudget: budget });
  const freshBudget = { remaining: 50_000 };
  assert.deepEqual(remembered, freshRead(sample, large, { sharedBudget: freshBudget }));
  assert.equal(remembered.value, undefined);
  assert.ok(
    remembered.diagnostics.some(
      (diagnostic) => diagnostic.code === 'zip.inflate-budget' && diagnostic.detail.includes('shared budget'),
    ),
  );
});

test('refused reads are not remembered; a later read with room succeeds', () => {
  const archive = readZip(buildZip([{ name: 'a.txt', data: text(50_000, 3), method: 8 }])).value;
  const target = entry(archive, 'a.txt');
  assert.equal(readEntry(archive, target, { maxBytes: 10 }).value, undefined);
  assert.equal(entryMemoStatistics(archive).entries, 0);
  assert.equal(readEntry(archive, target).value?.length, 50_000);
  assert.equal(entryMemoStatistics(archive).entries, 1);
});

test('the memo holds at most its capacity of inflated bytes; stored views cost nothing', () => {
  // Five 3 MiB entries of one repeated byte: a file of a few KiB whose entries exceed the 8 MiB floor.
  const archive = readZip(
    buildZip([
      ...Array.from({ length: 5 }, (_, index) => ({
        name: `zeros${index}`,
        data: new Uint8Array(3 * MIB).fill(index),
        method: 8,
      })),
      { name: 'stored', data: text(4096, 9) },
    ]),
  ).value;
  const capacity = capacityFor(archive.bytes.length);
  assert.ok(capacity < 15 * MIB, `capacity ${capacity}`);
  for (const target of archive.entries) readEntry(archive, target);
  const held = entryMemoStatistics(archive);
  assert.ok(held.heldBytes <= capacity, `${held.heldBytes} held of ${capacity}`);
  assert.equal(held.heldBytes, Math.floor(capacity / (3 * MIB)) * 3 * MIB);
  assert.equal(held.entries, Math.floor(capacity / (3 * MIB)) + 1, 'the stored entry is remembered for free');
  // Entries beyond the capacity are read again, with the same result.
  for (const target of archive.entries)
    assert.deepEqual(readEntry(archive, target), freshRead(archive, target), target.name);
});

test('a read the memo has no room for leaves its head: a later sniff gives the fresh prefix without inflating', () => {
  const dexMagic = [0x64, 0x65, 0x78, 0x0a, 0x30, 0x33, 0x35, 0x00]; // dex-format DEX_FILE_MAGIC "dex\n035\0"
  const archive = readZip(
    buildZip([
      { name: 'filler', data: text(100, 5), method: 8 },
      { name: 'dex', data: Uint8Array.from({ length: 1000 }, (_, index) => dexMagic[index] ?? 0), method: 8 },
      { name: 'long', data: text(5000, 3), method: 8 },
      { name: 'tiny', data: text(5, 7), method: 8 },
    ]),
  ).value;
  // The memo full (as after v1 verification of a large APK): the other reads are not held.
  archive.reads.remember(
    entry(archive, 'filler'),
    { value: new Uint8Array(0), diagnostics: [] },
    archive.reads.capacity,
  );
  for (const name of ['dex', 'long', 'tiny']) readEntry(archive, entry(archive, name));
  const before = entryMemoStatistics(archive);
  assert.equal(before.entries, 1, 'only the filler is held');
  for (const [name, length] of [
    ['dex', 8],
    ['long', 4],
    ['long', HEAD_BYTES],
    ['tiny', 8],
  ] as const) {
    const fresh = readZip(archive.bytes).value;
    assert.deepEqual(
      readEntryPrefix(archive, entry(archive, name), length),
      readEntryPrefix(fresh, entry(fresh, name), length),
      `${name}, ${length} bytes`,
    );
  }
  assert.equal(entryMemoStatistics(archive).inflateRemaining, before.inflateRemaining, 'nothing inflated again');
  // Longer than the head: inflated as before, and charged to the budget.
  const fresh = readZip(archive.bytes).value;
  assert.deepEqual(
    readEntryPrefix(archive, entry(archive, 'long'), HEAD_BYTES + 1),
    readEntryPrefix(fresh, entry(fresh, 'long'), HEAD_BYTES + 1),
  );
  assert.ok(entryMemoStatistics(archive).inflateRemaining < before.inflateRemaining);
});

test('small inflated entries do not keep a 16 KiB zlib chunk alive', () => {
  const value = readEntry(sample, entry(sample, 'small.txt')).value;
  assert.ok(value !== undefined);
  assert.ok(
    value.buffer.byteLength <= Math.max(Buffer.poolSize, 2 * value.length),
    `buffer of ${value.buffer.byteLength} for ${value.length} bytes`,
  );
});

test('a real APK: every entry read twice gives the fresh result; the held bytes stay under the capacity', () => {
  const archive = readZip(
    new Uint8Array(readFileSync(join(repositoryRoot, 'fixtures', 'signing', 'v1-v2-v3-rsa.apk'))),
  ).value;
  for (const target of archive.entries) readEntry(archive, target);
  for (const target of archive.entries)
    assert.deepEqual(readEntry(archive, target), freshRead(archive, target), target.name);
  const held = entryMemoStatistics(archive);
  assert.ok(held.entries > 0 && held.heldBytes <= held.capacity);
});
