import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { bareAddress, destinationsIn } from './addresses.js';
import { corpusModel, demoModel, hostileModel, handBuiltModel } from '../../../test/findings/models.js';
import { ruleFixtureModel } from '../../../test/findings/rule-fixtures.js';
import { urlTemplatesIn } from './templates.js';
import { specialAddress } from './special-addresses.js';
import { argText, runRule, testRule } from '../../../test/findings/rule-tester.js';
import { renderClaim } from '../../report/claim.js';

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

testRule(rule, {
  valid: [{ name: 'a model without code or resources', model: () => handBuiltModel() }],
  invalid: [
    {
      name: 'demo upload URL with its call site',
      model: demoModel,
      includes: [
        {
          code: 'network-destination.cleartext-url',
          confidence: 'high',
          args: { host: 'survey.example.org' },
          claim: /^Connects: cleartext HTTP to host survey\.example\.org \(http:\/\/survey\.example\.org/,
        },
      ],
      check: (findings) => {
        const upload = findings.find((finding) => finding.code === 'network-destination.cleartext-url');
        assert.equal(
          upload?.evidence[0]?.kind === 'code' ? upload.evidence[0].method : '',
          'upload(Ljava/lang/String;)V',
        );
      },
    },
    {
      name: 'the hostile URL is kept literal',
      model: hostileModel,
      includes: [{ code: 'network-destination.cleartext-url', args: { host: 'evil.example' } }],
    },
    {
      name: 'dnsfilter opens sockets to the IP addresses it names; file names are not hosts',
      needs: ['corpus'],
      model: () => corpusModel('appmanager-splits/dnsfilter.android.apk'),
      includes: [{ code: 'network-destination.ip-address', args: { host: '10.10.10.10' }, confidence: 'high' }],
      excludes: [{ code: 'network-destination.socket-host' }],
    },
  ],
});

test("network-destination: fixture — http://%s/ is a cleartext destination with the host marked; 192.168.43.1 is the hotspot, tied to the app's hotspot string; 10.0.2.2 the emulator", () => {
  const findings = runRule(rule, ruleFixtureModel('network-destination'));
  const template = findings.find((finding) => finding.code === 'network-destination.cleartext-url-template');
  assert.equal(template?.args.template, 'http://%s/upload');
  assert.equal(template.args.unknown, 'host chosen at run time');
  assert.equal(template.confidence, 'high', 'the URL is opened in the same method');
  assert.match(renderClaim(template), /http:\/\/«%s»\/upload/);
  const hotspot = findings.find((finding) => finding.args.host === '192.168.43.1');
  assert.equal(hotspot?.args.addressKind, 'android-hotspot');
  assert.match(renderClaim(hotspot), /Wi-Fi hotspot/);
  assert.deepEqual(hotspot.args.hotspotStrings, ["Reconnect to the device's Wi-Fi hotspot"]);
  assert.ok(
    hotspot.evidence.some(
      (evidence) => evidence.kind === 'code' && evidence.target === "Reconnect to the device's Wi-Fi hotspot",
    ),
  );
  const emulator = findings.find((finding) => finding.args.host === '10.0.2.2');
  assert.equal(emulator?.args.addressKind, 'emulator-host');
  // lookalikes: a percent-encoded path is not a template, "version 2.%d" is no address
  assert.deepEqual(
    findings.filter((finding) => argText(finding.args.template).includes('example.org')),
    [],
  );
});

test('network-destination: URL templates and special addresses, as tables', () => {
  const templates: ReadonlyArray<readonly [string, string | undefined, string | undefined]> = [
    ['http://%s/', 'host chosen at run time', 'http://«%s»/'],
    ['https://{host}/api/v1', 'host chosen at run time', 'https://«{host}»/api/v1'],
    ['ws://${server}:9000/', 'host chosen at run time', 'ws://«${server}»:9000/'],
    ['http://10.0.0.2:%d/x', 'port chosen at run time', 'http://10.0.0.2:«%d»/x'],
    ['http://', 'host (appended at run time)', 'http://«host»'],
    ['https://example.org/%s', undefined, undefined],
    ['http://example.org/', undefined, undefined],
    ['file://%s', undefined, undefined],
  ];
  for (const [text, unknown, marked] of templates) {
    const [found] = urlTemplatesIn(text);
    assert.equal(found?.unknown, unknown, text);
    assert.equal(found?.marked, marked, text);
  }
  const addresses: ReadonlyArray<readonly [string, string | undefined]> = [
    ['192.168.43.1', 'android-hotspot'],
    ['192.168.49.1', 'android-wifi-direct'],
    ['10.0.2.2', 'emulator-host'],
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['localhost', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'carrier-nat'],
    ['239.255.255.250', 'multicast'],
    ['192.168.1.20', 'private-lan'],
    ['8.8.8.8', undefined],
    ['example.org', undefined],
  ];
  for (const [host, kind] of addresses) assert.equal(specialAddress(host)?.kind, kind, host);
});
