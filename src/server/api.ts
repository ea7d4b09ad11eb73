/**
 * The viewer's JSON endpoints: the same data as its pages, for scripts and pipelines.
 * Served as application/json (never HTML: app strings inside cannot become markup),
 * with the same security headers as every response.
 *
 *   /api/apps?category=&endpoint=&signer=&sdk=   apps (LibraryApp[]) passing the filters
 *   /api/facets                                   the filter values with their counts
 *   /api/search?q=…&limit=…&<filters>             SearchResult
 *   /api/app/<package>                            the package's versions (ScanInfo[])
 *   /api/scan/<id>                                { info: ScanInfo, report: ScanReport }
 *   /api/diff?old=<id>&new=<id>                   ReportDiff (docs/diff-schema.md)
 *   /api/errors                                   files that could not be analysed
 */
import type { Library } from '../store/index.js';
import { filtersFromQuery } from './filters.js';
import { jsonResponse, type ViewerResponse } from './http.js';
import { filteredApps } from './pages/apps.js';
import { limitFrom, queryFrom, runSearch, VIEWER_SEARCH_LIMIT } from './pages/search.js';
import { diffPair } from './pages/versions.js';

function notFound(message: string): ViewerResponse {
  return jsonResponse({ error: message }, 404);
}

export function apiApps(library: Library, query: URLSearchParams): ViewerResponse {
  const apps = filteredApps(library, filtersFromQuery(query));
  return jsonResponse({ apps });
}

export function apiFacets(library: Library): ViewerResponse {
  return jsonResponse(library.facets());
}

export function apiSearch(library: Library, query: URLSearchParams): ViewerResponse {
  const text = queryFrom(query);
  return jsonResponse({ query: text, ...runSearch(library, text, filtersFromQuery(query), limitFrom(query, VIEWER_SEARCH_LIMIT)) });
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
