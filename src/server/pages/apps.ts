/**
 * The front page: every app in the library with its key data categories, versions and
 * signers, and the filters (data category, endpoint, signer, SDK) built from the
 * library's facets. Filtering is done by the server (a plain GET form); the viewer's
 * script only submits the form on change and adds a quick text filter over the rows.
 */
import { html, type Trusted } from '../../report/html/escape.js';
import type { AppPage, CaseLibrary, Facet, Facets, LibraryApp } from '../../store/index.js';
import { appsMatching, FILTER_NAMES, hasFilters, searchFilters, UNSIGNED, type ViewerFilters } from '../filters.js';
import { QueryError } from '../query.js';
import { link, page, plural, segment } from '../layout.js';
import type { ViewerResponse } from '../http.js';

/** Data categories shown per app in the list; the rest are counted. */
const CATEGORIES_SHOWN = 8;
/** Hex digits of a certificate hash shown in lists (the full hash is in the title and the report). */
const SHORT_HASH_LENGTH = 16;
/** Apps per page of the list: a lab's library holds thousands, the page stays light. */
export const APPS_PER_PAGE = 100;
/** Highest page number accepted (a library of ten million apps). */
const MAXIMUM_PAGE = 100_000;

const FILTER_LABELS: Readonly<Record<(typeof FILTER_NAMES)[number], string>> = {
  category: 'Data category',
  endpoint: 'Endpoint',
  signer: 'Signer',
  sdk: 'SDK',
};

export function shortHash(sha256: string): string {
  return sha256 === '' ? 'unsigned' : sha256.slice(0, SHORT_HASH_LENGTH);
}

/** The apps that pass the filters, in the store's order (one page of them when asked). */
export function filteredApps(library: CaseLibrary, filters: ViewerFilters, page: AppPage = {}): Promise<LibraryApp[]> {
  return appsMatching(library, filters, page);
}

/** The 1-based page number of `?page=`; 1 when absent. */
export function pageFrom(query: URLSearchParams): number {
  const text = query.get('page');
  if (text === null || text === '') return 1;
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1 || Number(text) > MAXIMUM_PAGE)
    throw new QueryError(`page must be a number from 1 to ${MAXIMUM_PAGE}`);
  return Number(text);
}

/** "Previous" and "next" links that keep the filters. */
function pager(filters: ViewerFilters, pageNumber: number, pages: number): Trusted {
  if (pages <= 1) return html``;
  const at = (target: number) => link('/', { ...filters, page: target === 1 ? undefined : target });
  return html`<nav class="pager" aria-label="pages">
${pageNumber > 1 ? html`<a href="${at(pageNumber - 1)}" rel="prev">← previous</a>` : ''}
<span class="muted">page ${pageNumber} of ${pages}</span>
${pageNumber < pages ? html`<a href="${at(pageNumber + 1)}" rel="next">next →</a>` : ''}
</nav>`;
}

function facetValues(facets: Facets, name: (typeof FILTER_NAMES)[number]): readonly Facet[] {
  switch (name) {
    case 'category':
      return facets.categories;
    case 'endpoint':
      return facets.endpoints;
    case 'signer':
      return facets.signers.map((facet) => (facet.value === '' ? { ...facet, value: UNSIGNED } : facet));
    case 'sdk':
      return facets.sdks;
  }
}

function facetText(name: string, facet: Facet): string {
  const base =
    name === 'signer' && facet.value !== UNSIGNED
      ? `${shortHash(facet.value)}${facet.label ? ` ${facet.label}` : ''}`
      : facet.value;
  return `${base} (${plural(facet.apps, 'app')})`;
}

