import type { Diagnostic } from '../formats/diagnostics.js';

/** A diagnostic with the entry (or `(container)`) it was found in. */
export interface SourcedDiagnostic extends Diagnostic {
  readonly source: string;
}
