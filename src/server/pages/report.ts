/**
 * One scan's report: the HTML report's own content (`renderHtmlReportParts`) inside the
 * viewer's page, with links to the app's other versions. The report's script is served
 * as a same-origin file (`/scan/<id>/report.js`) because the viewer's policy allows no
 * inline script; its stylesheet goes into a <style> element (style cannot run code).
 * That script is one constant for every report (src/report/html/script.ts): the file
 * is served without rendering the report a second time.
 */
import { renderHtmlReportParts } from '../../report/html/index.js';
import { html, trusted } from '../../report/html/escape.js';
import { REPORT_SCRIPT } from '../../report/html/script.js';
import type { CaseLibrary } from '../../store/index.js';
import { errorPage, type ViewerResponse } from '../http.js';
import { link, page } from '../layout.js';
import { versionText } from './versions.js';

export const JAVASCRIPT_TYPE = 'text/javascript; charset=utf-8';

export async function reportPage(library: CaseLibrary, scanId: number): Promise<ViewerResponse> {
  const report = await library.getScan(scanId);
  const info = await library.getScanInfo(scanId);
  if (!report || !info) return errorPage(404, `Scan ${scanId} is not in this library.`);
  const parts = renderHtmlReportParts(report);
  const others = (await library.versionsOf(info.packageName)).filter((other) => other.scanId !== scanId);
  const navigation = html`<nav class="viewer-nav"><a href="/app/${encodeURIComponent(info.packageName)}">all versions of ${info.label ?? info.packageName}</a>
${others.length > 0 ? html` · compare with ${others.map((other, index) => html`${index > 0 ? ', ' : ''}<a href="${link('/diff', { old: other.scanId, new: scanId })}">${versionText(other)}</a>`)}` : ''}
 · file <code>${info.fileName}</code> (<code>${info.inputSha256}</code>) · scanned by apkwitness ${info.toolVersion} · <a href="/api/scan/${scanId}">JSON</a></nav>`;
  const body = html`${navigation}<div class="report-frame" id="report">${trusted(parts.body)}</div>`;
  return page(body, {
    title: parts.title,
    head: html`<style>${trusted(parts.css)}</style>`,
    scripts: [`/scan/${scanId}/report.js`],
    main: false,
  });
}

/**
 * The report's script for the scan's page: REPORT_SCRIPT, the constant every report
 * carries (test/server checks it equals `renderHtmlReportParts(report).script`), so the
 * report is neither parsed nor rendered again. Unknown scans still get a 404.
 */
export async function reportScript(library: CaseLibrary, scanId: number): Promise<ViewerResponse> {
  if (!(await library.getScanInfo(scanId))) return errorPage(404, `Scan ${scanId} is not in this library.`);
  return { status: 200, contentType: JAVASCRIPT_TYPE, body: REPORT_SCRIPT };
}
