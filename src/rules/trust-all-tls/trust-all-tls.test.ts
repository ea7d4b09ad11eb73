import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, hostileModel, handBuiltModel } from '../../../test/findings/models.js';

test('trust-all-tls: demo TrustAllManager, cited at its return-void and where it is instantiated', () => {
  const findings = rule.run(demoModel());
  assert.deepEqual(findings.map((finding) => finding.code), ['tls.trust-all-manager']);
  const [method, instantiation] = findings[0]?.evidence ?? [];
  assert.equal(method?.kind === 'code' ? method.className : '', 'org.apkwitness.demo.fieldsurvey.TrustAllManager');
  assert.equal(instantiation?.kind === 'code' ? instantiation.method : '', 'installAsDefault()V');
});

test('trust-all-tls: a real SDK (Fabric HttpRequest in npm/com.rormix.apk) trusts all certificates and host names', () => {
  const findings = rule.run(corpusModel('npm/com.rormix.apk'));
  assert.deepEqual(findings.map((finding) => `${finding.code} ${finding.args.className}`).sort(), [
    'tls.allow-all-hostnames io.fabric.sdk.android.services.network.HttpRequest$2',
    'tls.trust-all-manager io.fabric.sdk.android.services.network.HttpRequest$1',
  ]);
});

test('trust-all-tls: JustTrustMe (mobsf), a tool that disables TLS checks, is recognised', () => {
  const codes = rule.run(corpusModel('mobsf/JustTrustMe.apk')).map((finding) => finding.code);
  assert.deepEqual(codes, ['tls.trust-all-manager', 'tls.trust-all-manager', 'tls.allow-all-hostnames']);
});

test('trust-all-tls: negatives — apps without TLS overrides (ApiDemos, the hostile app) claim nothing', () => {
  assert.deepEqual(rule.run(hostileModel()), []);
  assert.deepEqual(rule.run(handBuiltModel()), []);
  assert.deepEqual(rule.run(corpusModel('npm/ApiDemos-debug.apk')), []);
});
