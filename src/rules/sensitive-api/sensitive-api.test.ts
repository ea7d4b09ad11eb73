import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { sourcesOfKind } from '../../dataflow/data-sources.js';
import { corpusModel, demoModel, handBuiltModel, hostileModel } from '../../../test/findings/models.js';
import { testRule } from '../../../test/findings/rule-tester.js';
import type { Component } from '../../model/manifest/types.js';

const API_TABLE = sourcesOfKind('api');

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

testRule(rule, {
  valid: [
    { name: 'the hostile strings app', model: hostileModel },
    { name: 'a model without code', model: () => handBuiltModel() },
    {
      name: 'a receiver for an unrelated action is not an SMS reader',
      model: () => handBuiltModel({ manifest: { components: [receiver('android.intent.action.BOOT_COMPLETED')] } }),
    },
  ],
  invalid: [
    {
      name: 'demo IMEI/IMSI/location reads cited at their call sites',
      model: demoModel,
      includes: [
        {
          code: 'sensitive-api.reads',
          category: 'device-id',
          args: { api: 'android.telephony.TelephonyManager.getDeviceId', verb: 'Reads' },
          claim:
            "Reads the phone's hardware identifier (IMEI/MEID): calls android.telephony.TelephonyManager.getDeviceId at 1 place(s)",
        },
      ],
      check: (findings) => {
        const targets = findings.flatMap((finding) =>
          finding.evidence.map((evidence) => (evidence.kind === 'code' ? evidence.target : '')),
        );
        assert.ok(targets.includes('Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;'));
        assert.ok(targets.includes('Landroid/telephony/TelephonyManager;->getSubscriberId()Ljava/lang/String;'));
        const imei = findings.find((finding) => finding.args.api === 'android.telephony.TelephonyManager.getDeviceId');
        assert.equal(
          imei?.evidence[0]?.kind === 'code' ? imei.evidence[0].method : '',
          'collectReport()Ljava/lang/String;',
        );
      },
    },
    {
      name: 'souch.smsbypass receives and reads incoming SMS (receiver + SmsMessage)',
      needs: ['corpus'],
      model: () => corpusModel('fdroidserver/souch.smsbypass_9.apk'),
      includes: [
        {
          code: 'sensitive-api.receives-broadcast',
          args: { action: 'android.provider.Telephony.SMS_RECEIVED' },
          claim: /^Receives .*: receiver .* listens for android\.provider\.Telephony\.SMS_RECEIVED$/,
        },
        { code: 'sensitive-api.reads', category: 'sms', args: { api: 'android.telephony.SmsMessage.createFromPdu' } },
      ],
    },
    {
      name: 'a receiver for SMS_RECEIVED reads SMS',
      model: () => handBuiltModel({ manifest: { components: [receiver('android.provider.Telephony.SMS_RECEIVED')] } }),
      findings: [{ code: 'sensitive-api.receives-broadcast', category: 'sms' }],
    },
  ],
});

test('sensitive-api: every table entry names a class, a method and a reference page', () => {
  for (const entry of API_TABLE) {
    assert.match(entry.api, /^L[^;]+;->[<>\w]+$/, entry.api);
    assert.match(entry.reference, /^https:\/\//, entry.api);
  }
});
