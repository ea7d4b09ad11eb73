/**
 * The code index interns dex strings from their bytes (StringTable.asciiSpan:
 * plain-ASCII strings are hashed and compared in place, never decoded unless
 * asked for). Pinned here: the ids, values and lookups are exactly those of
 * interning the decoded strings, the work budget is charged once whichever
 * path runs first, and every string the fast path cannot prove plain ASCII
 * (non-ASCII, unterminated, shared data, out of range) takes the decoder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ByteReader } from '../../../src/formats/binary/byte-reader.js';
import { WorkBudget } from '../../../src/formats/dex/budget.js';
import { StringTable, type DexFile } from '../../../src/formats/dex/index.js';
import { Int32Column, Interner } from '../../../src/model/code-index/interner.js';
import { findDexSourcesInApk, parsedSources } from '../../../src/model/code/index.js';
import { corpusRoot, needs } from '../../support/corpus.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

/** The dex files of fdroidserver/org.dyndns.fules.ck_20.apk have nine non-ASCII strings among 915. */
const MIXED_APK = 'fdroidserver/org.dyndns.fules.ck_20.apk';

function loadDexFiles(): DexFile[] {
  return parsedSources(findDexSourcesInApk(new Uint8Array(readFileSync(join(corpusRoot, MIXED_APK)))).value).map(
    (source) => source.dex,
  );
}

test(
  'interning dex strings from their bytes gives the ids, values and lookups of interning the decoded strings',
  CORPUS,
  () => {
    const [dex] = loadDexFiles();
    assert.ok(dex !== undefined);
    const fast = new Interner();
    const slow = new Interner();
    // The same table twice stands for two dex files sharing every string; a decoded text first stands for a placeholder.
    slow.intern('<init>');
    fast.intern('<init>');
    const first = fast.addTable(dex.strings);
    const second = fast.addTable(dex.strings);
    let nonAscii = 0;
    for (const table of [first, second]) {
      for (let index: number = dex.strings.count - 1; index >= 0; index--) {
        if (dex.strings.asciiSpan(index) < 0) nonAscii++;
        assert.equal(fast.internDexString(table, index), slow.intern(dex.strings.get(index)), `string ${index}`);
      }
    }
    assert.equal(nonAscii, 2 * 9, 'the fixture still mixes non-ASCII strings in');
    assert.equal(fast.size, slow.size);
    for (const [id, text] of slow.entries()) {
      assert.equal(fast.value(id), text);
      assert.equal(fast.find(text), id);
    }
    assert.equal(fast.find('no such string in this dex'), undefined);
    assert.equal(fast.value(fast.size), undefined);
  },
);

test('asciiSpan charges the work budget as get() would, once', CORPUS, () => {
  const [measured] = loadDexFiles();
  const [decoded] = loadDexFiles();
  assert.ok(measured !== undefined && decoded !== undefined);
  const spent = (dex: DexFile): number => (dex as unknown as { budget: WorkBudget }).budget.remaining;
  const before = spent(measured);
  for (let index = 0; index < measured.strings.count; index++) {
    measured.strings.asciiSpan(index);
    measured.strings.asciiSpan(index);
    assert.equal(measured.strings.get(index), decoded.strings.get(index));
  }
  assert.ok(spent(measured) < before);
  assert.equal(spent(measured), spent(decoded));
});

test('asciiSpan refuses what only the decoder can answer', () => {
  const text = (value: string): number[] => [...value].map((character) => character.charCodeAt(0));
  // utf16_size, data, NUL: "abc"; "dé" (C3 A9); "xy" with no NUL before the end.
  const bytes = new Uint8Array([3, ...text('abc'), 0, 2, ...text('d'), 0xc3, 0xa9, 0, 2, ...text('xy')]);
  const table = new StringTable(new ByteReader(bytes), Uint32Array.from([0, 5, 10]), new WorkBudget(bytes.length));
  assert.equal(table.asciiSpan(0), 3);
  assert.equal(table.spanStart, 1);
  assert.equal(table.asciiSpan(1), -1);
  assert.equal(table.asciiSpan(2), -1);
  assert.equal(table.asciiSpan(3), -1);
  assert.equal(table.asciiSpan(-1), -1);
  assert.deepEqual(
    [0, 1, 2].map((index) => table.get(index)),
    ['abc', 'd\u00e9', 'xy'],
  );
  // Two ids on one string_data_item: decoded once by offset, so the fast path stays out.
  const shared = new StringTable(new ByteReader(bytes), Uint32Array.from([0, 0]), new WorkBudget(bytes.length));
  assert.equal(shared.asciiSpan(0), -1);
  const interner = new Interner();
  const number = interner.addTable(table);
  assert.deepEqual(
    [0, 1, 2, 0].map((index) => interner.internDexString(number, index)),
    [0, 1, 2, 0],
  );
  assert.equal(interner.find('d\u00e9'), 1);
  assert.equal(interner.value(2), 'xy');
});

test('the string hash basis is drawn per process (names colliding under a fixed FNV-1a basis cannot be prepared in advance)', () => {
  const print =
    "import('./src/formats/dex/index.ts').then((dex) => console.log(dex.STRING_HASH_BASIS, dex.FNV_OFFSET_BASIS | 0))";
  const bases = [0, 1, 2].map(() =>
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', print], { encoding: 'utf8' })
      .trim()
      .split(' '),
  );
  const drawn = new Set(bases.map(([basis]) => basis));
  // Three 32-bit draws: all equal, or equal to the fixed basis, only with odds of about 2^-32.
  assert.equal(drawn.size > 1, true, JSON.stringify(bases));
  for (const [basis, fixed] of bases) assert.notEqual(basis, fixed);
});

