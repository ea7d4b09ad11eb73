/**
 * Severity, headlines and readable evidence (issue 15 points 1, 2, 5 and 8): every declared code
 * has its severity; trust-all TLS weighs what the app's TLS connections weigh; every format opens
 * with the demo's form, identifiers read, upload host and trust-all manager in that order; no
 * zero-length range; the verification recipe once per kind of evidence; a glossary at the end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/findings/types.js';
import { declaredCodes } from '../../src/scan/catalogue.js';
import { codesWithSeverity, severityContext, severityOf, withSeverities, SEVERITIES } from '../../src/scan/severity.js';
import { reportSummary } from '../../src/report/headlines.js';
import { reportJson } from '../../src/report/claim.js';
import { renderScanText } from '../../src/report/findings-text.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { sarifLog } from '../../src/report/sarif.js';
import { byteSpan, evidenceSummary } from '../../src/report/verify.js';
import { DEMO_APK, HOSTILE_IDENTIFIERS_APK, HOSTILE_STRINGS_APK, scanned } from './fixtures.js';

test('every declared code has its own severity, and the table names no undeclared code', () => {
  const declared = declaredCodes().map((entry) => entry.code);
  assert.deepEqual([...codesWithSeverity()].sort(), [...declared].sort());
});

function demoFinding(code: string, test?: (finding: Finding) => boolean): Finding {
  const found = scanned(DEMO_APK).findings.find((finding) => finding.code === code && (test?.(finding) ?? true));
  assert.ok(found, `the demo has a ${code} finding`);
  return found;
}

test('trust-all TLS: moderate in an app that names no encrypted destination, major when it does', () => {
  const report = scanned(DEMO_APK);
  const trustAll = demoFinding('trust-all-tls.trust-all-manager');
  assert.equal(trustAll.severity, 'moderate', 'the demo only names http://survey.example.org');
  const cleartext = demoFinding('network-destination.cleartext-url');
  const https: Finding = {
    ...cleartext,
    code: 'network-destination.url',
    args: { ...cleartext.args, url: 'https://survey.example.org/api/v1/upload', scheme: 'https', encrypted: true },
  };
  assert.equal(severityOf(trustAll, severityContext(report.findings)), 'moderate');
  assert.equal(severityOf(trustAll, severityContext([...report.findings, https])), 'major');
  assert.equal(withSeverities([trustAll, https])[0]?.severity, 'major');
});

test('severity follows the claim, not confidence: a permission is minor, a call site major, a sensitive form critical', () => {
  const report = scanned(DEMO_APK);
  const context = severityContext(report.findings);
  assert.equal(severityOf(demoFinding('permission-data.unlocks'), context), 'minor');
  assert.equal(
    severityOf(
      demoFinding('sensitive-api.reads', (finding) => finding.category === 'device-id'),
      context,
    ),
    'major',
  );
  assert.equal(severityOf(demoFinding('forms.form'), context), 'critical');
  assert.equal(severityOf(demoFinding('signing-tampering.signer'), context), 'info');
  for (const finding of report.findings) assert.ok(SEVERITIES.includes(finding.severity!), finding.code);
});

/** The demo's four headlines the issue names, as (index in report.findings). */
function demoHeadlineFindings(): number[] {
  const findings = scanned(DEMO_APK).findings;
  const index = (code: string, test?: (finding: Finding) => boolean) =>
    findings.findIndex((finding) => finding.code === code && (test?.(finding) ?? true));
  const wanted = [
    index('forms.form'),
    index('sensitive-api.reads', (finding) => finding.category === 'device-id'),
    index('network-destination.cleartext-url', (finding) => finding.args.host === 'survey.example.org'),
    index('trust-all-tls.trust-all-manager'),
  ];
  assert.ok(wanted.every((value) => value >= 0));
  return wanted;
}

test('demo headlines: its form, identifiers read, the upload host and the trust-all manager, in that order of severity', () => {
  const report = scanned(DEMO_APK);
  const summary = reportSummary(report);
  const positions = demoHeadlineFindings().map((index) =>
    summary.headlines.findIndex((headline) => headline.index === index),
  );
  assert.ok(
    positions.every((position) => position >= 0),
    `all four are headlines: ${positions.join(', ')}`,
  );
  assert.deepEqual(
    [...positions].sort((a, b) => a - b),
    positions,
    'in that order',
  );
  assert.deepEqual(
    positions.map((position) => summary.headlines[position]?.severity),
    ['critical', 'major', 'major', 'moderate'],
  );
  // JSON and SARIF carry the same headlines, pointing at findings[index].
  const json = reportJson(report);
  assert.deepEqual(
    json.summary.headlines.map((headline) => headline.finding),
    summary.headlines.map((headline) => headline.index),
  );
  const sarif = sarifLog(report) as { runs: Array<{ properties: { summary: { headlines: unknown[] } } }> };
  assert.deepEqual(sarif.runs[0]?.properties.summary.headlines, JSON.parse(JSON.stringify(json.summary.headlines)));
});