/** The filter selects; `action` is the page they apply to, `keep` its other parameters (the search text). */
export function filterForm(
  facets: Facets,
  filters: ViewerFilters,
  action = '/',
  keep: Readonly<Record<string, string>> = {},
): Trusted {
  const hidden = Object.entries(keep).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  const selects = FILTER_NAMES.map((name) => {
    const current = filters[name];
    const values = facetValues(facets, name);
    const known = values.some((facet) => facet.value === current);
    return html`<label>${FILTER_LABELS[name]}
<select name="${name}" data-facet="${name}">
<option value="">any</option>
${current !== undefined && !known ? html`<option value="${current}" selected>${current}</option>` : ''}
${values.map((facet) => html`<option value="${facet.value}"${facet.value === current ? html` selected` : ''}>${facetText(name, facet)}</option>\n`)}
</select></label>`;
  });
  return html`<form class="filters" method="get" action="${action}">
${hidden}${selects}
<button type="submit">Filter</button>
${hasFilters(filters) ? html`<a href="${link(action, keep)}">clear filters</a>` : ''}
</form>`;
}

function signerLabels(facets: Facets): Map<string, string> {
  return new Map(facets.signers.filter((facet) => facet.label).map((facet) => [facet.value, facet.label as string]));
}

function appRow(app: LibraryApp, signers: Map<string, string>): Trusted {
  const shown = app.categories.slice(0, CATEGORIES_SHOWN);
  const more = app.categories.length - shown.length;
  const version = app.latestVersionName ?? (app.latestVersionCode === undefined ? '?' : String(app.latestVersionCode));
  return html`<tr data-package="${app.packageName}">
<td><a href="/app/${segment(app.packageName)}"><strong>${app.label ?? app.packageName}</strong></a><br><code>${app.packageName === '' ? '(no manifest)' : app.packageName}</code></td>
<td>${shown.map((category) => html`<a class="tag" href="${link('/', { category: category.category })}">${category.category} <span class="muted">${category.findings}</span></a>`)}${more > 0 ? html` <span class="muted">+${more}</span>` : ''}</td>
<td><a href="/scan/${app.latestScanId}">${version}</a>${app.latestVersionCode !== undefined ? html` <span class="muted">(${app.latestVersionCode})</span>` : ''}<br><span class="muted">${plural(app.versions, 'version')}, ${plural(app.scans, 'scan')}</span></td>
<td>${app.signers.map((signer) => html`<div><code title="${signer}">${shortHash(signer)}</code> ${signers.get(signer) ?? ''}</div>`)}</td>
</tr>`;
}

export async function appsPage(library: CaseLibrary, filters: ViewerFilters, pageNumber = 1): Promise<ViewerResponse> {
  const facets = await library.facets();
  const total = await library.countApps(searchFilters(filters));
  const pages = Math.max(1, Math.ceil(total / APPS_PER_PAGE));
  const current = Math.min(pageNumber, pages);
  const apps = await filteredApps(library, filters, { offset: (current - 1) * APPS_PER_PAGE, limit: APPS_PER_PAGE });
  const counts = await library.counts();
  const signers = signerLabels(facets);
  const first = (current - 1) * APPS_PER_PAGE + 1;
  const range = total > apps.length ? html` (${first}–${first + apps.length - 1} of ${total} on this page)` : html``;
  const body = html`<h1>Apps</h1>
<p class="muted">${plural(counts.apps, 'app')}, ${plural(counts.scans, 'scan')}, ${plural(counts.findings, 'finding')} in the library${counts.errors > 0 ? html`, <a href="/errors">${plural(counts.errors, 'file')} that could not be analysed</a>` : ''}.</p>
${filterForm(facets, filters)}
<p><label>Quick filter <input type="search" id="quick-filter" data-filter-rows="apps" data-filter-count="apps-shown" placeholder="package, label, category…"></label>
<span class="muted"><span id="apps-shown">${apps.length}</span> of ${apps.length} shown${range}</span></p>
${pager(filters, current, pages)}
<table id="apps">
<thead><tr><th>App</th><th>Key data categories</th><th>Latest version</th><th>Signers</th></tr></thead>
<tbody>
${apps.map((app) => appRow(app, signers))}
</tbody>
</table>
${apps.length === 0 ? html`<p>No app matches.</p>` : ''}
${pager(filters, current, pages)}`;
  return page(body, { title: 'Apps' });
}