test('a composite (a proto descriptor composed from dex names) gets the id, value and lookup of its text', () => {
  const ascii = (value: string): Uint8Array => Uint8Array.from(value, (character) => character.charCodeAt(0));
  const compose = (interner: Interner, parts: readonly string[]): number => {
    interner.beginComposite();
    interner.appendByte(0x28);
    const [result, ...parameters] = parts;
    for (const part of parameters) {
      // Each part at an offset inside a larger buffer, as a name lies in its dex.
      const bytes = ascii(`..${part}..`);
      interner.appendSpan(bytes, 2, part.length);
    }
    interner.appendByte(0x29);
    interner.appendSpan(ascii(result ?? ''), 0, (result ?? '').length);
    return interner.internComposite();
  };
  const protos: Array<readonly string[]> = [
    ['V'],
    ['V', 'I', 'Ljava/lang/String;'],
    ['Ljava/lang/Object;', '[B'],
    ['V'],
    ['Z', 'L' + 'a/'.repeat(700) + 'B;'],
    ['V', 'I', 'Ljava/lang/String;'],
  ];
  const text = (parts: readonly string[]): string => `(${parts.slice(1).join('')})${parts[0]}`;
  const composed = new Interner();
  const plain = new Interner();
  // A text entry first: a composite equal to it must find it, not add a twin.
  assert.equal(composed.intern('(I)V'), plain.intern('(I)V'));
  assert.equal(compose(composed, ['V', 'I']), 0);
  for (const parts of protos) assert.equal(compose(composed, parts), plain.intern(text(parts)), text(parts));
  assert.equal(composed.size, plain.size);
  for (const [id, value] of plain.entries()) {
    assert.equal(composed.value(id), value);
    assert.equal(composed.find(value), id);
  }
  // A composite abandoned for the text path (a non-ASCII name) leaves no trace.
  composed.beginComposite();
  composed.appendByte(0x28);
  assert.equal(composed.intern('(Lcafé;)V'), plain.intern('(Lcafé;)V'));
  assert.equal(compose(composed, ['V']), plain.intern('()V'));
  assert.equal(composed.value(composed.size - 1), '(Lcafé;)V');
});

test('findIn looks up a range of a longer text as find looks up the range sliced out', () => {
  const interner = new Interner();
  const ascii = (value: string): Uint8Array => Uint8Array.from(value, (character) => character.charCodeAt(0));
  const strings = new StringTable(
    new ByteReader(ascii('\u0003abc\u0000\u0001I\u0000')),
    Uint32Array.of(0, 5),
    new WorkBudget(64),
  );
  const table = interner.addTable(strings);
  const abc = interner.internDexString(table, 0); // bytes in the dex
  const int = interner.internDexString(table, 1);
  const text = interner.intern('Lcafé;'); // a text entry
  const empty = interner.intern('');
  const cases: Array<[string, number, number, number | undefined]> = [
    ['Lx;->abc(I)V', 5, 8, abc],
    ['abc', 0, 3, abc],
    ['(I)V', 1, 2, int],
    ['Lcafé;->f:I', 0, 6, text],
    ['Lcafé;->f:I', 10, 11, int],
    ['abcd', 0, 4, undefined],
    ['xabc', 0, 3, undefined],
    ['ab', 0, 2, undefined],
    ['Lcafé;x', 0, 7, undefined],
    ['anything', 3, 3, empty],
  ];
  for (const [given, start, end, id] of cases) {
    assert.equal(interner.findIn(given, start, end), id, `${given}[${start}, ${end})`);
    assert.equal(interner.find(given.slice(start, end)), id, given.slice(start, end));
  }
});

test('an Int32Column reads -1 until set, and what an Int32Array would hold once set', () => {
  const column = new Int32Column(4);
  const stored = new Int32Array(1);
  const cases: Array<[number, number]> = [
    [0, 0],
    [1, -1],
    [2, 7],
    [3, 2 ** 31 - 1],
    [5, -(2 ** 31)],
    [70, 2 ** 31], // past the presized rows: the column grows
    [9, 2 ** 32 + 5],
    [10, -(2 ** 31) - 1],
  ];
  for (const [id, value] of cases) {
    assert.equal(column.get(id), -1, `row ${id} before`);
    column.set(id, value);
    stored[0] = value;
    assert.equal(column.get(id), stored[0], `row ${id} = ${value}`);
  }
  for (const id of [4, 6, 8, 11, 69, 71, 1000, -1]) assert.equal(column.get(id), -1, `row ${id} never set`);
});

test('a dex string the table decoded first has the same value through the interner', () => {
  const ascii = (value: string): Uint8Array => Uint8Array.from(value, (character) => character.charCodeAt(0));
  // Four string_data_items: "ab", "Lx;", "" and "size3" whose utf16_size says 3 (decoded as its bytes).
  const bytes = ascii('\u0002ab\u0000\u0003Lx;\u0000\u0000\u0000\u0003size3\u0000');
  const strings = new StringTable(new ByteReader(bytes), Uint32Array.of(0, 4, 9, 11), new WorkBudget(1024));
  const interner = new Interner();
  const table = interner.addTable(strings);
  const expected = ['ab', 'Lx;', '', 'size3'];
  // Strings 0, 2 and 3 are decoded by the table before the interner is asked for them.
  for (const index of [0, 2, 3]) {
    assert.equal(strings.decoded(index), undefined, `string ${index} before`);
    assert.equal(strings.get(index), expected[index]);
    assert.equal(strings.decoded(index), expected[index]);
  }
  assert.equal(strings.decoded(1), undefined);
  expected.forEach((value, index) => {
    assert.equal(interner.value(interner.internDexString(table, index)), value, `string ${index}`);
    assert.equal(strings.get(index), value);
  });
});
