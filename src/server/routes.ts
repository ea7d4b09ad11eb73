/**
 * The viewer's routes: one table from path pattern to page or JSON endpoint. Path
 * parameters are decoded and checked here (scan ids are positive integers, package
 * names any text); a bad parameter is a 400, never an exception in a page.
 */
import { InvalidFilterError, type CaseLibrary } from '../store/index.js';
import { apiApps, apiDiff, apiErrors, apiFacets, apiScan, apiSearch, apiVersions } from './api.js';
import { VIEWER_CSS, VIEWER_SCRIPT } from './assets.js';
import { FilterError, filtersFromQuery } from './filters.js';
import { errorPage, jsonResponse, type RequestHandler, type ViewerRequest, type ViewerResponse } from './http.js';
import { appsPage, pageFrom } from './pages/apps.js';
import { errorsPage } from './pages/errors.js';
import { JAVASCRIPT_TYPE, reportPage, reportScript } from './pages/report.js';
import { searchPage, VIEWER_SEARCH_LIMIT } from './pages/search.js';
import { limitFrom, QueryError, queryFrom } from './query.js';
import { diffPage, versionsPage } from './pages/versions.js';

/** SQLite rowids are at most 2^63-1; ids in URLs are kept to safe JavaScript integers. */
const MAXIMUM_ID_DIGITS = 15;
const SCAN_ID = new RegExp(`^[1-9]\\d{0,${MAXIMUM_ID_DIGITS - 1}}$`);

class ParameterError extends Error {}

function scanId(text: string | null | undefined, name: string): number {
  if (text === null || text === undefined || !SCAN_ID.test(text)) {
    throw new ParameterError(`${name} must be a scan id (a positive whole number)`);
  }
  return Number(text);
}

function packageSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ParameterError('the package name in the address is not valid percent-encoding');
  }
}

interface Route {
  readonly pattern: RegExp;
  readonly answer: (
    library: CaseLibrary,
    request: ViewerRequest,
    match: RegExpExecArray,
  ) => ViewerResponse | Promise<ViewerResponse>;
}

const ROUTES: readonly Route[] = [
  {
    pattern: /^\/$/,
    answer: (library, request) => appsPage(library, filtersFromQuery(request.query), pageFrom(request.query)),
  },
  {
    pattern: /^\/search$/,
    answer: (library, request) =>
      searchPage(
        library,
        queryFrom(request.query),
        filtersFromQuery(request.query),
        limitFrom(request.query, VIEWER_SEARCH_LIMIT),
      ),
  },
  {
    pattern: /^\/app\/(.*)$/,
    answer: (library, _request, match) => versionsPage(library, packageSegment(match[1] as string)),
  },
  {
    pattern: /^\/scan\/(\d+)$/,
    answer: (library, _request, match) => reportPage(library, scanId(match[1], 'the scan')),
  },
  {
    pattern: /^\/scan\/(\d+)\/report\.js$/,
    answer: (library, _request, match) => reportScript(library, scanId(match[1], 'the scan')),
  },
  {
    pattern: /^\/diff$/,
    answer: (library, request) =>
      diffPage(library, scanId(request.query.get('old'), 'old'), scanId(request.query.get('new'), 'new')),
  },
  { pattern: /^\/errors$/, answer: (library) => errorsPage(library) },
  {
    pattern: /^\/assets\/viewer\.css$/,
    answer: () => ({ status: 200, contentType: 'text/css; charset=utf-8', body: VIEWER_CSS }),
  },
  {
    pattern: /^\/assets\/viewer\.js$/,
    answer: () => ({ status: 200, contentType: JAVASCRIPT_TYPE, body: VIEWER_SCRIPT }),
  },
  // Browsers ask for it unprompted; no icon (and no 404 in their consoles).
  { pattern: /^\/favicon\.ico$/, answer: () => ({ status: 204, contentType: 'image/x-icon', body: '' }) },
  { pattern: /^\/api\/apps$/, answer: (library, request) => apiApps(library, request.query) },
  { pattern: /^\/api\/facets$/, answer: (library) => apiFacets(library) },
  { pattern: /^\/api\/search$/, answer: (library, request) => apiSearch(library, request.query) },
  {
    pattern: /^\/api\/app\/(.*)$/,
    answer: (library, _request, match) => apiVersions(library, packageSegment(match[1] as string)),
  },
  {
    pattern: /^\/api\/scan\/(\d+)$/,
    answer: (library, _request, match) => apiScan(library, scanId(match[1], 'the scan')),
  },
  {
    pattern: /^\/api\/diff$/,
    answer: (library, request) =>
      apiDiff(library, scanId(request.query.get('old'), 'old'), scanId(request.query.get('new'), 'new')),
  },
  { pattern: /^\/api\/errors$/, answer: (library) => apiErrors(library) },
];

/** The request handler over one open library. */
export function viewerHandler(library: CaseLibrary): RequestHandler {
  return async (request) => {
    const isApi = request.path.startsWith('/api/');
    for (const route of ROUTES) {
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      try {
        return await route.answer(library, request, match);
      } catch (error) {
        // A bad parameter from the user is their error (400), classified by its type; anything else,
        // V8's RangeError of a stack overflow included, is ours (500, logged by the HTTP layer).
        if (!(
          error instanceof ParameterError ||
          error instanceof FilterError ||
          error instanceof QueryError ||
          error instanceof InvalidFilterError
        ))
          throw error;
        return isApi ? jsonResponse({ error: error.message }, 400) : errorPage(400, error.message);
      }
    }
    return isApi
      ? jsonResponse({ error: 'no such endpoint' }, 404)
      : errorPage(404, 'There is no page at this address.');
  };
}
