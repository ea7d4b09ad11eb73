/**
 * Entries whose offsets name one record (ResTable_type slots pointing at the same
 * ResTable_entry): each record is decoded once and shared, so a table of 4 bytes per entry
 * costs one small object per entry, not a copy of the record (a bag of 20,000 items named
 * by 65,535 slots took 4.3 GB and 107 s when each slot decoded it again).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readResourceTable } from '../../src/formats/arsc/table.js';
import { findEntry, readEntry, readZip } from '../../src/formats/zip/index.js';
import { deviceConfig, Resources } from '../../src/model/resources/index.js';
import { bagAliasApk } from '../robustness/crafted.js';

function tableOf(apk: Uint8Array): Uint8Array {
  const archive = readZip(apk).value;
  const entry = findEntry(archive, 'resources.arsc');
  assert.ok(entry);
  const bytes = readEntry(archive, entry).value;
  assert.ok(bytes);
  return bytes;
}

test('slots naming one bag share one decoded bag, each under its own index', () => {
  const { value: table, diagnostics } = readResourceTable(tableOf(bagAliasApk(1000, 50)));
  assert.deepEqual(diagnostics, []);
  const entries = table.packages[0]?.types[0]?.entries ?? [];
  assert.equal(entries.length, 1000);
  assert.deepEqual(
    entries.slice(0, 3).map((entry) => entry.index),
    [0, 1, 2],
  );
  assert.equal(entries[0]?.bag?.items.length, 50);
  assert.ok(entries.every((entry) => entry.bag === entries[0]?.bag && entry.offset === entries[0]?.offset));
  const resources = new Resources([table]);
  assert.equal(resources.resolveStringArray(0x7f010000 + 999, deviceConfig({}))?.length, 50);
  assert.equal(resources.resolveStringArray(0x7f010000 + 999, deviceConfig({}), 7)?.length, 7);
});

test('65,535 slots naming a bag of 20,000 items: one bag in memory (a copy per slot needed 4.3 GB)', () => {
  const { value: table } = readResourceTable(tableOf(bagAliasApk(65_535, 20_000)));
  const entries = table.packages[0]?.types[0]?.entries ?? [];
  assert.equal(entries.length, 65_535);
  assert.equal(new Set(entries.map((entry) => entry.bag)).size, 1);
});
