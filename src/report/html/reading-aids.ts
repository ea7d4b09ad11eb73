/**
 * The parts of the HTML report that help a reader rather than state findings: the headlines
 * ("Read first", at the top), how to verify each kind of evidence and the glossary (at the end).
 * Everything from the report goes through `html` (escaped).
 */
import type { ScanReport } from '../../scan/scan.js';
import { html, type Trusted } from './escape.js';
import { displayText } from '../report-model.js';
import { glossed } from './finding.js';
import { groupNote, reportSummary, signerText } from '../headlines.js';
import { renderClaim } from '../claim.js';
import { verifyRecipes } from '../verify.js';
import { glossary } from '../glossary.js';
import { SEVERITIES } from '../../scan/severity.js';

/** The app's names with their gloss, package and signer, then the findings to read first, by severity. */
export function readFirstSection(report: ScanReport): Trusted {
  const summary = reportSummary(report);
  const counts = [...SEVERITIES].reverse().map((severity) => `${summary.counts[severity]} ${severity}`);
  return html`<section id="read-first"><h2>Read first</h2>
<dl class="aw-glance">
<div><dt>Names</dt>${summary.names.length > 0 ? summary.names.map((name) => html`<dd class="aw-app-name" lang="${name.locale.replace(/-r/, '-')}">${name.locale === '' ? '' : html`<span class="aw-tag">${name.locale}</span> `}${glossed(name.text, name.gloss)}</dd>`) : html`<dd>(no display name)</dd>`}</div>
<div><dt>Package</dt><dd><code>${summary.packageName ?? '(none)'}</code></dd>
<dt>Signer</dt><dd>${summary.signer === undefined ? '(none read)' : signerText(summary.signer)}</dd></div>
<div><dt>Findings by severity</dt><dd>${counts.join(', ')}</dd></div>
</dl>
${
  summary.headlines.length > 0
    ? html`<ol class="aw-headlines">${summary.headlines.map((headline) => {
        const note = groupNote(headline);
        return html`<li data-severity="${headline.severity}"><span class="aw-badge aw-${headline.severity}">${headline.severity}</span> <a href="#f-${headline.index}">${displayText(renderClaim(headline.finding))}</a>${note === undefined ? '' : html` <span class="aw-note">(${note})</span>`}</li>`;
      })}</ol>${summary.omitted > 0 ? html`<p class="aw-note">… and ${summary.omitted} more of moderate severity or above, below.</p>` : ''}`
    : html`<p class="aw-note">No finding of moderate severity or above.</p>`
}
</section>`;
}

/** Each kind of evidence once: what an item cites, and the commands for the report's first item of that kind. */
export function verifySection(report: ScanReport, apkName: (sha256: string) => string): Trusted {
  const recipes = verifyRecipes(
    report.findings.flatMap((finding) => finding.evidence),
    apkName,
  );
  if (recipes.length === 0) return html``;
  return html`<section id="verify"><h2>How to verify the evidence</h2>
<p class="aw-sub">Every evidence item above says where it is; these are the standard commands that show the same bytes, given once per kind with the report’s first item of that kind as the example.</p>
<dl class="aw-recipes">${recipes.map(
    (recipe) =>
      html`<dt>${recipe.kind}</dt><dd>${recipe.reads}<br><span class="aw-note">Example: <code>${displayText(recipe.exampleOf, 600)}</code></span>${recipe.example.map((step) => html`<pre><code>${step.command}</code></pre><span class="aw-note">look for ${displayText(step.lookFor, 600)}</span>`)}</dd>`,
  )}</dl>
</section>`;
}

export function glossarySection(report: ScanReport): Trusted {
  if (report.findings.length === 0) return html``;
  return html`<section id="glossary"><h2>Glossary</h2>
<dl class="aw-glossary">${glossary(report).map((entry) => html`<dt><code>${entry.term}</code></dt><dd>${entry.meaning}</dd>`)}</dl>
</section>`;
}
