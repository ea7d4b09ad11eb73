/**
 * The searchable text of a scan: what each finding says and cites (its claim, every
 * string in its arguments, lists and records included, resource values in its evidence),
 * the app's labels, and strings of the app itself handed in by the caller (string
 * resources). Deduplicated per (finding, text); bounded so that a hostile app cannot
 * fill the library.
 */
import type { ArgValue } from '../findings/types.js';
import type { ScanReport } from '../scan/scan.js';
import { renderClaim } from '../report/claim.js';

export interface SearchableString {
  /** Index into report.findings, or undefined for strings of the app itself. */
  readonly finding?: number;
  /** claim, arg:<name> (the top-level argument holding the string), evidence, label:<locale>, resource */
  readonly source: string;
  readonly text: string;
}

/** Characters stored per string: longer values are cut (the report keeps the full text). */
export const MAX_STRING_LENGTH = 2048;
/** Strings stored per scan, findings first. */
export const MAX_STRINGS_PER_SCAN = 100_000;
/** Nesting followed inside argument values (the declared types are at most 4 deep). */
const MAX_JSON_DEPTH = 6;
/** Shorter texts are not worth indexing (single characters are searched with LIKE over everything anyway). */
const MIN_STRING_LENGTH = 1;

/** An argument's texts: the value itself, or every string in the lists and records it holds. */
function argumentTexts(value: ArgValue, depth = 0, out: string[] = []): string[] {
  if (depth > MAX_JSON_DEPTH) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value as readonly ArgValue[]) argumentTexts(item, depth + 1, out);
  else if (typeof value === 'object') for (const item of Object.values(value)) argumentTexts(item, depth + 1, out);
  return out;
}

/** `claims`: the findings' rendered claims, when the caller has them. */
export function reportStrings(
  report: ScanReport,
  appStrings: readonly SearchableString[] = [],
  claims?: readonly string[],
): SearchableString[] {
  const out: SearchableString[] = [];
  // One set of texts per finding (and one for the app's own strings) rather than one set of
  // "finding NUL text" keys: no concatenated key to build and hash for each of up to 50,000 strings.
  const seenByFinding = new Map<number | undefined, Set<string>>();
  const add = (finding: number | undefined, source: string, text: string): void => {
    if (out.length >= MAX_STRINGS_PER_SCAN) return;
    const clipped = text.length > MAX_STRING_LENGTH ? text.slice(0, MAX_STRING_LENGTH) : text;
    if (clipped.trim().length < MIN_STRING_LENGTH) return;
    let seen = seenByFinding.get(finding);
    if (seen === undefined) {
      seen = new Set<string>();
      seenByFinding.set(finding, seen);
    }
    if (seen.has(clipped)) return;
    seen.add(clipped);
    out.push({ finding, source, text: clipped });
  };
  report.findings.forEach((finding, index) => {
    add(index, 'claim', claims?.[index] ?? renderClaim(finding));
    for (const [name, value] of Object.entries(finding.args))
      for (const text of argumentTexts(value)) add(index, `arg:${name}`, text);
    for (const item of finding.evidence)
      if (item.kind === 'resource' && item.value !== undefined) add(index, 'evidence', item.value);
  });
  for (const label of report.app.labels) add(undefined, `label:${label.locale}`, label.text);
  if (report.app.packageName !== undefined) add(undefined, 'package', report.app.packageName);
  for (const item of appStrings) add(item.finding, item.source, item.text);
  return out;
}
