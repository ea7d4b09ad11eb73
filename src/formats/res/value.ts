/**
 * Res_value (ResourceTypes.h `struct Res_value`): the typed value of an XML
 * attribute or a resource table entry, and its printing as AOSP does it
 * (ResourceTypes.cpp `ResTable::print_value`, `print_complex`).
 */
import type { StringPool } from './string-pool.js';

/** sizeof(Res_value): uint16 size, uint8 res0, uint8 dataType, uint32 data. */
export const RES_VALUE_SIZE = 8;

// Res_value::dataType.
export const TYPE_NULL = 0x00;
export const TYPE_REFERENCE = 0x01;
export const TYPE_ATTRIBUTE = 0x02;
export const TYPE_STRING = 0x03;
export const TYPE_FLOAT = 0x04;
export const TYPE_DIMENSION = 0x05;
export const TYPE_FRACTION = 0x06;
export const TYPE_DYNAMIC_REFERENCE = 0x07;
export const TYPE_DYNAMIC_ATTRIBUTE = 0x08;
export const TYPE_FIRST_INT = 0x10;
export const TYPE_INT_DEC = 0x10;
export const TYPE_INT_HEX = 0x11;
export const TYPE_INT_BOOLEAN = 0x12;
const TYPE_FIRST_COLOR_INT = 0x1c;
export const TYPE_INT_COLOR_ARGB8 = 0x1c;
const TYPE_LAST_COLOR_INT = 0x1f;
export const TYPE_LAST_INT = 0x1f;

// TYPE_NULL data.
export const DATA_NULL_UNDEFINED = 0;
export const DATA_NULL_EMPTY = 1;

// Complex (dimension / fraction) encoding.
const COMPLEX_UNIT_SHIFT = 0;
const COMPLEX_UNIT_MASK = 0xf;
const COMPLEX_RADIX_SHIFT = 4;
const COMPLEX_RADIX_MASK = 0x3;
const COMPLEX_MANTISSA_SHIFT = 8;
const COMPLEX_MANTISSA_MASK = 0xffffff;

export interface ResValue {
  /** Declared size (should be RES_VALUE_SIZE; Android ignores it). */
  readonly size: number;
  readonly res0: number;
  readonly dataType: number;
  /** Unsigned 32-bit data. */
  readonly data: number;
}

const hex8 = (value: number): string => (value >>> 0).toString(16).padStart(8, '0');

/** Reinterprets the 32 data bits as an IEEE float, as `*(const float*)&value.data` does. */
export function dataAsFloat(data: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, data >>> 0);
  return view.getFloat32(0);
}

