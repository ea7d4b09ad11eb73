/**
 * The head of the HTML report after the headlines (which give the name in every locale with
 * its gloss): the app at a glance (package, versions, SDK levels, size), what it collects in one line of
 * category links, the signers and every APK with its SHA-256.
 */
import type { ScanReport } from '../../scan/scan.js';
import { html, type Trusted } from './escape.js';
import { appTitle, categoryGroups, formatSize } from '../report-model.js';
import { anchorId } from './finding.js';

/** Where a category's first group is: data collected, then forms, then labels (src/report/html/sections.ts ids). */
function sectionPrefix(topics: readonly string[]): string {
  if (topics.includes('collection')) return 'category';
  if (topics.includes('form')) return 'form';
  return topics.includes('labels') ? 'labels' : 'category';
}

export function glanceSection(report: ScanReport): Trusted {
  const app = report.app;
  const counts = { high: 0, medium: 0, low: 0 };
  for (const finding of report.findings) counts[finding.confidence] += 1;
  const categories = categoryGroups(report.findings);
  return html`<section id="glance"><h2>The app at a glance</h2>
<dl class="aw-glance">
<div><dt>Package</dt><dd><code>${app.packageName ?? '(none)'}</code></dd>
<dt>Version</dt><dd>${app.versionName ?? '(none)'} <span class="aw-note">(versionCode ${app.versionCode ?? '?'})</span></dd>
<dt>Android SDK</dt><dd>min ${app.minSdk ?? '?'}, target ${app.targetSdk ?? '?'}</dd></div>
<div><dt>Size</dt><dd>${formatSize(app.totalSize)} in ${report.apks.length} APK file(s)</dd>
<dt>Findings</dt><dd>${report.findings.length}: ${counts.high} high, ${counts.medium} medium, ${counts.low} low confidence</dd>
<dt>Report</dt><dd>apkwitness ${report.tool.version}, schema ${report.schemaVersion}</dd></div>
</dl>
${categories.length > 0 ? html`<h3>Personal data in this app, by category</h3><ul class="aw-chips">${categories.map((group) => html`<li><a href="#${anchorId(sectionPrefix(group.topics.map((topic) => topic.topic)), group.category)}">${group.category} (${group.count})</a></li>`)}</ul>` : html`<p>No personal-data category was found.</p>`}
${signersTable(report)}
${apksTable(report)}
</section>`;
}

function signersTable(report: ScanReport): Trusted {
  const signers = report.app.signers;
  if (signers.length === 0)
    return html`<h3>Signers</h3><p class="aw-warning">The base APK carries no signer apkwitness could read.</p>`;
  return html`<h3>Signers</h3><div class="aw-table-wrap"><table><thead><tr><th>subject / issuer</th><th>certificate SHA-256</th><th>valid</th><th>key</th><th>schemes</th><th>status</th></tr></thead><tbody>${signers.map(
    (signer) => html`<tr>
<td>${signer.subject ?? '?'}${signer.issuer !== undefined && signer.issuer !== signer.subject ? html`<br><span class="aw-note">issued by ${signer.issuer}</span>` : ''}${signer.serialNumber ? html`<br><span class="aw-note">serial ${signer.serialNumber}</span>` : ''}</td>
<td><code>${signer.certificateSha256}</code></td>
<td>${signer.notBefore ?? '?'} – ${signer.notAfter ?? '?'}</td>
<td>${signer.publicKey ?? '?'}${signer.signatureAlgorithm ? html`<br><span class="aw-note">${signer.signatureAlgorithm}</span>` : ''}</td>
<td>${signer.schemes.join(', ')}</td>
<td>${signer.verified ? 'verified' : html`<strong>NOT verified</strong>`}${signer.effective ? html`<br>effective signer` : ''}${signer.wellKnownKey ? html`<br><span class="aw-warning">public key: ${signer.wellKnownKey}</span>` : ''}</td></tr>`,
  )}</tbody></table></div>`;
}

function apksTable(report: ScanReport): Trusted {
  return html`<h3>APK files</h3><div class="aw-table-wrap"><table><thead><tr><th>file</th><th>SHA-256</th><th>size</th><th>content</th></tr></thead><tbody>${report.apks.map(
    (apk) => html`<tr>
<td>${apk.name}${apk.splitName ? html`<br><span class="aw-note">split ${apk.splitName}</span>` : ''}</td>
<td><code>${apk.sha256}</code></td>
<td>${apk.size} bytes</td>
<td>${apk.dexFiles} dex, ${apk.xmlResources} res XML, ${apk.assets} other files, ${apk.diagnostics} parser diagnostics</td></tr>`,
  )}</tbody></table></div>
<p class="aw-note">Check a file with <code>sha256sum</code>; check its signers with <code>apksigner verify --print-certs -v</code>.</p>`;
}

/** The title of the page: the app's default name (escaped by the caller). */
export function reportTitle(report: ScanReport): string {
  return `${appTitle(report)} — apkwitness report`;
}
