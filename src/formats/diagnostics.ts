/**
 * Structured anomalies. A parser never logs: it returns its value together with
 * every recoverable anomaly it met, because in hostile apps the anomaly itself
 * is evidence (tampering, anti-analysis tricks).
 */
export type Severity = 'info' | 'warning' | 'error';

export interface Diagnostic {
  /** Stable machine-readable code, e.g. `zip.local-name-mismatch`. */
  readonly code: string;
  /** Absolute byte offset in the containing file (or entry) where the anomaly sits. */
  readonly offset: number;
  /** One human-readable line. Never contains raw untrusted control characters. */
  readonly detail: string;
  readonly severity: Severity;
}

export interface ParseResult<T> {
  readonly value: T;
  readonly diagnostics: Diagnostic[];
}

/** Collects diagnostics while a parser runs; passed down the pipeline. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  /** Hard cap so a file with millions of broken records cannot exhaust memory. */
  static readonly MAX_DIAGNOSTICS = 10_000;
  private dropped = 0;

  add(code: string, offset: number, detail: string, severity: Severity = 'warning'): void {
    if (this.diagnostics.length >= DiagnosticSink.MAX_DIAGNOSTICS) {
      this.dropped++;
      return;
    }
    this.diagnostics.push({ code, offset, detail: sanitizeDetail(detail), severity });
  }

  /** Adds a closing diagnostic if any were dropped over the cap. */
  finish(): Diagnostic[] {
    if (this.dropped > 0) {
      this.diagnostics.push({
        code: 'diagnostics.truncated',
        offset: 0,
        detail: `${this.dropped} further diagnostics were dropped`,
        severity: 'info',
      });
      this.dropped = 0;
    }
    return this.diagnostics;
  }
}

/** Replaces C0/C1 control characters so a diagnostic line can be printed safely. */
function sanitizeDetail(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Thrown by parsers only for input that cannot be read at all; carries a one-line message. */
export class FormatError extends Error {
  constructor(
    readonly code: string,
    readonly offset: number,
    message: string,
  ) {
    super(sanitizeDetail(message));
    this.name = 'FormatError';
  }
}
