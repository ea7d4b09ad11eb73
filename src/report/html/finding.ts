/**
 * One finding as a collapsible card: the claim, its severity (a word, the badge's colour only
 * repeats it) and confidence, the facts (each
 * gloss beside its original), the lists of records its arguments hold (`texts`, `items`,
 * `fields`…) as tables, and every evidence item with the command that shows it. Everything from the report
 * goes through `html` (escaped); the only attributes built from report data are
 * double-quoted data-* values and ids made of [a-z0-9-].
 */
import type { Evidence, Finding } from '../../findings/types.js';
import { html, type Trusted } from './escape.js';
import { argumentParts, displayText, type ArgumentParts } from '../report-model.js';
import { evidenceSummary } from '../verify.js';
import type { Severity } from '../../scan/severity.js';
import { renderClaim } from '../claim.js';

/** Evidence items shown per finding in HTML; the JSON report keeps them all. */
const HTML_EVIDENCE_LIMIT = 50;
/** Characters of an app string shown in a table cell. */
const CELL_TEXT_LIMIT = 600;

/** An anchor id from any text: lower-case letters, digits and dashes only. */
export function anchorId(prefix: string, text: string): string {
  return `${prefix}-${
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  }`;
}

/** A text that may carry an English gloss: original first, gloss beside it. */
export function glossed(text: string, gloss: string | undefined): Trusted {
  return html`<span class="aw-original">${displayText(text, CELL_TEXT_LIMIT)}</span>${gloss === undefined ? '' : html` <span class="aw-gloss">(${gloss})</span>`}`;
}

/** One evidence item: where it is. How to check each kind is said once, in the report's "How to verify" section. */
function evidenceItem(evidence: Evidence, apk: string): Trusted {
  return html`<li data-kind="${evidence.kind}"><span class="aw-kind">${evidence.kind}</span><code>${displayText(evidenceSummary(evidence), CELL_TEXT_LIMIT)}</code> <span class="aw-note">in ${apk}</span></li>`;
}

/**
 * The facts: plain values run on as one compact list (`name value · name value`); texts with an
 * English gloss get a table, original and gloss side by side, the part a reader quotes from.
 */
function argumentTable({ rows }: ArgumentParts): Trusted {
  if (rows.length === 0) return html``;
  const plain = rows.filter((row) => row.gloss === undefined);
  const withGloss = rows.filter((row) => row.gloss !== undefined);
  return html`${plain.length > 0 ? html`<dl class="aw-facts">${plain.map((row) => html`<div><dt>${row.key}</dt><dd>${displayText(row.value, CELL_TEXT_LIMIT)}</dd></div>`)}</dl>` : ''}${withGloss.length > 0 ? html`<div class="aw-table-wrap"><table class="aw-args"><thead><tr><th>fact</th><th>original</th><th>English gloss</th></tr></thead><tbody>${withGloss.map((row) => html`<tr><th scope="row">${row.key}</th><td>${displayText(row.value, CELL_TEXT_LIMIT)}</td><td class="aw-gloss">${row.gloss ?? ''}</td></tr>`)}</tbody></table></div>` : ''}`;
}

function listTables({ tables }: ArgumentParts): Trusted[] {
  return tables
    .filter((list) => list.rows.length > 0)
    .map(
      (list) =>
        html`<div class="aw-table-wrap"><table class="aw-list" data-argument="${list.key}"><thead><tr>${list.columns.map((column) => html`<th>${column.name}</th>`)}</tr></thead><tbody>${list.rows.map((row) => html`<tr>${list.columns.map((column, index) => html`<td${column.gloss ? html` class="aw-gloss"` : ''}>${displayText(row[index] ?? '', CELL_TEXT_LIMIT)}</td>`)}</tr>`)}</tbody></table></div>${list.omitted > 0 ? html`<p class="aw-note">… ${list.omitted} more in the JSON report</p>` : ''}`,
    );
}

/** The card. `index` is the finding's position in the report (its stable anchor `f-<index>`). */
export function findingCard(
  finding: Finding,
  index: number,
  apkName: (sha256: string) => string,
  severity: Severity,
): Trusted {
  const shown = finding.evidence.slice(0, HTML_EVIDENCE_LIMIT);
  const parts = argumentParts(finding);
  return html`<details class="aw-finding" id="f-${index}" data-category="${finding.category ?? ''}" data-topic="${finding.topic}" data-confidence="${finding.confidence}" data-severity="${severity}">
<summary><span class="aw-badge aw-${severity}">${severity}</span><span class="aw-confidence">${finding.confidence} confidence</span> <span class="aw-claim">${displayText(renderClaim(finding))}</span> <span class="aw-rule">${finding.ruleId} · ${finding.code}</span>${finding.category ? html`<span class="aw-tag">${finding.category}</span>` : ''}</summary>
<div class="aw-body">${argumentTable(parts)}${listTables(parts)}
<h4>Evidence (${finding.evidence.length})</h4>
<ol class="aw-evidence">${shown.map((evidence) => evidenceItem(evidence, apkName(evidence.apkSha256)))}</ol>${finding.evidence.length > shown.length ? html`<p class="aw-note">… ${finding.evidence.length - shown.length} more evidence items in the JSON report</p>` : ''}
</div></details>`;
}
