/**
 * Abstract values of registers and fields: taint, the abstract objects a reference may
 * point to, the range of an int, the text of a string as far as constants tell it, and the
 * content provider a URI names. Values are immutable; joins return one of their inputs
 * when nothing changes, so fixed points are detected by identity as often as possible.
 */
import { addsLabels, joinTaint, NO_TAINT, type Taint } from './taint.js';

/** Objects a value may point to, at most this many (the lowest ids), per value. */
export const MAX_OBJECTS = 24;
/** A string template keeps at most this many parts and characters. */
const MAX_PARTS = 24;
const MAX_TEXT = 2048;
const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;

/** A closed range of int values. */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** What is known of a string: constant parts and unknown ones (`undefined` parts). */
export type Str = readonly (string | undefined)[];

export interface Value {
  readonly taint: Taint;
  /** Sorted abstract object ids. */
  readonly objects: readonly number[];
  readonly int?: Interval;
  readonly str?: Str;
  /** Index of the content-uri data source a URI value names. */
  readonly provider?: number;
}

const NO_OBJECTS: readonly number[] = [];
export const EMPTY: Value = { taint: NO_TAINT, objects: NO_OBJECTS };

/**
 * A value with the optional parts that are defined, added in the interface's order (the same
 * object shape as the literals elsewhere), without spreading a temporary object per part:
 * values are made at most steps, and a spread is a runtime call before the JIT optimises it.
 */
export function makeValue(
  taint: Taint,
  objects: readonly number[],
  int: Interval | undefined,
  str?: Str,
  provider?: number,
): Value {
  const value: { taint: Taint; objects: readonly number[]; int?: Interval; str?: Str; provider?: number } = {
    taint,
    objects,
  };
  if (int !== undefined) value.int = int;
  if (str !== undefined) value.str = str;
  if (provider !== undefined) value.provider = provider;
  return value;
}

export function intValue(lo: number, hi = lo): Value {
  return { taint: NO_TAINT, objects: NO_OBJECTS, int: { lo, hi } };
}

export function withTaint(value: Value, taint: Taint): Value {
  const joined = joinTaint(value.taint, taint);
  return joined === value.taint ? value : { ...value, taint: joined };
}

/** Union of two sorted id lists (a merge; returns `a` itself when `b` adds nothing). */
export function unionObjects(a: readonly number[], b: readonly number[]): readonly number[] {
  if (b.length === 0 || a === b) return a;
  if (a.length === 0) return b;
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  let added = false;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) {
      merged.push(x as number);
      i++;
    } else if (x === undefined || y < x) {
      merged.push(y);
      j++;
      added = true;
    } else {
      merged.push(x);
      i++;
      j++;
    }
    if (merged.length === MAX_OBJECTS) break;
  }
  return added ? merged : a;
}

function joinInterval(a: Interval | undefined, b: Interval | undefined): Interval | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (a.lo <= b.lo && a.hi >= b.hi) return a;
  return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

function sameStr(a: Str, b: Str): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

export function joinValues(a: Value, b: Value): Value {
  if (a === b) return a;
  const taint = joinTaint(a.taint, b.taint);
  const objects = unionObjects(a.objects, b.objects);
  const int = joinInterval(a.int, b.int);
  const str = a.str !== undefined && b.str !== undefined && sameStr(a.str, b.str) ? a.str : undefined;
  const provider = a.provider ?? b.provider;
  if (taint === a.taint && objects === a.objects && int === a.int && str === a.str && provider === a.provider) return a;
  // Built field by field (no spread of temporary objects): joins run at every block edge.
  return makeValue(taint, objects, int, str, provider);
}

/** Join that gives up on ranges and texts that keep changing (loop heads, after a few visits). */
export function widenValues(old: Value, next: Value): Value {
  const joined = joinValues(old, next);
  if (joined === old) return old;
  const int =
    old.int !== undefined && joined.int !== undefined && (joined.int.lo < old.int.lo || joined.int.hi > old.int.hi)
      ? undefined
      : joined.int;
  return int === joined.int ? joined : { ...joined, int: undefined };
}

/** True when `next` holds something `old` does not (a label, an object, a wider range, a lost constant). */
export function valueGrows(old: Value, next: Value): boolean {
  if (old === next) return false;
  if (addsLabels(old.taint, next.taint)) return true;
  for (const id of next.objects) if (!old.objects.includes(id)) return old.objects.length < MAX_OBJECTS;
  if (old.int !== undefined && (next.int === undefined || next.int.lo < old.int.lo || next.int.hi > old.int.hi))
    return true;
  if (old.str !== undefined && (next.str === undefined || !sameStr(old.str, next.str))) return true;
  if (old.provider === undefined && next.provider !== undefined) return true;
  return false;
}

