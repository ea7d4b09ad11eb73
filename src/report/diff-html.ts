/**
 * The diff as one self-contained HTML page: no script, no external font, style
 * sheet or image, so it works offline, prints to PDF and can be attached as is.
 * Each section is a table with the old and the new version side by side. Every
 * value from an app goes through the `html` template (src/report/html/escape.ts):
 * it can only ever be text, never markup, an attribute name or a URL.
 */
import type { ReportDiff } from '../diff/types.js';
import { html, trusted, type Trusted } from './html/escape.js';
import {
  diffSections,
  sideTitle,
  signerHeadlines,
  summaryLine,
  type DiffRow,
  type DiffSection,
} from './diff-sections.js';

const CHANGE_WORDS: Readonly<Record<DiffRow['change'], string>> = {
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  note: 'note',
};

/** The class of the element that holds the whole diff: every rule below is scoped under it. */
export const DIFF_WRAPPER_CLASS = 'aw-diff';

// Our own style sheet: a constant, no app data in it. Every rule is scoped under the
// wrapper so that the viewer (src/server), which embeds the diff in its own page,
// keeps its own body, tables and colour scheme.
const STYLE = `
.aw-diff { color-scheme: light; --added: #e6f4ea; --removed: #fce8e6; --changed: #fff4ce; --line: #d0d7de;
  font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem; line-height: 1.45; color: #1f2328; background: #fff; }
.aw-diff h1 { font-size: 1.4rem; } .aw-diff h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
.aw-diff table { border-collapse: collapse; width: 100%; table-layout: fixed; }
.aw-diff th, .aw-diff td { border: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; overflow-wrap: anywhere; text-align: left; }
.aw-diff th { background: #f6f8fa; }
.aw-diff col.change { width: 6rem; } .aw-diff col.subject { width: 32%; }
.aw-diff tr.added td.change, .aw-diff tr.added td.new { background: var(--added); }
.aw-diff tr.removed td.change, .aw-diff tr.removed td.old { background: var(--removed); }
.aw-diff tr.changed td.change, .aw-diff tr.changed td.old, .aw-diff tr.changed td.new { background: var(--changed); }
.aw-diff ul.details { margin: .3rem 0 0; padding-left: 1.2rem; font-size: .9em; }
.aw-diff .banner { border: 2px solid #cf222e; background: var(--removed); padding: .6rem .8rem; font-weight: bold; }
.aw-diff .notice { border: 1px solid #9a6700; background: var(--changed); padding: .6rem .8rem; }
.aw-diff .summary { font-weight: bold; }
.aw-diff code, .aw-diff .hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85em; overflow-wrap: anywhere; }
@media (max-width: 40rem) {
  .aw-diff table, .aw-diff tbody, .aw-diff tr, .aw-diff td { display: block; width: auto; } .aw-diff thead, .aw-diff colgroup { display: none; }
  .aw-diff tr { border: 1px solid var(--line); margin-bottom: .75rem; } .aw-diff td { border-width: 0 0 1px; }
  .aw-diff td.old::before { content: "old: "; font-weight: bold; } .aw-diff td.new::before { content: "new: "; font-weight: bold; }
}
@media print { .aw-diff { max-width: none; } .aw-diff h2 { break-after: avoid; } .aw-diff tr { break-inside: avoid; } }
`;

// Only for the standalone document: the page around the wrapper.
const DOCUMENT_STYLE = `body { margin: 0; }`;

function rowMarkup(row: DiffRow): Trusted {
  const details =
    row.details.length === 0
      ? ''
      : html`<ul class="details">${row.details.map((detail) => html`<li>${detail}</li>`)}</ul>`;
  return html`<tr class="${CHANGE_WORDS[row.change]}"><td class="change">${CHANGE_WORDS[row.change]}</td><td class="subject">${row.subject}${details}</td><td class="old">${row.old ?? ''}</td><td class="new">${row.new ?? ''}</td></tr>`;
}

function sectionMarkup(section: DiffSection): Trusted {
  return html`<section id="${section.id}"><h2>${section.title}</h2>
<table><colgroup><col class="change"><col class="subject"><col><col></colgroup>
<thead><tr><th>change</th><th>what</th><th>old</th><th>new</th></tr></thead>
<tbody>
${section.rows.map((row) => html`${rowMarkup(row)}\n`)}</tbody></table></section>
`;
}

function sideMarkup(label: string, side: ReportDiff['old']): Trusted {
  return html`<tr><th>${label}</th><td>${sideTitle(side)}</td><td>${side.apks.map((apk) => html`<div>${apk.name} <span class="hash">${apk.sha256}</span> (${apk.size} bytes)</div>`)}</td></tr>\n`;
}

function signerMarkup(diff: ReportDiff): Trusted {
  const headlines = signerHeadlines(diff);
  return html`${headlines.alarm ? html`<p class="banner">${headlines.alarm}</p>\n` : ''}${headlines.notice ? html`<p class="notice">${headlines.notice}</p>\n` : ''}`;
}

export interface DiffHtmlParts {
  /** Plain text (escape it where it is placed). */
  readonly title: string;
  /** Stylesheet text for a <style> element; every rule is scoped under DIFF_WRAPPER_CLASS. */
  readonly css: string;
  /** Markup for inside <body>: one element of class DIFF_WRAPPER_CLASS holding the whole diff. */
  readonly body: string;
}

/** The diff in pieces, for a page that wraps it (the viewer); `renderDiffHtml` is the whole document. */
export function renderDiffHtmlParts(diff: ReportDiff): DiffHtmlParts {
  const title = `What changed: ${sideTitle(diff.old)} → ${sideTitle(diff.new)}`;
  const body = html`<div class="${DIFF_WRAPPER_CLASS}">
<h1>${title}</h1>
<table class="sides"><colgroup><col class="change"><col><col></colgroup><tbody>
${sideMarkup('old', diff.old)}${sideMarkup('new', diff.new)}</tbody></table>
${signerMarkup(diff)}<p class="summary">${summaryLine(diff)}</p>
${diffSections(diff).map(sectionMarkup)}<footer><p>Generated by apkwitness diff. The JSON (<code>--format json</code>, docs/diff-schema.md) has every value and all the evidence.</p></footer>
</div>`;
  return { title, css: STYLE, body: body.markup };
}

export function renderDiffHtml(diff: ReportDiff): string {
  const parts = renderDiffHtmlParts(diff);
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${parts.title}</title>
<style>${trusted(DOCUMENT_STYLE)}${trusted(parts.css)}</style>
</head>
<body>
${trusted(parts.body)}
</body>
</html>
`;
  return page.markup;
}
