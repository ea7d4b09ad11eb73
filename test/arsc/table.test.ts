/**
 * resources.arsc reader on hand-built tables: offset kinds, compact entries,
 * bags, library chunks, adversarial counts, and a one-byte corruption sweep.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readResourceTable } from '../../src/formats/arsc/table.js';
import { formatAaptValues } from '../../src/formats/arsc/aapt-format.js';
import { qualifierString } from '../../src/formats/arsc/qualifiers.js';
import type { ResourceTable } from '../../src/formats/arsc/types.js';
import { FormatError } from '../../src/formats/diagnostics.js';
import { Resources } from '../../src/model/resources/resources.js';
import * as B from './builder.js';

const a2 = (text: string): [number, number] => [text.charCodeAt(0), text.charCodeAt(1)];
const STRING = 0x03;
const REFERENCE = 0x01;
const INT_DEC = 0x10;

/** A table using every feature: u32, OFFSET16 and sparse offsets, compact entries, bags, a library chunk. */
export function featureTable(): Uint8Array {
  const strings = ['Hello', '你好', 'one item', 'many items', 'first', 'second'];
  const keys = ['app_name', 'greeting', 'count', 'items', 'plural', 'compact', 'style'];
  return B.table(strings, [
    B.packageChunk(0x7f, 'com.example.app', ['string', 'integer', 'array', 'plurals', 'style'], keys, [
      B.libraryChunk([[0x02, 'com.example.lib']]),
      B.typeSpecChunk(1, [0, 0x4, 0]),
      B.typeChunk(1, B.config(), [
        { kind: 'simple', key: 0, dataType: STRING, data: 0 },
        { kind: 'simple', key: 1, dataType: REFERENCE, data: 0x7f010000 },
        undefined,
      ]),
      B.typeChunk(
        1,
        B.config({ language: a2('zh'), country: a2('CN') }),
        [{ kind: 'simple', key: 0, dataType: STRING, data: 1 }],
        'offset16',
      ),
      B.typeSpecChunk(2, [0, 0, 0, 0, 0, 0, 0, 0]),
      B.typeChunk(
        2,
        B.config({ sdkVersion: 26 }),
        [
          undefined,
          { kind: 'compact', key: 5, dataType: INT_DEC, data: 42 },
          undefined,
          undefined,
          undefined,
          { kind: 'simple', key: 2, dataType: INT_DEC, data: 7 },
        ],
        'sparse',
      ),
      B.typeSpecChunk(3, [0]),
      B.typeChunk(3, B.config(), [
        {
          kind: 'bag',
          key: 3,
          parent: 0,
          items: [
            { name: 0x02000000, dataType: STRING, data: 4 },
            { name: 0x02000001, dataType: STRING, data: 5 },
          ],
        },
      ]),
      B.typeSpecChunk(4, [0]),
      B.typeChunk(4, B.config(), [
        {
          kind: 'bag',
          key: 4,
          parent: 0,
          items: [
            { name: 0x01000006, dataType: STRING, data: 2 },
            { name: 0x01000004, dataType: STRING, data: 3 },
          ],
        },
      ]),
      B.typeSpecChunk(5, [0]),
      B.typeChunk(5, B.config(), [
        { kind: 'bag', key: 6, parent: 0x01030005, items: [{ name: 0x01010098, dataType: 0x1c, data: 0xff00ff00 }] },
      ]),
    ]),
  ]);
}

function parse(bytes: Uint8Array): ResourceTable {
  return readResourceTable(bytes).value;
}

