import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { demoModel, handBuiltModel, hostileModel } from '../../../test/findings/models.js';
import type { UsesPermission } from '../../model/manifest/types.js';

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

for (const testCase of CASES) {
  test(`permission-data: ${testCase.name}`, () => {
    const findings = rule.run(handBuiltModel({ manifest: { usesPermissions: testCase.permissions } }));
    assert.deepEqual(
      findings.map((finding) => finding.category ?? '(none)'),
      testCase.expected,
    );
    for (const finding of findings) {
      const evidence = finding.evidence[0];
      assert.equal(evidence?.kind, 'xml');
      assert.equal(evidence.offset, testCase.permissions[0]?.evidence.offset);
    }
  });
}

test('permission-data: demo cites the manifest line of READ_SMS; hostile app requests nothing', () => {
  const sms = rule.run(demoModel()).find((finding) => finding.category === 'sms');
  assert.equal(sms?.evidence[0]?.kind === 'xml' ? sms.evidence[0].line : 0, 18);
  assert.deepEqual(rule.run(hostileModel()), []);
  assert.deepEqual(rule.run(handBuiltModel({ manifest: undefined })), []);
});
