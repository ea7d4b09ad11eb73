import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sniffAsset } from './sniff.js';
import { readElfFacts, MAX_SYMBOLS } from './elf.js';
import {
  printableStrings,
  entropy,
  MAX_SCANNED_BYTES,
  MAX_STRINGS,
  MAX_STRING_LENGTH,
  MIN_STRING_LENGTH,
} from './strings.js';
import { readZip } from '../../formats/zip/index.js';
import { corpusApks, corpusRoot, readCorpus, runTool, needs } from '../../../test/support/corpus.js';
import { extractEntry } from '../../../test/support/entries.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const text = (value: string) => new TextEncoder().encode(value);

function pseudoRandom(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = 0x12345678;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[index] = state & 0xff;
  }
  return out;
}

const SNIFF_CASES: ReadonlyArray<readonly [string, Uint8Array, string]> = [
  ['dex magic', text('dex\n035\u0000rest of a dex'), 'dex'],
  ['zip local header', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), 'zip'],
  ['sqlite header', text('SQLite format 3\u0000page data'), 'sqlite'],
  ['png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image'],
  ['json object', text('{"religion":["无","伊斯兰教"],"v":1}'), 'json'],
  ['csv', text('name,id,plate\n张三,1101,京A\n李四,1102,京B\n'), 'csv'],
  ['plain text', text('hello world\nsecond line\n'), 'text'],
  ['broken json is text', text('{"a": 1,'), 'text'],
  ['random bytes', pseudoRandom(20_000), 'high-entropy'],
  ['empty file', new Uint8Array(0), 'unknown'],
  ['elf magic only (truncated header)', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1]), 'elf'],
  // 64 KB is sampled: a three-byte 身 cut by the sample's end is not invalid UTF-8
  ['Chinese text cut mid-character by the 64 KB sample', text(`${'a'.repeat(64 * 1024 - 1)}身份证\n`), 'text'],
  ['latin-1 byte (invalid UTF-8)', new Uint8Array([...text('caf'), 0xe9, ...text(' au lait\n')]), 'unknown'],
  ['overlong UTF-8 encoding of "/" (C0 AF)', new Uint8Array([...text('a'), 0xc0, 0xaf, ...text('b\n')]), 'unknown'],
];

for (const [name, bytes, type] of SNIFF_CASES) {
  test(`sniff: ${name} → ${type}`, () => assert.equal(sniffAsset('assets/x', bytes, bytes.length).type, type));
}

test('sniff: an unknown binary keeps its printable strings under assets/ only (library resources elsewhere do not)', () => {
  const bytes = new Uint8Array([1, 2, 3, ...text('collector.example.org'), 0, 1, 2, 3]);
  assert.deepEqual(
    sniffAsset('assets/blob.bin', bytes, bytes.length).strings.map((entry) => entry.text),
    ['collector.example.org'],
  );
  assert.deepEqual(sniffAsset('com/ibm/icu/impl/data/icudt72b/brkitr/char.res', bytes, bytes.length).strings, []);
});

test('sniff: json keys and csv columns are reported', () => {
  assert.deepEqual(sniffAsset('a.json', text('{"b":1,"a":2}'), 13).details.keys, ['b', 'a']);
  assert.equal(sniffAsset('a.csv', text('a,b,c\n1,2,3\n'), 12).details.columns, 3);
  // Fields are counted as split(',') counts them: empty and trailing fields included.
  assert.equal(sniffAsset('b.csv', text(',,c\n1,2,\n'), 10).details.columns, 3);
  // A row with more fields keeps the rest in its last one (a pattern such as (\d{5,11}) holds a comma)…
  const extra = sniffAsset('c.csv', text('a,b\n1,2,3\n'), 10);
  assert.equal(extra.type, 'csv');
  assert.deepEqual(extra.table, { separator: ',', header: ['a', 'b'], rows: [['1', '2,3']] });
  // …a row with fewer fields than the header is no table.
  assert.equal(sniffAsset('d.csv', text('a,b,c\n1,2\n'), 10).type, 'text');
  // Tab-separated values, and the content of a small text file.
  assert.equal(sniffAsset('e.tsv', text('a\tb\n1\t2\n'), 8).type, 'tsv');
  assert.equal(sniffAsset('f.txt', text('hello\n'), 6).text, 'hello\n');
});

test('strings: offsets point at the text, UTF-8 runs kept, short runs dropped', () => {
  const bytes = new Uint8Array([0, 0, ...text('http://a.example/x'), 0, 1, ...text('ab'), 0, ...text('身份证号码'), 0]);
  const strings = printableStrings(bytes);
  assert.deepEqual(
    strings.map((entry) => entry.text),
    ['http://a.example/x', '身份证号码'],
  );
  for (const entry of strings)
    assert.equal(
      new TextDecoder().decode(bytes.subarray(entry.offset, entry.offset + text(entry.text).length)),
      entry.text,
    );
  assert.ok(entropy(pseudoRandom(4096)) > 7.9);
  assert.equal(entropy(new Uint8Array(100)), 0);
});