test('every format opens with the headlines: the four demo claims in order, before the first finding', () => {
  const report = scanned(DEMO_APK);
  const claims = demoHeadlineFindings().map((index) => json(index));
  function json(index: number): string {
    return reportJson(report).findings[index]?.claim ?? '';
  }
  const text = renderScanText(report);
  assert.match(text, /^Field Survey — org\.apkwitness\.demo\.fieldsurvey/);
  const readFirst = text.slice(text.indexOf('Read first'), text.indexOf('What the app can collect'));
  const positions = claims.map((claim) => readFirst.indexOf(claim));
  assert.ok(positions.every((position, i) => position >= 0 && (i === 0 || position > positions[i - 1]!)));

  const html = renderHtmlReport(report);
  const headlines = html.slice(html.indexOf('<section id="read-first">'), html.indexOf('<section id="glance">'));
  assert.ok(html.indexOf('<section id="read-first">') < html.indexOf('class="aw-finding"'));
  const anchors = [...headlines.matchAll(/href="#f-(\d+)"/g)].map((match) => Number(match[1]));
  const wanted = demoHeadlineFindings();
  const order = wanted.map((index) => anchors.indexOf(index));
  assert.ok(
    order.every((position, i) => position >= 0 && (i === 0 || position > order[i - 1]!)),
    order.join(),
  );
  for (const index of wanted) assert.match(html, new RegExp(`id="f-${index}"`), 'each headline links to its card');
  assert.match(headlines, /<span class="aw-badge aw-critical">critical<\/span>/, 'severity is a word, not a colour');

  const markdown = renderMarkdown(report);
  const top = markdown.slice(markdown.indexOf('## Read first'), markdown.indexOf('## The app at a glance'));
  const links = [...top.matchAll(/\(#f-(\d+)\)/g)].map((match) => Number(match[1]));
  const markdownOrder = wanted.map((index) => links.indexOf(index));
  assert.ok(markdownOrder.every((position, i) => position >= 0 && (i === 0 || position > markdownOrder[i - 1]!)));
  for (const index of wanted) assert.ok(markdown.includes(`<a id="f-${index}"></a>`));
});

test('no zero-length byte range in any format: a position reads "at byte"', () => {
  assert.equal(byteSpan(0x3d9234, 0x3d9234), 'at byte 0x3d9234');
  assert.equal(byteSpan(0, 0), 'at byte 0x0');
  assert.equal(byteSpan(0x10, 0x40), 'bytes 0x10–0x40');
  assert.equal(
    evidenceSummary({ kind: 'bytes', apkSha256: 'a', entry: '(file)', start: 5, end: 5, description: 'x' }),
    '(file) at byte 0x5 (x)',
  );
  for (const path of [DEMO_APK, HOSTILE_STRINGS_APK, HOSTILE_IDENTIFIERS_APK]) {
    const report = scanned(path);
    for (const rendered of [renderScanText(report), renderMarkdown(report), renderHtmlReport(report)])
      assert.doesNotMatch(rendered, /0x([0-9a-f]+)–0x\1(?![0-9a-f])/);
  }
});

test('the verification recipe is given once per kind of evidence, and a glossary ends each report', () => {
  const report = scanned(DEMO_APK);
  const evidence = report.findings.reduce((sum, finding) => sum + finding.evidence.length, 0);
  assert.ok(evidence > 20);
  const markdown = renderMarkdown(report);
  assert.equal(markdown.split('dexdump -d').length - 1, 1, 'one dexdump command in the Markdown');
  assert.equal(markdown.split('aapt dump xmltree').length - 1, 1);
  const html = renderHtmlReport(report);
  assert.equal(html.split('dexdump -d').length - 1, 1, 'one dexdump command in the HTML');
  assert.ok(html.indexOf('<section id="verify">') < html.indexOf('<section id="glossary">'));
  const text = renderScanText(report);
  const ends: ReadonlyArray<readonly [string, string]> = [
    [text, `${report.findings.length} findings\n`],
    [markdown, '## How to verify the evidence'],
    [html, '<section id="verify">'],
  ];
  for (const [rendered, lastBefore] of ends) {
    const glossaryAt = rendered.lastIndexOf('Glossary');
    assert.ok(glossaryAt > rendered.indexOf(lastBefore) && rendered.indexOf(lastBefore) > 0, lastBefore);
    // Markdown escapes punctuation: compare without its backslashes.
    const glossary = rendered.slice(glossaryAt).replace(/\\/g, '');
    for (const term of ['severity', 'confidence', '|0012 @0x15a4', 'sensitive-api (rule)'])
      assert.ok(glossary.includes(term), `glossary explains ${term}`);
  }
});
