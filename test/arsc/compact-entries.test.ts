/**
 * Android 14 tables (FLAG_OFFSET16, compact entries, grammatical gender,
 * shared libraries) where aapt 10 and androguard 3.4 fail: expectations checked
 * by hand against the bytes (offsets noted below were read with xxd).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusRoot, needs } from '../support/corpus.js';
import { extractEntry } from '../support/entries.js';
import { join } from 'node:path';
import { readResourceTable } from '../../src/formats/arsc/table.js';
import { qualifierString } from '../../src/formats/arsc/qualifiers.js';
import type { ResourceTable } from '../../src/formats/arsc/types.js';
import { Resources } from '../../src/model/resources/resources.js';
import { deviceConfig } from '../../src/model/resources/device.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

function load(name: string): ResourceTable {
  const bytes = extractEntry(join(corpusRoot, name), 'resources.arsc');
  assert.ok(bytes !== undefined, `${name} has no resources.arsc`);
  const result = readResourceTable(bytes);
  assert.deepEqual(result.diagnostics, [], `${name} diagnostics`);
  return result.value;
}

describe('compact entries, hand-checked', () => {
  test('androguard/compact-entry.apk: one OFFSET16 type, one compact string entry at 0x230', CORPUS, () => {
    const table = load('androguard/compact-entry.apk');
    const pkg = table.packages[0]!;
    assert.equal(pkg.name, 'com.erev0s');
    const type = pkg.types[0]!;
    // Type chunk at 0x1d8: headerSize 0x54, flags 0x02 (OFFSET16), entryCount 1, entriesStart 0x58.
    assert.equal(type.offset, 0x1d8);
    assert.equal(type.flags, 0x02);
    const entry = type.entries[0]!;
    // Bytes at 0x230: 00 00 | 08 03 | 00 00 00 00 → key 0, FLAG_COMPACT, TYPE_STRING, data 0.
    assert.equal(entry.offset, 0x230);
    assert.equal(entry.compact, true);
    assert.equal(pkg.keyStrings?.get(entry.keyIndex), 'app_name');
    assert.deepEqual([entry.value?.dataType, entry.value?.data], [0x03, 0]);
    const resources = new Resources([table]);
    assert.equal(resources.resolveString(0x7f010000, deviceConfig()), 'erev0s.com-CompactEntry');
  });

  test('apktool/issue3705.apk: 32,773 compact entries with u32 offsets', CORPUS, () => {
    const table = load('apktool/issue3705.apk');
    const type = table.packages[0]!.types[0]!;
    assert.equal(type.flags, 0);
    assert.equal(type.entryCount, 32773);
    assert.equal(type.entries.length, 32773);
    assert.ok(type.entries.every((entry) => entry.compact));
    const resources = new Resources([table]);
    assert.equal(resources.resolveString(0x7f010000, deviceConfig()), 'CompactEntries');
    // Keys past 0x7fff survive the 16-bit key field.
    assert.equal(resources.nameOf(0x7f018004), 'com.ibotpeaches.compactentries:string/dummy_32772');
    assert.deepEqual([type.entries[32772]?.value?.dataType, type.entries[32772]?.value?.data], [0x01, 0]);
  });

  test('apktool/library.apk: a shared library (package id 0) with public attrs and pseudo-locales', CORPUS, () => {
    const table = load('apktool/library.apk');
    const pkg = table.packages[0]!;
    assert.equal(pkg.id, 0);
    assert.deepEqual(
      pkg.libraries.map((l) => [l.packageId, l.packageName]),
      [[0, 'com.google.android.test.shared_library']],
    );
    assert.deepEqual([...pkg.typeSpecs.get(1)!.entryFlags], Array(7).fill(0x40000000));
    const qualifiers = pkg.types.filter((type) => type.id === 2).map((type) => qualifierString(type.config));
    assert.deepEqual(qualifiers, [
      '',
      'en-rXA',
      'en-rXA-neuter',
      'en-rXA-feminine',
      'en-rXA-masculine',
      'ar-rXB',
      'ar-rXB-neuter',
      'ar-rXB-feminine',
      'ar-rXB-masculine',
    ]);
    const resources = new Resources([table]);
    // The loader assigns 0x02 to the first library, as ResTable::parsePackage does.
    assert.equal(resources.nameOf(0x02020003), 'com.google.android.test.shared_library:string/shared_string');
    assert.equal(
      resources.resolveString(0x02020003, deviceConfig({ locale: 'en-XA' })),
      '[Šĥåŕéð šţŕîñĝ¡ one two three]',
    );
  });

  test('apktool/client.apk + library.apk: a dynamic reference resolves through the library chunk', CORPUS, () => {
    const client = load('apktool/client.apk');
    const pkg = client.packages[0]!;
    assert.deepEqual(
      pkg.libraries.map((l) => [l.packageId, l.packageName]),
      [[2, 'com.google.android.test.shared_library']],
    );
    const changes = pkg.types.find((type) => type.id === 3 && qualifierString(type.config) === '')!.entries[1]!;
    assert.equal(changes.compact, true);
    assert.deepEqual([changes.value?.dataType, changes.value?.data], [0x07, 0x02020003]);
    const style = pkg.types.find((type) => type.id === 4)!.entries[0]!;
    assert.equal(style.bag?.parent, 0x02040001);
    const alone = new Resources([client]);
    // Without the library loaded, the build-time id 0x02 has no run-time package.
    assert.equal(alone.resolve(0x7f030001, deviceConfig()).problem, 'unresolved-library');
    const together = new Resources([load('apktool/library.apk'), client]);
    const resolution = together.resolve(0x7f030001, deviceConfig());
    assert.equal(resolution.text, 'Shared string!');
    assert.deepEqual(
      resolution.chain.map((step) => step.name),
      [
        'com.google.android.test.lib_client:string/changes',
        'com.google.android.test.shared_library:string/shared_string',
      ],
    );
    assert.equal(
      together.resolveString(0x7f030000, deviceConfig({ locale: 'ar-XB' })),
      '\u200f\u202eSharedLibrary\u202c\u200f \u200f\u202eclient\u202c\u200f',
    );
  });

  test('apktool/framework.apk: a framework-style package 0x02 with OFFSET16 types', CORPUS, () => {
    const table = load('apktool/framework.apk');
    const pkg = table.packages[0]!;
    assert.deepEqual([pkg.id, pkg.name], [0x02, 'framework.test']);
    assert.ok(pkg.types.every((type) => type.flags === 0x02));
    assert.ok(pkg.types.every((type) => type.entries.every((entry) => entry.compact || entry.bag !== undefined)));
    const resources = new Resources([table]);
    assert.equal(resources.nameOf(0x02010000), 'framework.test:attr/name');
  });
});
