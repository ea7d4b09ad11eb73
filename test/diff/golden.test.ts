/**
 * Golden files of the demo v1 → v2 diff in every format
 * (test/fixtures/golden/diff/). Regenerate after an intended change with
 *   UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/diff/golden
 * and read the git diff of the golden files before committing them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffReports } from '../../src/diff/index.js';
import { renderDiff } from '../../src/cli/diff.js';
import { repositoryRoot } from '../support/corpus.js';
import { DEMO_V1, DEMO_V2, reportOf } from './reports.js';

const GOLDEN = join(repositoryRoot, 'test', 'fixtures', 'golden', 'diff');
const FORMATS = [
  ['text', 'demo-v1-v2.txt'],
  ['md', 'demo-v1-v2.md'],
  ['html', 'demo-v1-v2.html'],
  ['json', 'demo-v1-v2.json'],
] as const;

for (const [format, file] of FORMATS) {
  test(`golden: demo v1 → v2 as ${format} matches ${file}`, () => {
    const output = renderDiff(diffReports(reportOf(DEMO_V1), reportOf(DEMO_V2)), format);
    const path = join(GOLDEN, file);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(path, output);
    }
    assert.ok(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1`);
    assert.equal(
      output,
      readFileSync(path, 'utf8'),
      `${file} differs: if the change is intended, run with UPDATE_GOLDEN=1 and review the git diff`,
    );
  });
}
