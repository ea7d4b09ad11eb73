/**
 * Method summaries: what a method does with the data its caller hands it, stated in terms
 * of its inputs (access paths from its parameters and from static fields), so one analysis
 * of the method serves every call site. Symbolic label SYMBOLIC_BASE + i stands for "the
 * data at inputs[i]"; concrete labels are data the method (or its callees) read itself.
 */
import type { Hop, Taint } from './domain/taint.js';
import type { Interval, Str } from './domain/values.js';
import type { CallSink, SinkKind } from './data-sinks.js';

/** Separator of access-path segments (field signatures contain `/`). */
export const SEP = '\u0001';

/** Root of an access path: parameter `p<i>` (p0 is the receiver of an instance method) or static field `s<signature>`. */
export const parameterRoot = (index: number): string => `p${index}`;
export const staticRoot = (field: string): string => `s${field}`;

/** Object reference inside a summary: an object the caller passed in (by access path), or one the method made. */
export type ObjectRef = { readonly input: string } | { readonly exported: number };

export interface SummaryValue {
  readonly taint: Taint;
  readonly objects: readonly ObjectRef[];
  readonly int?: Interval;
  readonly str?: Str;
  readonly provider?: number;
}

export interface ExportedObject {
  readonly type: string;
  readonly exact: boolean;
  /** Field key → value (field signatures, `*` contents, `k:key`, `[i]`/`[]` elements, `@…` attributes). */
  readonly fields: ReadonlyMap<string, SummaryValue>;
}

/** Where a sink sends data, and what it is. */
export interface SinkInfo {
  readonly kind: SinkKind;
  readonly does: string;
  readonly reference: string;
  readonly row?: CallSink;
}

export interface SinkEvent {
  readonly hop: Hop;
  readonly sink: SinkInfo;
  readonly destination?: Str;
  /** Symbolic labels only: concrete ones were reported as flows where they met the sink. */
  readonly taint: Taint;
}

export interface Effect {
  /** Access path of the caller's object written to. */
  readonly path: string;
  readonly field: string;
  readonly value: SummaryValue;
}

export interface Summary {
  readonly method: string;
  readonly inputs: readonly string[];
  readonly returns?: SummaryValue;
  readonly effects: readonly Effect[];
  readonly exports: readonly ExportedObject[];
  readonly sinks: readonly SinkEvent[];
  /** Exceptions that may leave the method: their types (`*` when unknown) and value. */
  readonly throws?: { readonly types: readonly string[]; readonly value: SummaryValue };
  /** Some concrete taint leaves the method (returned, written to a caller's object or thrown). */
  readonly escapes: boolean;
}
