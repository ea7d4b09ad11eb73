/**
 * Diagnostics that say something was not read, or not read whole: a budget or cap was hit,
 * or an entry was refused. Reports list them (ScanReport.skipped) in every format, with the
 * reason, so that "0 dex" never hides "the dex was a possible bomb and was not read".
 */
import type { Diagnostic } from '../formats/diagnostics.js';

const LIMIT_CODES: ReadonlySet<string> = new Set([
  // zip: budgets, aliases, lies about sizes, entries whose data cannot be read
  'zip.inflate-budget',
  'zip.archive-inflate-budget',
  'zip.inflate-beyond-declared-size',
  'zip.duplicate-local-header-read',
  'zip.entry-encrypted',
  'zip.entry-unreadable',
  // bundles: caps and refused entries
  'bundle.too-many-apks',
  'bundle.duplicate-apk',
  'bundle.entry-unreadable',
  'bundle.nesting-too-deep',
  // code discovery and parsing budgets
  'code.read-budget',
  'code.nesting-limit',
  'dex.work-budget',
  'dex.type-list-overlap',
  'dex.proto-too-many-parameters',
  'dex.map-too-many-items',
  'code-index.code-overlap',
  // resources and XML caps
  'arsc.type-entry-count-over-limit',
  'arsc.type-spec-count-over-limit',
  'axml.attribute-budget',
  'axml.depth-limit',
  'model.xml-resources-limit',
  'model.assets-limit',
  'model.asset-over-budget',
  'model.layout-ids-limit',
  // a parser's own cap on how many diagnostics it keeps
  'diagnostics.truncated',
]);

export function isLimitDiagnostic(diagnostic: Pick<Diagnostic, 'code'>): boolean {
  return LIMIT_CODES.has(diagnostic.code);
}
