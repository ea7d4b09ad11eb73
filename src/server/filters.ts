/**
 * The viewer's filters (data category, endpoint, signer, SDK) read from a query string,
 * and the packages that pass them.
 *
 * The store's `listApps()` takes no filters (its `search()` does, but needs a text), so
 * the packages with a current scan matching every filter are selected here with one
 * read-only query over the library's documented tables (docs/library.md), with the same
 * meaning as the store's search filters: a host matches itself and its subdomains, a
 * host ending in a dot is a prefix (`192.168.`), a signer is a certificate SHA-256 or a
 * prefix of it. A `listApps(filters)` in src/store would make this module unneeded.
 */
import type { Library, SearchFilters } from '../store/index.js';
import { escapeLike } from '../store/search.js';

/** Longest filter value accepted: facet values are host names, SDK names and hashes. */
export const MAXIMUM_FILTER_LENGTH = 512;
/** Shortest signer prefix (hex digits), as in the store's search. */
export const MINIMUM_SIGNER_PREFIX = 8;
/** The signer filter value for apps without a signature (the store records '' for them). */
export const UNSIGNED = 'unsigned';

export interface ViewerFilters {
  readonly category?: string;
  readonly endpoint?: string;
  /** A certificate SHA-256 (or prefix), or UNSIGNED. */
  readonly signer?: string;
  readonly sdk?: string;
}

export const FILTER_NAMES = ['category', 'endpoint', 'signer', 'sdk'] as const;

export class FilterError extends Error {}

/** Filters from `?category=…&endpoint=…&signer=…&sdk=…`; empty values mean no filter. */
export function filtersFromQuery(query: URLSearchParams): ViewerFilters {
  const filters: Record<string, string> = {};
  for (const name of FILTER_NAMES) {
    const value = query.get(name)?.trim();
    if (value === undefined || value === '') continue;
    if (value.length > MAXIMUM_FILTER_LENGTH) throw new FilterError(`the ${name} filter is longer than ${MAXIMUM_FILTER_LENGTH} characters`);
    filters[name] = value;
  }
  if (filters.signer !== undefined && filters.signer !== UNSIGNED) {
    const hex = filters.signer.toLowerCase().replace(/:/g, '');
    if (!/^[0-9a-f]+$/.test(hex) || hex.length < MINIMUM_SIGNER_PREFIX) {
      throw new FilterError(`the signer filter needs at least ${MINIMUM_SIGNER_PREFIX} hex digits of the certificate SHA-256 (or '${UNSIGNED}')`);
    }
    filters.signer = hex;
  }
  return filters;
}

export function hasFilters(filters: ViewerFilters): boolean {
  return FILTER_NAMES.some((name) => filters[name] !== undefined);
}

/** The same filters for the store's search (which has no notion of "unsigned"). */
export function searchFilters(filters: ViewerFilters): SearchFilters {
  return {
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.endpoint ? { endpoint: filters.endpoint } : {}),
    ...(filters.signer && filters.signer !== UNSIGNED ? { signer: filters.signer } : {}),
    ...(filters.sdk ? { sdk: filters.sdk } : {}),
  };
}

/** Packages with at least one current scan that passes every filter. */
export function packagesMatching(library: Library, filters: ViewerFilters): Set<string> {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  if (filters.category) {
    conditions.push('EXISTS (SELECT 1 FROM scan_categories c WHERE c.scan_id = s.id AND c.category = ?)');
    parameters.push(filters.category);
  }
  if (filters.endpoint) {
    const host = filters.endpoint.toLowerCase();
    conditions.push("EXISTS (SELECT 1 FROM endpoints e WHERE e.scan_id = s.id AND (e.host = ? OR e.host LIKE ? ESCAPE '\\'))");
    parameters.push(host, host.endsWith('.') ? `${escapeLike(host)}%` : `%.${escapeLike(host)}`);
  }
  if (filters.signer === UNSIGNED) {
    conditions.push("s.signer_sha256 = ''");
  } else if (filters.signer) {
    conditions.push("s.signer_sha256 LIKE ? ESCAPE '\\'");
    parameters.push(`${escapeLike(filters.signer)}%`);
  }
  if (filters.sdk) {
    conditions.push('EXISTS (SELECT 1 FROM sdks k WHERE k.scan_id = s.id AND k.sdk = ? COLLATE NOCASE)');
    parameters.push(filters.sdk);
  }
  const sql = `SELECT DISTINCT s.package FROM scans s WHERE s.current = 1 ${conditions.map((condition) => `AND ${condition}`).join(' ')}`;
  return new Set(library.db.prepare(sql).pluck().all(...parameters) as string[]);
}
