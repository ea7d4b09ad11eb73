/**
 * The front page: every app in the library with its key data categories, versions and
 * signers, and the filters (data category, endpoint, signer, SDK) built from the
 * library's facets. Filtering is done by the server (a plain GET form); the viewer's
 * script only submits the form on change and adds a quick text filter over the rows.
 */
import { html, type Trusted } from '../../report/html/escape.js';
import type { Facet, Facets, Library, LibraryApp } from '../../store/index.js';
import { appsMatching, FILTER_NAMES, hasFilters, UNSIGNED, type ViewerFilters } from '../filters.js';
import { link, page, plural, segment } from '../layout.js';
import type { ViewerResponse } from '../http.js';

/** Data categories shown per app in the list; the rest are counted. */
const CATEGORIES_SHOWN = 8;
/** Hex digits of a certificate hash shown in lists (the full hash is in the title and the report). */
const SHORT_HASH_LENGTH = 16;

const FILTER_LABELS: Readonly<Record<(typeof FILTER_NAMES)[number], string>> = {
  category: 'Data category',
  endpoint: 'Endpoint',
  signer: 'Signer',
  sdk: 'SDK',
};

export function shortHash(sha256: string): string {
  return sha256 === '' ? 'unsigned' : sha256.slice(0, SHORT_HASH_LENGTH);
}

/** The apps that pass the filters, in the store's order. */
export function filteredApps(library: Library, filters: ViewerFilters): LibraryApp[] {
  return appsMatching(library, filters);
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
  const base = name === 'signer' && facet.value !== UNSIGNED ? `${shortHash(facet.value)}${facet.label ? ` ${facet.label}` : ''}` : facet.value;
  return `${base} (${plural(facet.apps, 'app')})`;
}

/** The filter selects; `action` is the page they apply to, `keep` its other parameters (the search text). */
export function filterForm(facets: Facets, filters: ViewerFilters, action = '/', keep: Readonly<Record<string, string>> = {}): Trusted {
  const hidden = Object.entries(keep).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
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

export function signerLabels(facets: Facets): Map<string, string> {
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

export function appsPage(library: Library, filters: ViewerFilters): ViewerResponse {
  const facets = library.facets();
  const apps = filteredApps(library, filters);
  const counts = library.counts();
  const signers = signerLabels(facets);
  const body = html`<h1>Apps</h1>
<p class="muted">${plural(counts.apps, 'app')}, ${plural(counts.scans, 'scan')}, ${plural(counts.findings, 'finding')} in the library${counts.errors > 0 ? html`, <a href="/errors">${plural(counts.errors, 'file')} that could not be analysed</a>` : ''}.</p>
${filterForm(facets, filters)}
<p><label>Quick filter <input type="search" id="quick-filter" data-filter-rows="apps" data-filter-count="apps-shown" placeholder="package, label, category…"></label>
<span class="muted"><span id="apps-shown">${apps.length}</span> of ${apps.length} shown</span></p>
<table id="apps">
<thead><tr><th>App</th><th>Key data categories</th><th>Latest version</th><th>Signers</th></tr></thead>
<tbody>
${apps.map((app) => appRow(app, signers))}
</tbody>
</table>
${apps.length === 0 ? html`<p>No app matches.</p>` : ''}`;
  return page(body, { title: 'Apps' });
}
