/**
 * The viewer's JSON endpoints: the same data as its pages, for scripts and pipelines.
 * Served as application/json (never HTML: app strings inside cannot become markup),
 * with the same security headers as every response.
 *
 *   /api/apps?category=&endpoint=&signer=&sdk=&offset=&limit=
 *                                                 { total, apps (LibraryApp[]) } passing the filters, by package name
 *   /api/facets                                   the filter values with their counts
 *   /api/search?q=…&limit=…&<filters>             SearchResult
 *   /api/app/<package>                            the package's versions (ScanInfo[])
 *   /api/scan/<id>                                { info: ScanInfo, report: ScanReport }
 *   /api/diff?old=<id>&new=<id>                   ReportDiff (docs/diff-schema.md)
 *   /api/errors                                   files that could not be analysed
 */
import type { Library } from '../store/index.js';
import { filtersFromQuery, searchFilters } from './filters.js';
import { jsonResponse, type ViewerResponse } from './http.js';
import { filteredApps } from './pages/apps.js';
import { runSearch, VIEWER_SEARCH_LIMIT } from './pages/search.js';
import { limitFrom, QueryError, queryFrom } from './query.js';
import { diffPair } from './pages/versions.js';

function notFound(message: string): ViewerResponse {
  return jsonResponse({ error: message }, 404);
}

/** A non-negative integer parameter, or `fallback` when absent. */
function countFrom(query: URLSearchParams, name: string, fallback: number | undefined): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  if (!/^\d{1,9}$/.test(text)) throw new QueryError(`${name} must be a whole number from 0 to 999999999`);
  return Number(text);
}

export function apiApps(library: Library, query: URLSearchParams): ViewerResponse {
  const filters = filtersFromQuery(query);
  const offset = countFrom(query, 'offset', 0) ?? 0;
  const limit = countFrom(query, 'limit', undefined);
  const apps = filteredApps(library, filters, { offset, ...(limit === undefined ? {} : { limit }) });
  return jsonResponse({ total: library.countApps(searchFilters(filters)), offset, apps });
}

export function apiFacets(library: Library): ViewerResponse {
  return jsonResponse(library.facets());
}

export function apiSearch(library: Library, query: URLSearchParams): ViewerResponse {
  const text = queryFrom(query);
  return jsonResponse({
    query: text,
    ...runSearch(library, text, filtersFromQuery(query), limitFrom(query, VIEWER_SEARCH_LIMIT)),
  });
}

export function apiVersions(library: Library, packageName: string): ViewerResponse {
  const versions = library.versionsOf(packageName);
  return versions.length === 0 ? notFound(`no package ${packageName}`) : jsonResponse({ packageName, versions });
}

export function apiScan(library: Library, scanId: number): ViewerResponse {
  const info = library.getScanInfo(scanId);
  const report = library.getScan(scanId);
  return info && report ? jsonResponse({ info, report }) : notFound(`no scan ${scanId}`);
}

export function apiDiff(library: Library, oldId: number, newId: number): ViewerResponse {
  const pair = diffPair(library, oldId, newId);
  return pair ? jsonResponse(pair.diff) : notFound(`no scan ${oldId} or ${newId}`);
}

export function apiErrors(library: Library): ViewerResponse {
  return jsonResponse({ errors: library.errors() });
}
