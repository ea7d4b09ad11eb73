/**
 * Hostile input: truncation at every offset, one-byte corruption at every
 * offset of the fixture and at sampled offsets of a real dex, huge counts in
 * header, map, class data, code and encoded values, and adversarial files
 * named by their trick. Each must end quickly with a value or a FormatError,
 * never another exception, and name the anomaly in a diagnostic.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError, type Diagnostic } from '../../src/formats/diagnostics.js';
import { readDex, type DexFile } from '../../src/formats/dex/index.js';
import { HeaderField, MapItemType } from '../../src/formats/dex/constants.js';
import { readZip, findEntry, readEntry } from '../../src/formats/zip/index.js';
import { readCorpus, needs } from '../support/corpus.js';
import { exerciseDex, witnessDex } from './support/fixture.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

type Outcome = { dex: DexFile; diagnostics: Diagnostic[] } | { error: FormatError };

/** Parses and touches everything; only FormatError may escape readDex. */
function attempt(bytes: Uint8Array, label: string): Outcome {
  let result;
  try {
    result = readDex(bytes, 0, { checkStrings: true });
  } catch (error) {
    if (error instanceof FormatError) return { error };
    throw new Error(`${label}: readDex threw ${String(error)}`, { cause: error });
  }
  const lazy: Diagnostic[] = [];
  try {
    exerciseDex(result.value);
    // Parts read on demand report their own diagnostics.
    for (const classDef of result.value.classDefs) {
      lazy.push(
        ...result.value.readStaticValues(classDef).diagnostics,
        ...result.value.readAnnotations(classDef).diagnostics,
      );
    }
  } catch (error) {
    throw new Error(`${label}: reading the parsed dex threw ${String(error)}`, { cause: error });
  }
  return { dex: result.value, diagnostics: [...result.diagnostics, ...lazy] };
}

function codesOf(outcome: Outcome): string[] {
  return 'error' in outcome ? [outcome.error.code] : outcome.diagnostics.map((diagnostic) => diagnostic.code);
}

function patch32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(offset, value >>> 0, true);
  return bytes;
}

function read32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
}

const clean = readDex(witnessDex()).value;
const witnessClass = clean.classDefs.find(
  (classDef) => clean.typeName(classDef.classIndex) === 'Lorg/example/witness/Witness;',
)!;
const CLASS_DEF_CLASS_DATA_OFF = 24;
const CLASS_DEF_STATIC_VALUES_OFF = 28;
const CLASS_DEF_INTERFACES_OFF = 12;

describe('truncation and one-byte corruption', () => {
  test('truncated at every offset: a value with diagnostics, or FormatError below the header size', () => {
    const original = witnessDex();
    for (let length = 0; length < original.length; length++) {
      const outcome = attempt(original.slice(0, length), `truncated to ${length}`);
      if (length < 0x70) assert.ok('error' in outcome, `length ${length} should be unreadable`);
      else assert.ok(codesOf(outcome).includes('dex.file-size'), `length ${length}: ${codesOf(outcome).join(',')}`);
    }
  });

  test('every byte of the fixture set to 0x00, 0xff, flipped high bit and incremented', () => {
    const original = witnessDex();
    let parsed = 0;
    for (let offset = 0; offset < original.length; offset++) {
      const byte = original[offset]!;
      for (const replacement of [0x00, 0xff, byte ^ 0x80, (byte + 1) & 0xff]) {
        if (replacement === byte) continue;
        const corrupted = original.slice();
        corrupted[offset] = replacement;
        const outcome = attempt(corrupted, `offset ${offset} = 0x${replacement.toString(16)}`);
        if (!('error' in outcome)) {
          parsed++;
          // Any change after the signature field is caught by the SHA-1 (checksum and signature fields themselves excepted).
          if (offset >= HeaderField.fileSize)
            assert.ok(codesOf(outcome).includes('dex.signature-mismatch'), `offset ${offset}`);
        }
      }
    }
    assert.ok(parsed > original.length, `most corruptions still parse (${parsed})`);
  });

  test('sampled one-byte corruptions of a real app dex (souch.smsbypass classes.dex)', CORPUS, (t) => {
    const archive = readZip(readCorpus('fdroidserver/souch.smsbypass_9.apk')).value;
    const original = readEntry(archive, findEntry(archive, 'classes.dex')!).value!;
    let seed = 0x2545f491;
    const random = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 0x1_0000_0000;
    };
    const SAMPLES = 1500;
    for (let sample = 0; sample < SAMPLES; sample++) {
      const offset = Math.floor(random() * original.length);
      const corrupted = original.slice();
      corrupted[offset] = Math.floor(random() * 256);
      attempt(corrupted, `souch classes.dex offset ${offset}`);
    }
    t.diagnostic(`${SAMPLES} corruptions of a ${original.length}-byte dex`);
  });
});

