import assert from 'node:assert/strict';
import { rule } from './index.js';
import { demoModel, handBuiltModel, hostileModel } from '../../../test/findings/models.js';
import { testRule } from '../../../test/findings/rule-tester.js';
import type { UsesPermission } from '../../model/manifest/types.js';
import type { Finding } from '../../findings/types.js';
import type { DataCategory } from '../../findings/vocabulary.js';

function permission(name: string, protectionLevel?: string, offset = 0x100): UsesPermission {
  return { name, element: 'uses-permission', protectionLevel, evidence: { line: 7, offset } };
}

const CASES: ReadonlyArray<{ name: string; permissions: UsesPermission[]; expected: string[] }> = [
  {
    name: 'READ_SMS unlocks sms',
    permissions: [permission('android.permission.READ_SMS', 'dangerous')],
    expected: ['sms'],
  },
  {
    name: 'READ_PHONE_STATE unlocks identifiers, number and cells',
    permissions: [permission('android.permission.READ_PHONE_STATE', 'dangerous')],
    expected: ['device-id', 'phone-number', 'cell-info'],
  },
  {
    name: 'a permission newer than the platform table is still mapped',
    permissions: [permission('android.permission.READ_MEDIA_IMAGES')],
    expected: ['photos'],
  },
  {
    name: 'a normal permission unlocks nothing',
    permissions: [permission('android.permission.INTERNET', 'normal')],
    expected: [],
  },
  {
    name: 'an unmapped dangerous permission is reported without a category',
    permissions: [permission('android.permission.CALL_PHONE', 'dangerous')],
    expected: ['(none)'],
  },
  {
    name: 'an app-defined permission with a lookalike name unlocks nothing',
    permissions: [permission('org.evil.permission.READ_SMS', 'signature')],
    expected: [],
  },
  {
    name: 'a repeated permission is reported once (fdroidserver/duplicate.permisssions_9999999.apk)',
    permissions: [
      permission('android.permission.CAMERA', 'dangerous', 1),
      permission('android.permission.CAMERA', 'dangerous', 2),
    ],
    expected: ['camera'],
  },
];

function modelOf(permissions: UsesPermission[]) {
  return () => handBuiltModel({ manifest: { usesPermissions: permissions } });
}

testRule(rule, {
  valid: [
    ...CASES.filter((testCase) => testCase.expected.length === 0).map((testCase) => ({
      name: testCase.name,
      model: modelOf(testCase.permissions),
    })),
    { name: 'the hostile app requests nothing', model: hostileModel },
    { name: 'an app without a manifest', model: () => handBuiltModel({ manifest: undefined }) },
  ],
  invalid: [
    ...CASES.filter((testCase) => testCase.expected.length > 0).map((testCase) => ({
      name: testCase.name,
      model: modelOf(testCase.permissions),
      findings: testCase.expected.map((category) =>
        category === '(none)'
          ? { code: 'permission-data.sensitive', category: undefined }
          : { code: 'permission-data.unlocks', category: category as DataCategory },
      ),
      check: (findings: readonly Finding[]) => {
        for (const finding of findings) {
          const evidence = finding.evidence[0];
          assert.equal(evidence?.kind, 'xml');
          assert.equal(evidence.offset, testCase.permissions[0]?.evidence.offset);
        }
      },
    })),
    {
      name: 'the demo cites the manifest line of READ_SMS',
      model: demoModel,
      includes: [
        {
          code: 'permission-data.unlocks',
          category: 'sms',
          args: { permission: 'android.permission.READ_SMS' },
          claim: 'Requests android.permission.READ_SMS, which gives access to sms data',
        },
      ],
      check: (findings) => {
        const sms = findings.find((finding) => finding.category === 'sms');
        assert.equal(sms?.evidence[0]?.kind === 'xml' ? sms.evidence[0].line : 0, 18);
      },
    },
  ],
});
