/**
 * A work budget per dex. Caching by offset stops one shared structure from
 * being re-read, but a hostile file can also make thousands of structures
 * OVERLAP (string_data at X, X+1, X+2...; class_data_off pointing into one
 * another's members), so that reading each once is still quadratic in the
 * file size. A legitimate dex reads each byte a bounded number of times
 * (strings, members, type lists, annotations and values together stay well
 * under 4 units per byte), so a budget of 16 units per byte never touches a
 * real app and bounds every hostile one to linear time.
 */
import type { DiagnosticSink } from '../diagnostics.js';

const WORK_UNITS_PER_BYTE = 16;
/**
 * What a record that fails to parse costs: the failure itself is cheap to
 * detect but raising it (an exception with a stack) is not, and a hostile
 * file can make every overlapping record fail.
 */
const FAILURE_COST = 1024;
/** Floor so tiny hand-made files are never starved. */
const MINIMUM_WORK_UNITS = 1 << 16;

export class WorkBudget {
  readonly limit: number;
  private used = 0;
  private readonly reportedTo = new WeakSet<DiagnosticSink>();

  constructor(byteLength: number) {
    this.limit = Math.max(MINIMUM_WORK_UNITS, byteLength * WORK_UNITS_PER_BYTE);
  }

  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  get exhausted(): boolean {
    return this.used >= this.limit;
  }

  /** Charges `units`; false (reported once per sink) when the budget was already spent. */
  spend(units: number, sink: DiagnosticSink | undefined, offset: number): boolean {
    if (this.used >= this.limit) {
      this.report(sink, offset);
      return false;
    }
    this.used += Math.max(0, units);
    return true;
  }

  /** Charges a record that failed to parse. */
  fail(sink: DiagnosticSink | undefined, offset: number): void {
    this.spend(FAILURE_COST, sink, offset);
  }

  report(sink: DiagnosticSink | undefined, offset: number): void {
    if (sink === undefined || this.reportedTo.has(sink)) return;
    this.reportedTo.add(sink);
    sink.add(
      'dex.work-budget',
      offset,
      `reading stopped after ${this.limit} work units (${WORK_UNITS_PER_BYTE} per byte): overlapping or repeated structures, a hostile dex`,
      'error',
    );
  }
}
