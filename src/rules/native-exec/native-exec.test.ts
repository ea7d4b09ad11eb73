import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, hostileModel } from '../../../test/findings/models.js';
import { needs } from '../../../test/support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

test('native-exec: dnsfilter runs su with its command strings', CORPUS, () => {
  const findings = rule.run(corpusModel('appmanager-splits/dnsfilter.android.apk'));
  const run = findings.find((finding) => String(finding.args.method).includes('runOSCommand'));
  assert.ok(String(run?.args.commands).split(' | ').includes('su'));
  assert.ok(
    run?.evidence.some(
      (evidence) => evidence.kind === 'code' && evidence.target.startsWith('Ljava/lang/Runtime;->exec'),
    ),
  );
});

test('native-exec: negatives — demo and hostile app run nothing', () => {
  assert.deepEqual(rule.run(demoModel()), []);
  assert.deepEqual(rule.run(hostileModel()), []);
});