describe('hand-built tables', () => {
  const bytes = featureTable();
  const result = readResourceTable(bytes, 5000);
  const table = result.value;
  const pkg = table.packages[0]!;

  test('package header, pools and library chunk', () => {
    assert.deepEqual(result.diagnostics, []);
    assert.equal(table.packages.length, 1);
    assert.equal(pkg.id, 0x7f);
    assert.equal(pkg.name, 'com.example.app');
    assert.equal(pkg.typeStrings?.get(0), 'string');
    assert.equal(pkg.keyStrings?.get(5), 'compact');
    assert.deepEqual(
      pkg.libraries.map((l) => [l.packageId, l.packageName]),
      [[0x02, 'com.example.lib']],
    );
    assert.deepEqual(pkg.typeSpecs.get(1)?.entryFlags, [0, 0x4, 0]);
  });

  test('u32 offsets skip NO_ENTRY and keep absolute entry offsets', () => {
    const type = pkg.types[0]!;
    assert.deepEqual(
      type.entries.map((e) => e.index),
      [0, 1],
    );
    for (const entry of type.entries) {
      // The key index stored at the recorded offset (relative to our base of 5000) is the entry's key.
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      assert.equal(view.getUint32(entry.offset - 5000 + 4, true), entry.keyIndex);
    }
    assert.deepEqual(type.entries[1]?.value, {
      offset: type.entries[1]!.offset + 8,
      size: 8,
      res0: 0,
      dataType: REFERENCE,
      data: 0x7f010000,
    });
  });

  test('OFFSET16 offsets', () => {
    const type = pkg.types[1]!;
    assert.equal(type.flags, 0x02);
    assert.equal(qualifierString(type.config), 'zh-rCN');
    assert.equal(table.globalStrings?.get(type.entries[0]!.value!.data), '你好');
  });

  test('sparse offsets and a compact entry', () => {
    const type = pkg.types[2]!;
    assert.equal(type.entryCount, 2);
    assert.deepEqual(
      type.entries.map((e) => e.index),
      [1, 5],
    );
    const compact = type.entries[0]!;
    assert.equal(compact.compact, true);
    assert.equal(compact.keyIndex, 5);
    assert.equal(compact.value?.dataType, INT_DEC);
    assert.equal(compact.value.data, 42);
    assert.equal(type.entries[1]?.compact, false);
  });

  test('bags: string-array, plurals and a style parent', () => {
    const array = pkg.types[3]!.entries[0]!.bag!;
    assert.deepEqual(
      array.items.map((i) => [i.name, i.value.data]),
      [
        [0x02000000, 4],
        [0x02000001, 5],
      ],
    );
    const style = pkg.types[5]!.entries[0]!.bag!;
    assert.equal(style.parent, 0x01030005);
    assert.equal(style.items[0]?.value.data, 0xff00ff00);
  });

  test('the model resolves names, references, arrays and plurals', () => {
    const resources = new Resources([table]);
    assert.equal(resources.nameOf(0x7f010000), 'com.example.app:string/app_name');
    assert.equal(resources.nameOf(0x7f020001), 'com.example.app:integer/compact');
    assert.equal(resources.idOf('string/greeting'), 0x7f010001);
    const device = { locale: 'en-US' };
    const resolution = resources.resolve(0x7f010001, deviceFor(device));
    assert.equal(resolution.text, 'Hello');
    assert.deepEqual(
      resolution.chain.map((step) => step.id),
      [0x7f010001, 0x7f010000],
    );
    assert.equal(resources.resolveString(0x7f010001, deviceFor({ locale: 'zh-CN' })), '你好');
    assert.deepEqual(resources.resolveStringArray(0x7f030000, deviceFor(device)), ['first', 'second']);
    assert.deepEqual(
      [...resources.resolvePlurals(0x7f040000, deviceFor(device))!],
      [
        ['one', 'one item'],
        ['other', 'many items'],
      ],
    );
    assert.deepEqual(
      [...resources.allLocaleValues(0x7f010000)].map(([locale, r]) => [locale, r.text]),
      [
        ['', 'Hello'],
        ['zh-rCN', '你好'],
      ],
    );
  });

  test('candidate keys, decoded on demand, are the key pool strings of their entries', () => {
    const resources = new Resources([table]);
    for (const id of resources.ids()) {
      for (const candidate of resources.valuesOf(id))
        assert.equal(candidate.key, pkg.keyStrings?.get(candidate.entry.keyIndex));
    }
    assert.equal(resources.valuesOf(0x7f010000)[0]?.key, 'app_name');
    assert.deepEqual(
      [...resources.valueLists()],
      [...resources.ids()].map((id) => resources.valuesOf(id)),
      'valueLists walks ids() in order',
    );
  });

  test('the aapt formatter prints every entry kind', () => {
    const text = formatAaptValues(table);
    assert.match(
      text,
      /config zh-rCN flags=0x02:\n {8}resource 0x7f010000 com\.example\.app:string\/app_name: t=0x03 d=0x00000001 \(s=0x0008 r=0x00\)\n {10}\(string8\) "你好"/,
    );
    assert.match(
      text,
      /config v26 flags=0x01 \[sparse\]:\n {8}resource 0x7f020001 com\.example\.app:integer\/compact: t=0x10 d=0x0000002a/,
    );
    assert.match(
      text,
      /Parent=0x01030005\(Resolved=0x01030005\), Count=1\n {10}#0 \(Key=0x01010098\): \(color\) #ff00ff00/,
    );
    assert.match(text, /DynamicRefTable entryCount=1:\n {4}0x02 -> com\.example\.lib/);
  });
});

import { deviceConfig, type DeviceOptions } from '../../src/model/resources/device.js';
function deviceFor(options: DeviceOptions) {
  return deviceConfig(options);
}

