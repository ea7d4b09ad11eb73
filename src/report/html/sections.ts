/**
 * The sections of the HTML report after the glance. Every finding appears in
 * exactly one section, chosen by its topic: flow → where each kind of data goes (a
 * table of category × sink and destination, then the flows by category), collection → data collected (by
 * category), form → forms, labels → labels of people and behaviours (by category),
 * destination → where data goes, sdk, asset, behaviour, and obfuscation / signing /
 * tampering → anomalies. Groups carry `data-aw-group` so the filter script can hide
 * a group whose findings are all filtered out.
 */
import type { Finding, FindingTopic } from '../../findings/types.js';
import type { ScanReport } from '../../scan/scan.js';
import { html, type Trusted } from './escape.js';
import { byConfidence, categoryGroups, displayText, flowRows, topicGroups } from '../report-model.js';
import { anchorId, findingCard } from './finding.js';
import { endpointOf, formFieldOf, formOf } from '../../scan/catalogue.js';
import { severities, severityRank, type Severity } from '../../scan/severity.js';

interface Indexed {
  readonly finding: Finding;
  readonly index: number;
}

type ApkName = (sha256: string) => string;

/** What a card needs besides its finding: APK names and the severities of the app's findings. */
interface Render {
  readonly apkName: ApkName;
  readonly severityOf: (finding: Finding) => Severity;
}

/** Cards most severe first, then surest first (report order inside a level). */
function cards(findings: readonly Indexed[], render: Render): Trusted {
  const ordered = byConfidence(findings.map((item) => item.finding)).sort(
    (a, b) => severityRank(render.severityOf(b)) - severityRank(render.severityOf(a)),
  );
  return html`${ordered.map((finding) => {
    const item = findings.find((candidate) => candidate.finding === finding)!;
    return findingCard(finding, item.index, render.apkName, render.severityOf(finding));
  })}`;
}

/** Findings of some topics, grouped by data category (vocabulary order), uncategorised last. */
function byCategory(findings: readonly Indexed[], render: Render, idPrefix: string): Trusted {
  const groups = categoryGroups(findings.map((item) => item.finding));
  const inGroups = new Set(groups.flatMap((group) => group.topics.flatMap((topic) => topic.findings)));
  const rest = findings.filter((item) => !inGroups.has(item.finding));
  return html`${groups.map(
    (group) =>
      html`<div data-aw-group id="${anchorId(idPrefix, group.category)}"><h3>${group.category} <span class="aw-note">(${group.count})</span></h3>${cards(
        findings.filter((item) => item.finding.category === group.category),
        render,
      )}</div>`,
  )}${rest.length > 0 ? html`<div data-aw-group><h3>Not tied to one category</h3>${cards(rest, render)}</div>` : ''}`;
}

function section(id: string, title: string, intro: string, body: Trusted, empty: string, count: number): Trusted {
  return html`<section id="${id}"><h2>${title}</h2><p class="aw-sub">${intro}</p>${count > 0 ? body : html`<p class="aw-note">${empty}</p>`}</section>`;
}

/** Forms: per layout (a finding with a form view), each field's texts in every locale with the English gloss beside it. */
function formTables(findings: readonly Indexed[]): Trusted {
  const fields = findings.flatMap((item) => {
    const field = formFieldOf(item.finding);
    return field === undefined ? [] : [{ field, category: item.finding.category ?? '' }];
  });
  return html`${findings.map(({ finding }) => {
    const form = formOf(finding);
    if (form === undefined) return '';
    const rows = fields
      .filter((item) => item.field.layout === form.layout)
      .flatMap(({ field, category }) =>
        [...field.texts, ...field.choices].map((text) => ({
          field: field.field,
          category,
          key: text.where,
          text: text.text,
          gloss: text.gloss,
        })),
      );
    // Not a data-aw-group: the table stays when filters hide the cards below it.
    return html`<div class="aw-form-table"><h3>Form ${form.layout}${form.screen ? html` <span class="aw-note">shown by ${form.screen}</span>` : ''}</h3>
${rows.length > 0 ? html`<div class="aw-table-wrap"><table class="aw-form"><thead><tr><th>field</th><th>asks for</th><th>where</th><th>original text</th><th>English gloss</th></tr></thead><tbody>${rows.map((row) => html`<tr><td><code>${row.field}</code></td><td>${row.category}</td><td>${row.key}</td><td>${displayText(row.text, 600)}</td><td class="aw-gloss">${row.gloss ?? ''}</td></tr>`)}</tbody></table></div>` : ''}
</div>`;
  })}`;
}

