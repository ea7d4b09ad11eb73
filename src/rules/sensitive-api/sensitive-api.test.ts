import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { API_TABLE } from './api-table.js';
import { corpusModel, demoModel, handBuiltModel, hostileModel } from '../../../test/findings/models.js';
import type { Component } from '../../model/manifest/types.js';
import { needs } from '../../../test/support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

test('sensitive-api: demo IMEI/IMSI/location reads cited at their call sites', () => {
  const findings = rule.run(demoModel());
  const targets = findings.flatMap((finding) =>
    finding.evidence.map((evidence) => (evidence.kind === 'code' ? evidence.target : '')),
  );
  assert.ok(targets.includes('Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;'));
  assert.ok(targets.includes('Landroid/telephony/TelephonyManager;->getSubscriberId()Ljava/lang/String;'));
  const imei = findings.find((finding) => finding.args.api === 'android.telephony.TelephonyManager.getDeviceId');
  assert.equal(imei?.evidence[0]?.kind === 'code' ? imei.evidence[0].method : '', 'collectReport()Ljava/lang/String;');
});

test('sensitive-api: souch.smsbypass receives and reads incoming SMS (receiver + SmsMessage)', CORPUS, () => {
  const findings = rule.run(corpusModel('fdroidserver/souch.smsbypass_9.apk'));
  assert.ok(
    findings.some(
      (finding) =>
        finding.code === 'api.receives-broadcast' && finding.args.action === 'android.provider.Telephony.SMS_RECEIVED',
    ),
  );
  assert.ok(
    findings.some(
      (finding) => finding.category === 'sms' && finding.args.api === 'android.telephony.SmsMessage.createFromPdu',
    ),
  );
});

test('sensitive-api: negatives — hostile strings app and a model without code claim nothing', () => {
  assert.deepEqual(rule.run(hostileModel()), []);
  assert.deepEqual(rule.run(handBuiltModel()), []);
});

test('sensitive-api: a receiver for an unrelated action is not an SMS reader', () => {
  const receiver = (action: string): Component => ({
    kind: 'receiver',
    name: 'org.example.R',
    exported: true,
    exportedReason: 'explicit',
    enabled: true,
    authorities: [],
    metaData: [],
    intentFilters: [{ actions: [action], categories: [], data: [], evidence: { line: 3, offset: 0x40 } }],
    evidence: { line: 2, offset: 0x20 },
  });
  assert.equal(
    rule.run(handBuiltModel({ manifest: { components: [receiver('android.intent.action.BOOT_COMPLETED')] } })).length,
    0,
  );
  const sms = rule.run(
    handBuiltModel({ manifest: { components: [receiver('android.provider.Telephony.SMS_RECEIVED')] } }),
  );
  assert.deepEqual(
    sms.map((finding) => finding.category),
    ['sms'],
  );
});

test('sensitive-api: every table entry names a class, a method and a reference page', () => {
  for (const entry of API_TABLE) {
    assert.match(entry.api, /^L[^;]+;->[<>\w]+$/, entry.api);
    assert.match(entry.reference, /^https:\/\//, entry.api);
  }
});
