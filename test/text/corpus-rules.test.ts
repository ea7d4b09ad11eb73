/**
 * The forms and labels rules over every corpus app (and framework-res.apk,
 * the largest resource table there is): no exception on any input, every
 * finding has evidence and a vocabulary category, and the time each rule
 * takes. Models come from buildAppModels (split bundles give one per APK).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormatError } from '../../src/formats/diagnostics.js';
import { isDataCategory } from '../../src/findings/vocabulary.js';
import { buildAppModels } from '../../src/model/app-model-build.js';
import { rule as formsRule } from '../../src/rules/forms/index.js';
import { rule as labelsRule } from '../../src/rules/labels/index.js';
import { corpusApks, frameworkResPath, repositoryRoot, needs } from '../support/corpus.js';
import { ScanContext } from '../../src/rules/shared/context.js';
import { Glosser } from '../../src/text/annotate.js';
import { dictionaries } from '../support/dictionaries.js';
import { checkFinding } from '../../src/findings/contract.js';
import { renderClaim } from '../../src/report/claim.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

/** Characters a one-line claim must never carry raw (they are escaped by claimText). */
const UNSAFE_IN_CLAIM = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

test('forms and labels run on every corpus app without an exception', CORPUS, (t) => {
  // The project's own fixtures too: the hostile APKs attack reports with their strings and identifiers.
  const fixtures = ['demo', 'hostile', 'signing'].flatMap((folder) =>
    readdirSync(join(repositoryRoot, 'fixtures', folder))
      .filter((name) => name.endsWith('.apk'))
      .map((name) => ({ name: `fixtures/${folder}/${name}`, path: join(repositoryRoot, 'fixtures', folder, name) })),
  );
  const files = [
    ...corpusApks().map((file) => ({ name: file.name, path: file.path })),
    ...fixtures,
    { name: 'framework-res.apk', path: frameworkResPath },
  ];
  const time = { forms: 0, labels: 0 };
  const counts = { apps: 0, models: 0, unreadable: 0, forms: 0, labels: 0, fields: 0 };
  const slowest: Array<[string, number]> = [];
  for (const file of files) {
    let models;
    try {
      models = buildAppModels(file.path).models;
    } catch (error) {
      if (!(error instanceof FormatError)) throw new Error(`${file.name}: ${String(error)}`, { cause: error });
      counts.unreadable++;
      continue;
    }
    counts.apps++;
    const context = new ScanContext(models, new Glosser(dictionaries));
    for (const model of models) {
      counts.models++;
      for (const [name, rule] of [
        ['forms', formsRule],
        ['labels', labelsRule],
      ] as const) {
        const started = performance.now();
        let findings;
        try {
          findings = rule.run(model, context);
        } catch (error) {
          throw new Error(`${name} on ${file.name} (${model.apk.path}): ${String((error as Error).stack ?? error)}`, {
            cause: error,
          });
        }
        const elapsed = performance.now() - started;
        time[name] += elapsed;
        slowest.push([`${name} ${model.apk.path.replace(/^.*corpus\//, '')}`, elapsed]);
        counts[name] += findings.length;
        for (const finding of findings) {
          assert.ok(finding.evidence.length > 0, `${name} ${finding.code} on ${file.name} has evidence`);
          assert.equal(finding.ruleId, name);
          assert.equal(checkFinding(rule.meta.id, rule.meta.codes, finding), undefined);
          assert.ok(
            !UNSAFE_IN_CLAIM.test(renderClaim(finding)),
            `${name} ${finding.code} on ${file.name}: claim with a raw control or bidi character`,
          );
          if (finding.category !== undefined) assert.ok(isDataCategory(finding.category));
          if (finding.code === 'forms.form') counts.fields += Number(finding.args.fieldCount);
        }
      }
    }
  }
  slowest.sort((a, b) => b[1] - a[1]);
  const summary = `${counts.apps} apps (${counts.models} APK models, ${counts.unreadable} unreadable): forms ${Math.round(time.forms)} ms (${counts.forms} findings, ${counts.fields} fields), labels ${Math.round(time.labels)} ms (${counts.labels} findings); slowest: ${slowest
    .slice(0, 3)
    .map(([name, ms]) => `${name} ${Math.round(ms)} ms`)
    .join(', ')}`;
  t.diagnostic(summary);
  console.log(`corpus rules: ${summary}`);
  assert.ok(counts.apps > 80);
});
