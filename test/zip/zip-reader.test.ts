/**
 * Table tests of the ZIP reader on in-memory archives, one case per trick.
 * Each case states the entries Android would list and the diagnostics that
 * must (and must not) appear.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError } from '../../src/formats/diagnostics.js';
import { findEntry, readEntry, readZip } from '../../src/formats/zip/index.js';
import { isValidEntryNameForAndroid } from '../../src/formats/zip/names.js';
import { buildZip, type BuildEntry, type BuildOptions } from '../support/zip-writer.js';

const text = 'Hello, surveillance researchers! '.repeat(40);
const small = (name: string, method = 8): BuildEntry => ({ name, data: text, method });
const dexPrefix = new Uint8Array([0x64, 0x65, 0x78, 0x0a, 0x30, 0x33, 0x35, 0x00, ...new Array<number>(120).fill(7)]);

interface Case {
  readonly trick: string;
  readonly entries: readonly BuildEntry[];
  readonly options?: BuildOptions;
  /** Names Android lists, in central-directory order. */
  readonly names: readonly string[];
  /** Diagnostic codes that must appear from readZip. */
  readonly codes?: readonly string[];
  /** Diagnostic codes that readEntry must give for the first entry. */
  readonly entryCodes?: readonly string[];
  /** Content of the first entry when it must be readable. */
  readonly content?: string;
  readonly prefixLength?: number;
  readonly zip64?: boolean;
  /** How many local headers no central record lists. */
  readonly orphans?: number;
}

