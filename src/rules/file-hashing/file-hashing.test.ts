import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, hostileModel } from '../../../test/findings/models.js';
import { needs } from '../../../test/support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

test(
  'file-hashing: ABCore hashes downloaded files with SHA-256 (MessageDigest + FileInputStream in one method)',
  CORPUS,
  () => {
    const findings = rule.run(corpusModel('androguard/app-prod-debug.apk'));
    assert.deepEqual(
      findings.map((finding) => [finding.category, finding.args.algorithms]),
      [['files', 'SHA-256']],
    );
  },
);

test(
  'file-hashing: negatives — digests of strings only (Crashlytics in com.rormix), the demo, the hostile app',
  CORPUS,
  () => {
    assert.deepEqual(
      rule.run(corpusModel('npm/com.rormix.apk')).map((finding) => finding.args.method),
      [],
    );
    assert.deepEqual(rule.run(demoModel()), []);
    assert.deepEqual(rule.run(hostileModel()), []);
  },
);
