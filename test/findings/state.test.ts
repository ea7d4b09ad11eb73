/**
 * Explicit state (issue 12): a scan keeps nothing between scans in module-level caches (facts
 * live on the scan context, glosses on the scan's glosser, parsed keys on the signing read,
 * layout texts on their extraction), so scanning apps in one process, in either order and
 * again, gives byte-identical JSON for each, with the dictionaries shared as a scanning
 * process shares them or each scan reading its own. The lint guard (eslint.config.js,
 * no-restricted-syntax) keeps new module-level state out of src/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scanApp } from '../../src/scan/scan.js';
import { reportJson } from '../../src/report/claim.js';
import { toJson } from '../../src/report/json.js';
import { corpusRoot, repositoryRoot } from '../support/corpus.js';
import { needs } from '../support/needs.js';
import { Dictionaries } from '../../src/text/dictionaries.js';

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

function scanAll(
  inputs: ReadonlyArray<string | readonly string[]>,
  dictionaries?: Dictionaries,
): Map<string | readonly string[], string> {
  return new Map(inputs.map((input) => [input, toJson(reportJson(scanApp(input, { dictionaries }).report))]));
}

test('scans in one process, in either order and repeated, give byte-identical JSON', { skip: needs('corpus') }, () => {
  const shared = new Dictionaries();
  const forward = scanAll(INPUTS, shared);
  const backward = scanAll([...INPUTS].reverse(), shared);
  const again = scanAll(INPUTS, shared);
  const own = scanAll([...INPUTS].reverse());
  for (const input of INPUTS) {
    assert.equal(backward.get(input), forward.get(input), `${String(input)}: reverse order`);
    assert.equal(again.get(input), forward.get(input), `${String(input)}: again`);
    assert.equal(own.get(input), forward.get(input), `${String(input)}: dictionaries of its own`);
  }
  const bundle = JSON.parse(forward.get(INPUTS[3]!)!) as { apks: unknown[]; findings: unknown[] };
  assert.ok(bundle.apks.length > 1 && bundle.findings.length > 0, 'the split set is scanned as one app');
});