const cases: Case[] = [
  {
    trick: 'stored and deflated entries',
    entries: [small('a.txt', 0), small('b.txt', 8)],
    names: ['a.txt', 'b.txt'],
    content: text,
  },
  { trick: 'empty archive (end record only)', entries: [], names: [] },
  {
    trick: 'zip64 end record and extra fields',
    entries: [{ ...small('big.bin'), zip64: true }],
    options: { zip64End: true },
    names: ['big.bin'],
    content: text,
    zip64: true,
  },
  {
    trick: 'data descriptor (bit 3)',
    entries: [{ ...small('dd.txt'), dataDescriptor: true }, small('next.txt')],
    names: ['dd.txt', 'next.txt'],
    content: text,
  },
  {
    trick: 'data descriptor disagreeing with the central record',
    entries: [{ ...small('dd.txt'), dataDescriptor: true, central: { crc: 0x1234 } }],
    names: ['dd.txt'],
    codes: ['zip.data-descriptor-mismatch'],
    entryCodes: ['zip.crc-mismatch'],
  },
  {
    trick: 'DEX glued in front, offsets re-based (Janus)',
    entries: [small('classes.dex')],
    options: { prefix: dexPrefix },
    names: ['classes.dex'],
    codes: ['zip.prefix-bytes'],
    prefixLength: dexPrefix.length,
    content: text,
  },
  {
    trick: 'garbage glued in front, offsets not re-based',
    entries: [small('a.txt'), small('b.txt')],
    options: { prefix: new Uint8Array(77).fill(0x41), rebase: false },
    names: ['a.txt', 'b.txt'],
    codes: ['zip.offsets-shifted'],
    prefixLength: 77,
    content: text,
  },
  {
    trick: 'maximal 65,535-byte comment',
    entries: [small('a.txt')],
    options: { comment: new Uint8Array(65535).fill(0x20) },
    names: ['a.txt'],
    content: text,
  },
  {
    trick: 'fake end record planted inside the comment',
    entries: [small('a.txt')],
    options: { comment: new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0), 0x20, 0x20, 0x20]) },
    names: ['a.txt'],
    codes: ['zip.eocd-signature-in-comment'],
  },
  {
    trick: 'bytes after the comment',
    entries: [small('a.txt')],
    options: { trailing: new Uint8Array(9) },
    names: ['a.txt'],
    codes: ['zip.eocd-comment-length-mismatch'],
  },
  {
    trick: 'second directory where the size points (ambiguous directory)',
    entries: [small('a.txt')],
    // The central record of "a.txt" is 46 + 5 bytes; a same-sized fake follows it, where declared size points back from the end.
    options: { garbageBeforeEnd: new Uint8Array([0x50, 0x4b, 0x01, 0x02, ...new Array<number>(47).fill(0)]) },
    names: ['a.txt'],
    codes: ['zip.garbage-before-eocd', 'zip.central-directory-ambiguous'],
  },
  {
    trick: 'garbage between directory and end record',
    entries: [small('a.txt')],
    options: { garbageBeforeEnd: new TextEncoder().encode('GARBAGE') },
    names: ['a.txt'],
    codes: ['zip.garbage-before-eocd'],
  },
  {
    trick: 'duplicate names (Master Key)',
    entries: [
      { name: 'classes.dex', data: 'evil', method: 0 },
      { name: 'classes.dex', data: 'good', method: 0 },
    ],
    names: ['classes.dex', 'classes.dex'],
    codes: ['zip.duplicate-name'],
    content: 'evil',
  },
  {
    trick: 'local name differs from central name',
    entries: [{ ...small('AndroidManifest.xml'), local: { name: 'AndroidManifesT.xml' } }],
    names: ['AndroidManifest.xml'],
    codes: ['zip.local-mismatch-name'],
    content: text,
  },
  {
    trick: 'local method differs',
    entries: [{ ...small('a.txt'), local: { method: 0 } }],
    names: ['a.txt'],
    codes: ['zip.local-mismatch-method'],
    content: text,
  },
  {
    trick: 'local sizes differ',
    entries: [{ ...small('a.txt'), local: { compressedSize: 1, uncompressedSize: 1 } }],
    names: ['a.txt'],
    codes: ['zip.local-mismatch-sizes'],
    content: text,
  },
  {
    trick: 'local CRC differs',
    entries: [{ ...small('a.txt'), local: { crc: 1 } }],
    names: ['a.txt'],
    codes: ['zip.local-mismatch-crc'],
    content: text,
  },
  {
    trick: 'local flags differ',
    entries: [{ ...small('a.txt'), local: { flags: 0x0800 } }],
    names: ['a.txt'],
    codes: ['zip.local-mismatch-flags'],
    content: text,
  },
  {
    trick: 'local version needed differs',
    entries: [{ ...small('a.txt'), local: { versionNeeded: 0x0314 } }],
    names: ['a.txt'],
    codes: ['zip.local-mismatch-version'],
    content: text,
  },
  {
    trick: 'local extra field differs',
    entries: [{ ...small('a.txt'), local: { extra: new Uint8Array([0x55, 0x54, 1, 0, 0]) } }],
    names: ['a.txt'],
    codes: ['zip.local-mismatch-extra'],
    content: text,
  },
  {
    trick: 'bogus encryption bit on plain data',
    entries: [{ ...small('a.txt'), flags: 0x0001 }],
    names: ['a.txt'],
    entryCodes: ['zip.encryption-flag-ignored'],
    content: text,
  },
  {
    trick: 'CRC error',
    entries: [{ ...small('a.txt'), central: { crc: 0xdeadbeef }, local: { crc: 0xdeadbeef } }],
    names: ['a.txt'],
    entryCodes: ['zip.crc-mismatch'],
  },
  {
    trick: 'unknown method over deflated data',
    entries: [{ ...small('CERT.RSA'), method: 21, encoding: 'deflate' }],
    names: ['CERT.RSA'],
    entryCodes: ['zip.unknown-method'],
    content: text,
  },
  {
    trick: 'unknown method over stored data',
    entries: [{ ...small('a.txt'), method: 99, encoding: 'stored' }],
    names: ['a.txt'],
    entryCodes: ['zip.unknown-method'],
    content: text,
  },
  {
    trick: 'NUL in a name',
    entries: [small('test.txt\u0000')],
    names: ['test.txt\u0000'],
    codes: ['zip.name-contains-nul'],
  },
  {
    trick: 'path traversal in a name',
    entries: [small('../../etc/passwd')],
    names: ['../../etc/passwd'],
    codes: ['zip.name-path-traversal'],
  },
  {
    trick: 'line break in a name (breaks v1 manifests)',
    entries: [small('a\nb.txt')],
    names: ['a\nb.txt'],
    codes: ['zip.name-line-break'],
  },
  { trick: 'absolute name', entries: [small('/data/evil')], names: ['/data/evil'], codes: ['zip.name-absolute'] },
  {
    trick: 'overlong UTF-8 name (Android accepts, strict decoders do not)',
    entries: [{ ...small('x'), name: new Uint8Array([0x61, 0xc0, 0xaf, 0x62]) }],
    names: ['a\ufffd\ufffdb'],
    codes: ['zip.name-invalid-utf8'],
  },
  {
    trick: 'invalid UTF-8 name',
    entries: [{ ...small('x'), name: new Uint8Array([0x61, 0xff, 0x62]) }],
    names: ['a\ufffdb'],
    codes: ['zip.name-invalid-utf8'],
  },
  {
    trick: 'end record declares fewer entries (hidden record)',
    entries: [small('a.txt'), small('hidden.dex')],
    options: { declaredEntries: 1 },
    names: ['a.txt'],
    codes: ['zip.entry-count-mismatch'],
  },
  {
    trick: 'end record declares more entries',
    entries: [small('a.txt')],
    options: { declaredEntries: 5 },
    names: ['a.txt'],
    codes: ['zip.entry-count-mismatch'],
  },
  {
    trick: 'truncated central directory',
    entries: [small('a.txt'), small('classes.dex')],
    options: { centralDirectorySizeDelta: 1, garbageBeforeEnd: new Uint8Array(0) },
    names: ['a.txt', 'classes.dex'],
    codes: ['zip.central-directory-overruns-eocd'],
  },
  {
    trick: 'two records sharing one local header (overlap)',
    entries: [small('a.txt'), { ...small('b.txt'), central: { localHeaderOffset: 0, name: 'b.txt' } }],
    names: ['a.txt', 'b.txt'],
    codes: ['zip.duplicate-local-header'],
  },
  {
    trick: 'local header planted after the central directory',
    // Stored "a.txt": local header 30 + 5 + 1,320 bytes, then its 51-byte central record, then a
    // local header of "b" (32 bytes) in the garbage before the end record, where the record points.
    entries: [{ ...small('a.txt', 0), central: { localHeaderOffset: 30 + 5 + text.length + 46 + 5 } }],
    options: { garbageBeforeEnd: buildZip([{ name: 'b', data: 'x' }]).subarray(0, 32) },
    names: ['a.txt'],
    codes: [
      'zip.garbage-before-eocd',
      'zip.local-header-after-directory',
      'zip.local-mismatch-name',
      'zip.orphan-local-header',
    ],
    // Everything before the directory (the real "a.txt" header, now listed by nobody) belongs to no entry.
    prefixLength: 30 + 5 + text.length,
  },
  {
    trick: 'two local headers listed by no central record (hidden entries)',
    entries: [
      small('a.txt'),
      { ...small('hidden1.dex'), unlisted: true },
      { ...small('hidden2.dex'), unlisted: true },
      small('b.txt'),
    ],
    names: ['a.txt', 'b.txt'],
    codes: ['zip.orphan-local-header'],
    orphans: 2,
    content: text,
  },
  {
    trick: 'local header offset outside the file',
    entries: [{ ...small('a.txt'), central: { localHeaderOffset: 0x7fffffff } }],
    names: ['a.txt'],
    codes: ['zip.local-header-missing'],
    entryCodes: ['zip.entry-unreadable'],
  },
];

