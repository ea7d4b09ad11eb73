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
import type { CaseLibrary } from '../store/index.js';
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

export async function apiApps(library: CaseLibrary, query: URLSearchParams): Promise<ViewerResponse> {
  const filters = filtersFromQuery(query);
  const offset = countFrom(query, 'offset', 0) ?? 0;
  const limit = countFrom(query, 'limit', undefined);
  const apps = await filteredApps(library, filters, { offset, ...(limit === undefined ? {} : { limit }) });
  return jsonResponse({ total: await library.countApps(searchFilters(filters)), offset, apps });
}

export async function apiFacets(library: CaseLibrary): Promise<ViewerResponse> {
  return jsonResponse(await library.facets());
}

export async function apiSearch(library: CaseLibrary, query: URLSearchParams): Promise<ViewerResponse> {
  const text = queryFrom(query);
  return jsonResponse({
    query: text,
    ...(await runSearch(library, text, filtersFromQuery(query), limitFrom(query, VIEWER_SEARCH_LIMIT))),
  });
}

export async function apiVersions(library: CaseLibrary, packageName: string): Promise<ViewerResponse> {
  const versions = await library.versionsOf(packageName);
  return versions.length === 0 ? notFound(`no package ${packageName}`) : jsonResponse({ packageName, versions });
}

export async function apiScan(library: CaseLibrary, scanId: number): Promise<ViewerResponse> {
  const info = await library.getScanInfo(scanId);
  const report = await library.getScan(scanId);
  return info && report ? jsonResponse({ info, report }) : notFound(`no scan ${scanId}`);
}

export async function apiDiff(library: CaseLibrary, oldId: number, newId: number): Promise<ViewerResponse> {
  const pair = await diffPair(library, oldId, newId);
  return pair ? jsonResponse(pair.diff) : notFound(`no scan ${oldId} or ${newId}`);
}

export async function apiErrors(library: CaseLibrary): Promise<ViewerResponse> {
  return jsonResponse({ errors: await library.errors() });
}
