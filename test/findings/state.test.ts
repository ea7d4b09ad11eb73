/**
 * Explicit state (issue 12): a scan keeps nothing between scans in module-level caches (facts
 * live on the scan context, layout texts on their extraction), so scanning apps in one process,
 * in either order and again, gives byte-identical JSON for each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scanApp } from '../../src/scan/scan.js';
import { reportJson } from '../../src/report/claim.js';
import { toJson } from '../../src/report/json.js';
import { corpusRoot, repositoryRoot } from '../support/corpus.js';
import { needs } from '../support/needs.js';

const SPLITS = join(corpusRoot, 'appmanager-splits');
const INPUTS: ReadonlyArray<string | readonly string[]> = [
  join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk'),
  join(repositoryRoot, 'fixtures', 'hostile', 'hostile-strings.apk'),
  join(repositoryRoot, 'fixtures', 'demo-v2', 'field-survey-v2.apk'),
  // a base and its splits scanned together: the context hands rules the other APKs of the app
  [
    join(SPLITS, 'dynamicfeatures.ondemand.base.apk'),
    join(SPLITS, 'dynamicfeatures.ondemand.splits', 'split_config.en.apk'),
    join(SPLITS, 'dynamicfeatures.ondemand.splits', 'split_config.hdpi.apk'),
  ],
];

function scanAll(inputs: ReadonlyArray<string | readonly string[]>): Map<string | readonly string[], string> {
  return new Map(inputs.map((input) => [input, toJson(reportJson(scanApp(input).report))]));
}

test('scans in one process, in either order and repeated, give byte-identical JSON', { skip: needs('corpus') }, () => {
  const forward = scanAll(INPUTS);
  const backward = scanAll([...INPUTS].reverse());
  const again = scanAll(INPUTS);
  for (const input of INPUTS) {
    assert.equal(backward.get(input), forward.get(input), `${String(input)}: reverse order`);
    assert.equal(again.get(input), forward.get(input), `${String(input)}: again`);
  }
  const bundle = JSON.parse(forward.get(INPUTS[3]!)!) as { apks: unknown[]; findings: unknown[] };
  assert.ok(bundle.apks.length > 1 && bundle.findings.length > 0, 'the split set is scanned as one app');
});