describe('huge counts never allocate or loop by the declared number', () => {
  const HUGE = 0xffffffff;
  const rows: Array<[string, (bytes: Uint8Array) => void, string]> = [
    ['string_ids_size', (bytes) => patch32(bytes, HeaderField.stringIdsSize, HUGE), 'dex.section-truncated'],
    ['type_ids_size', (bytes) => patch32(bytes, HeaderField.typeIdsSize, HUGE), 'dex.section-truncated'],
    ['proto_ids_size', (bytes) => patch32(bytes, HeaderField.protoIdsSize, HUGE), 'dex.section-truncated'],
    ['field_ids_size', (bytes) => patch32(bytes, HeaderField.fieldIdsSize, HUGE), 'dex.section-truncated'],
    ['method_ids_size', (bytes) => patch32(bytes, HeaderField.methodIdsSize, HUGE), 'dex.section-truncated'],
    ['class_defs_size', (bytes) => patch32(bytes, HeaderField.classDefsSize, HUGE), 'dex.section-truncated'],
    [
      'class_defs_off past the end',
      (bytes) => patch32(bytes, HeaderField.classDefsOffset, HUGE),
      'dex.section-out-of-range',
    ],
    ['map_list size', (bytes) => patch32(bytes, read32(bytes, HeaderField.mapOffset), HUGE), 'dex.map-count'],
    ['map_off past the end', (bytes) => patch32(bytes, HeaderField.mapOffset, HUGE), 'dex.map-out-of-range'],
    [
      'class_data static_fields_size',
      (bytes) => bytes.set([0xff, 0xff, 0xff, 0xff, 0x0f], witnessClass.classDataOffset),
      'dex.class-data-count',
    ],
    [
      'code_item insns_size',
      (bytes) => patch32(bytes, witnessClass.classData!.directMethods[0]!.codeOffset! + 12, HUGE),
      'dex.code-truncated',
    ],
    [
      'interfaces type_list size',
      (bytes) => patch32(bytes, witnessClass.interfacesOffset!, HUGE),
      'dex.type-list-truncated',
    ],
    [
      'static values array size',
      (bytes) => bytes.set([0xff, 0xff, 0xff, 0xff, 0x0f], witnessClass.staticValuesOffset),
      'dex.encoded-array-count',
    ],
    [
      'string_data_off past the end',
      (bytes) => patch32(bytes, read32(bytes, HeaderField.stringIdsOffset), HUGE),
      'dex.string-data-out-of-range',
    ],
  ];
  for (const [name, mutate, code] of rows) {
    test(`huge ${name} is reported as ${code}`, () => {
      const bytes = witnessDex();
      mutate(bytes);
      const started = performance.now();
      const outcome = attempt(bytes, name);
      assert.ok(performance.now() - started < 2000, 'must not take long');
      assert.ok(codesOf(outcome).includes(code), codesOf(outcome).join(','));
    });
  }

  test('tries_size 0xffff reads what exists and reports the overrun', () => {
    const bytes = witnessDex();
    const run = witnessClass.classData!.virtualMethods[1]!;
    new DataView(bytes.buffer).setUint16(run.codeOffset! + 6, 0xffff, true);
    const dex = readDex(bytes, 0, { verifyIntegrity: false }).value;
    const code = dex.classDefs[witnessClass.index]!.classData!.virtualMethods[1]!.code!;
    const tries = dex.readTryBlocks(code);
    assert.ok(tries.value.length < 0xffff);
    assert.ok(tries.diagnostics.some((diagnostic) => diagnostic.code === 'dex.tries-truncated'));
  });
});