/** C printf `%g` (precision 6) for a finite or special double. */
export function formatPrintfG(value: number): string {
  if (Number.isNaN(value)) return value < 0 ? '-nan' : 'nan';
  if (!Number.isFinite(value)) return value < 0 ? '-inf' : 'inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const PRECISION = 6;
  const exponential = value.toExponential(PRECISION - 1);
  const exponent = Number(exponential.slice(exponential.indexOf('e') + 1));
  const strip = (digits: string): string => (digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits);
  if (exponent < -4 || exponent >= PRECISION) {
    const [mantissa = '', power = ''] = exponential.split('e');
    const sign = power.startsWith('-') ? '-' : '+';
    return `${strip(mantissa)}e${sign}${power.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return strip(value.toFixed(Math.max(0, PRECISION - 1 - exponent)));
}

/**
 * print_complex: float32 mantissa times the radix multiplier. AOSP masks the
 * mantissa in place as an *unsigned* 32-bit value, so negative dimensions
 * print as large positive numbers, exactly as aapt shows them.
 */
export function formatComplex(data: number, isFraction: boolean): string {
  const mantissaMultiplier = Math.fround(1 / (1 << COMPLEX_MANTISSA_SHIFT));
  const radixMultipliers = [
    mantissaMultiplier,
    Math.fround(Math.fround(1 / (1 << 7)) * mantissaMultiplier),
    Math.fround(Math.fround(1 / (1 << 15)) * mantissaMultiplier),
    Math.fround(Math.fround(1 / (1 << 23)) * mantissaMultiplier),
  ];
  const mantissa = (data & (COMPLEX_MANTISSA_MASK << COMPLEX_MANTISSA_SHIFT)) >>> 0;
  const radix = radixMultipliers[(data >>> COMPLEX_RADIX_SHIFT) & COMPLEX_RADIX_MASK] ?? mantissaMultiplier;
  const value = Math.fround(Math.fround(mantissa) * radix);
  const unit = (data >>> COMPLEX_UNIT_SHIFT) & COMPLEX_UNIT_MASK;
  const units = isFraction ? FRACTION_UNITS : DIMENSION_UNITS;
  return `${value.toFixed(6)}${units[unit] ?? ' (unknown unit)'}`;
}

const DIMENSION_UNITS: readonly string[] = ['px', 'dp', 'sp', 'pt', 'in', 'mm'];
const FRACTION_UNITS: readonly string[] = ['%', '%p'];

/** ResTable::normalizeForOutput: escapes backslash, newline and double quote; stops at NUL like the C string it walks. */
export function normalizeForOutput(text: string): string {
  const end = text.indexOf('\u0000');
  const visible = end < 0 ? text : text.slice(0, end);
  return visible.replace(/[\\\n"]/g, (character) => (character === '\n' ? '\\n' : `\\${character}`));
}

/**
 * The line `ResTable::print_value` prints (without the newline), as Debian's
 * aapt prints it. AOSP's colour and integer tests are written with `||`
 * (`dataType >= TYPE_FIRST_COLOR_INT || dataType <= TYPE_LAST_COLOR_INT`), which
 * is always true: every remaining type, booleans and integers included, prints
 * as `(color) #xxxxxxxx`. We reproduce that so outputs can be compared; use
 * `describeResValue` for a correct reading.
 */
export function formatResValueAsAapt(value: ResValue, strings?: StringPool): string {
  switch (value.dataType) {
    case TYPE_NULL:
      if (value.data === DATA_NULL_UNDEFINED) return '(null)';
      if (value.data === DATA_NULL_EMPTY) return '(null empty)';
      return `(null) 0x${hex8(value.data)}`;
    case TYPE_REFERENCE:
      return `(reference) 0x${hex8(value.data)}`;
    case TYPE_DYNAMIC_REFERENCE:
      return `(dynamic reference) 0x${hex8(value.data)}`;
    case TYPE_ATTRIBUTE:
      return `(attribute) 0x${hex8(value.data)}`;
    case TYPE_DYNAMIC_ATTRIBUTE:
      return `(dynamic attribute) 0x${hex8(value.data)}`;
    case TYPE_STRING: {
      // string8At first for UTF-8 pools ("(string8)"), else stringAt ("(string16)").
      const text = strings?.get(value.data);
      if (text === undefined) return '(string) null';
      return `(${strings?.isUtf8 === true ? 'string8' : 'string16'}) "${normalizeForOutput(text)}"`;
    }
    case TYPE_FLOAT:
      return `(float) ${formatPrintfG(dataAsFloat(value.data))}`;
    case TYPE_DIMENSION:
      return `(dimension) ${formatComplex(value.data, false)}`;
    case TYPE_FRACTION:
      return `(fraction) ${formatComplex(value.data, true)}`;
    default:
      return `(color) #${hex8(value.data)}`;
  }
}

/** A correct human reading of a typed value (what the value means, not aapt's rendering). */
export function describeResValue(value: ResValue, stringAt?: (index: number) => string | undefined): string {
  const { dataType, data } = value;
  if (dataType === TYPE_INT_DEC) return String(data | 0);
  if (dataType === TYPE_INT_HEX) return `0x${hex8(data)}`;
  if (dataType === TYPE_INT_BOOLEAN) return data !== 0 ? 'true' : 'false';
  if (dataType === TYPE_REFERENCE || dataType === TYPE_DYNAMIC_REFERENCE) return `@0x${hex8(data)}`;
  if (dataType === TYPE_ATTRIBUTE || dataType === TYPE_DYNAMIC_ATTRIBUTE) return `?0x${hex8(data)}`;
  if (dataType === TYPE_STRING) return stringAt?.(data) ?? `(string #${data >>> 0})`;
  if (dataType === TYPE_FLOAT) return formatPrintfG(dataAsFloat(data));
  if (dataType === TYPE_DIMENSION) return formatComplex(data, false);
  if (dataType === TYPE_FRACTION) return formatComplex(data, true);
  if (dataType === TYPE_NULL) return data === DATA_NULL_EMPTY ? '(empty)' : '(null)';
  if (dataType >= TYPE_FIRST_COLOR_INT && dataType <= TYPE_LAST_COLOR_INT) return `#${hex8(data)}`;
  return `(type 0x${dataType.toString(16)}) 0x${hex8(data)}`;
}