describe('readZip on in-memory archives named by their trick', () => {
  for (const testCase of cases) {
    test(testCase.trick, () => {
      const bytes = buildZip(testCase.entries, testCase.options);
      const { value: archive, diagnostics } = readZip(bytes);
      assert.deepEqual(
        archive.entries.map((entry) => entry.name),
        testCase.names,
      );
      const codes = new Set(diagnostics.map((diagnostic) => diagnostic.code));
      for (const code of testCase.codes ?? [])
        assert.ok(codes.has(code), `expected ${code}, got ${[...codes].join(', ') || 'nothing'}`);
      if (testCase.codes === undefined) assert.deepEqual([...codes], [], 'a clean archive gives no diagnostics');
      assert.equal(archive.prefixLength, testCase.prefixLength ?? 0);
      assert.equal(archive.zip64, testCase.zip64 ?? false);
      if (testCase.orphans !== undefined)
        assert.equal(
          diagnostics.filter((diagnostic) => diagnostic.code === 'zip.orphan-local-header').length,
          testCase.orphans,
        );
      const first = archive.entries[0];
      if (first === undefined) return;
      assert.equal(findEntry(archive, first.name), first, 'findEntry returns the first copy');
      const read = readEntry(archive, first);
      const entryCodes = new Set(read.diagnostics.map((diagnostic) => diagnostic.code));
      for (const code of testCase.entryCodes ?? [])
        assert.ok(
          entryCodes.has(code),
          `expected ${code} from readEntry, got ${[...entryCodes].join(', ') || 'nothing'}`,
        );
      if (testCase.content !== undefined) assert.equal(new TextDecoder().decode(read.value), testCase.content);
      for (const diagnostic of [...diagnostics, ...read.diagnostics]) {
        assert.ok(
          diagnostic.offset >= 0 && diagnostic.offset <= bytes.length + 0x7fffffff,
          `offset of ${diagnostic.code}`,
        );
        assert.doesNotMatch(diagnostic.detail, /[\u0000-\u001f]/, 'details carry no control characters');
      }
    });
  }
});

