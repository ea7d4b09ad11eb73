/**
 * Res_value printed exactly as Debian's aapt 10 prints it in
 * `aapt dump --values resources` (ResourceTypes.cpp ResTable::print_value,
 * print_complex, normalizeForOutput). Quirks are aapt's and are kept on purpose:
 * every integer type prints as `(color) #xxxxxxxx` because aapt 10's colour test
 * catches all remaining types; complex mantissas are read unsigned in float32.
 */
import type { StringPool } from '../res/string-pool.js';
import {
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
  formatComplex,
  formatPrintfG,
  normalizeForOutput,
} from '../res/value.js';
import type { ResourceValue } from './types.js';

export function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
export function hex2(value: number): string {
  return (value & 0xff).toString(16).padStart(2, '0');
}

/** Shared with the binary XML printer (src/formats/res/value.ts), which aapt prints the same way. */
export { normalizeForOutput };

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
      return `(dimension) ${formatComplex(data, false)}`;
    case TYPE_FRACTION:
      return `(fraction) ${formatComplex(data, true)}`;
    default:
      return `(color) #${hex8(data)}`;
  }
}
