import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, fixtureModel } from '../../../test/findings/models.js';
import { needs } from '../../../test/support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

test('signing-tampering: demo signer named with its certificate hash; no warnings', () => {
  const findings = rule.run(demoModel());
  assert.deepEqual(
    findings.map((finding) => finding.code),
    ['signing.signer'],
  );
  assert.equal(findings[0]?.args.certificateSha256, 'f813e65586afe0c27b0c27dd1eeeae0caf5949dc5ad5c732b1443f7ad6db32b5');
});

test('signing-tampering: unsigned and tampered fixtures', () => {
  assert.deepEqual(
    rule.run(fixtureModel('fixtures/signing/unsigned.apk')).map((finding) => finding.code),
    ['signing.unsigned'],
  );
  const tampered = rule.run(fixtureModel('fixtures/signing/tampered-after-signing.apk')).map((finding) => finding.code);
  assert.ok(tampered.includes('signing.verification-failed'), tampered.join());
});

test('signing-tampering: Janus (a dex glued before the zip) is a tampering finding', CORPUS, () => {
  const findings = rule.run(corpusModel('fdroidserver/janus.apk'));
  assert.ok(findings.some((finding) => finding.topic === 'tampering' && finding.code === 'tampering.zip.prefix-bytes'));
});
