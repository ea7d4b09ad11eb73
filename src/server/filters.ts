/**
 * The viewer's filters (data category, endpoint, signer, SDK) read from a query string.
 * The store applies them (`Library.listApps(filters)` and `Library.search`), with the
 * meaning documented in docs/library.md: a host matches itself and its subdomains, a
 * host ending in a dot is a prefix (`192.168.`), a signer is a certificate SHA-256, a
 * prefix of it, or `unsigned`.
 */
import {
  MIN_SIGNER_PREFIX,
  UNSIGNED,
  type AppPage,
  type CaseLibrary,
  type LibraryApp,
  type SearchFilters,
} from '../store/index.js';

export { UNSIGNED };

/** Longest filter value accepted: facet values are host names, SDK names and hashes. */
const MAXIMUM_FILTER_LENGTH = 512;
/** Shortest signer prefix (hex digits), as in the store. */
const MINIMUM_SIGNER_PREFIX = MIN_SIGNER_PREFIX;

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
    if (value.length > MAXIMUM_FILTER_LENGTH)
      throw new FilterError(`the ${name} filter is longer than ${MAXIMUM_FILTER_LENGTH} characters`);
    filters[name] = value;
  }
  if (filters.signer !== undefined && filters.signer !== UNSIGNED) {
    const hex = filters.signer.toLowerCase().replace(/:/g, '');
    if (!/^[0-9a-f]+$/.test(hex) || hex.length < MINIMUM_SIGNER_PREFIX) {
      throw new FilterError(
        `the signer filter needs at least ${MINIMUM_SIGNER_PREFIX} hex digits of the certificate SHA-256 (or '${UNSIGNED}')`,
      );
    }
    filters.signer = hex;
  }
  return filters;
}

export function hasFilters(filters: ViewerFilters): boolean {
  return FILTER_NAMES.some((name) => filters[name] !== undefined);
}

/** The same filters in the store's terms. */
export function searchFilters(filters: ViewerFilters): SearchFilters {
  return {
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.endpoint ? { endpoint: filters.endpoint } : {}),
    ...(filters.signer ? { signer: filters.signer } : {}),
    ...(filters.sdk ? { sdk: filters.sdk } : {}),
  };
}

/** The apps with at least one current scan that passes every filter, in the store's order (one page of them when asked). */
export function appsMatching(library: CaseLibrary, filters: ViewerFilters, page: AppPage = {}): Promise<LibraryApp[]> {
  return library.listApps(searchFilters(filters), page);
}