describe('readEntry budgets', () => {
  const bomb = new Uint8Array(4 * 1024 * 1024); // 4 MiB of zeros deflates to a few KiB
  const archive = readZip(buildZip([{ name: 'bomb.bin', data: bomb, method: 8 }])).value;
  const entry = archive.entries[0];
  test('a bomb over a tiny budget is refused with zip.inflate-budget', () => {
    assert.ok(entry);
    const result = readEntry(archive, entry, { maxBytes: 64 * 1024 });
    assert.equal(result.value, undefined);
    assert.deepEqual(
      result.diagnostics.map((diagnostic) => diagnostic.code),
      ['zip.inflate-budget'],
    );
  });
  test('the same entry inflates under the default budget', () => {
    assert.ok(entry);
    const result = readEntry(archive, entry);
    assert.equal(result.value?.length, bomb.length);
    assert.deepEqual(result.diagnostics, []);
  });
  test('an overlapping-entry bomb: one stream listed 50 times is inflated once', () => {
    const kernel = new Uint8Array(1024 * 1024);
    const copies = Array.from({ length: 49 }, (_, index) => ({
      name: `copy${index}`,
      data: kernel,
      method: 8,
      central: { localHeaderOffset: 0 },
    }));
    const { value: overlapping, diagnostics } = readZip(
      buildZip([{ name: 'kernel', data: kernel, method: 8 }, ...copies]),
    );
    assert.equal(diagnostics.filter((diagnostic) => diagnostic.code === 'zip.duplicate-local-header').length, 49);
    const sharedBudget = { remaining: 10 * 1024 * 1024 };
    let read = 0;
    let refused = 0;
    for (const overlappingEntry of overlapping.entries) {
      const result = readEntry(overlapping, overlappingEntry, { sharedBudget });
      if (result.value !== undefined) read++;
      else if (result.diagnostics.some((diagnostic) => diagnostic.code === 'zip.duplicate-local-header-read'))
        refused++;
    }
    // The kernel is inflated once; its copies share the remembered bytes while the caller's budget lasts.
    assert.equal(read, 10);
    assert.equal(refused, 40);
    assert.equal(sharedBudget.remaining, 0);
    assert.equal(overlapping.reads.inflateBudget - overlapping.reads.inflateRemaining, kernel.length);
  });
  test('a stream too large to remember, listed many times, is not inflated again', () => {
    const kernel = new Uint8Array(9 * 1024 * 1024);
    const copies = Array.from({ length: 5 }, (_, index) => ({
      name: `copy${index}`,
      data: kernel,
      method: 8,
      central: { localHeaderOffset: 0 },
    }));
    const archive = readZip(buildZip([{ name: 'kernel', data: kernel, method: 8 }, ...copies])).value;
    const outcomes = archive.entries.map((entry) => readEntry(archive, entry));
    assert.equal(outcomes[0]?.value?.length, kernel.length);
    for (const outcome of outcomes.slice(1)) {
      assert.equal(outcome.value, undefined);
      assert.match(
        outcome.diagnostics[0]?.detail ?? '',
        /points at the local header of entry "kernel".*not inflated again/,
      );
    }
    assert.equal(archive.reads.inflateBudget - archive.reads.inflateRemaining, kernel.length);
  });
  test('every inflation of an entry too large to remember is charged to the archive budget', () => {
    const kernel = new Uint8Array(12 * 1024 * 1024);
    const archive = readZip(buildZip([{ name: 'kernel', data: kernel, method: 8 }])).value;
    const entry = archive.entries[0];
    assert.ok(entry);
    const budget = archive.reads.inflateBudget;
    assert.ok(budget < 40 * 1024 * 1024, `budget ${budget}`);
    const outcomes = Array.from({ length: 5 }, () => readEntry(archive, entry));
    const read = outcomes.filter((outcome) => outcome.value !== undefined).length;
    assert.equal(read, Math.floor(budget / kernel.length));
    const refused = outcomes.at(-1);
    assert.equal(refused?.value, undefined);
    assert.match(refused?.diagnostics[0]?.detail ?? '', /archive's inflate budget of \d+ bytes .* is spent/);
    assert.equal(refused?.diagnostics[0]?.code, 'zip.archive-inflate-budget');
    // Refused by what it declares, before inflating anything: what is left stays left.
    assert.ok(archive.reads.inflateRemaining < kernel.length && archive.reads.inflateRemaining > 0);
  });
  test('a stored entry larger than the budget is refused', () => {
    const stored = readZip(buildZip([{ name: 's.bin', data: new Uint8Array(1000), method: 0 }])).value;
    const storedEntry = stored.entries[0];
    assert.ok(storedEntry);
    assert.equal(readEntry(stored, storedEntry, { maxBytes: 10 }).value, undefined);
  });
});

describe('unreadable input throws FormatError only', () => {
  const inputs: Array<[string, Uint8Array]> = [
    ['empty file', new Uint8Array(0)],
    ['21 bytes', new Uint8Array(21)],
    ['no end record', new Uint8Array(70_000).fill(0x50)],
    ['end record pointing at nothing', buildZip([small('a.txt')]).subarray(200)],
  ];
  for (const [trick, bytes] of inputs) {
    test(trick, () => {
      assert.throws(() => readZip(bytes), FormatError);
    });
  }
});

describe('entry names judged like libziparchive', () => {
  const table: Array<[string, number[], boolean]> = [
    ['ASCII', [0x61, 0x2f, 0x62], true],
    ['two-byte sequence', [0xc3, 0xa9], true],
    ['overlong slash (structurally fine)', [0xc0, 0xaf], true],
    ['NUL', [0x61, 0x00], false],
    ['lone continuation byte', [0x80], false],
    ['0xFF', [0xff], false],
    ['truncated three-byte sequence', [0xe2, 0x82], false],
    ['bad continuation byte', [0xe2, 0x41, 0x41], false],
  ];
  for (const [trick, bytes, valid] of table) {
    test(trick, () => {
      assert.equal(isValidEntryNameForAndroid(new Uint8Array(bytes)), valid);
    });
  }
});
