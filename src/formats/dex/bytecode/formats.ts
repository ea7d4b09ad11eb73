/**
 * Dalvik instruction formats ("Dalvik Executable instruction formats",
 * source.android.com/docs/core/runtime/instruction-formats).
 *
 * A format id names the shape of one instruction: the first digit is its
 * length in 16-bit code units, the second the number of registers, the letter
 * the kind of extra data. The walker only needs the length and where a
 * constant-pool index sits, so both are kept here as small numeric tables.
 */

/** Format ids, in the order of the spec's format table. Numeric so the opcode table can be a Uint8Array. */
export enum InstructionFormat {
  F10x = 0,
  F12x,
  F11n,
  F11x,
  F10t,
  F20t,
  F20bc,
  F22x,
  F21t,
  F21s,
  F21h,
  F21c,
  F23x,
  F22b,
  F22t,
  F22s,
  F22c,
  F22cs,
  F30t,
  F32x,
  F31i,
  F31t,
  F31c,
  F35c,
  F35ms,
  F35mi,
  F3rc,
  F3rms,
  F3rmi,
  F45cc,
  F4rcc,
  F51l,
}

/** Spec names of the formats, indexed by InstructionFormat. */
export const FORMAT_NAMES: readonly string[] = [
  '10x',
  '12x',
  '11n',
  '11x',
  '10t',
  '20t',
  '20bc',
  '22x',
  '21t',
  '21s',
  '21h',
  '21c',
  '23x',
  '22b',
  '22t',
  '22s',
  '22c',
  '22cs',
  '30t',
  '32x',
  '31i',
  '31t',
  '31c',
  '35c',
  '35ms',
  '35mi',
  '3rc',
  '3rms',
  '3rmi',
  '45cc',
  '4rcc',
  '51l',
];

/** Number of formats (length of FORMAT_NAMES). */
const FORMAT_COUNT = 32;

/**
 * Length in 16-bit code units of each format: the first digit of its id
 * (instruction-formats, "Format IDs": "the first digit indicates the number of
 * 16-bit code units in the format").
 */
export const FORMAT_CODE_UNITS: Uint8Array = (() => {
  const lengths = new Uint8Array(FORMAT_COUNT);
  FORMAT_NAMES.forEach((name, index) => {
    lengths[index] = Number(name[0]);
  });
  return lengths;
})();

/** Format id as the spec spells it, e.g. `35c`. */
export function formatName(format: number): string {
  return FORMAT_NAMES[format] ?? `unknown-${format}`;
}
