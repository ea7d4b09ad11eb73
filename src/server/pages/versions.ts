/**
 * One package: its versions (current scans, grouped by signer, then by versionCode) with
 * their data categories, and a form to compare any two of them side by side; and the
 * diff page itself, which renders `diffReports(old, new)` with the diff HTML renderer.
 */
import { diffReports, type ReportDiff } from '../../diff/index.js';
import { html, trusted, type Trusted } from '../../report/html/escape.js';
import type { CaseLibrary, ScanInfo } from '../../store/index.js';
import { embedDiff } from '../embed.js';
import { errorPage, type ViewerResponse } from '../http.js';
import { link, page, plural } from '../layout.js';
import { shortHash } from './apps.js';

/** Data categories listed per version row; the rest are one "+N more" link to the scan's categories (no silent cap). */
const CATEGORIES_PER_VERSION = 12;

export function versionText(info: Pick<ScanInfo, 'versionName' | 'versionCode'>): string {
  const name = info.versionName ?? '?';
  return info.versionCode === undefined ? name : `${name} (${info.versionCode})`;
}

function versionRow(info: ScanInfo, previous: ScanInfo | undefined): Trusted {
  return html`<tr data-scan="${info.scanId}">
<td><a href="/scan/${info.scanId}"><strong>${versionText(info)}</strong></a><br><span class="muted">${info.fileName}</span></td>
<td><code title="${info.signerSha256}">${shortHash(info.signerSha256)}</code> ${info.signerSubject ?? ''}</td>
<td>${info.categories.slice(0, CATEGORIES_PER_VERSION).map((category) => html`<span class="tag">${category.category} <span class="muted">${category.findings}</span></span>`)}${info.categories.length > CATEGORIES_PER_VERSION ? html` <a href="/scan/${info.scanId}#collected">+${info.categories.length - CATEGORIES_PER_VERSION} more</a>` : ''}</td>
<td>${plural(info.findingCount, 'finding')}<br><span class="muted">apkwitness ${info.toolVersion}</span></td>
<td>${previous ? html`<a href="${link('/diff', { old: previous.scanId, new: info.scanId })}">diff with ${versionText(previous)}</a>` : ''}</td>
</tr>`;
}

function diffForm(versions: readonly ScanInfo[]): Trusted {
  if (versions.length < 2) return html`<p class="muted">One version only: nothing to compare yet.</p>`;
  const options = (selected: number) =>
    versions.map(
      (info) =>
        html`<option value="${info.scanId}"${info.scanId === selected ? html` selected` : ''}>${versionText(info)} · ${shortHash(info.signerSha256)} · ${info.fileName}</option>\n`,
    );
  const byCode = [...versions].sort((a, b) => (a.versionCode ?? 0) - (b.versionCode ?? 0) || a.scanId - b.scanId);
  return html`<form class="filters" method="get" action="/diff" id="diff-form">
<label>Old version <select name="old">${options(byCode[byCode.length - 2]!.scanId)}</select></label>
<label>New version <select name="new">${options(byCode[byCode.length - 1]!.scanId)}</select></label>
<button type="submit">Compare side by side</button>
</form>`;
}

export async function versionsPage(library: CaseLibrary, packageName: string): Promise<ViewerResponse> {
  const versions = await library.versionsOf(packageName);
  if (versions.length === 0) return errorPage(404, `No app with the package name ${packageName} in this library.`);
  const label = versions.find((info) => info.label !== undefined)?.label;
  const signers = new Set(versions.map((info) => info.signerSha256));
  const body = html`<h1>${label ?? packageName}</h1>
<p><code>${packageName === '' ? '(no manifest)' : packageName}</code> · ${plural(versions.length, 'version')} · ${plural(signers.size, 'signer')}${signers.size > 1 ? html` <strong>(signed with different keys: Android would not install one over the other)</strong>` : ''} · <a href="/api/app/${encodeURIComponent(packageName)}">JSON</a></p>
<h2>Compare two versions</h2>
${diffForm(versions)}
<h2>Versions</h2>
<table id="versions">
<thead><tr><th>Version</th><th>Signer</th><th>Data categories</th><th>Findings</th><th></th></tr></thead>
<tbody>
${versions.map((info, index) => versionRow(info, index > 0 && versions[index - 1]!.signerSha256 === info.signerSha256 ? versions[index - 1] : undefined))}
</tbody>
</table>`;
  return page(body, { title: label ?? packageName });
}

export interface DiffPair {
  readonly old: ScanInfo;
  readonly new: ScanInfo;
  readonly diff: ReportDiff;
}

/** The diff of two scans by id; undefined when either is not in the library. */
export async function diffPair(library: CaseLibrary, oldId: number, newId: number): Promise<DiffPair | undefined> {
  const [oldInfo, newInfo, oldReport, newReport] = await Promise.all([
    library.getScanInfo(oldId),
    library.getScanInfo(newId),
    library.getScan(oldId),
    library.getScan(newId),
  ]);
  if (!oldInfo || !newInfo || !oldReport || !newReport) return undefined;
  return { old: oldInfo, new: newInfo, diff: diffReports(oldReport, newReport) };
}

export async function diffPage(library: CaseLibrary, oldId: number, newId: number): Promise<ViewerResponse> {
  const pair = await diffPair(library, oldId, newId);
  if (!pair) return errorPage(404, `Scan ${oldId} or ${newId} is not in this library.`);
  const embedded = embedDiff(pair.diff);
  const samePackage = pair.old.packageName === pair.new.packageName;
  const body = html`<p><a href="/app/${encodeURIComponent(pair.old.packageName)}">${pair.old.label ?? pair.old.packageName}</a>${samePackage ? '' : html` ↔ <a href="/app/${encodeURIComponent(pair.new.packageName)}">${pair.new.label ?? pair.new.packageName}</a>`}
 · <a href="/scan/${pair.old.scanId}">old report</a> · <a href="/scan/${pair.new.scanId}">new report</a>
 · <a href="${link('/diff', { old: pair.new.scanId, new: pair.old.scanId })}">swap</a> · <a href="${link('/api/diff', { old: pair.old.scanId, new: pair.new.scanId })}">JSON</a></p>
<div class="report-frame" id="diff">${embedded.body}</div>`;
  return page(body, {
    title: `${versionText(pair.old)} → ${versionText(pair.new)}`,
    head: html`<style>${trusted(embedded.css)}</style>`,
  });
}
