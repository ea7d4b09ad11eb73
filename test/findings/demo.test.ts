/**
 * The demo app's planted behaviours (fixtures/demo/README.md) are all found, with
 * evidence, and nothing else about data collection or destinations is claimed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanModels } from '../../src/scan/scan.js';
import { demoModel } from './models.js';

const report = scanModels('field-survey.apk', [demoModel()]).report;
/** Claims about code: the manifest's permissions (requested, used or not) are judged apart. */
const collection = report.findings.filter(
  (finding) =>
    finding.topic === 'collection' && finding.ruleId !== 'permission-data' && finding.ruleId !== 'permission-use',
);

/** Each planted behaviour: the rule, the category (if any) and a fragment of the cited target. */
const PLANTED = [
  { ruleId: 'sensitive-api', category: 'device-id', target: 'TelephonyManager;->getDeviceId' },
  { ruleId: 'sensitive-api', category: 'device-id', target: 'TelephonyManager;->getSubscriberId' },
  { ruleId: 'sensitive-api', category: 'location', target: 'LocationManager;->getLastKnownLocation' },
  { ruleId: 'sensitive-api', category: 'sms', target: 'SmsManager;->sendTextMessage' },
  { ruleId: 'sensitive-api', category: 'network-tools', target: 'org.torproject.android' },
  { ruleId: 'content-uri', category: 'contacts', target: 'ContactsContract$Contacts;->CONTENT_URI' },
  { ruleId: 'content-uri', category: 'sms', target: 'content://sms/inbox' },
  { ruleId: 'network-destination', category: undefined, target: 'http://survey.example.org/api/v1/upload' },
  { ruleId: 'trust-all-tls', category: undefined, target: 'return-void' },
] as const;

for (const planted of PLANTED) {
  test(`demo: ${planted.ruleId} finds ${planted.target}`, () => {
    const match = report.findings.find(
      (finding) =>
        finding.ruleId === planted.ruleId &&
        finding.category === planted.category &&
        finding.evidence.some((evidence) => evidence.kind === 'code' && evidence.target.includes(planted.target)),
    );
    assert.ok(match, `no ${planted.ruleId} finding citing ${planted.target}`);
    for (const evidence of match.evidence) assert.equal(evidence.apkSha256, report.apks[0]?.sha256);
  });
}

test('demo: the planted VPN/messenger list is complete and probed', () => {
  const probe = report.findings.find((finding) => finding.code === 'sensitive-api.probes-network-tools');
  assert.deepEqual(probe?.args.packages, [
    'org.torproject.android',
    'com.whatsapp',
    'org.telegram.messenger',
    'org.thoughtcrime.securesms',
    'com.psiphon3',
    'org.strongswan.android',
  ]);
  assert.equal(probe.confidence, 'high');
});

test('demo: cleartext permitted for survey.example.org is cited at its <domain> element', () => {
  const finding = report.findings.find((candidate) => candidate.code === 'network-destination.cleartext-permitted');
  assert.deepEqual(finding?.args.domains, ['survey.example.org']);
  const evidence = finding.evidence[0];
  assert.equal(evidence?.kind, 'xml');
  assert.equal(evidence.element, 'domain');
});

test('demo: every dangerous permission it requests has its planted call but CAMERA, and no call lacks its permission', () => {
  const judged = report.findings.filter((finding) => finding.ruleId === 'permission-use');
  assert.deepEqual(
    judged.map((finding) => `${finding.code} ${JSON.stringify(finding.args.permission)}`),
    ['permission-use.requested-unused "android.permission.CAMERA"'],
  );
});

test('demo: nothing planted is invented (code-level collection claims are exactly the planted ones)', () => {
  const claimed = collection.map((finding) => `${finding.ruleId}:${finding.category ?? ''}`).sort();
  assert.deepEqual(claimed, [
    'content-uri:contacts',
    'content-uri:sms',
    'sensitive-api:device-id',
    'sensitive-api:device-id',
    'sensitive-api:location',
    'sensitive-api:network-tools',
    'sensitive-api:sms',
  ]);
  const destinations = report.findings
    .filter((finding) => finding.topic === 'destination')
    .map((finding) => finding.code)
    .sort();
  assert.deepEqual(destinations, [
    'network-destination.cleartext-permitted',
    'network-destination.cleartext-url',
    'trust-all-tls.trust-all-manager',
  ]);
  for (const topic of ['sdk', 'obfuscation', 'behaviour', 'tampering']) {
    assert.deepEqual(
      report.findings.filter((finding) => finding.topic === topic).map((finding) => finding.code),
      [],
      topic,
    );
  }
});

test('demo: every dangerous permission of the manifest is mapped to its categories', () => {
  const permissions = new Set(
    report.findings.filter((finding) => finding.ruleId === 'permission-data').map((finding) => finding.args.permission),
  );
  assert.deepEqual([...permissions].sort(), [
    'android.permission.ACCESS_FINE_LOCATION',
    'android.permission.CAMERA',
    'android.permission.READ_CONTACTS',
    'android.permission.READ_PHONE_STATE',
    'android.permission.READ_SMS',
    'android.permission.SEND_SMS',
  ]);
  assert.equal(report.ruleFailures.length, 0);
});
