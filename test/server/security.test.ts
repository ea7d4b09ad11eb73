/**
 * The loopback and Host-header decisions, and the markup checker the page tests rely
 * on (it must catch what it claims to catch, or the escaping tests prove nothing).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostNameOfHeader, isAllowedHostHeader, isLoopbackHostName } from '../../src/server/security.js';
import { markupProblems } from './markup-checks.js';

const LOOPBACK_CASES: ReadonlyArray<readonly [string, boolean]> = [
  ['127.0.0.1', true],
  ['127.1.2.3', true],
  ['localhost', true],
  ['LOCALHOST.', true],
  ['viewer.localhost', true],
  ['::1', true],
  ['[::1]', true],
  ['0:0:0:0:0:0:0:1', true],
  ['::ffff:127.0.0.1', true],
  ['0.0.0.0', false],
  ['::', false],
  ['128.0.0.1', false],
  ['192.168.1.10', false],
  ['localhost.evil.example', false],
  ['127.0.0.1.evil.example', false],
  ['::ffff:10.0.0.1', false],
  ['', false],
];

for (const [name, expected] of LOOPBACK_CASES) {
  test(`isLoopbackHostName(${JSON.stringify(name)}) → ${expected}`, () =>
    assert.equal(isLoopbackHostName(name), expected));
}

// [trick, Host header, bound host, allowed]
const HOST_HEADER_CASES: ReadonlyArray<readonly [string, string | undefined, string, boolean]> = [
  ['loopback with port', '127.0.0.1:8750', '127.0.0.1', true],
  ['localhost without port', 'localhost', '127.0.0.1', true],
  ['IPv6 loopback bracketed', '[::1]:8750', '::1', true],
  ['rebinding: attacker name', 'evil.example', '127.0.0.1', false],
  ['rebinding: attacker name with our port', 'evil.example:8750', '127.0.0.1', false],
  ['missing header', undefined, '127.0.0.1', false],
  ['user-info smuggling', 'localhost@evil.example', '127.0.0.1', false],
  ['path smuggling', 'localhost/evil', '127.0.0.1', false],
  ['two hosts', 'localhost, evil.example', '127.0.0.1', false],
  ['port out of syntax', '127.0.0.1:99999999', '127.0.0.1', false],
  ['unbracketed IPv6', '::1', '::1', false],
  ['remote bind: its own address allowed', '192.168.1.5:8750', '192.168.1.5', true],
  ['remote bind: another name still refused', 'evil.example', '192.168.1.5', false],
  ['remote bind: its own host name allowed', 'lab-server:8750', 'lab-server', true],
  ['wildcard remote bind: the machine reached by an address', '10.0.0.7:8750', '0.0.0.0', true],
  ['wildcard remote bind: a name is still a possible rebinding', 'evil.example:8750', '0.0.0.0', false],
  ['loopback bind: a LAN address refused', '192.168.1.5', '127.0.0.1', false],
];

for (const [trick, header, bound, expected] of HOST_HEADER_CASES) {
  test(`Host header: ${trick} → ${expected ? 'allowed' : 'refused'}`, () =>
    assert.equal(isAllowedHostHeader(header, bound), expected));
}

test('hostNameOfHeader strips the port and the IPv6 brackets', () => {
  assert.equal(hostNameOfHeader('[::1]:80'), '::1');
  assert.equal(hostNameOfHeader('localhost:8750'), 'localhost');
  assert.equal(hostNameOfHeader('a b'), undefined);
});

const MARKUP_CASES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['our script file', '<script src="/assets/viewer.js" defer></script>', true],
  ['JSON data block', '<script type="application/json" id="data">{}</script>', true],
  ['escaped script text', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>', true],
  ['escaped handler text', '<td>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</td>', true],
  ['inline script', '<script>alert(1)</script>', false],
  ['script from elsewhere', '<script src="https://evil.example/x.js" defer></script>', false],
  ['handler attribute', '<img src=x onerror=alert(1)>', false],
  ['handler after a quote', '<a href="/" title=""onmouseover=alert(1)>', false],
  ['handler after a slash', '<svg/onload=alert(1)>', false],
  ['javascript link', '<a href="javascript:alert(1)">x</a>', false],
  ['protocol-relative link', '<a href="//evil.example/">x</a>', false],
  ['iframe', '<iframe src="/"></iframe>', false],
];

for (const [trick, markup, clean] of MARKUP_CASES) {
  test(`markup check: ${trick} → ${clean ? 'clean' : 'flagged'}`, () =>
    assert.equal(markupProblems(markup).length === 0, clean, markupProblems(markup).join('; ')));
}