describe('adversarial tables, named by their trick', () => {
  const cases: Array<[string, () => Uint8Array, (table: ResourceTable, codes: string[]) => void]> = [
    [
      'type entryCount of 0x7fffffff is clamped by the chunk size',
      () => patchTypeEntryCount(0x7fffffff),
      (t, codes) => {
        assert.ok(codes.includes('arsc.type-entry-count-clamped'));
        // Slots past the real table read entry bytes as offsets: bounded by the chunk, never by the count.
        assert.ok((t.packages[0]?.types[0]?.entries.length ?? 0) <= 10);
      },
    ],
    [
      'bag count of 0xffffffff is clamped',
      () => patchBagCount(0xffffffff),
      (t, codes) => {
        assert.ok(codes.includes('arsc.map-count-clamped'));
        assert.ok(t.packages[0]!.types.some((type) => type.entries.some((e) => e.bag !== undefined)));
      },
    ],
    [
      'entry offset past the chunk',
      () =>
        singleType([{ kind: 'simple', key: 0, dataType: STRING, data: 0 }], (b, at) =>
          b.setUint32(at, 0x00100000, true),
        ),
      (t, codes) => {
        assert.ok(codes.includes('arsc.entry-out-of-bounds'));
        assert.equal(t.packages[0]?.types[0]?.entries.length, 0);
      },
    ],
    [
      'entry offset not 4-aligned',
      () => singleType([{ kind: 'simple', key: 0, dataType: STRING, data: 0 }], (b, at) => b.setUint32(at, 2, true)),
      (_t, codes) => {
        assert.ok(codes.includes('arsc.entry-offset-unaligned'));
      },
    ],
    [
      'entry size below 8',
      () =>
        singleType([{ kind: 'simple', key: 0, dataType: STRING, data: 0 }], (b, at, entries) =>
          b.setUint16(entries, 4, true),
        ),
      (_t, codes) => {
        assert.ok(codes.includes('arsc.entry-size-small'));
      },
    ],
  ];
  for (const [name, build, check] of cases) {
    test(name, () => {
      const result = readResourceTable(build());
      check(
        result.value,
        result.diagnostics.map((d) => d.code),
      );
      formatAaptValues(result.value);
      new Resources([result.value]);
    });
  }

  test('overlayable and staged-alias chunks; the model follows a staged id to its finalized id', () => {
    const bytes = B.table(
      ['final'],
      [
        B.packageChunk(
          0x01,
          'android',
          ['string'],
          ['k'],
          [
            B.typeSpecChunk(1, [0]),
            B.typeChunk(1, B.config(), [{ kind: 'simple', key: 0, dataType: STRING, data: 0 }]),
            B.overlayableChunk('SystemUi', 'overlay://theme', [
              [0x00000003, [0x01010000]],
              [0x00000020, []],
            ]),
            B.stagedAliasChunk([[0x01fd0000, 0x01010000]]),
          ],
        ),
      ],
    );
    const result = readResourceTable(bytes);
    assert.deepEqual(result.diagnostics, []);
    const pkg = result.value.packages[0]!;
    assert.deepEqual(
      pkg.overlayables.map((o) => [o.name, o.actor, o.policies.map((p) => [p.policyFlags, [...p.resourceIds]])]),
      [
        [
          'SystemUi',
          'overlay://theme',
          [
            [3, [0x01010000]],
            [0x20, []],
          ],
        ],
      ],
    );
    assert.deepEqual(
      pkg.stagedAliases.map((a) => [a.stagedId, a.finalizedId]),
      [[0x01fd0000, 0x01010000]],
    );
    assert.equal(new Resources([result.value]).resolveString(0x01fd0000, deviceConfig()), 'final');
  });

  test('an entry renamed between configs is reported', () => {
    const renamed = B.table(
      ['x'],
      [
        B.packageChunk(
          0x7f,
          'p',
          ['string'],
          ['real_name', 'decoy'],
          [
            B.typeSpecChunk(1, [0]),
            B.typeChunk(1, B.config(), [{ kind: 'simple', key: 0, dataType: STRING, data: 0 }]),
            B.typeChunk(1, B.config({ language: a2('zh') }), [{ kind: 'simple', key: 1, dataType: STRING, data: 0 }]),
          ],
        ),
      ],
    );
    const result = readResourceTable(renamed);
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['arsc.entry-key-mismatch'],
    );
    assert.equal(result.diagnostics[0]?.offset, result.value.packages[0]?.types[1]?.entries[0]?.offset);
  });

  test('a type before its typeSpec is reported', () => {
    const early = B.table(
      ['x'],
      [
        B.packageChunk(
          0x7f,
          'p',
          ['string'],
          ['k'],
          [
            B.typeChunk(1, B.config(), [{ kind: 'simple', key: 0, dataType: STRING, data: 0 }]),
            B.typeSpecChunk(1, [0]),
          ],
        ),
      ],
    );
    assert.deepEqual(
      readResourceTable(early).diagnostics.map((d) => d.code),
      ['arsc.type-without-spec'],
    );
  });

  test('not a table, empty input and a bare header throw FormatError only', () => {
    for (const input of [
      new Uint8Array(0),
      new Uint8Array(11),
      B.chunk(0x0003, new B.Bytes().u32(0).build(), new Uint8Array(0)),
    ]) {
      assert.throws(() => readResourceTable(input), FormatError);
    }
  });

  test('a reference cycle and a reference chain deeper than the limit', () => {
    const cycle = B.table(
      [],
      [
        B.packageChunk(
          0x7f,
          'p',
          ['string'],
          ['a', 'b'],
          [
            B.typeSpecChunk(1, [0, 0]),
            B.typeChunk(1, B.config(), [
              { kind: 'simple', key: 0, dataType: REFERENCE, data: 0x7f010001 },
              { kind: 'simple', key: 1, dataType: REFERENCE, data: 0x7f010000 },
            ]),
          ],
        ),
      ],
    );
    assert.equal(new Resources([parse(cycle)]).resolve(0x7f010000, deviceConfig()).problem, 'reference-cycle');
    const depth = 30;
    const chain = Array.from({ length: depth }, (_, i) => ({
      kind: 'simple' as const,
      key: 0,
      dataType: i + 1 < depth ? REFERENCE : STRING,
      data: i + 1 < depth ? 0x7f010000 + i + 1 : 0,
    }));
    const deep = B.table(
      ['end'],
      [
        B.packageChunk(
          0x7f,
          'p',
          ['string'],
          ['k'],
          [
            B.typeSpecChunk(
              1,
              chain.map(() => 0),
            ),
            B.typeChunk(1, B.config(), chain),
          ],
        ),
      ],
    );
    const resources = new Resources([parse(deep)]);
    assert.equal(resources.resolve(0x7f010000, deviceConfig()).problem, 'too-deep');
    assert.equal(resources.resolve(0x7f010000 + depth - 5, deviceConfig()).text, 'end');
  });
});