function destinationTable(findings: readonly Indexed[], render: Render): Trusted {
  const rows = findings.flatMap(({ finding, index }) => {
    const endpoint = endpointOf(finding);
    return endpoint !== undefined && (endpoint.url !== undefined || endpoint.host !== undefined)
      ? [{ finding, index, endpoint }]
      : [];
  });
  if (rows.length === 0) return html``;
  return html`<div class="aw-table-wrap"><table class="aw-destinations"><thead><tr><th>host</th><th>URL</th><th>encrypted</th><th>severity</th><th>confidence</th><th>finding</th></tr></thead><tbody>${rows.map(({ finding, index, endpoint }) => html`<tr><td><code>${endpoint.host ?? ''}</code></td><td><code>${displayText(endpoint.url ?? '', 300)}</code></td><td>${endpoint.encrypted === undefined ? '' : endpoint.encrypted ? 'yes' : html`<strong>no</strong>`}</td><td>${render.severityOf(finding)}</td><td>${finding.confidence}</td><td><a href="#f-${index}">${finding.code}</a></td></tr>`)}</tbody></table></div>`;
}

/** Category × sink and destination, each cell linking to its flows' cards. */
function flowTable(report: ScanReport): Trusted {
  const rows = flowRows(report.findings);
  return html`<div class="aw-table-wrap"><table class="aw-flows"><thead><tr><th>data</th><th>goes to</th><th>destination</th><th>flows</th></tr></thead><tbody>${rows.map((row) => html`<tr><td>${row.category}</td><td>${row.sink}</td><td>${row.destination === '' ? '' : html`<code>${displayText(row.destination, 300)}</code>`}</td><td>${row.findings.map((index, position) => html`<a href="#f-${index}">${position + 1}</a> `)}</td></tr>`)}</tbody></table></div>`;
}

const ANOMALY_TOPICS: readonly FindingTopic[] = ['obfuscation', 'signing', 'tampering'];

