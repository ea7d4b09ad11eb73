/**
 * What a scan did not read is said in every report format: the JSON `skipped` list, the
 * text and Markdown "Not read" sections, the HTML section and SARIF notifications.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanApp, type ScanReport } from '../../src/scan/scan.js';
import { renderScanText } from '../../src/report/findings-text.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { renderSarif } from '../../src/report/sarif.js';
import { toJson } from '../../src/report/json.js';
import { DEMO, layoutAliasApk, overlapBomb } from './crafted.js';

const folder = mkdtempSync(join(tmpdir(), 'apkwitness-skipped-'));
process.once('exit', () => rmSync(folder, { recursive: true, force: true }));

function scanBytes(name: string, bytes: Uint8Array): ScanReport {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return scanApp(path).report;
}

function assertSaidEverywhere(report: ScanReport, code: string): void {
  assert.ok(
    report.skipped.some((part) => part.code === code),
    `${code} in ${report.skipped.map((part) => part.code).join(', ')}`,
  );
  const json = JSON.parse(toJson(report)) as { skipped: Array<{ code: string }> };
  assert.ok(
    json.skipped.some((part) => part.code === code),
    'JSON',
  );
  assert.match(
    renderScanText(report),
    new RegExp(`Not read \\(\\d+\\)[^]*\\[${code.replace(/\./g, '\\.')}\\]`),
    'text',
  );
  assert.match(renderMarkdown(report), new RegExp(`## Not read[^]*${code.replace(/\./g, '\\.')}`), 'Markdown');
  assert.match(
    renderHtmlReport(report),
    new RegExp(`<section id="not-read">[^]*${code.replace(/\./g, '\\.')}`),
    'HTML',
  );
  const sarif = JSON.parse(renderSarif(report)) as {
    runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string } }> }> }>;
  };
  assert.ok(
    sarif.runs[0]?.invocations[0]?.toolExecutionNotifications.some((notification) =>
      notification.message.text.includes(code),
    ),
    'SARIF',
  );
}

test('the overlap bomb: aliases and the spent archive budget are listed in every format', () => {
  const report = scanBytes('overlap-bomb.apk', overlapBomb(300, 64 * 1024 * 1024));
  assertSaidEverywhere(report, 'zip.archive-inflate-budget');
  assert.ok(report.skipped.length <= 201);
});

test('250,000 layout aliases: the arsc entry cap and the forms cap are listed in every format', () => {
  const report = scanBytes('aliases.apk', layoutAliasApk(250_000));
  assertSaidEverywhere(report, 'arsc.type-entry-count-over-limit');
  assertSaidEverywhere(report, 'model.layout-ids-limit');
});

test('a clean app has nothing under "Not read"', () => {
  const report = scanApp(DEMO).report;
  assert.deepEqual(report.skipped, []);
  assert.doesNotMatch(renderScanText(report), /Not read/);
  assert.doesNotMatch(renderHtmlReport(report), /id="not-read"/);
});
