/**
 * Full-text search across the library (the store's search: trigram index for terms of
 * three characters or more, LIKE for shorter ones such as 宗教), with the same filters
 * as the app list. Each hit names the app, the version, where the text is (a finding's
 * claim or argument, a label, a string resource) and the text around the match.
 */
import { html, type Trusted } from '../../report/html/escape.js';
import type { CaseLibrary, SearchHit, SearchResult } from '../../store/index.js';
import { searchFilters, type ViewerFilters } from '../filters.js';
import { filterForm } from './apps.js';
import { link, page, plural, segment } from '../layout.js';
import type { ViewerResponse } from '../http.js';

/** Hits per page unless ?limit= asks for another number (the store caps it). */
export const VIEWER_SEARCH_LIMIT = 200;

/** Runs the search with the filters (the store knows "unsigned" too). */
export function runSearch(
  library: CaseLibrary,
  text: string,
  filters: ViewerFilters,
  limit: number,
): Promise<SearchResult> {
  return library.search(text, { ...searchFilters(filters), limit });
}

function snippet(hit: SearchHit): Trusted {
  const before = hit.snippet.slice(0, hit.matchStart);
  const match = hit.snippet.slice(hit.matchStart, hit.matchStart + hit.matchLength);
  const after = hit.snippet.slice(hit.matchStart + hit.matchLength);
  return html`${before}<mark>${match}</mark>${after}`;
}

/** `matchedTerms` → `matched terms`, `app.label` → `app label`: an argument's name as words. */
function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._:-]+/g, ' ')
    .toLowerCase()
    .trim();
}

/** Where the matched text is, in words (the store's `source` uses internal names such as `arg:matchedTerms`). */
function sourceInWords(source: string): string {
  if (source === 'claim') return "in the finding's claim";
  if (source === 'evidence') return 'in a resource value cited as evidence';
  if (source === 'resource') return 'in a string resource of the app';
  if (source === 'package') return 'in the package name';
  if (source.startsWith('arg:')) return `in the finding's ${words(source.slice(4)) || 'details'}`;
  if (source.startsWith('label:')) {
    const locale = source.slice(6);
    return locale === '' ? "in the app's name" : `in the app's name (${locale})`;
  }
  return `in ${words(source)}`;
}

function hitRow(hit: SearchHit): Trusted {
  const version = hit.versionName ?? (hit.versionCode === undefined ? '?' : String(hit.versionCode));
  return html`<tr class="hit">
<td><a href="/app/${segment(hit.packageName)}"><strong>${hit.label ?? hit.packageName}</strong></a><br><code>${hit.packageName}</code></td>
<td><a href="/scan/${hit.scanId}">${version}</a><br><span class="muted">${hit.fileName}</span></td>
<td>${hit.finding ? html`<span class="tag">${hit.finding.category ?? hit.finding.ruleId}</span> <a href="/scan/${hit.scanId}#f-${hit.finding.ordinal}">${hit.finding.claim}</a><br>` : ''}<span class="muted">${sourceInWords(hit.source)}:</span> <span class="snippet">${snippet(hit)}</span></td>
</tr>`;
}

export async function searchPage(
  library: CaseLibrary,
  text: string,
  filters: ViewerFilters,
  limit: number,
): Promise<ViewerResponse> {
  if (text === '') {
    return page(
      html`<h1>Search</h1><p>Type a word, a host, a class name or a string from an app in the box above: any script, Chinese terms of two characters (宗教, 民族) included.</p>`,
      { title: 'Search' },
    );
  }
  const result = await runSearch(library, text, filters, limit);
  const body = html`<h1>Search: <q>${text}</q></h1>
${filterForm(await library.facets(), filters, '/search', { q: text })}
<p id="search-count">${plural(result.hits.length, 'match', 'matches')}${result.truncated ? html` (more exist: <a href="${link('/search', { q: text, ...filters, limit: Math.min(limit * 5, 1000) })}">show more</a>)` : ''}.</p>
<p><label>Quick filter <input type="search" data-filter-rows="hits" data-filter-count="hits-shown" placeholder="narrow the hits…"></label>
<span class="muted"><span id="hits-shown">${result.hits.length}</span> shown</span></p>
<table id="hits">
<thead><tr><th>App</th><th>Version</th><th>Where</th></tr></thead>
<tbody>
${result.hits.map(hitRow)}
</tbody>
</table>`;
  return page(body, { title: `Search: ${text}`, query: text });
}
