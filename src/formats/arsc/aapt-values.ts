/**
 * Res_value printed exactly as Debian's aapt 10 prints it in
 * `aapt dump --values resources` (ResourceTypes.cpp ResTable::print_value,
 * print_complex, normalizeForOutput). Quirks are aapt's and are kept on purpose:
 * every integer type prints as `(color) #xxxxxxxx` because aapt 10's colour test
 * catches all remaining types; complex mantissas are read unsigned in float32.
 */
import type { StringPool } from '../res/string-pool.js';
import {
  COMPLEX_MANTISSA_MASK,
  COMPLEX_MANTISSA_SHIFT,
  COMPLEX_RADIX_MASK,
  COMPLEX_RADIX_SHIFT,
  COMPLEX_UNIT_MASK,
  DATA_NULL_EMPTY,
  DATA_NULL_UNDEFINED,
  TYPE_ATTRIBUTE,
  TYPE_DIMENSION,
  TYPE_DYNAMIC_ATTRIBUTE,
  TYPE_DYNAMIC_REFERENCE,
  TYPE_FLOAT,
  TYPE_FRACTION,
  TYPE_NULL,
  TYPE_REFERENCE,
  TYPE_STRING,
  dataAsFloat,
} from '../res/value.js';
import type { ResourceValue } from './types.js';

const MANTISSA_MULT = 1 / (1 << COMPLEX_MANTISSA_SHIFT);
/** print_complex's RADIX_MULTS, as float32 products. */
const RADIX_MULTS = [1, 1 / (1 << 7), 1 / (1 << 15), 1 / (1 << 23)].map((radix) => Math.fround(radix * MANTISSA_MULT));
const DIMENSION_UNITS = ['px', 'dp', 'sp', 'pt', 'in', 'mm'];
const FRACTION_UNITS = ['%', '%p'];

export function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
export function hex2(value: number): string {
  return (value & 0xff).toString(16).padStart(2, '0');
}

function printComplex(data: number, isFraction: boolean): string {
  const masked = (data & (COMPLEX_MANTISSA_MASK << COMPLEX_MANTISSA_SHIFT)) >>> 0;
  const multiplier = RADIX_MULTS[(data >>> COMPLEX_RADIX_SHIFT) & COMPLEX_RADIX_MASK] ?? 0;
  const value = Math.fround(Math.fround(masked) * multiplier);
  const units = isFraction ? FRACTION_UNITS : DIMENSION_UNITS;
  const unit = units[data & COMPLEX_UNIT_MASK] ?? ' (unknown unit)';
  return `${value.toFixed(6)}${unit}`;
}

/** C printf `%g` of a double (6 significant digits, trailing zeros removed). */
export function formatPrintfG(value: number): string {
  if (Number.isNaN(value)) return value < 0 ? '-nan' : 'nan';
  if (!Number.isFinite(value)) return value < 0 ? '-inf' : 'inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponential = value.toExponential(5);
  const exponent = Number(exponential.slice(exponential.indexOf('e') + 1));
  const strip = (text: string): string => (text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);
  if (exponent < -4 || exponent >= 6) {
    const mantissa = strip(exponential.slice(0, exponential.indexOf('e')));
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return strip(value.toFixed(5 - exponent));
}

/** ResTable::normalizeForOutput: escapes \\, newline and quote; C strings end at NUL. */
export function normalizeForOutput(text: string): string {
  const nul = text.indexOf('\u0000');
  const cut = nul >= 0 ? text.slice(0, nul) : text;
  return cut.replace(/[\\\n"]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** The text aapt prints after the indentation for one value (no newline). */
export function printValue(value: ResourceValue, strings: StringPool | undefined): string {
  const data = value.data >>> 0;
  switch (value.dataType) {
    case TYPE_NULL:
      if (data === DATA_NULL_UNDEFINED) return '(null)';
      if (data === DATA_NULL_EMPTY) return '(null empty)';
      return `(null) 0x${hex8(data)}`;
    case TYPE_REFERENCE:
      return `(reference) 0x${hex8(data)}`;
    case TYPE_DYNAMIC_REFERENCE:
      return `(dynamic reference) 0x${hex8(data)}`;
    case TYPE_ATTRIBUTE:
      return `(attribute) 0x${hex8(data)}`;
    case TYPE_DYNAMIC_ATTRIBUTE:
      return `(dynamic attribute) 0x${hex8(data)}`;
    case TYPE_STRING: {
      const text = strings?.get(data);
      if (text === undefined) return '(string) null';
      return `(${strings?.isUtf8 ? 'string8' : 'string16'}) "${normalizeForOutput(text)}"`;
    }
    case TYPE_FLOAT:
      return `(float) ${formatPrintfG(dataAsFloat(data))}`;
    case TYPE_DIMENSION:
      return `(dimension) ${printComplex(data, false)}`;
    case TYPE_FRACTION:
      return `(fraction) ${printComplex(data, true)}`;
    default:
      return `(color) #${hex8(data)}`;
  }
}