/** A one-type table whose offset table can be patched: (view, offset-table position, entries position). */
function singleType(
  entries: B.EntrySpec[],
  patch: (view: DataView, offsetsAt: number, entriesAt: number, typeAt: number) => void,
): Uint8Array {
  const bytes = B.table(
    ['x'],
    [
      B.packageChunk(
        0x7f,
        'p',
        ['string'],
        ['k'],
        [
          B.typeSpecChunk(
            1,
            entries.map(() => 0),
          ),
          B.typeChunk(1, B.config(), entries),
        ],
      ),
    ],
  );
  const view = new DataView(bytes.buffer);
  const typeAt = findChunk(bytes, 0x0201);
  const headerSize = view.getUint16(typeAt + 2, true);
  patch(view, typeAt + headerSize, typeAt + view.getUint32(typeAt + 16, true), typeAt);
  return bytes;
}

function findChunk(bytes: Uint8Array, type: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  for (let at = 0; at + 8 <= bytes.length; at += 4) {
    if (view.getUint16(at, true) === type && view.getUint16(at + 2, true) >= 20 && view.getUint16(at + 2, true) < 200)
      return at;
  }
  throw new Error(`no chunk 0x${type.toString(16)}`);
}

function patchTypeEntryCount(count: number): Uint8Array {
  return singleType(
    [
      { kind: 'simple', key: 0, dataType: STRING, data: 0 },
      { kind: 'simple', key: 0, dataType: STRING, data: 0 },
    ],
    (view, _offsets, _entries, typeAt) => {
      view.setUint32(typeAt + 12, count, true);
    },
  );
}

function patchBagCount(count: number): Uint8Array {
  return singleType(
    [{ kind: 'bag', key: 0, parent: 0, items: [{ name: 0x02000000, dataType: STRING, data: 0 }] }],
    (view, _offsets, entriesAt) => {
      view.setUint32(entriesAt + 12, count, true);
    },
  );
}

describe('one-byte corruptions of a good table', () => {
  test('never throw anything but FormatError, and the model and formatter accept the result', () => {
    const good = featureTable();
    let parsed = 0;
    let rejected = 0;
    for (let position = 0; position < good.length; position++) {
      for (const value of [0x00, 0xff, (good[position]! + 1) & 0xff, 0x80]) {
        if (value === good[position]) continue;
        const bytes = good.slice();
        bytes[position] = value;
        try {
          const table = readResourceTable(bytes).value;
          formatAaptValues(table);
          const resources = new Resources([table]);
          for (const id of resources.ids()) {
            resources.resolve(id, deviceConfig());
            resources.allLocaleValues(id);
          }
          parsed++;
        } catch (error) {
          if (!(error instanceof FormatError))
            throw new Error(`byte ${position} = 0x${value.toString(16)}: ${String(error)}`, { cause: error });
          rejected++;
        }
      }
    }
    console.log(`corruption sweep: ${good.length} positions, ${parsed} parsed, ${rejected} rejected with FormatError`);
    assert.ok(parsed > rejected);
  });
});
