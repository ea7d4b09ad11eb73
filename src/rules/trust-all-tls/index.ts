/**
 * trust-all-tls: TLS checks switched off. X509TrustManager implementations whose
 * checkServerTrusted returns without doing anything, HostnameVerifiers whose verify
 * returns true, the Apache ALLOW_ALL hostname verifier, and WebViewClients that
 * proceed on SSL errors. Any of these lets a network attacker read and change the
 * app's "encrypted" traffic (Fahl et al., "Why Eve and Mallory love Android", CCS 2012).
 */
import type { AppModel } from '../../model/app-model.js';
import type { CodeEvidence, Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import { codeEvidenceList, javaClassName } from '../../findings/evidence.js';
import { methodShape, type MethodShape } from '../../findings/method-shape.js';
import { callSitesByName } from '../../findings/app-facts.js';

const ID = 'trust-all-tls';
const TRUST_MANAGER_BASES = ['Ljavax/net/ssl/X509TrustManager;', 'Ljavax/net/ssl/X509ExtendedTrustManager;'];
const CHECK_SERVER_TRUSTED = [
  'checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;)V',
  'checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;Ljava/net/Socket;)V',
  'checkServerTrusted([Ljava/security/cert/X509Certificate;Ljava/lang/String;Ljavax/net/ssl/SSLEngine;)V',
];
const HOSTNAME_VERIFIER = 'Ljavax/net/ssl/HostnameVerifier;';
const VERIFY = 'verify(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z';
const WEBVIEW_CLIENT = 'Landroid/webkit/WebViewClient;';
const ON_RECEIVED_SSL_ERROR = 'onReceivedSslError(Landroid/webkit/WebView;Landroid/webkit/SslErrorHandler;Landroid/net/http/SslError;)V';
const PROCEED = 'Landroid/webkit/SslErrorHandler;->proceed()V';
const CANCEL = 'Landroid/webkit/SslErrorHandler;->cancel()V';
const ALLOW_ALL_FIELD = 'Lorg/apache/http/conn/ssl/SSLSocketFactory;->ALLOW_ALL_HOSTNAME_VERIFIER:Lorg/apache/http/conn/ssl/X509HostnameVerifier;';
const ALLOW_ALL_CLASS = 'Lorg/apache/http/conn/ssl/AllowAllHostnameVerifier;';
/** ACC_INTERFACE | ACC_ABSTRACT (dex-format access_flags): such classes have no body to judge. */
const ABSTRACT_OR_INTERFACE = 0x0200 | 0x0400;
const TRUE = 1;

function shapeEvidence(app: AppModel, className: string, method: string, shape: MethodShape, target: string): CodeEvidence {
  return { kind: 'code', apkSha256: app.apk.sha256, entry: shape.dex, className: javaClassName(className), method, codeOffset: 0, fileOffset: shape.offset, target };
}

function concreteDescendants(app: AppModel, bases: readonly string[]): string[] {
  const code = app.code;
  if (!code) return [];
  const classes = new Set(bases.flatMap((base) => code.descendants(base)));
  return [...classes].filter((descriptor) => {
    const definition = code.classInfo(descriptor)?.definition;
    return definition !== undefined && (definition.accessFlags & ABSTRACT_OR_INTERFACE) === 0;
  });
}

/** Where the class is instantiated: the place it gets installed (SSLContext.init, setHostnameVerifier…). */
function instantiations(app: AppModel, descriptor: string): CodeEvidence[] {
  return app.code ? codeEvidenceList(app, app.code.typeUses(descriptor).filter((use) => use.mnemonic === 'new-instance'), 3) : [];
}

function trustManagerFindings(app: AppModel): Finding[] {
  const findings: Finding[] = [];
  for (const descriptor of concreteDescendants(app, TRUST_MANAGER_BASES)) {
    for (const method of CHECK_SERVER_TRUSTED) {
      const shape = methodShape(app, descriptor, method);
      if (shape?.kind !== 'return-void-only') continue;
      const name = javaClassName(descriptor);
      findings.push({
        ruleId: ID, code: 'tls.trust-all-manager', topic: 'destination',
        claim: `${name} accepts every server certificate: its checkServerTrusted returns without checking anything`,
        args: { className: name, method },
        confidence: 'high', evidence: [shapeEvidence(app, descriptor, method, shape, 'return-void'), ...instantiations(app, descriptor)],
      });
      break;
    }
  }
  return findings;
}

function hostnameVerifierFindings(app: AppModel): Finding[] {
  const findings: Finding[] = [];
  for (const descriptor of concreteDescendants(app, [HOSTNAME_VERIFIER])) {
    const shape = methodShape(app, descriptor, VERIFY);
    if (shape?.kind !== 'returns-constant' || shape.value !== TRUE) continue;
    const name = javaClassName(descriptor);
    findings.push({
      ruleId: ID, code: 'tls.allow-all-hostnames', topic: 'destination',
      claim: `${name} accepts every host name: its verify() always returns true`,
      args: { className: name, method: VERIFY },
      confidence: 'high', evidence: [shapeEvidence(app, descriptor, VERIFY, shape, 'return true'), ...instantiations(app, descriptor)],
    });
  }
  const code = app.code;
  if (code) {
    const uses = [...code.fieldAccesses(ALLOW_ALL_FIELD).reads, ...code.typeUses(ALLOW_ALL_CLASS).filter((use) => use.mnemonic === 'new-instance')];
    if (uses.length > 0) {
      findings.push({
        ruleId: ID, code: 'tls.allow-all-hostnames', topic: 'destination',
        claim: `Uses Apache's ALLOW_ALL hostname verifier (accepts every host name) at ${uses.length} place(s)`,
        args: { className: 'org.apache.http.conn.ssl.AllowAllHostnameVerifier', uses: uses.length },
        confidence: 'high', evidence: codeEvidenceList(app, uses),
      });
    }
  }
  return findings;
}

function webViewFindings(app: AppModel): Finding[] {
  const code = app.code;
  if (!code) return [];
  const findings: Finding[] = [];
  const proceeding = new Set(callSitesByName(app, 'Landroid/webkit/SslErrorHandler;->proceed').map((site) => site.caller));
  if (proceeding.size === 0) return [];
  for (const descriptor of concreteDescendants(app, [WEBVIEW_CLIENT])) {
    const signature = `${descriptor}->${ON_RECEIVED_SSL_ERROR}`;
    if (!proceeding.has(signature)) continue;
    const references = code.referencesFrom(signature);
    const cancels = references.some((reference) => reference.target === CANCEL);
    const proceeds = references.filter((reference) => reference.target === PROCEED);
    findings.push({
      ruleId: ID, code: 'tls.webview-ignores-ssl-errors', topic: 'destination',
      claim: `${javaClassName(descriptor)} tells WebView to proceed on TLS certificate errors${cancels ? ' (in some branches)' : ''}`,
      args: { className: javaClassName(descriptor), cancelsSometimes: cancels },
      confidence: cancels ? 'medium' : 'high', evidence: codeEvidenceList(app, proceeds),
    });
  }
  return findings;
}

export const rule: Rule = {
  meta: {
    id: ID,
    description: 'TLS certificate or host-name checks that accept everything (trust managers, hostname verifiers, WebView SSL error handlers)',
    categories: [],
    references: [
      'https://developer.android.com/privacy-and-security/security-ssl#CommonProblems',
      'https://developer.android.com/reference/javax/net/ssl/X509TrustManager',
      'https://developer.android.com/reference/javax/net/ssl/HostnameVerifier',
      'https://doi.org/10.1145/2382196.2382205',
    ],
  },
  run(app: AppModel): Finding[] {
    return [...trustManagerFindings(app), ...hostnameVerifierFindings(app), ...webViewFindings(app)];
  },
};