describe('adversarial files named by their trick', () => {
  test('header_size 6880 (seen in malware): read as Android reads it, same classes', () => {
    const bytes = patch32(witnessDex(), HeaderField.headerSize, 6880);
    const outcome = attempt(bytes, 'header_size 6880');
    assert.ok(!('error' in outcome));
    assert.ok(codesOf(outcome).includes('dex.header-size'));
    assert.deepEqual(
      outcome.dex.classDefs.map((classDef) => outcome.dex.typeName(classDef.classIndex)),
      clean.classDefs.map((classDef) => clean.typeName(classDef.classIndex)),
    );
  });

  const notDex: Array<[string, number[], string]> = [
    ['compact dex', [0x63, 0x64, 0x65, 0x78, 0x30, 0x30, 0x31, 0x00], 'dex.not-dex-compact-dex'],
    ['Dalvik odex', [0x64, 0x65, 0x79, 0x0a, 0x30, 0x33, 0x36, 0x00], 'dex.not-dex-odex'],
    ['ART vdex', [0x76, 0x64, 0x65, 0x78, 0x30, 0x32, 0x37, 0x00], 'dex.not-dex-vdex'],
    ['ART oat', [0x6f, 0x61, 0x74, 0x0a, 0x31, 0x38, 0x33, 0x00], 'dex.not-dex-oat'],
    ['a zip named classes.dex', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00], 'dex.not-dex-unknown'],
  ];
  for (const [name, magic, code] of notDex) {
    test(`${name} magic is refused with ${code}`, () => {
      const bytes = witnessDex();
      bytes.set(magic, 0);
      const outcome = attempt(bytes, name);
      assert.ok('error' in outcome);
      assert.equal(outcome.error.code, code);
    });
  }

  test('an odex names where its dex is', () => {
    const bytes = witnessDex();
    bytes.set([0x64, 0x65, 0x79, 0x0a, 0x30, 0x33, 0x36, 0x00], 0);
    patch32(bytes, 8, 0x28);
    patch32(bytes, 12, 1234);
    const outcome = attempt(bytes, 'odex');
    assert.ok('error' in outcome);
    assert.match(outcome.error.message, /offset 40, 1234 bytes/);
  });

  test('empty input and a bare magic are unreadable', () => {
    assert.ok('error' in attempt(new Uint8Array(0), 'empty'));
    assert.ok('error' in attempt(Uint8Array.from([0x64, 0x65, 0x78, 0x0a, 0x30, 0x33, 0x35, 0x00]), 'bare magic'));
  });

  const headerTricks: Array<[string, (bytes: Uint8Array) => Uint8Array, string]> = [
    ['unknown version 099', (bytes) => (bytes.set([0x30, 0x39, 0x39], 4), bytes), 'dex.unknown-version'],
    ['byte-swapped endian tag', (bytes) => patch32(bytes, HeaderField.endianTag, 0x78563412), 'dex.byte-swapped'],
    ['odd endian tag', (bytes) => patch32(bytes, HeaderField.endianTag, 0xdeadbeef), 'dex.endian-tag'],
    ['trailing bytes after file_size', (bytes) => Uint8Array.from([...bytes, 1, 2, 3, 4]), 'dex.file-size'],
    ['checksum patched', (bytes) => patch32(bytes, HeaderField.checksum, 0x12345678), 'dex.checksum-mismatch'],
    [
      'one code byte patched',
      (bytes) => ((bytes[witnessClass.classData!.directMethods[2]!.code!.instructionsOffset + 1]! ^= 1), bytes),
      'dex.signature-mismatch',
    ],
    [
      'type_ids moved onto string_ids in the map',
      (bytes) => {
        const map = read32(bytes, HeaderField.mapOffset);
        const count = read32(bytes, map);
        for (let index = 0; index < count; index++) {
          const record = map + 4 + index * 12;
          if ((bytes[record]! | (bytes[record + 1]! << 8)) === MapItemType.typeIdItem)
            patch32(bytes, record + 8, read32(bytes, HeaderField.stringIdsOffset));
        }
        return bytes;
      },
      'dex.section-overlap',
    ],
    ['no map list', (bytes) => patch32(bytes, HeaderField.mapOffset, 0), 'dex.map-missing'],
    [
      'a type descriptor that is no type (type 0 named by a method name string)',
      (bytes) => {
        const name = Array.from({ length: clean.stringCount }, (_, index) => clean.string(index)).indexOf('nativeHook');
        return patch32(bytes, read32(bytes, HeaderField.typeIdsOffset), name);
      },
      'dex.invalid-type-descriptor',
    ],
    [
      'data_size past the end',
      (bytes) => patch32(bytes, HeaderField.dataSize, 0x7fffffff),
      'dex.data-section-out-of-range',
    ],
    [
      'a class defined twice (hidden second body)',
      (bytes) => patch32(bytes, clean.classDefs[1]!.offset, clean.classDefs[0]!.classIndex),
      'dex.duplicate-class',
    ],
    [
      'a class that is its own superclass',
      (bytes) => patch32(bytes, witnessClass.offset + 8, witnessClass.classIndex),
      'dex.self-superclass',
    ],
  ];
  for (const [name, mutate, code] of headerTricks) {
    test(`${name} is reported as ${code} and the rest is still read`, () => {
      const outcome = attempt(mutate(witnessDex()), name);
      assert.ok(!('error' in outcome), name);
      assert.ok(codesOf(outcome).includes(code), codesOf(outcome).join(','));
      assert.equal(outcome.dex.classDefs.length, clean.classDefs.length);
    });
  }

  test('100,000 class defs sharing one class_data_item are parsed once, not 100,000 times', () => {
    const COPIES = 100_000;
    const original = witnessDex();
    const bytes = new Uint8Array(original.length + COPIES * 32);
    bytes.set(original);
    const record = original.subarray(witnessClass.offset, witnessClass.offset + 32);
    for (let copy = 0; copy < COPIES; copy++) bytes.set(record, original.length + copy * 32);
    patch32(bytes, HeaderField.classDefsOffset, original.length);
    patch32(bytes, HeaderField.classDefsSize, COPIES);
    const started = performance.now();
    const { value: dex } = readDex(bytes, 0, { verifyIntegrity: false });
    assert.ok(performance.now() - started < 3000);
    assert.equal(dex.classDefs.length, COPIES);
    assert.equal(
      dex.classDefs[0]!.classDataSpan,
      dex.classDefs[COPIES - 1]!.classDataSpan,
      'one shared class_data span',
    );
    const witnessMethods = witnessClass.classData!.directMethods.length + witnessClass.classData!.virtualMethods.length;
    assert.equal(dex.members.methodCount, witnessMethods, 'the shared item read once, not once per class_def');
  });

  test('200,000 string ids pointing at one 2 MB string are decoded once', () => {
    const IDS = 200_000;
    const LENGTH = 2 * 1024 * 1024;
    const original = witnessDex();
    const idsOffset = original.length;
    const dataOffset = idsOffset + IDS * 4;
    const bytes = new Uint8Array(dataOffset + 3 + LENGTH + 1);
    bytes.set(original);
    for (let index = 0; index < IDS; index++) patch32(bytes, idsOffset + index * 4, dataOffset);
    bytes.set([0x80, 0x80, 0x01], dataOffset); // utf16_size 16384 (a lie: the check reports it)
    bytes.fill(0x61, dataOffset + 3, dataOffset + 3 + LENGTH);
    patch32(bytes, HeaderField.stringIdsOffset, idsOffset);
    patch32(bytes, HeaderField.stringIdsSize, IDS);
    const started = performance.now();
    const { value: dex, diagnostics } = readDex(bytes, 0, { checkStrings: true, verifyIntegrity: false });
    assert.ok(performance.now() - started < 5000, `took ${performance.now() - started} ms`);
    assert.equal(dex.string(IDS - 1).length, LENGTH);
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'dex.string-size-mismatch'));
  });

  test('400,000 string ids at consecutive offsets of one 400 KB string (overlapping data) stay linear', () => {
    const IDS = 400_000;
    const original = witnessDex();
    const idsOffset = original.length;
    const dataOffset = idsOffset + IDS * 4;
    const bytes = new Uint8Array(dataOffset + IDS + 1);
    bytes.set(original);
    bytes.fill(0x61, dataOffset, dataOffset + IDS); // utf16_size byte 0x61, then more 'a': every suffix is a string
    for (let index = 0; index < IDS; index++) patch32(bytes, idsOffset + index * 4, dataOffset + index);
    patch32(bytes, HeaderField.stringIdsOffset, idsOffset);
    patch32(bytes, HeaderField.stringIdsSize, IDS);
    const started = performance.now();
    const { diagnostics } = readDex(bytes, 0, { checkStrings: true, verifyIntegrity: false });
    assert.ok(performance.now() - started < 10_000, `took ${performance.now() - started} ms`);
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'dex.work-budget'));
  });

  test('static values nested 10,000 arrays deep stop at the depth limit with a diagnostic', () => {
    const DEPTH = 10_000;
    const ARRAY_OF_ONE = [0x1c, 0x01];
    const original = witnessDex();
    const nested = [0x01, ...Array.from({ length: DEPTH }, () => ARRAY_OF_ONE).flat(), 0x1e];
    const bytes = Uint8Array.from([...original, ...nested]);
    patch32(bytes, witnessClass.offset + CLASS_DEF_STATIC_VALUES_OFF, original.length);
    const dex = readDex(bytes, 0, { verifyIntegrity: false }).value;
    const values = dex.readStaticValues(dex.classDefs[witnessClass.index]!);
    assert.ok(
      values.diagnostics.some(
        (diagnostic) => diagnostic.code === 'dex.encoded-value-invalid' && /nested/.test(diagnostic.detail),
      ),
    );
  });

  test('20,000 interface type_lists at consecutive offsets, each declaring the rest of the file, keep no more types than the file has room for', () => {
    // The fuzzer's dex target spent most of its time here: a shifted dex makes every list a
    // different offset into 0xff bytes, each clamped to the rest of the file (16 entries per byte before).
    const LISTS = 20_000;
    const original = witnessDex();
    const classDefsOffset = original.length;
    const listsOffset = classDefsOffset + LISTS * 32;
    const bytes = new Uint8Array(listsOffset + 4 * LISTS);
    bytes.set(original);
    bytes.fill(0xff, listsOffset);
    const record = original.subarray(witnessClass.offset, witnessClass.offset + 32);
    for (let copy = 0; copy < LISTS; copy++) {
      bytes.set(record, classDefsOffset + copy * 32);
      patch32(bytes, classDefsOffset + copy * 32 + CLASS_DEF_INTERFACES_OFF, listsOffset + copy);
    }
    patch32(bytes, HeaderField.classDefsOffset, classDefsOffset);
    patch32(bytes, HeaderField.classDefsSize, LISTS);
    const { value: dex, diagnostics } = readDex(bytes, 0, { verifyIntegrity: false });
    assert.equal(dex.classDefs.length, LISTS);
    const kept = dex.classDefs.reduce((sum, classDef) => sum + classDef.interfaceIndexes.length, 0);
    assert.ok(kept <= bytes.length / 2, `${kept} type indexes kept from a ${bytes.length}-byte dex`);
    assert.ok(dex.classDefs[0]!.interfaceIndexes.length > 0, 'the first list is read');
    assert.equal(diagnostics.filter((diagnostic) => diagnostic.code === 'dex.type-list-overlap').length, 1);
  });

  test('a class_data_item of 100,000 methods whose first index is past method_ids: one diagnostic, none kept', () => {
    // Indexes only grow (each is the previous plus an unsigned uleb128): after the first out of
    // range every one is, and reading them made a diagnostic and a member each.
    const METHODS = 100_000;
    const original = witnessDex();
    const uleb = (value: number): number[] => {
      const out: number[] = [];
      do {
        out.push((value & 0x7f) | (value > 0x7f ? 0x80 : 0));
        value >>>= 7;
      } while (value > 0);
      return out;
    };
    const item = [
      ...uleb(0),
      ...uleb(0),
      ...uleb(METHODS),
      ...uleb(0),
      ...uleb(clean.methodCount + 5),
      0,
      0,
      ...Array.from({ length: METHODS - 1 }, () => [1, 0, 0]).flat(),
    ];
    const bytes = Uint8Array.from([...original, ...item]);
    patch32(bytes, witnessClass.offset + CLASS_DEF_CLASS_DATA_OFF, original.length);
    const { value: dex, diagnostics } = readDex(bytes, 0, { verifyIntegrity: false });
    const outOfRange = diagnostics.filter((diagnostic) => diagnostic.code === 'dex.class-data-index-out-of-range');
    assert.equal(outOfRange.length, 1, outOfRange.map((diagnostic) => diagnostic.detail).join('\n'));
    assert.match(outOfRange[0]!.detail, /99999 methods after it/);
    assert.equal(dex.classDefs[witnessClass.index]!.classData!.directMethods.length, 0);
    assert.equal(
      dex.members.methodCount,
      clean.members.methodCount -
        witnessClass.classData!.directMethods.length -
        witnessClass.classData!.virtualMethods.length,
    );
  });

  test('a proto whose parameters type_list declares 100,000 types keeps 255, the most a method can take', () => {
    // Found by the fuzzer's scan target: each such proto became a descriptor of every type name
    // in the list (megabytes), hashed and repeated in diagnostics, 5 s for one 600 KB dex.
    const TYPES = 100_000;
    const original = witnessDex();
    const bytes = new Uint8Array(original.length + 4 + 2 * TYPES);
    bytes.set(original);
    patch32(bytes, original.length, TYPES);
    patch32(bytes, read32(bytes, HeaderField.protoIdsOffset) + 8, original.length);
    const { value: dex, diagnostics } = readDex(bytes, 0, { verifyIntegrity: false });
    assert.equal(dex.protoParameterTypeIndexes(0).length, 255);
    assert.ok(dex.protoDescriptor(0).length < 2000, `descriptor of ${dex.protoDescriptor(0).length} characters`);
    const tooMany = diagnostics.filter((diagnostic) => diagnostic.code === 'dex.proto-too-many-parameters');
    assert.equal(tooMany.length, 1);
    assert.match(tooMany[0]!.detail, /proto 0, 100000\)/);
  });

  test('a map_list of 50,000 items (one item repeated) reads 42, twice the item types there are', () => {
    // Found by the fuzzer's scan target: a map_list count clamped to the file made every record
    // a few diagnostics (10,000 kept, 1 s for one 600 KB dex).
    const ITEMS = 50_000;
    const original = witnessDex();
    const map = read32(original, HeaderField.mapOffset);
    const bytes = new Uint8Array(original.length + 4 + 12 * ITEMS);
    bytes.set(original);
    patch32(bytes, original.length, ITEMS);
    for (let item = 0; item < ITEMS; item++)
      bytes.set(original.subarray(map + 4, map + 16), original.length + 4 + item * 12);
    patch32(bytes, HeaderField.mapOffset, original.length);
    const { value: dex, diagnostics } = readDex(bytes, 0, { verifyIntegrity: false });
    assert.equal(dex.mapList.length, 42);
    assert.equal(diagnostics.filter((diagnostic) => diagnostic.code === 'dex.map-too-many-items').length, 1);
    assert.ok(diagnostics.length < 200, `${diagnostics.length} diagnostics`);
    assert.equal(dex.classDefs.length, clean.classDefs.length, 'classes are read from the header, as ART reads them');
  });

  test('class_data_off and interfaces_off past the end are reported, other classes still read', () => {
    const bytes = witnessDex();
    patch32(bytes, witnessClass.offset + CLASS_DEF_CLASS_DATA_OFF, 0x7fffffff);
    patch32(bytes, witnessClass.offset + CLASS_DEF_INTERFACES_OFF, 0x7fffffff);
    const outcome = attempt(bytes, 'offsets past the end');
    assert.ok(!('error' in outcome));
    assert.ok(codesOf(outcome).includes('dex.class-data-out-of-range'));
    assert.ok(codesOf(outcome).includes('dex.type-list-out-of-range'));
    assert.equal(outcome.dex.classDefs.length, clean.classDefs.length);
  });
});
