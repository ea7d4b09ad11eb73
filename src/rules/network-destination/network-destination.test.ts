import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { bareAddress, destinationsIn } from './addresses.js';
import { corpusModel, demoModel, hostileModel, handBuiltModel } from '../../../test/findings/models.js';

const URLS: ReadonlyArray<readonly [string, string[]]> = [
  ['http://survey.example.org/api/v1/upload', ['http survey.example.org - cleartext public']],
  [
    'see https://api.example.com:8443/x and ws://10.0.0.2:9000',
    ['https api.example.com 8443 encrypted public', 'ws 10.0.0.2 9000 cleartext private'],
  ],
  ['mqtt://broker.example.net:1883', ['mqtt broker.example.net 1883 cleartext public']],
  ['tcp://[fe80::1]:5555', ['tcp fe80::1 5555 cleartext private']],
  ['http://192.168.1.20/upload', ['http 192.168.1.20 - cleartext private']],
  ['http://8.8.8.8:53', ['http 8.8.8.8 53 cleartext public']],
  ['http://user:pw@host.example/x', ['http host.example - cleartext public']],
  // negatives: namespace URIs, bare prefixes, format templates, unknown schemes
  ['http://schemas.android.com/apk/res/android', []],
  ['http://www.w3.org/2001/XMLSchema', []],
  ['http://', []],
  ['https://%s/path', []],
  ['market://details?id=x', []],
  ['file:///sdcard/x', []],
  ['\u001b]8;;http://evil.example/\u001b\\', ['http evil.example - cleartext public']],
];

function describe(text: string): string[] {
  return destinationsIn(text).map(
    (d) => `${d.scheme} ${d.host} ${d.port ?? '-'} ${d.encrypted ? 'encrypted' : 'cleartext'} ${d.reach}`,
  );
}

for (const [text, expected] of URLS) {
  test(`network-destination: ${JSON.stringify(text)}`, () => assert.deepEqual(describe(text), expected));
}

const ADDRESSES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['10.1.2.3', 'private'],
  ['172.16.0.1:8080', 'private'],
  ['172.32.0.1', 'public'],
  ['100.64.1.1', 'private'],
  ['1.2.3.4:443', 'public'],
  ['256.1.1.1', undefined],
  ['0.0.0.1', undefined],
  ['1.2.3', undefined],
  ['v1.2.3.4', undefined],
];
for (const [text, reach] of ADDRESSES) {
  test(`network-destination: bare address ${text} → ${reach ?? 'none'}`, () =>
    assert.equal(bareAddress(text)?.reach, reach));
}

test('network-destination: demo upload URL with its call site; hostile URL kept literal', () => {
  const demo = rule.run(demoModel());
  const upload = demo.find((finding) => finding.code === 'destination.cleartext-url');
  assert.equal(upload?.args.host, 'survey.example.org');
  assert.equal(upload?.confidence, 'high');
  assert.equal(upload?.evidence[0]?.kind === 'code' ? upload.evidence[0].method : '', 'upload(Ljava/lang/String;)V');
  const hostile = rule.run(hostileModel()).find((finding) => finding.code === 'destination.cleartext-url');
  assert.equal(hostile?.args.host, 'evil.example');
  assert.deepEqual(rule.run(handBuiltModel()), []);
});

test('network-destination: dnsfilter opens sockets to the IP addresses it names; file names are not hosts', () => {
  const findings = rule.run(corpusModel('appmanager-splits/dnsfilter.android.apk'));
  assert.ok(
    findings.some(
      (finding) =>
        finding.code === 'destination.ip-address' &&
        finding.args.host === '10.10.10.10' &&
        finding.confidence === 'high',
    ),
  );
  assert.deepEqual(
    findings.filter((finding) => finding.code === 'destination.socket-host').map((finding) => finding.args.host),
    [],
  );
});