/** The scan as first written (every run through a TextDecoder, one histogram): the fast paths must agree with it. */
function referenceStrings(bytes: Uint8Array, limit = MAX_STRINGS): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  const end = Math.min(bytes.length, MAX_SCANNED_BYTES);
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const sequence = (index: number): number => {
    const lead = bytes[index]!;
    const length =
      lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || index + length > end) return 0;
    for (let next = 1; next < length; next++) if ((bytes[index + next]! & 0xc0) !== 0x80) return 0;
    return length;
  };
  let start = -1;
  let index = 0;
  const flush = (stop: number) => {
    if (start >= 0 && stop - start >= MIN_STRING_LENGTH && out.length < limit) {
      const text = decoder.decode(bytes.subarray(start, Math.min(stop, start + MAX_STRING_LENGTH * 3)));
      out.push({ text: text.length > MAX_STRING_LENGTH ? text.slice(0, MAX_STRING_LENGTH) : text, offset: start });
    }
    start = -1;
  };
  while (index < end && out.length < limit) {
    const value = bytes[index]!;
    if ((value >= 0x20 && value <= 0x7e) || value === 0x09) {
      if (start < 0) start = index;
      index++;
      continue;
    }
    const length = value >= 0xc2 ? sequence(index) : 0;
    if (length > 1) {
      if (start < 0) start = index;
      index += length;
    } else {
      if (start >= 0) flush(index);
      index++;
    }
  }
  flush(index);
  return out;
}
function referenceEntropy(bytes: Uint8Array): number {
  const end = Math.min(bytes.length, MAX_SCANNED_BYTES);
  if (end === 0) return 0;
  const counts = new Uint32Array(256);
  for (let index = 0; index < end; index++) counts[bytes[index]!]!++;
  let bits = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / end;
    bits -= p * Math.log2(p);
  }
  return bits;
}
/** Bytes drawn from a palette of run bytes, run breakers, continuation and lead bytes: dense short runs and sequences. */
function paletteBytes(length: number): Uint8Array {
  const palette = [
    0x41, 0x20, 0x09, 0x7e, 0x00, 0x0a, 0x7f, 0xff, 0xc0, 0xf5, 0x80, 0xa9, 0xbf, 0xc3, 0xe8, 0xf0, 0x9f,
  ];
  return pseudoRandom(length).map((value) => palette[value % palette.length]!);
}
const PROBE_CASES: ReadonlyArray<readonly [string, Uint8Array]> = [
  ['a kept run right after a breaker', new Uint8Array([0, ...text('abcdef'), 0])],
  ['five bytes then a breaker', new Uint8Array([...text('abcde'), 0xff, ...text('abcdef')])],
  ['a run ending at the end of the data', new Uint8Array([0xff, ...text('abcdefg')])],
  ['a sequence across the probe', new Uint8Array([0, ...text('abcd'), 0xe8, 0xba, 0xab, 0])],
  ['lone continuation bytes in a gap', new Uint8Array([0x80, 0xbf, 0x80, ...text('abcdef'), 0x80, 0x00])],
  ['a cut sequence before a breaker', new Uint8Array([...text('abcd'), 0xe8, 0xba, 0x00, ...text('xy')])],
  ['palette bytes', paletteBytes(20_000)],
];
test('strings: probing past bytes that end every run keeps exactly the plain scan', () => {
  for (const [name, bytes] of PROBE_CASES) {
    for (const limit of [MAX_STRINGS, 1, 3])
      assert.deepEqual(printableStrings(bytes, limit), referenceStrings(bytes, limit), `${name}, limit ${limit}`);
    for (let cut = 0; cut <= Math.min(bytes.length, 24); cut++) {
      const prefix = bytes.subarray(0, cut);
      assert.deepEqual(printableStrings(prefix), referenceStrings(prefix), `${name}, first ${cut} bytes`);
    }
  }
});
test('strings and entropy: the latin1 run path, gap skipping and laned histogram equal the plain scan', () => {
  const mixed = new Uint8Array([
    ...text('a'.repeat(700)),
    0,
    ...text(`${'身'.repeat(600)}tail`),
    1,
    0xef,
    0xbb,
    0xbf,
    ...text('bom-led text'),
    0xff,
    0xf5,
    ...text('short'),
    0xc3,
    ...text('cut lead then text'),
    0,
    ...text('\tTabbed\tline'),
    0xe8,
    0xba,
    ...text('trunc'),
  ]);
  const inputs = [
    mixed,
    pseudoRandom(50_000),
    text('x'.repeat(10)),
    new Uint8Array(0),
    text('abcdefg'),
    text('é'.repeat(5)),
    pseudoRandom(3).map((value) => value | 0x80),
  ];
  for (const bytes of inputs) {
    assert.deepEqual(printableStrings(bytes), referenceStrings(bytes));
    assert.deepEqual(printableStrings(bytes, 2), referenceStrings(bytes, 2));
    assert.equal(entropy(bytes), referenceEntropy(bytes));
  }
  // Bounded on hostile input: only MAX_SCANNED_BYTES are read, at most MAX_STRINGS kept.
  const huge = new Uint8Array(MAX_SCANNED_BYTES + 4096).fill(0x41);
  for (let index = 0; index < huge.length; index += 8) huge[index] = 0;
  assert.equal(printableStrings(huge).length, MAX_STRINGS);
  assert.deepEqual(printableStrings(huge), referenceStrings(huge));
  assert.equal(entropy(huge), referenceEntropy(huge));
});
interface ElfOracle {
  machine: string;
  defined: string[];
  undefined: string[];
}

