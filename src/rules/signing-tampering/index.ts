/**
 * signing-tampering: who signed the APK (the certificate a reader can look up),
 * the signing layer's warnings (unsigned, failed verification, test/debug keys,
 * signer mismatch, stripping), and container anomalies that Android and analysis
 * tools read differently (evidence of deliberate tampering or of an evasive packer).
 */
import type { AppModel } from '../../model/app-model.js';
import type { Confidence, Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import type { SigningFindingCode } from '../../model/signing/types.js';
import { bytesEvidence } from '../../findings/evidence.js';
import { arg, defineCodes, emitter, type ArgsOf } from '../../findings/contract.js';

const ID = 'signing-tampering';
/** Byte-range evidence for the APK file itself (offsets of the signing block, central directory…). */
const WHOLE_FILE_ENTRY = '(file)';
/** Container diagnostics are grouped by code; this many offsets are cited per code. */
const MAX_OFFSETS = 5;
const CONTAINER_SOURCE = '(container)';
/** Warnings about the container worth telling a reader (the rest are format trivia). */
const TAMPERING_SEVERITIES: ReadonlySet<string> = new Set(['warning', 'error']);
const SEVERITY_CONFIDENCE: Record<string, Confidence> = { error: 'high', warning: 'medium', info: 'low' };

const SEVERITY = arg.enum('info', 'warning', 'error');
const WARNING_ARGS = {
  /** The signing layer's severity: `warning` or `error` (info is never reported). */
  severity: SEVERITY,
  /**
   * The signing layer's sentence (src/model/signing/findings.ts), capitalised: the claim. Certificate
   * subjects and entry names in it come from the APK.
   */
  detail: arg.text,
  /** Certificates concerned, SHA-256. */
  certificates: arg.optional(arg.list(arg.string)),
};

/** The signing layer's sentence as a claim. */
function sentence(args: ArgsOf<typeof WARNING_ARGS>): string {
  return args.detail;
}

function warning(summary: string) {
  return { topic: 'signing', summary, args: WARNING_ARGS, message: sentence } as const;
}

const CODES = defineCodes({
  signer: {
    topic: 'signing',
    summary: "the certificate Android binds the app to (the newest verified scheme's signer)",
    args: {
      /** The certificate's subject, RFC 4514 text ('' without one). */
      subject: arg.text,
      certificateSha256: arg.string,
      /** The newest verified scheme: `v1`, `v2`, `v3`, `v3.1`. */
      scheme: arg.string,
      notBefore: arg.string,
      notAfter: arg.string,
      /** A publicly known key (AOSP test keys, the SDK debug key): signatures with it say nothing about the author. */
      wellKnownKey: arg.optional(arg.string),
    },
    message: (args) =>
      `Signed by ${args.subject === '' ? 'an unnamed certificate' : args.subject} (certificate SHA-256 ${args.certificateSha256}${args.wellKnownKey !== undefined ? `, a publicly known key: ${args.wellKnownKey}` : ''})`,
    views: { identity: ['certificateSha256'] },
  },
  unsigned: warning('the APK carries no signature of any scheme'),
  'verification-failed': warning('a signature scheme does not verify'),
  'signer-mismatch': warning('schemes name different signers with no rotation proof linking them'),
  'public-test-key': warning('signed with a public test or platform key'),
  'debug-key': warning('signed with the SDK-generated debug key'),
  'stripping-detected': warning('a signer claims a newer scheme that is missing: a signature was stripped'),
  'duplicate-scheme-block': warning('a second block of one scheme in the APK Signing Block (signer confusion)'),
  'v1-altered-entries': warning('entries changed or added after v1 signing'),
  'orphan-v1-block': warning('a META-INF signature block without its .SF: a signer Android never checks'),
  'container-anomaly': {
    topic: 'tampering',
    summary:
      'the ZIP container has an anomaly that Android and analysis tools read differently (one finding per diagnostic code)',
    args: {
      /** The container diagnostic's code: `zip.prefix-bytes`, `zip.name-path-traversal`… */
      diagnostic: arg.string,
      count: arg.integer,
      severity: SEVERITY,
      /** The first occurrence's sentence. */
      detail: arg.text,
    },
    message: (args) =>
      `The ZIP container has an anomaly (${args.diagnostic})${args.count > 1 ? ` ${args.count} times` : ''}: ${args.detail}`,
    views: { identity: ['diagnostic'] },
  },
  'android-rejects': {
    topic: 'tampering',
    summary: 'Android would not install the file: no readable manifest, or a manifest it rejects',
    args: {
      /** `app.no-manifest` or `axml.android-rejects`. */
      diagnostic: arg.string,
      detail: arg.text,
    },
    message: (args) => args.detail,
    views: { identity: ['diagnostic'] },
  },
});
const emit = emitter(ID, CODES);

/** The code of each signing-layer warning (info findings are never reported). */
const WARNING_CODES: Readonly<Record<SigningFindingCode, keyof typeof CODES | undefined>> = {
  'signing.unsigned': 'unsigned',
  'signing.verification-failed': 'verification-failed',
  'signing.signer-mismatch': 'signer-mismatch',
  'signing.public-test-key': 'public-test-key',
  'signing.debug-key': 'debug-key',
  'signing.stripping-detected': 'stripping-detected',
  'signing.duplicate-scheme-block': 'duplicate-scheme-block',
  'signing.v1-altered-entries': 'v1-altered-entries',
  'signing.orphan-v1-block': 'orphan-v1-block',
  'signing.key-rotation': undefined,
  'signing.expired-certificate': undefined,
  'signing.unknown-block': undefined,
  'signing.multiple-signers': undefined,
};

function signerFindings(app: AppModel): Finding[] {
  const { signing } = app;
  const effective = signing.certificates.find((certificate) => certificate.sha256 === signing.effectiveSigner);
  if (!effective) return [];
  const scheme = [...signing.schemes].reverse().find((candidate) => candidate.verified);
  // The signer record (v2/v3: inside the APK Signing Block; v1: the local header of the signature block file).
  const offset = scheme?.signers[0]?.offset ?? scheme?.offset ?? 0;
  const block = signing.signingBlock;
  const end =
    scheme?.scheme !== 'v1' && block !== undefined && offset >= block.offset && offset < block.offset + block.size
      ? block.offset + block.size
      : offset;
  return [
    emit('signer', {
      args: {
        subject: effective.subject?.text ?? '',
        certificateSha256: effective.sha256,
        scheme: scheme?.scheme ?? '',
        notBefore: effective.notBefore ?? '',
        notAfter: effective.notAfter ?? '',
        ...(effective.wellKnownKey ? { wellKnownKey: effective.wellKnownKey.name } : {}),
      },
      confidence: 'high',
      evidence: [
        bytesEvidence(
          app,
          WHOLE_FILE_ENTRY,
          offset,
          end,
          `${scheme?.scheme ?? 'signature'} signer record${end > offset ? ' (to the end of the APK Signing Block)' : ''}`,
        ),
      ],
    }),
  ];
}

function signingWarnings(app: AppModel): Finding[] {
  const findings: Finding[] = [];
  for (const finding of app.signing.findings) {
    const code = WARNING_CODES[finding.code];
    if (finding.severity === 'info' || code === undefined) continue;
    findings.push(
      emit(code, {
        args: {
          severity: finding.severity,
          detail: finding.detail.charAt(0).toUpperCase() + finding.detail.slice(1),
          ...(finding.certificates ? { certificates: finding.certificates } : {}),
        },
        confidence: SEVERITY_CONFIDENCE[finding.severity] ?? 'low',
        evidence: (finding.offsets.length > 0 ? finding.offsets.slice(0, MAX_OFFSETS) : [0]).map((offset) =>
          bytesEvidence(app, WHOLE_FILE_ENTRY, offset, offset, finding.code),
        ),
      }),
    );
  }
  return findings;
}

function containerFindings(app: AppModel): Finding[] {
  const byCode = new Map<string, Array<{ offset: number; detail: string; severity: 'info' | 'warning' | 'error' }>>();
  for (const diagnostic of app.diagnostics) {
    if (diagnostic.source !== CONTAINER_SOURCE || !TAMPERING_SEVERITIES.has(diagnostic.severity)) continue;
    const list = byCode.get(diagnostic.code) ?? [];
    list.push(diagnostic);
    byCode.set(diagnostic.code, list);
  }
  const findings: Finding[] = [];
  for (const [code, diagnostics] of byCode) {
    const first = diagnostics[0];
    if (!first) continue;
    findings.push(
      emit('container-anomaly', {
        args: { diagnostic: code, count: diagnostics.length, severity: first.severity, detail: first.detail },
        confidence: SEVERITY_CONFIDENCE[first.severity] ?? 'low',
        evidence: diagnostics
          .slice(0, MAX_OFFSETS)
          .map((diagnostic) =>
            bytesEvidence(app, WHOLE_FILE_ENTRY, diagnostic.offset, diagnostic.offset, diagnostic.detail),
          ),
      }),
    );
  }
  const rejection = app.diagnostics.find(
    (diagnostic) =>
      diagnostic.code === 'axml.android-rejects' ||
      diagnostic.code === 'app.no-manifest' ||
      diagnostic.code === 'app.manifest-unreadable',
  );
  if (rejection) {
    findings.push(
      emit('android-rejects', {
        args: { diagnostic: rejection.code, detail: rejection.detail },
        confidence: 'high',
        evidence: [bytesEvidence(app, 'AndroidManifest.xml', rejection.offset, rejection.offset, rejection.detail)],
      }),
    );
  }
  return findings;
}

export const rule: Rule = {
  meta: {
    id: ID,
    description: 'Who signed the APK, signature problems, and container anomalies (evidence of tampering)',
    categories: [],
    references: [
      'https://source.android.com/docs/security/features/apksigning',
      'https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT',
    ],
    codes: CODES,
  },
  run(app: AppModel): Finding[] {
    return [...signerFindings(app), ...signingWarnings(app), ...containerFindings(app)];
  },
};
