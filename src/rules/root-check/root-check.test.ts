import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, hostileModel } from '../../../test/findings/models.js';
import { needs } from '../../../test/support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

test('root-check: the Crashlytics root check in com.rormix (test-keys, Superuser.apk, /system/xbin/su)', CORPUS, () => {
  const finding = rule
    .run(corpusModel('npm/com.rormix.apk'))
    .find((candidate) => candidate.code === 'behaviour.root-check');
  assert.ok(String(finding?.args.indicators).includes('/system/xbin/su'));
  assert.equal(finding?.confidence, 'high');
});

test('root-check: libsuperuser shipped by XposedInstaller', CORPUS, () => {
  const findings = rule.run(corpusModel('mobsf/XposedInstaller_3.1.5.apk'));
  assert.ok(
    findings.some(
      (finding) => finding.code === 'behaviour.root-library' && finding.args.library === 'eu.chainfire.libsuperuser',
    ),
  );
});

test(
  'root-check: negatives — demo, hostile app, and an app whose only hint is the word "su" (dnsfilter runs su but checks nothing)',
  CORPUS,
  () => {
    assert.deepEqual(rule.run(demoModel()), []);
    assert.deepEqual(rule.run(hostileModel()), []);
    assert.deepEqual(rule.run(corpusModel('appmanager-splits/dnsfilter.android.apk')), []);
  },
);