function readelf(bytes: Uint8Array, directory: string): ElfOracle {
  const path = join(directory, 'lib.so');
  writeFileSync(path, bytes);
  const result = runTool('readelf', ['-h', '--dyn-syms', '-W', path]);
  const machine = /Machine:\s+(.+)/.exec(result.stdout)?.[1]?.trim() ?? '';
  const defined: string[] = [];
  const undefinedSymbols: string[] = [];
  for (const line of result.stdout.split('\n')) {
    const match = /^\s+\d+: [0-9a-f]+\s+\d+ (\S+)\s+\S+\s+\S+\s+(\S+) (\S+)/.exec(line);
    // readelf names STT_SECTION symbols after their section (their own name is empty); MIPS _gp_disp is a named one.
    if (!match || (match[1] === 'SECTION' && (match[3] ?? '').startsWith('.'))) continue;
    const name = (match[3] ?? '').replace(/@.*$/, '');
    if (name !== '') (match[2] === 'UND' ? undefinedSymbols : defined).push(name);
  }
  return { machine, defined, undefined: undefinedSymbols };
}

const MACHINES: Record<string, string> = {
  'Intel 80386': 'x86',
  ARM: 'arm',
  AArch64: 'arm64-v8a',
  'Advanced Micro Devices X86-64': 'x86_64',
  'MIPS R3000': 'mips',
};

test('ELF: ABI and dynamic symbols of every corpus native library match readelf', CORPUS, (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'apkwitness-elf-'));
  let compared = 0;
  try {
    for (const file of corpusApks().filter((candidate) => candidate.name.endsWith('.apk'))) {
      let names: string[];
      try {
        names = readZip(readCorpus(file.name))
          .value.entries.filter((entry) => entry.name.endsWith('.so'))
          .map((entry) => entry.name);
      } catch {
        continue; // not a zip: other tests cover it
      }
      for (const name of names) {
        const bytes = extractEntry(file.path, name);
        if (!bytes || bytes.length < 64) continue; // apksig's 6-byte fake.so
        const facts = readElfFacts(bytes);
        const oracle = readelf(bytes, directory);
        assert.ok(facts, `${file.name}!${name}`);
        const expectedAbi = MACHINES[oracle.machine] ?? oracle.machine;
        assert.equal(
          facts.abi,
          expectedAbi === 'mips' && facts.bits === 64 ? 'mips64' : expectedAbi,
          `${file.name}!${name}`,
        );
        const total = oracle.defined.length + oracle.undefined.length;
        if (total < MAX_SYMBOLS) {
          assert.deepEqual([...facts.exported].sort(), [...oracle.defined].sort(), `${file.name}!${name} exported`);
          assert.deepEqual([...facts.imported].sort(), [...oracle.undefined].sort(), `${file.name}!${name} imported`);
        } else {
          assert.equal(facts.truncated, true);
          for (const symbol of facts.exported) assert.ok(oracle.defined.includes(symbol), symbol);
        }
        compared++;
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  t.diagnostic(`native libraries compared with readelf: ${compared}`);
  console.log(`native libraries compared with readelf: ${compared}`);
  assert.ok(compared >= 15);
});

function corpusDirectory(): string {
  return corpusRoot;
}

test('ELF: truncations and one-byte corruptions of a real library never throw', CORPUS, () => {
  const bytes = extractEntry(
    join(corpusDirectory(), 'fdroidserver', 'org.dyndns.fules.ck_20.apk'),
    'lib/x86/libsymlink.so',
  );
  assert.ok(bytes);
  for (let length = 0; length <= bytes.length; length += 97)
    assert.doesNotThrow(() => sniffAsset('lib/x86/x.so', bytes.subarray(0, length), length));
  for (let offset = 0; offset < 64; offset++) {
    for (const value of [0x00, 0xff, 0x80]) {
      const corrupted = bytes.slice();
      corrupted[offset] = value;
      assert.doesNotThrow(() => readElfFacts(corrupted), `offset ${offset} = ${value}`);
    }
  }
});

test('sniff: a nested APK lists its entries (fdroidserver/apk.embedded_1.apk carries a whole app)', CORPUS, () => {
  const outer = readCorpus('fdroidserver/apk.embedded_1.apk');
  const entry = readZip(outer).value.entries.find((item) => item.name.endsWith('.apk'));
  assert.ok(entry);
  const bytes = extractEntry(join(corpusDirectory(), 'fdroidserver', 'apk.embedded_1.apk'), entry.name);
  assert.ok(bytes);
  const info = sniffAsset(entry.name, bytes, bytes.length);
  assert.equal(info.type, 'zip');
  assert.equal(info.details.hasManifest, true);
  assert.ok(Number(info.details.dexEntries) >= 1);
});
