/**
 * aapt as the oracle on hand-built tables (wrapped in a stored zip), for what
 * real apps rarely contain: every qualifier and odd qualifier value, every
 * Res_value type with edge data (negative and unknown-unit dimensions, NaN,
 * strings with quotes, newlines and NUL, an out-of-range string index), res0,
 * the PUBLIC flag and a bag whose parent uses package 0x00.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runTool, needs } from '../support/corpus.js';
import { temporaryApk } from '../support/zip-writer.js';
import { readResourceTable } from '../../src/formats/arsc/table.js';
import { formatAaptValues } from '../../src/formats/arsc/aapt-format.js';
import * as B from './builder.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const AAPT = { skip: needs('aapt') };

const a2 = (text: string): [number, number] => [text.charCodeAt(0), text.charCodeAt(1)];

const CONFIGS: B.ConfigFields[] = [
  {},
  { language: a2('sr'), script: 'Latn' },
  { language: [0xad, 0x05], country: a2('PH') },
  { language: a2('es'), country: [0xa4, 0x24] },
  {
    mcc: 310,
    mnc: 260,
    language: a2('en'),
    country: a2('US'),
    screenLayout: 0x40 | 0x03 | 0x20,
    smallestScreenWidthDp: 600,
    screenWidthDp: 720,
    screenHeightDp: 1024,
    screenLayout2: 0x02,
    colorMode: 0x02 | 0x08,
    orientation: 1,
    uiMode: 0x03 | 0x10,
    density: 320,
    touchscreen: 3,
    inputFlags: 0x02 | 0x08,
    keyboard: 2,
    navigation: 2,
    screenWidth: 480,
    screenHeight: 320,
    sdkVersion: 26,
  },
  { orientation: 9, uiMode: 0x0f, density: 300 },
  { language: a2('ca'), country: a2('ES'), variant: 'valencia' },
  { language: a2('ar'), numbering: 'latn' },
  { sdkVersion: 26, minorVersion: 1 },
  { size: 28, density: 160 },
  { size: 36, screenWidthDp: 500 },
  {
    screenLayout: 0xc0 | 0x0f | 0x30,
    screenLayout2: 0x03,
    colorMode: 0x0f,
    uiMode: 0x30,
    inputFlags: 0x0f,
    touchscreen: 7,
    keyboard: 7,
    navigation: 7,
  },
  { density: 0xfffe },
  { density: 0xffff },
  { density: 120 },
  { density: 213 },
  { density: 640 },
  { inputFlags: 0x01 | 0x04 },
  { uiMode: 0x06 | 0x20 },
];

const STRINGS = ['plain', 'quote " back \\ slash\nnew line', 'tab\there', 'nul\u0000after', '', '表情😀', 'ünïcödé'];
const STRING = 0x03;

/** [dataType, data] pairs: every type aapt distinguishes, with edge data. */
const VALUES: Array<[number, number]> = [
  [0x00, 0],
  [0x00, 1],
  [0x00, 5],
  [0x01, 0x7f010000],
  [0x01, 0],
  [0x02, 0x01010000],
  [0x07, 0x02010000],
  [0x08, 0x02010001],
  ...STRINGS.map((_, index) => [STRING, index] as [number, number]),
  [STRING, 999],
  [0x04, 0x3fc00000],
  [0x04, 0xb8d1b717],
  [0x04, 0x501502f9],
  [0x04, 0x4cbebc20],
  [0x04, 0x7fc00000],
  [0x04, 0xff800000],
  [0x04, 0x00000001],
  [0x04, 0x80000000],
  [0x05, 0x00001001],
  [0x05, 0xffffff01],
  [0x05, 0x00000071],
  [0x05, 0x0000640f],
  [0x05, 0x12345632],
  [0x05, 0x00000105],
  [0x06, 0x00000100],
  [0x06, 0x00003211],
  [0x06, 0x00000302],
  [0x06, 0x80000130],
  [0x10, 0xffffffff],
  [0x11, 0xdeadbeef],
  [0x12, 1],
  [0x1c, 0xff00ff00],
  [0x1d, 0x00112233],
  [0x1e, 1],
  [0x1f, 2],
  [0x09, 7],
  [0x0f, 8],
  [0x20, 9],
  [0xff, 10],
];

export function syntheticTable(): Uint8Array {
  const simple: B.EntrySpec[] = VALUES.map(([dataType, data], index) => ({
    kind: 'simple',
    key: index % 4,
    dataType,
    data,
    ...(index === 3 ? { flags: 0x0002 } : {}),
    ...(index === 4 ? { res0: 7 } : {}),
  }));
  const bag: B.EntrySpec = {
    kind: 'bag',
    key: 1,
    parent: 0x00040001,
    items: VALUES.slice(0, 12).map(([dataType, data], index) => ({ name: 0x01010000 + index, dataType, data })),
  };
  return B.table(STRINGS, [
    B.packageChunk(
      0x7f,
      'com.example.synthetic',
      ['string', 'style'],
      ['alpha', 'beta', 'gamma', 'delta'],
      [
        B.typeSpecChunk(
          1,
          simple.map((_, index) => (index % 3 === 0 ? 0x40000000 : index)),
        ),
        ...CONFIGS.map((fields, index) =>
          B.typeChunk(1, B.config(fields), index === 0 ? simple : [simple[index % simple.length]!]),
        ),
        B.typeSpecChunk(2, [0]),
        B.typeChunk(2, B.config(), [bag]),
      ],
    ),
  ]);
}

describe('aapt on hand-built tables', () => {
  test('qualifiers, value types and bags print exactly as aapt prints them', AAPT, (t) => {
    const bytes = syntheticTable();
    const path = temporaryApk('arsc-synthetic', 'resources.arsc', bytes);
    const aapt = runTool('aapt', ['dump', '--values', 'resources', path]);
    assert.equal(aapt.status, 0, aapt.stderr);
    const ours = formatAaptValues(readResourceTable(bytes).value);
    const expected = aapt.stdout.split('\n');
    const actual = ours.split('\n');
    for (let line = 0; line < Math.max(expected.length, actual.length); line++) {
      assert.equal(actual[line], expected[line], `line ${line + 1}`);
    }
    t.diagnostic(
      `synthetic table: ${CONFIGS.length} configs and ${VALUES.length} values compared with aapt over ${expected.length} lines`,
    );
    console.log(
      `synthetic table: ${CONFIGS.length} configs, ${VALUES.length} values, ${expected.length} lines equal to aapt`,
    );
  });
});
