/**
 * Golden files for the Markdown, HTML and SARIF reports of the demo app, and the
 * reproducibility promise (issue 6): the same APK gives byte-identical reports in every
 * format. Regenerate the goldens after an intended change with
 *   UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/report/golden
 * and review the diff (git diff test/fixtures/golden) before committing it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { scanApp } from '../../src/scan/scan.js';
import { toJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderHtmlReport } from '../../src/report/html/index.js';
import type { ScanReport } from '../../src/scan/scan.js';
import { DEMO_APK, GOLDEN_DIR, scanned } from './fixtures.js';

const RENDERERS: ReadonlyArray<readonly [string, (report: ScanReport) => string]> = [
  ['json', (report) => `${toJson(report)}\n`],
  ['md', renderMarkdown],
  ['html', renderHtmlReport],
  ['sarif', renderSarif],
];

for (const [extension, render] of RENDERERS) {
  test(`golden: field-survey.${extension} matches test/fixtures/golden`, () => {
    const golden = join(GOLDEN_DIR, `field-survey.${extension}`);
    const actual = render(scanned(DEMO_APK));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, actual);
    assert.ok(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1`);
    const expected = readFileSync(golden, 'utf8');
    // On a mismatch, show the first differing line rather than two 100 KB strings.
    if (actual !== expected) {
      const actualLines = actual.split('\n');
      const expectedLines = expected.split('\n');
      const line = actualLines.findIndex((text, index) => text !== expectedLines[index]);
      assert.fail(
        `field-survey.${extension} differs from the golden file at line ${line + 1}:\n  golden: ${expectedLines[line]?.slice(0, 300)}\n  actual: ${actualLines[line]?.slice(0, 300)}\n(if the change is intended: UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/report/golden)`,
      );
    }
  });
}

test('reproducible: two scans of the demo give byte-identical JSON, Markdown, HTML and SARIF', () => {
  const first = scanApp(DEMO_APK);
  const second = scanApp(DEMO_APK);
  for (const [extension, render] of RENDERERS) assert.equal(render(second.report), render(first.report), extension);
  // Run metadata is what differs between runs, and it stays out of every report.
  for (const [extension, render] of RENDERERS) {
    const text = render(first.report);
    assert.ok(!text.includes(first.run.startedAt), `${extension} contains the start time`);
    assert.ok(!text.includes(DEMO_APK), `${extension} contains the input path`);
  }
});
