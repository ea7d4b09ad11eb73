import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, hostileModel, handBuiltModel } from '../../../test/findings/models.js';
import { ruleFixtureModel } from '../../../test/findings/rule-fixtures.js';
import { join } from 'node:path';
import { repositoryRoot, runTool } from '../../../test/support/corpus.js';
import { argText, runRule, testRule } from '../../../test/findings/rule-tester.js';
import { needs } from '../../../test/support/needs.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const DEXDUMP = { skip: needs('dexdump') };

testRule(rule, {
  valid: [
    { name: 'the hostile app', model: hostileModel },
    { name: 'a model without code', model: () => handBuiltModel() },
    { name: 'ApiDemos (no TLS override)', needs: ['corpus'], model: () => corpusModel('npm/ApiDemos-debug.apk') },
  ],
  invalid: [
    {
      name: 'demo TrustAllManager, cited at its return-void and where it is instantiated',
      model: demoModel,
      findings: [
        {
          code: 'trust-all-tls.trust-all-manager',
          claim:
            'org.apkwitness.demo.fieldsurvey.TrustAllManager accepts every server certificate: its checkServerTrusted returns without checking anything',
        },
      ],
      check: (findings) => {
        const [method, instantiation] = findings[0]?.evidence ?? [];
        assert.equal(
          method?.kind === 'code' ? method.className : '',
          'org.apkwitness.demo.fieldsurvey.TrustAllManager',
        );
        assert.equal(instantiation?.kind === 'code' ? instantiation.method : '', 'installAsDefault()V');
      },
    },
    {
      name: 'a real SDK (Fabric HttpRequest in npm/com.rormix.apk) trusts all certificates and host names',
      needs: ['corpus'],
      model: () => corpusModel('npm/com.rormix.apk'),
      check: (findings) =>
        assert.deepEqual(findings.map((finding) => `${finding.code} ${argText(finding.args.className)}`).sort(), [
          'trust-all-tls.allow-all-hostnames io.fabric.sdk.android.services.network.HttpRequest$2',
          'trust-all-tls.trust-all-manager io.fabric.sdk.android.services.network.HttpRequest$1',
        ]),
    },
    {
      name: 'JustTrustMe (mobsf), a tool that disables TLS checks, is recognised',
      needs: ['corpus'],
      model: () => corpusModel('mobsf/JustTrustMe.apk'),
      findings: [
        { code: 'trust-all-tls.trust-all-manager', args: { shape: 'empty' } },
        { code: 'trust-all-tls.trust-all-manager', args: { shape: 'empty' } },
        {
          code: 'trust-all-tls.apache-hostname-verifier',
          args: { className: 'org.apache.http.conn.ssl.AllowAllHostnameVerifier', uses: 2 },
          claim: "Uses Apache's AllowAllHostnameVerifier (accepts every host name) at 2 place(s)",
        },
      ],
    },
  ],
});

/** fixtures/smali/rules/trust-all-tls/<Class>.smali: each file says why it is positive or negative. */
const FIXTURE_CASES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['TmEmpty', 'trust-all-tls.trust-all-manager empty'],
  ['TmKotlinChecks', 'trust-all-tls.trust-all-manager ignores-certificates'],
  ['TmLogsOnly', 'trust-all-tls.trust-all-manager ignores-certificates'],
  ['TmEmptyTry', 'trust-all-tls.trust-all-manager ignores-certificates'],
  ['TmSwallowsDelegate', 'trust-all-tls.trust-all-manager swallows-check'],
  ['TmDelegates', undefined],
  ['TmThrows', undefined],
  ['TmRethrows', undefined],
  ['TmCatchesOtherType', undefined],
  ['TmCallsOwnCheck', undefined],
  ['HvTrue', 'trust-all-tls.allow-all-hostnames'],
  ['HvLogsTrue', 'trust-all-tls.allow-all-hostnames'],
  ['HvFalse', undefined],
  ['HvDelegates', undefined],
  ['HvBranchToTrue', undefined],
  ['WvProceeds', 'trust-all-tls.webview-ignores-ssl-errors'],
  ['WvCancels', undefined],
];

const fixtureFindings = runRule(rule, ruleFixtureModel('trust-all-tls'));

for (const [className, expected] of FIXTURE_CASES) {
  test(`trust-all-tls fixture: ${className} → ${expected ?? 'nothing'}`, () => {
    const found = fixtureFindings
      .filter((finding) => finding.args.className === `tls.${className}`)
      .map((finding) =>
        finding.args.shape === undefined ? finding.code : `${finding.code} ${argText(finding.args.shape)}`,
      );
    assert.deepEqual(found, expected === undefined ? [] : [expected]);
  });
}

test('trust-all-tls fixture: Apache ALLOW_ALL_HOSTNAME_VERIFIER and NoopHostnameVerifier.INSTANCE reads, cited at the sget-object', () => {
  const apache = fixtureFindings.filter((finding) => argText(finding.args.className).startsWith('org.apache'));
  assert.deepEqual(
    apache.map((finding) => finding.code),
    ['trust-all-tls.apache-hostname-verifier', 'trust-all-tls.apache-hostname-verifier'],
  );
  assert.deepEqual(
    apache.map((finding) => finding.args.className),
    ['org.apache.http.conn.ssl.AllowAllHostnameVerifier', 'org.apache.http.conn.ssl.NoopHostnameVerifier'],
  );
  assert.deepEqual(
    apache.map((finding) =>
      finding.evidence.map((evidence) =>
        evidence.kind === 'code' ? `${evidence.className}.${evidence.method}@${evidence.codeOffset}` : '',
      ),
    ),
    [
      ['tls.ApacheAllowAll.install(Lorg/apache/http/conn/ssl/SSLSocketFactory;)V@0'],
      ['tls.ApacheAllowAll.noop()Ljavax/net/ssl/HostnameVerifier;@0'],
    ],
  );
});

test('trust-all-tls fixture: a swallowed check cites the call whose exception is ignored', () => {
  const swallowing = fixtureFindings.find((finding) => finding.args.className === 'tls.TmSwallowsDelegate');
  const targets = swallowing?.evidence.flatMap((evidence) => (evidence.kind === 'code' ? [evidence.target] : []));
  assert.ok(
    targets?.includes(
      'Ljavax/net/ssl/X509TrustManager;->checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V',
    ),
  );
});

test(
  'trust-all-tls fixture: the cited instruction is the accepting one, as dexdump -d shows it (offset, code offset, mnemonic)',
  DEXDUMP,
  () => {
    const listing = runTool('dexdump', [
      '-d',
      join(repositoryRoot, 'fixtures', 'smali', 'rules', 'trust-all-tls.dex'),
    ]).stdout;
    for (const [className, mnemonic] of [
      ['TmLogsOnly', 'return-void'],
      ['TmKotlinChecks', 'return-void'],
      ['TmSwallowsDelegate', 'return-void'],
      ['HvLogsTrue', 'const/4 v1, #int 1'],
      ['HvTrue', 'const/4 v0, #int 1'],
    ] as const) {
      const finding = fixtureFindings.find((item) => item.args.className === `tls.${className}`);
      const [cited] = finding?.evidence ?? [];
      assert.ok(cited?.kind === 'code', className);
      const line = `${cited.fileOffset.toString(16).padStart(6, '0')}: `;
      const found = listing.split('\n').find((text) => text.startsWith(line));
      assert.ok(
        found?.includes(`|${cited.codeOffset.toString(16).padStart(4, '0')}: ${mnemonic}`),
        `${className}: ${found}`,
      );
    }
  },
);
