/**
 * signing-tampering: who signed the APK (the certificate a reader can look up),
 * the signing layer's warnings (unsigned, failed verification, test/debug keys,
 * signer mismatch, stripping), and container anomalies that Android and analysis
 * tools read differently (evidence of deliberate tampering or of an evasive packer).
 */
import type { AppModel } from '../../model/app-model.js';
import type { Confidence, Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import { bytesEvidence } from '../../findings/evidence.js';

const ID = 'signing-tampering';
/** Byte-range evidence for the APK file itself (offsets of the signing block, central directory…). */
const WHOLE_FILE_ENTRY = '(file)';
/** Container diagnostics are grouped by code; this many offsets are cited per code. */
const MAX_OFFSETS = 5;
const CONTAINER_SOURCE = '(container)';
/** Warnings about the container worth telling a reader (the rest are format trivia). */
const TAMPERING_SEVERITIES = new Set(['warning', 'error']);
const SEVERITY_CONFIDENCE: Record<string, Confidence> = { error: 'high', warning: 'medium', info: 'low' };

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
    {
      ruleId: ID,
      code: 'signing.signer',
      topic: 'signing',
      claim: `Signed by ${effective.subject?.text ?? 'an unnamed certificate'} (certificate SHA-256 ${effective.sha256}${effective.wellKnownKey ? `, a publicly known key: ${effective.wellKnownKey.name}` : ''})`,
      args: {
        subject: effective.subject?.text ?? '',
        certificateSha256: effective.sha256,
        scheme: scheme?.scheme ?? '',
        notBefore: effective.notBefore ?? '',
        notAfter: effective.notAfter ?? '',
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
    },
  ];
}

function signingWarnings(app: AppModel): Finding[] {
  return app.signing.findings
    .filter((finding) => finding.severity !== 'info')
    .map((finding) => ({
      ruleId: ID,
      code: finding.code,
      topic: 'signing' as const,
      claim: finding.detail.charAt(0).toUpperCase() + finding.detail.slice(1),
      args: {
        severity: finding.severity,
        ...(finding.certificates ? { certificates: finding.certificates.join(',') } : {}),
      },
      confidence: SEVERITY_CONFIDENCE[finding.severity] ?? 'low',
      evidence: (finding.offsets.length > 0 ? finding.offsets.slice(0, MAX_OFFSETS) : [0]).map((offset) =>
        bytesEvidence(app, WHOLE_FILE_ENTRY, offset, offset, finding.code),
      ),
    }));
}

function containerFindings(app: AppModel): Finding[] {
  const byCode = new Map<string, Array<{ offset: number; detail: string; severity: string }>>();
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
    findings.push({
      ruleId: ID,
      code: `tampering.${code}`,
      topic: 'tampering',
      claim: `The ZIP container has an anomaly (${code})${diagnostics.length > 1 ? ` ${diagnostics.length} times` : ''}: ${first.detail}`,
      args: { diagnostic: code, count: diagnostics.length, severity: first.severity },
      confidence: SEVERITY_CONFIDENCE[first.severity] ?? 'low',
      evidence: diagnostics
        .slice(0, MAX_OFFSETS)
        .map((diagnostic) =>
          bytesEvidence(app, WHOLE_FILE_ENTRY, diagnostic.offset, diagnostic.offset, diagnostic.detail),
        ),
    });
  }
  const rejection = app.diagnostics.find(
    (diagnostic) => diagnostic.code === 'axml.android-rejects' || diagnostic.code === 'app.no-manifest',
  );
  if (rejection) {
    findings.push({
      ruleId: ID,
      code: `tampering.${rejection.code}`,
      topic: 'tampering',
      claim: rejection.detail,
      args: { diagnostic: rejection.code },
      confidence: 'high',
      evidence: [bytesEvidence(app, 'AndroidManifest.xml', rejection.offset, rejection.offset, rejection.detail)],
    });
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
  },
  run(app: AppModel): Finding[] {
    return [...signerFindings(app), ...signingWarnings(app), ...containerFindings(app)];
  },
};
