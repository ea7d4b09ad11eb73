import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, hostileModel, handBuiltModel } from '../../../test/findings/models.js';
import { ruleFixtureModel } from '../../../test/findings/rule-fixtures.js';
import { join } from 'node:path';
import { repositoryRoot, runTool, needs } from '../../../test/support/corpus.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };
const DEXDUMP = { skip: needs('dexdump') };

test('trust-all-tls: demo TrustAllManager, cited at its return-void and where it is instantiated', () => {
  const findings = rule.run(demoModel());
  assert.deepEqual(
    findings.map((finding) => finding.code),
    ['tls.trust-all-manager'],
  );
  const [method, instantiation] = findings[0]?.evidence ?? [];
  assert.equal(method?.kind === 'code' ? method.className : '', 'org.apkwitness.demo.fieldsurvey.TrustAllManager');
  assert.equal(instantiation?.kind === 'code' ? instantiation.method : '', 'installAsDefault()V');
});

test(
  'trust-all-tls: a real SDK (Fabric HttpRequest in npm/com.rormix.apk) trusts all certificates and host names',
  CORPUS,
  () => {
    const findings = rule.run(corpusModel('npm/com.rormix.apk'));
    assert.deepEqual(findings.map((finding) => `${finding.code} ${finding.args.className}`).sort(), [
      'tls.allow-all-hostnames io.fabric.sdk.android.services.network.HttpRequest$2',
      'tls.trust-all-manager io.fabric.sdk.android.services.network.HttpRequest$1',
    ]);
  },
);

test('trust-all-tls: JustTrustMe (mobsf), a tool that disables TLS checks, is recognised', CORPUS, () => {
  const codes = rule.run(corpusModel('mobsf/JustTrustMe.apk')).map((finding) => finding.code);
  assert.deepEqual(codes, ['tls.trust-all-manager', 'tls.trust-all-manager', 'tls.allow-all-hostnames']);
});

test('trust-all-tls: negatives — apps without TLS overrides (ApiDemos, the hostile app) claim nothing', CORPUS, () => {
  assert.deepEqual(rule.run(hostileModel()), []);
  assert.deepEqual(rule.run(handBuiltModel()), []);
  assert.deepEqual(rule.run(corpusModel('npm/ApiDemos-debug.apk')), []);
});

/** fixtures/smali/rules/trust-all-tls/<Class>.smali: each file says why it is positive or negative. */
const FIXTURE_CASES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['TmEmpty', 'tls.trust-all-manager empty'],
  ['TmKotlinChecks', 'tls.trust-all-manager ignores-certificates'],
  ['TmLogsOnly', 'tls.trust-all-manager ignores-certificates'],
  ['TmEmptyTry', 'tls.trust-all-manager ignores-certificates'],
  ['TmSwallowsDelegate', 'tls.trust-all-manager swallows-check'],
  ['TmDelegates', undefined],
  ['TmThrows', undefined],
  ['TmRethrows', undefined],
  ['TmCatchesOtherType', undefined],
  ['TmCallsOwnCheck', undefined],
  ['HvTrue', 'tls.allow-all-hostnames'],
  ['HvLogsTrue', 'tls.allow-all-hostnames'],
  ['HvFalse', undefined],
  ['HvDelegates', undefined],
  ['HvBranchToTrue', undefined],
  ['WvProceeds', 'tls.webview-ignores-ssl-errors'],
  ['WvCancels', undefined],
];

const fixtureFindings = rule.run(ruleFixtureModel('trust-all-tls'));

for (const [className, expected] of FIXTURE_CASES) {
  test(`trust-all-tls fixture: ${className} → ${expected ?? 'nothing'}`, () => {
    const found = fixtureFindings
      .filter((finding) => finding.args.className === `tls.${className}`)
      .map((finding) => [finding.code, finding.args.shape].filter((part) => part !== undefined).join(' '));
    assert.deepEqual(found, expected === undefined ? [] : [expected]);
  });
}

test('trust-all-tls fixture: Apache ALLOW_ALL_HOSTNAME_VERIFIER and NoopHostnameVerifier.INSTANCE reads, cited at the sget-object', () => {
  const apache = fixtureFindings.filter((finding) => String(finding.args.className).startsWith('org.apache'));
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
