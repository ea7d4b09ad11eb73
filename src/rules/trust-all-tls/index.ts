/**
 * trust-all-tls: TLS checks switched off. X509TrustManager implementations whose
 * checkServerTrusted cannot reject a certificate (empty, only logging or null-checking
 * its arguments, or swallowing the exception of the check it calls), HostnameVerifiers
 * whose verify returns true on every path, the Apache ALLOW_ALL / Noop hostname
 * verifiers, and WebViewClients that proceed on SSL errors. Any of these lets a network attacker read and change the
 * app's "encrypted" traffic (Fahl et al., "Why Eve and Mallory love Android", CCS 2012).
 */
import type { AppModel } from '../../model/app-model.js';
import type { CodeEvidence, Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import { codeEvidenceList, javaClassName } from '../../findings/evidence.js';
import { arg, defineCodes, emitter } from '../../findings/contract.js';
import type { AppFacts } from '../shared/app-facts.js';
import type { CodeReference } from '../../model/code-index/index.js';
import type { MethodBody } from '../../model/method-body/index.js';
import { alwaysReturns, constantBeforeFirstReturn, firstReturnVoid, hasThrow, isCaught, methodBody } from './shapes.js';

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
const ON_RECEIVED_SSL_ERROR =
  'onReceivedSslError(Landroid/webkit/WebView;Landroid/webkit/SslErrorHandler;Landroid/net/http/SslError;)V';
const PROCEED = 'Landroid/webkit/SslErrorHandler;->proceed()V';
const CANCEL = 'Landroid/webkit/SslErrorHandler;->cancel()V';
const ALLOW_ALL_FIELD =
  'Lorg/apache/http/conn/ssl/SSLSocketFactory;->ALLOW_ALL_HOSTNAME_VERIFIER:Lorg/apache/http/conn/ssl/X509HostnameVerifier;';
const ALLOW_ALL_CLASS = 'Lorg/apache/http/conn/ssl/AllowAllHostnameVerifier;';
/** httpclient 4.4+: NoopHostnameVerifier.INSTANCE "turns hostname verification off" (its javadoc). */
const NOOP_FIELD =
  'Lorg/apache/http/conn/ssl/NoopHostnameVerifier;->INSTANCE:Lorg/apache/http/conn/ssl/NoopHostnameVerifier;';
const NOOP_CLASS = 'Lorg/apache/http/conn/ssl/NoopHostnameVerifier;';
/** Calls that log, build messages or null-check arguments: they never reject a certificate. */
const HARMLESS_CALLS: readonly RegExp[] = [
  /^Landroid\/util\/Log;->/,
  /^Ltimber\/log\/Timber;->/,
  /^Ljava\/io\/PrintStream;->/,
  /^Ljava\/lang\/StringBuilder;->/,
  /^Ljava\/lang\/String;->/,
  /^Lkotlin\/jvm\/internal\/Intrinsics;->check/,
  /->printStackTrace\(\)V$/,
  /^Ljava\/lang\/Throwable;->get(Localized)?Message\(/,
  /^Ljava\/util\/Arrays;->toString\(/,
  /^Ljava\/lang\/(Integer|Long|Boolean);->valueOf\(/,
  /^Ljava\/lang\/Object;->getClass\(/,
  /^Ljava\/lang\/Class;->get(Simple)?Name\(/,
];
/** Catching one of these swallows the CertificateException a real check throws. */
const CERTIFICATE_EXCEPTION_CATCHERS: ReadonlySet<string> = new Set([
  'Ljava/security/cert/CertificateException;',
  'Ljava/security/GeneralSecurityException;',
  'Ljava/lang/Exception;',
  'Ljava/lang/Throwable;',
]);
/** ACC_INTERFACE | ACC_ABSTRACT (dex-format access_flags): such classes have no body to judge. */
const ABSTRACT_OR_INTERFACE = 0x0200 | 0x0400;
const TRUE = 1;

const CODE_UNIT_BYTES = 2;

/** The instruction that accepts: `return-void` of checkServerTrusted, the `const/4 vX, 1` before verify's return (dexdump -d shows it at |codeOffset). */
function bodyEvidence(
  app: AppModel,
  className: string,
  method: string,
  body: MethodBody,
  target: 'return-void' | 'return true',
): CodeEvidence {
  const codeOffset = (target === 'return-void' ? firstReturnVoid(body) : constantBeforeFirstReturn(body)) ?? 0;
  return {
    kind: 'code',
    apkSha256: app.apk.sha256,
    entry: body.dexName,
    className: javaClassName(className),
    method,
    codeOffset,
    fileOffset: body.instructionsOffset + codeOffset * CODE_UNIT_BYTES,
    target,
  };
}

type TrustShape = 'empty' | 'ignores-certificates' | 'swallows-check';

/** How checkServerTrusted accepts everything, or undefined when it may reject a certificate (or is not judged). */
function trustShape(
  app: AppModel,
  descriptor: string,
  method: string,
): { shape: TrustShape; body: MethodBody; swallowed: CodeReference[] } | undefined {
  const body = methodBody(app, descriptor, method);
  if (body === undefined || hasThrow(body)) return undefined;
  const swallowed: CodeReference[] = [];
  for (const call of app.code?.referencesFrom(`${descriptor}->${method}`) ?? []) {
    if (!call.mnemonic.startsWith('invoke') || HARMLESS_CALLS.some((pattern) => pattern.test(call.target))) continue;
    // Any other call may be the real check: only accepted when its CertificateException cannot leave the method.
    if (!isCaught(body, call.codeUnitOffset, CERTIFICATE_EXCEPTION_CATCHERS)) return undefined;
    swallowed.push(call);
  }
  const shape: TrustShape =
    swallowed.length > 0 ? 'swallows-check' : body.count === 1 ? 'empty' : 'ignores-certificates';
  return { shape, body, swallowed };
}

const TRUST_CLAIMS: Readonly<Record<TrustShape, string>> = {
  empty: 'its checkServerTrusted returns without checking anything',
  'ignores-certificates': 'its checkServerTrusted only logs or null-checks its arguments, then returns',
  'swallows-check': 'its checkServerTrusted catches and ignores the exception of the check it calls',
};

const CODES = defineCodes({
  'trust-all-manager': {
    topic: 'destination',
    summary: 'an X509TrustManager whose checkServerTrusted cannot reject a certificate',
    args: {
      /** Java spelling. */
      className: arg.string,
      /** The checkServerTrusted overload judged, name and descriptor. */
      method: arg.string,
      /** How it accepts everything. */
      shape: arg.enum('empty', 'ignores-certificates', 'swallows-check'),
    },
    message: (args) => `${args.className} accepts every server certificate: ${TRUST_CLAIMS[args.shape]}`,
    views: { identity: ['className', 'method'] },
  },
  'allow-all-hostnames': {
    topic: 'destination',
    summary: 'a HostnameVerifier whose verify() returns true on every path',
    args: { className: arg.string, method: arg.string },
    message: (args) => `${args.className} accepts every host name: its verify() returns true on every path`,
    views: { identity: ['className', 'method'] },
  },
  'apache-hostname-verifier': {
    topic: 'destination',
    summary: "code uses Apache's AllowAllHostnameVerifier or NoopHostnameVerifier",
    args: { className: arg.string, uses: arg.integer },
    message: (args) =>
      `Uses Apache's ${args.className.slice(args.className.lastIndexOf('.') + 1)} (accepts every host name) at ${args.uses} place(s)`,
    views: { identity: ['className'] },
  },
  'webview-ignores-ssl-errors': {
    topic: 'destination',
    summary: 'a WebViewClient proceeds on TLS certificate errors',
    args: { className: arg.string, cancelsSometimes: arg.boolean },
    message: (args) =>
      `${args.className} tells WebView to proceed on TLS certificate errors${args.cancelsSometimes ? ' (in some branches)' : ''}`,
    views: { identity: ['className'] },
  },
});
const emit = emitter(ID, CODES);

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
  return app.code
    ? codeEvidenceList(
        app,
        app.code.typeUses(descriptor).filter((use) => use.mnemonic === 'new-instance'),
        3,
      )
    : [];
}

function trustManagerFindings(app: AppModel): Finding[] {
  const findings: Finding[] = [];
  for (const descriptor of concreteDescendants(app, TRUST_MANAGER_BASES)) {
    for (const method of CHECK_SERVER_TRUSTED) {
      const judged = trustShape(app, descriptor, method);
      if (judged === undefined) continue;
      const name = javaClassName(descriptor);
      findings.push(
        emit('trust-all-manager', {
          args: { className: name, method, shape: judged.shape },
          confidence: 'high',
          evidence: [
            bodyEvidence(app, descriptor, method, judged.body, 'return-void'),
            ...codeEvidenceList(app, judged.swallowed, 3),
            ...instantiations(app, descriptor),
          ],
        }),
      );
      break;
    }
  }
  return findings;
}

function hostnameVerifierFindings(app: AppModel): Finding[] {
  const findings: Finding[] = [];
  for (const descriptor of concreteDescendants(app, [HOSTNAME_VERIFIER])) {
    const body = methodBody(app, descriptor, VERIFY);
    if (body === undefined || !alwaysReturns(body, TRUE)) continue;
    const name = javaClassName(descriptor);
    findings.push(
      emit('allow-all-hostnames', {
        args: { className: name, method: VERIFY },
        confidence: 'high',
        evidence: [bodyEvidence(app, descriptor, VERIFY, body, 'return true'), ...instantiations(app, descriptor)],
      }),
    );
  }
  const code = app.code;
  if (code) {
    for (const [className, field, type] of [
      ['org.apache.http.conn.ssl.AllowAllHostnameVerifier', ALLOW_ALL_FIELD, ALLOW_ALL_CLASS],
      ['org.apache.http.conn.ssl.NoopHostnameVerifier', NOOP_FIELD, NOOP_CLASS],
    ] as const) {
      const uses = [
        ...code.fieldAccesses(field).reads,
        ...code.typeUses(type).filter((use) => use.mnemonic === 'new-instance'),
      ];
      if (uses.length === 0) continue;
      findings.push(
        emit('apache-hostname-verifier', {
          args: { className, uses: uses.length },
          confidence: 'high',
          evidence: codeEvidenceList(app, uses),
        }),
      );
    }
  }
  return findings;
}

function webViewFindings(app: AppModel, facts: AppFacts): Finding[] {
  const code = app.code;
  if (!code) return [];
  const findings: Finding[] = [];
  const proceeding = new Set(
    facts.callSitesByName('Landroid/webkit/SslErrorHandler;->proceed').map((site) => site.caller),
  );
  if (proceeding.size === 0) return [];
  for (const descriptor of concreteDescendants(app, [WEBVIEW_CLIENT])) {
    const signature = `${descriptor}->${ON_RECEIVED_SSL_ERROR}`;
    if (!proceeding.has(signature)) continue;
    const references = code.referencesFrom(signature);
    const cancels = references.some((reference) => reference.target === CANCEL);
    const proceeds = references.filter((reference) => reference.target === PROCEED);
    findings.push(
      emit('webview-ignores-ssl-errors', {
        args: { className: javaClassName(descriptor), cancelsSometimes: cancels },
        confidence: cancels ? 'medium' : 'high',
        evidence: codeEvidenceList(app, proceeds),
      }),
    );
  }
  return findings;
}

export const rule: Rule = {
  meta: {
    id: ID,
    description:
      'TLS certificate or host-name checks that accept everything (trust managers, hostname verifiers, WebView SSL error handlers)',
    categories: [],
    references: [
      'https://developer.android.com/privacy-and-security/security-ssl#CommonProblems',
      'https://developer.android.com/reference/javax/net/ssl/X509TrustManager',
      'https://developer.android.com/reference/javax/net/ssl/HostnameVerifier',
      'https://doi.org/10.1145/2382196.2382205',
    ],
    codes: CODES,
  },
  run(app: AppModel, context): Finding[] {
    const facts = context.facts(app);
    return [...trustManagerFindings(app), ...hostnameVerifierFindings(app), ...webViewFindings(app, facts)];
  },
};
