import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { matchContentUri } from '../../dataflow/data-sources.js';
import { corpusModel, demoModel, hostileModel } from '../../../test/findings/models.js';
import { testRule } from '../../../test/findings/rule-tester.js';

const URIS: ReadonlyArray<readonly [string, string | undefined]> = [
  ['content://sms/inbox', 'sms'],
  ['content://sms', 'sms'],
  ['CONTENT://SMS/sent', 'sms'],
  ['content://mms-sms/conversations', 'sms'],
  ['content://icc/adn', 'contacts'],
  ['content://call_log/calls', 'call-log'],
  ['content://com.android.calendar/events', 'calendar'],
  ['content://com.android.contacts/data/phones', 'contacts'],
  ['content://media/external/images/media', 'photos'],
  // negatives: lookalike authorities and other schemes
  ['content://smsbackup.provider/x', undefined],
  ['content://org.example.sms/x', undefined],
  ['http://sms/inbox', undefined],
  ['content://', undefined],
  ['sms', undefined],
];

for (const [uri, category] of URIS) {
  test(`content-uri: ${uri} → ${category ?? 'nothing'}`, () => assert.equal(matchContentUri(uri)?.category, category));
}

testRule(rule, {
  valid: [{ name: 'the hostile strings app names no provider', model: hostileModel }],
  invalid: [
    {
      name: 'demo reads content://sms/inbox and ContactsContract.Contacts, opened through its helper',
      model: demoModel,
      findings: [
        {
          code: 'content-uri.string',
          category: 'sms',
          confidence: 'high',
          args: { uri: 'content://sms/inbox', openedInSameMethod: true },
          claim: /^Reads SMS messages through the content URI content:\/\/sms\/inbox \(opened with ContentResolver/,
        },
        { code: 'content-uri.field', category: 'contacts', confidence: 'high' },
      ],
    },
    {
      name: 'souch.smsbypass reads contacts',
      needs: ['corpus'],
      model: () => corpusModel('fdroidserver/souch.smsbypass_9.apk'),
      includes: [{ category: 'contacts', confidence: 'high' }],
    },
  ],
});
