/**
 * The scan filters shared by search and the app list (docs/library.md): data category,
 * endpoint (a host matches itself and its subdomains; a value ending in `.` is a prefix,
 * such as `192.168.`), signer (a certificate SHA-256 or a prefix of at least
 * MIN_SIGNER_PREFIX hex digits, or UNSIGNED), SDK, package. Each becomes an SQL
 * condition on the current scan `s`, with its parameters as `?`: the same SQL serves the
 * SQLite library and, with numbered placeholders, the PostgreSQL one (src/store/pg).
 */
import type { SearchFilters } from './types.js';

/** Shortest signer prefix accepted (hex digits): shorter would match unrelated certificates. */
export const MIN_SIGNER_PREFIX = 8;
/** The signer filter value for scans of unsigned inputs (recorded with signer ''). */
export const UNSIGNED = 'unsigned';

/** `100%` must not act as a wildcard in LIKE. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export interface FilterConditions {
  /** Conditions on the scan `s`, to be joined with AND. */
  readonly conditions: readonly string[];
  readonly parameters: readonly unknown[];
}

/** Throws RangeError for a signer value that is neither UNSIGNED nor enough hex digits. */
export function filterConditions(filters: SearchFilters): FilterConditions {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  if (filters.category) {
    conditions.push('EXISTS (SELECT 1 FROM scan_categories c WHERE c.scan_id = s.id AND c.category = ?)');
    parameters.push(filters.category);
  }
  if (filters.endpoint) {
    const host = filters.endpoint.trim().toLowerCase();
    conditions.push(
      "EXISTS (SELECT 1 FROM endpoints e WHERE e.scan_id = s.id AND (e.host = ? OR e.host LIKE ? ESCAPE '\\'))",
    );
    parameters.push(host, host.endsWith('.') ? `${escapeLike(host)}%` : `%.${escapeLike(host)}`);
  }
  if (filters.signer) {
    const signer = filters.signer.trim().toLowerCase().replace(/:/g, '');
    if (signer === UNSIGNED) {
      conditions.push("s.signer_sha256 = ''");
    } else {
      if (!/^[0-9a-f]+$/.test(signer) || signer.length < MIN_SIGNER_PREFIX) {
        throw new InvalidFilterError(
          `signer filter needs at least ${MIN_SIGNER_PREFIX} hex digits of the certificate SHA-256 (or '${UNSIGNED}')`,
        );
      }
      conditions.push("s.signer_sha256 LIKE ? ESCAPE '\\'");
      parameters.push(`${escapeLike(signer)}%`);
    }
  }
  if (filters.sdk) {
    // lower() on both sides rather than COLLATE NOCASE: the same SQL runs on PostgreSQL.
    conditions.push('EXISTS (SELECT 1 FROM sdks k WHERE k.scan_id = s.id AND lower(k.sdk) = lower(?))');
    parameters.push(filters.sdk);
  }
  if (filters.packageName !== undefined) {
    conditions.push('s.package = ?');
    parameters.push(filters.packageName);
  }
  return { conditions, parameters };
}

/**
 * A filter the user gave that cannot be applied (a RangeError, as before, so callers that
 * caught RangeError still do): the viewer answers 400 for it and only for it, never for
 * V8's own RangeErrors (a stack overflow is a bug of ours: a logged 500).
 */
export class InvalidFilterError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidFilterError';
  }
}
