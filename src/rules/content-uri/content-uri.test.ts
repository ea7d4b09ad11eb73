import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchContentUri, rule } from './index.js';
import { corpusModel, demoModel, hostileModel } from '../../../test/findings/models.js';
import { needs } from '../../../test/support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

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

test('content-uri: demo reads content://sms/inbox and ContactsContract.Contacts, opened through its helper', () => {
  const findings = rule.run(demoModel());
  assert.deepEqual(
    findings.map((finding) => [finding.category, finding.confidence]),
    [
      ['sms', 'high'],
      ['contacts', 'high'],
    ],
  );
});

test('content-uri: souch.smsbypass reads contacts', CORPUS, () => {
  assert.ok(
    rule
      .run(corpusModel('fdroidserver/souch.smsbypass_9.apk'))
      .some((finding) => finding.category === 'contacts' && finding.confidence === 'high'),
  );
});

test('content-uri: the hostile strings app names no provider', () => assert.deepEqual(rule.run(hostileModel()), []));
