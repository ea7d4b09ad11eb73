/**
 * The viewer's own stylesheet and script, served as same-origin files so that the
 * Content-Security-Policy needs no inline script. The script only filters what the
 * server already rendered (it never builds markup from data, so it cannot inject any):
 * filter selects submit their form on change (one navigation: one history entry), and a
 * text box hides table rows whose text does not contain what is typed. Filters live in
 * the URL: the selects are set from it whenever a page is shown (Back restored the form's
 * last state over a list that was not filtered by it), and the text filter is kept in it
 * with replaceState (no history entry per keystroke). Everything works without it. Pages
 * fit a 390 px phone: below 40em, tables become stacked blocks.
 */

export const VIEWER_CSS = `
:root { color-scheme: light dark; --muted: #666; --line: #ccc; --accent: #1d5fa8; --added: #e3f5e1; --removed: #fbe4e4; }
body { font: 15px/1.45 system-ui, "WenQuanYi Micro Hei", sans-serif; margin: 0; }
header.viewer { display: flex; gap: 1.5em; align-items: center; padding: 0.6em 1.2em; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
header.viewer a.home { font-weight: 600; text-decoration: none; color: inherit; }
header.viewer form { display: flex; gap: 0.4em; }
main { padding: 0.8em 1.2em 3em; max-width: 80em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: 0.35em 0.5em; }
th { font-weight: 600; }
code, .mono { font-family: ui-monospace, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.tag { display: inline-block; border: 1px solid var(--line); border-radius: 0.6em; padding: 0 0.45em; margin: 0 0.2em 0.2em 0; font-size: 0.85em; }
form.filters { display: flex; gap: 0.8em; flex-wrap: wrap; align-items: end; margin: 0.5em 0 1em; }
form.filters label { display: flex; flex-direction: column; font-size: 0.85em; }
form.filters select { max-width: 22em; }
nav.pager { display: flex; gap: 1em; align-items: baseline; margin: 0.5em 0; }
nav.viewer-nav { max-width: 72rem; margin: 0.6em auto 0; padding: 0 1rem; font-size: 0.9em; }
.hidden-by-filter { display: none; }
.hit mark { background: #ffe98a; color: inherit; }
.diff-columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
.report-frame { border-top: 1px solid var(--line); margin-top: 1em; padding-top: 0.5em; }
select, input { max-width: 100%; min-width: 0; }
td, th { overflow-wrap: anywhere; }
@media (max-width: 40em) {
  header.viewer { gap: 0.6em; padding: 0.5em 0.8em; }
  header.viewer form, header.viewer form input { flex: 1 1 auto; }
  main { padding: 0.6em 0.8em 2em; }
  form.filters label { flex: 1 1 100%; min-width: 0; }
  form.filters select { width: 100%; max-width: 100%; }
  table, thead, tbody, tr, th, td { display: block; width: auto; }
  thead { display: none; }
  tr { border-bottom: 1px solid var(--line); padding: 0.3em 0; }
  td, th { border-bottom: none; padding: 0.15em 0; }
  .diff-columns { grid-template-columns: 1fr; }
}
`;

export const VIEWER_SCRIPT = `'use strict';
(function () {
  // Filter selects: choosing a value loads the page with the filter applied (one history entry).
  for (const select of document.querySelectorAll('form.filters select')) {
    select.addEventListener('change', function () { select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit(); });
  }
  // The URL is the truth: on every show (Back and Forward included) the selects say what it says.
  const syncSelects = function () {
    const query = new URLSearchParams(location.search);
    for (const select of document.querySelectorAll('form.filters select[data-facet]')) {
      const wanted = query.get(select.name) || '';
      if (select.value !== wanted) select.value = wanted;
    }
  };
  window.addEventListener('pageshow', syncSelects);
  syncSelects();
  // Quick filter: hide rows of the target table whose text does not contain the typed text.
  for (const input of document.querySelectorAll('input[data-filter-rows]')) {
    const table = document.getElementById(input.getAttribute('data-filter-rows'));
    if (!table) continue;
    const apply = function () {
      const needle = input.value.trim().toLowerCase();
      let shown = 0;
      for (const row of table.querySelectorAll('tbody tr')) {
        const match = needle === '' || row.textContent.toLowerCase().includes(needle);
        row.classList.toggle('hidden-by-filter', !match);
        if (match) shown += 1;
      }
      const counter = document.getElementById(input.getAttribute('data-filter-count') || '');
      if (counter) counter.textContent = String(shown);
    };
    const fromUrl = function () {
      input.value = new URLSearchParams(location.search).get('filter') || '';
      apply();
    };
    input.addEventListener('input', function () {
      const url = new URL(location.href);
      if (input.value.trim() === '') url.searchParams.delete('filter');
      else url.searchParams.set('filter', input.value);
      history.replaceState(null, '', url);
      apply();
    });
    window.addEventListener('pageshow', fromUrl);
    fromUrl();
  }
})();
`;