/** Every section after the glance, in reading order. */
export function findingSections(report: ScanReport, apkName: ApkName): Trusted {
  const render: Render = { apkName, severityOf: severities(report.findings) };
  const indexed: Indexed[] = report.findings.map((finding, index) => ({ finding, index }));
  const ofTopics = (...topics: FindingTopic[]) => indexed.filter((item) => topics.includes(item.finding.topic));
  const flows = ofTopics('flow');
  const collection = ofTopics('collection');
  const forms = ofTopics('form');
  const labels = ofTopics('labels');
  const destinations = ofTopics('destination');
  const sdks = ofTopics('sdk');
  const assets = ofTopics('asset');
  const behaviour = ofTopics('behaviour', 'exposure');
  const anomalies = ofTopics(...ANOMALY_TOPICS);
  const topicBlocks = (items: readonly Indexed[]) =>
    html`${topicGroups(items.map((item) => item.finding)).map((group) => {
      // A Set, not group.findings.includes per item: that was quadratic in the findings of a topic.
      const members = new Set(group.findings);
      return html`<div data-aw-group id="${anchorId('topic', group.topic)}"><h3>${group.topic}</h3>${cards(
        items.filter((item) => members.has(item.finding)),
        render,
      )}</div>`;
    })}`;
  return html`
${section('flows', 'Where each kind of data goes', 'Data the app reads, followed through its code to where it is sent, logged or stored: each flow cites its path, from the call that reads the data to the call that sends it.', html`${flowTable(report)}${byCategory(flows, render, 'flow')}`, 'No flow from a read of personal data to a sink was found.', flows.length)}
${section('collected', 'Data the app collects, by category', 'Permissions that unlock personal data, call sites of the APIs that read it, and content URIs; each claim with the code or manifest line it rests on.', byCategory(collection, render, 'category'), 'No code or permission reading personal data was found.', collection.length)}
${section('forms', 'Forms people fill in', 'Input fields of the app’s layouts: the original label and hint in every locale, with an English gloss beside each.', html`${formTables(forms)}${byCategory(forms, render, 'form')}`, 'No form was found in the layouts.', forms.length)}
${section('labels', 'Labels of people and behaviours', 'Categories of people and behaviours the app’s own strings name (resources, string arrays, code constants), with glosses.', byCategory(labels, render, 'labels'), 'No label of people or behaviours was found.', labels.length)}
${section('destinations', 'Where data goes', 'Hosts, URLs and IP addresses in code and configuration, cleartext traffic and TLS checks switched off.', html`${destinationTable(destinations, render)}<div data-aw-group>${cards(destinations, render)}</div>`, 'No network destination was found.', destinations.length)}
${section('sdks', 'SDKs and trackers', 'Third-party libraries found by their packages and calls.', html`<div data-aw-group>${cards(sdks, render)}</div>`, 'No known SDK was found.', sdks.length)}
${section('assets', 'Assets', 'Files shipped in the app: native helpers, databases, hash lists, nested APKs and payloads.', html`<div data-aw-group>${cards(assets, render)}</div>`, 'No notable asset was found.', assets.length)}
${section('behaviour', 'What the app does on the device and what it exposes', 'Root checks, commands run, files hashed; what the manifest opens to other apps, debuggers and backups.', html`<div data-aw-group>${cards(behaviour, render)}</div>`, 'No such behaviour was found.', behaviour.length)}
${section('anomalies', 'Signing, anomalies and tampering', 'Who signed the app, packers and obfuscators (what static analysis may miss), and anomalies in the file itself.', topicBlocks(anomalies), 'No anomaly was found.', anomalies.length)}
${report.skipped.length > 0 ? html`<section id="not-read"><h2>Not read</h2><p class="aw-warning">Budgets, caps and refused entries: findings in these parts may be missing.</p><ul>${report.skipped.map((part) => html`<li>${displayText(part.apk, 200)} <code>${displayText(part.source, 200)}</code>: ${displayText(part.detail, 600)} <code>${part.code}</code></li>`)}</ul></section>` : ''}${report.ruleFailures.length > 0 ? html`<section id="rule-failures"><h2>Rule failures</h2><p class="aw-warning">A rule that throws is a bug in apkwitness; it is reported, never hidden. Findings of that rule may be missing.</p><ul>${report.ruleFailures.map((failure) => html`<li><code>${failure.ruleId}</code> on ${apkName(failure.apkSha256)}: ${displayText(failure.message, 600)}</li>`)}</ul></section>` : ''}`;
}

/** The filter bar: category, topic, minimum severity and confidence and a search box (options are the report's own values, escaped). */
export function toolbar(report: ScanReport): Trusted {
  const categories = categoryGroups(report.findings).map((group) => group.category);
  const topics = [...new Set(report.findings.map((finding) => finding.topic))];
  return html`<nav class="aw-toolbar" aria-label="Filter findings"><form id="aw-filters" role="search">
<label>Search<input type="search" name="q" placeholder="text, class, host, label…" autocomplete="off"></label>
<label>Category<select name="category"><option value="">all</option>${categories.map((category) => html`<option value="${category}">${category}</option>`)}</select></label>
<label>Topic<select name="topic"><option value="">all</option>${topics.map((topic) => html`<option value="${topic}">${topic}</option>`)}</select></label>
<label>Severity<select name="severity"><option value="info">info and up</option><option value="minor">minor and up</option><option value="moderate">moderate and up</option><option value="major">major and up</option><option value="critical">critical only</option></select></label>
<label>Confidence<select name="confidence"><option value="low">low and up</option><option value="medium">medium and up</option><option value="high">high only</option></select></label>
<span id="aw-status" role="status">${report.findings.length} findings</span>
</form></nav>`;
}
