import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeResValue,
  formatComplex,
  formatPrintfG,
  formatResValueAsAapt,
  normalizeForOutput,
  TYPE_DIMENSION,
  TYPE_FLOAT,
  TYPE_FRACTION,
  TYPE_INT_BOOLEAN,
  TYPE_INT_COLOR_ARGB8,
  TYPE_INT_DEC,
  TYPE_INT_HEX,
  TYPE_NULL,
  TYPE_REFERENCE,
  TYPE_STRING,
  TYPE_DYNAMIC_REFERENCE,
  TYPE_ATTRIBUTE,
} from './value.js';
import { createDynamicRefTable, lookupResourceId, lookupResourceValue } from './dynamic-ref-table.js';

const value = (dataType: number, data: number) => ({ size: 8, res0: 0, dataType, data });

describe('formatComplex (print_complex)', () => {
  const cases: Array<[string, number, boolean, string]> = [
    ['16dp, radix 23p0', (16 << 8) | 0x01, false, '16.000000dp'],
    ['1.5sp, radix 16p7', (Math.round(1.5 * 128) << 8) | (1 << 4) | 0x02, false, '1.500000sp'],
    ['0px', 0x00, false, '0.000000px'],
    ['12mm', (12 << 8) | 0x05, false, '12.000000mm'],
    ['unknown unit 7', (1 << 8) | 0x07, false, '1.000000 (unknown unit)'],
    ['50% (fraction, radix 0p23)', (Math.round(0.5 * 2 ** 23) << 8) | (3 << 4) | 0x00, true, '0.500000%'],
    ['100%p', (1 << 8) | 0x01, true, '1.000000%p'],
    // AOSP masks the mantissa unsigned: -1dp prints as a large positive number, as aapt shows.
    ['-1dp (unsigned in aapt)', ((-1 << 8) | 0x01) >>> 0, false, '16777215.000000dp'],
  ];
  for (const [name, data, fraction, expected] of cases)
    test(name, () => assert.equal(formatComplex(data, fraction), expected));
});

describe('formatPrintfG (%g)', () => {
  const cases: Array<[number, string]> = [
    [1, '1'],
    [0.5, '0.5'],
    [1.25, '1.25'],
    [100000, '100000'],
    [1000000, '1e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [3.14159265, '3.14159'],
    [0, '0'],
    [-2.5, '-2.5'],
  ];
  for (const [input, expected] of cases)
    test(`${input} → ${expected}`, () => assert.equal(formatPrintfG(input), expected));
});

describe('formatResValueAsAapt reproduces ResTable::print_value', () => {
  const cases: Array<[string, ReturnType<typeof value>, string]> = [
    ['null', value(TYPE_NULL, 0), '(null)'],
    ['null empty', value(TYPE_NULL, 1), '(null empty)'],
    ['reference', value(TYPE_REFERENCE, 0x7f020000), '(reference) 0x7f020000'],
    ['dynamic reference', value(TYPE_DYNAMIC_REFERENCE, 0x000b0031), '(dynamic reference) 0x000b0031'],
    ['attribute', value(TYPE_ATTRIBUTE, 0x01010040), '(attribute) 0x01010040'],
    ['float 1.0', value(TYPE_FLOAT, 0x3f800000), '(float) 1'],
    ['dimension', value(TYPE_DIMENSION, (16 << 8) | 1), '(dimension) 16.000000dp'],
    ['fraction', value(TYPE_FRACTION, (1 << 8) | 1), '(fraction) 1.000000%p'],
    // AOSP's `>= TYPE_FIRST_COLOR_INT || <= TYPE_LAST_COLOR_INT` is always true.
    ['boolean prints as color (AOSP bug)', value(TYPE_INT_BOOLEAN, 0xffffffff), '(color) #ffffffff'],
    ['int prints as color (AOSP bug)', value(TYPE_INT_DEC, 2), '(color) #00000002'],
    ['string without pool', value(TYPE_STRING, 0), '(string) null'],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.equal(formatResValueAsAapt(input), expected));
});

describe('describeResValue gives the correct reading', () => {
  const cases: Array<[ReturnType<typeof value>, string]> = [
    [value(TYPE_INT_BOOLEAN, 0xffffffff), 'true'],
    [value(TYPE_INT_DEC, 0xffffffff), '-1'],
    [value(TYPE_INT_HEX, 0x10), '0x00000010'],
    [value(TYPE_INT_COLOR_ARGB8, 0xff00ff00), '#ff00ff00'],
    [value(TYPE_REFERENCE, 0x7f020000), '@0x7f020000'],
    [value(0x40, 1), '(type 0x40) 0x00000001'],
  ];
  for (const [input, expected] of cases) test(expected, () => assert.equal(describeResValue(input), expected));
});

test('normalizeForOutput escapes like ResTable::normalizeForOutput and stops at NUL', () => {
  assert.equal(normalizeForOutput('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
  assert.equal(normalizeForOutput('0.0\u0000\u0000'), '0.0');
});

describe('DynamicRefTable', () => {
  const library = createDynamicRefTable(
    0x02,
    [{ packageId: 0x03, packageName: 'com.example.lib' }],
    [{ name: 'com.example.lib', id: 0x05 }],
  );
  test('package 0x00 becomes the assigned id', () => assert.equal(lookupResourceId(library, 0x000b0031), 0x020b0031));
  test('app and framework ids are kept', () => {
    assert.equal(lookupResourceId(library, 0x7f010000), 0x7f010000);
    assert.equal(lookupResourceId(library, 0x01010000), 0x01010000);
  });
  test('mapped library id is translated, unknown one fails', () => {
    assert.equal(lookupResourceId(library, 0x03000001), 0x05000001);
    assert.equal(lookupResourceId(library, 0x04000001), undefined);
  });
  test('dynamic reference becomes a reference', () => {
    assert.deepEqual(lookupResourceValue(library, { dataType: TYPE_DYNAMIC_REFERENCE, data: 0x000b0031 }), {
      dataType: TYPE_REFERENCE,
      data: 0x020b0031,
    });
  });
  test('plain reference outside package 0x00 is untouched', () => {
    assert.deepEqual(lookupResourceValue(library, { dataType: TYPE_REFERENCE, data: 0x03000001 }), {
      dataType: TYPE_REFERENCE,
      data: 0x03000001,
    });
  });
});