// ---- ints ----

const clampInterval = (lo: number, hi: number): Interval | undefined =>
  Number.isFinite(lo) && Number.isFinite(hi) && lo >= INT_MIN && hi <= INT_MAX && lo <= hi ? { lo, hi } : undefined;

export const constantOf = (interval: Interval | undefined): number | undefined =>
  interval !== undefined && interval.lo === interval.hi ? interval.lo : undefined;

/** The range of `a op b` for int operations; undefined when unknown or possibly overflowing. */
export function intArithmetic(
  operation: string,
  a: Interval | undefined,
  b: Interval | undefined,
): Interval | undefined {
  if (a === undefined || b === undefined) return undefined;
  switch (operation) {
    case 'add':
      return clampInterval(a.lo + b.lo, a.hi + b.hi);
    case 'sub':
      return clampInterval(a.lo - b.hi, a.hi - b.lo);
    case 'rsub':
      return clampInterval(b.lo - a.hi, b.hi - a.lo);
    case 'mul': {
      const products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
      return clampInterval(Math.min(...products), Math.max(...products));
    }
    case 'div': {
      const divisor = constantOf(b);
      if (divisor === undefined || divisor === 0) return undefined;
      const quotients = [Math.trunc(a.lo / divisor), Math.trunc(a.hi / divisor)];
      return clampInterval(Math.min(...quotients), Math.max(...quotients));
    }
    case 'rem': {
      const divisor = constantOf(b);
      if (divisor === undefined || divisor === 0) return undefined;
      const constant = constantOf(a);
      if (constant !== undefined) return { lo: constant % divisor, hi: constant % divisor };
      const bound = Math.abs(divisor) - 1;
      return a.lo >= 0 ? { lo: 0, hi: Math.min(bound, a.hi) } : { lo: -bound, hi: bound };
    }
    case 'and': {
      const x = constantOf(a);
      const y = constantOf(b);
      if (x !== undefined && y !== undefined) return { lo: x & y, hi: x & y };
      if (y !== undefined && y >= 0) return { lo: 0, hi: y };
      return undefined;
    }
    case 'or':
    case 'xor':
    case 'shl':
    case 'shr':
    case 'ushr': {
      const x = constantOf(a);
      const y = constantOf(b);
      if (x === undefined || y === undefined) return undefined;
      const result =
        operation === 'or'
          ? x | y
          : operation === 'xor'
            ? x ^ y
            : operation === 'shl'
              ? x << y
              : operation === 'shr'
                ? x >> y
                : x >>> y;
      return { lo: result | 0, hi: result | 0 };
    }
    default:
      return undefined;
  }
}

// ---- strings ----

function normalise(parts: (string | undefined)[]): Str | undefined {
  const out: (string | undefined)[] = [];
  let length = 0;
  for (const part of parts) {
    if (part === undefined) {
      if (out[out.length - 1] !== undefined || out.length === 0) out.push(undefined);
      continue;
    }
    length += part.length;
    if (typeof out[out.length - 1] === 'string') out[out.length - 1] = `${out[out.length - 1] as string}${part}`;
    else out.push(part);
  }
  if (out.length > MAX_PARTS || length > MAX_TEXT) return undefined;
  return out;
}

const UNKNOWN_TEXT: Str = [undefined];

export function concatStr(a: Str | undefined, b: Str | undefined): Str | undefined {
  return normalise([...(a ?? UNKNOWN_TEXT), ...(b ?? UNKNOWN_TEXT)]);
}

/** The exact text, when every part is known. */
export function exactText(str: Str | undefined): string | undefined {
  return str !== undefined && str.length === 1 && typeof str[0] === 'string' ? str[0] : undefined;
}

/** `String.format(template, args)`: each `%…` conversion becomes its argument's text or an unknown part. */
export function formatStr(template: Str | undefined, args: readonly (Str | undefined)[]): Str | undefined {
  const text = exactText(template);
  if (text === undefined) return undefined;
  const parts: (string | undefined)[] = [];
  let next = 0;
  const conversion = /%(\d+\$)?[-#+ 0,(<]*\d*(\.\d+)?([a-zA-Z%])/g;
  let last = 0;
  for (const match of text.matchAll(conversion)) {
    parts.push(text.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[3] === '%') parts.push('%');
    else if (match[3] === 'n') parts.push('\n');
    else {
      const position = match[1] === undefined ? next++ : Number(match[1].slice(0, -1)) - 1;
      parts.push(...(args[position] ?? UNKNOWN_TEXT));
    }
  }
  parts.push(text.slice(last));
  return normalise(parts);
}

/** Renders a template with `{…}` for its unknown parts. */
export function renderStr(str: Str): string {
  return str.map((part) => part ?? '{…}').join('');
}
