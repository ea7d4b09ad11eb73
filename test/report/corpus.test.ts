/**
 * Every corpus app (../shared/corpus, read in place) renders in every format without
 * a crash: each APK or bundle is scanned once and its report rendered as text, JSON,
 * Markdown, HTML and SARIF; every SARIF log validates against the 2.1.0 schema and
 * every HTML page has exactly one script element (ours).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { scanApp, type ScanReport } from '../../src/scan/scan.js';
import { dictionaries } from '../support/dictionaries.js';
import { FormatError } from '../../src/formats/diagnostics.js';
import { renderScanText } from '../../src/report/findings-text.js';
import { toJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { corpusApks, needs } from '../support/corpus.js';
import { SchemaValidator, type Schema } from '../support/json-schema.js';
import { SARIF_SCHEMA } from './fixtures.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const FORMATS: ReadonlyArray<readonly [string, (report: ScanReport) => string]> = [
  ['text', renderScanText],
  ['json', (report) => toJson(report)],
  ['md', renderMarkdown],
  ['html', renderHtmlReport],
  ['sarif', renderSarif],
];

test('every corpus app renders in every format; SARIF validates; HTML has one script', CORPUS, (t) => {
  const validator = new SchemaValidator(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as Schema);
  const milliseconds: Record<string, number> = { scan: 0 };
  const bytes: Record<string, number> = {};
  let apps = 0;
  const failures: string[] = [];
  for (const file of corpusApks()) {
    let started = performance.now();
    let report: ScanReport;
    try {
      report = scanApp(file.path, { dictionaries }).report;
    } catch (error) {
      if (error instanceof FormatError) continue; // not a ZIP at all: the scan tests cover the one-line refusal
      throw error;
    }
    milliseconds.scan! += performance.now() - started;
    apps += 1;
    for (const [format, render] of FORMATS) {
      started = performance.now();
      let output: string;
      try {
        output = render(report);
      } catch (error) {
        failures.push(`${file.name} ${format}: ${(error as Error).stack ?? String(error)}`);
        continue;
      }
      milliseconds[format] = (milliseconds[format] ?? 0) + performance.now() - started;
      bytes[format] = (bytes[format] ?? 0) + output.length;
      if (format === 'sarif') {
        const errors = validator.validate(JSON.parse(output));
        if (errors.length > 0) failures.push(`${file.name} sarif: ${JSON.stringify(errors.slice(0, 3))}`);
      }
      if (format === 'html' && (output.match(/<script/gi) ?? []).length !== 1)
        failures.push(`${file.name} html: more than one <script`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(apps >= 90, `only ${apps} corpus apps scanned`);
  const line = `rendered ${apps} corpus apps; ms: ${Object.entries(milliseconds)
    .map(([name, value]) => `${name} ${Math.round(value)}`)
    .join(', ')}; characters: ${Object.entries(bytes)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ')}`;
  t.diagnostic(line);
  console.log(line);
});
