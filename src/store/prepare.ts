/**
 * A scan turned into ready-to-insert rows, without a database: every JSON serialisation,
 * the searchable strings (src/store/report-strings.ts), each distinct text once with its
 * CJK bigrams, the endpoints, SDKs and category counts. The batch workers call
 * `prepareScan` so that the parent (the library's single writer, a serial stage that
 * bounds the batch's speed-up) only runs INSERT statements (docs/library.md).
 * The result is plain data: it crosses the worker IPC channel as it is.
 */
import type { ScanReport } from '../scan/scan.js';
import type { Finding } from '../findings/types.js';
import { endpointOf, sdkOf } from '../scan/catalogue.js';
import { renderClaim, reportJson } from '../report/claim.js';
import { reportStrings, type SearchableString } from './report-strings.js';
import { bigramsOf } from './bigrams.js';

const CONFIDENCE_RANK: Readonly<Record<string, number>> = { low: 0, medium: 1, high: 2 };
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** Shared by every text without CJK pairs (nearly all): one array instead of one per distinct text. */
const NO_BIGRAMS: readonly string[] = Object.freeze([]);

interface PreparedEndpoint {
  readonly kind: 'url' | 'host' | 'ip';
  readonly host: string;
  readonly url?: string;
}

interface PreparedFinding {
  readonly ruleId: string;
  readonly code: string;
  readonly topic: string;
  readonly category: string | null;
  readonly confidence: string;
  readonly claim: string;
  readonly argsJson: string;
  /** [kind, apkSha256, entry, the item as JSON] per evidence item, in order. */
  readonly evidence: ReadonlyArray<readonly [string, string, string, string]>;
  readonly endpoints: readonly PreparedEndpoint[];
  readonly sdk: string | null;
}

export interface PreparedScan {
  readonly toolVersion: string;
  readonly schemaVersion: number;
  readonly packageName: string;
  readonly versionCode: number | null;
  readonly versionName: string | null;
  /** The effective signer's certificate SHA-256, '' when unsigned. */
  readonly signer: string;
  readonly label: string | null;
  readonly totalSize: number;
  readonly reportJson: string;
  readonly signers: ReadonlyArray<{
    readonly sha256: string;
    readonly subject: string | null;
    readonly issuer: string | null;
    readonly publicKey: string | null;
    readonly wellKnownKey: string | null;
    readonly schemes: string;
    readonly verified: 0 | 1;
    readonly effective: 0 | 1;
  }>;
  readonly labels: ReadonlyArray<readonly [locale: string, text: string, gloss: string | null]>;
  readonly apks: ReadonlyArray<
    readonly [
      name: string,
      sha256: string,
      size: number,
      splitName: string | null,
      packageName: string | null,
      versionCode: number | null,
      versionName: string | null,
    ]
  >;
  readonly findings: readonly PreparedFinding[];
  readonly categories: ReadonlyArray<readonly [category: string, findings: number, bestConfidence: string]>;
  /** Each distinct searchable text of the scan once, with its CJK bigrams (src/store/bigrams.ts). */
  readonly texts: readonly string[];
  readonly textBigrams: ReadonlyArray<readonly string[]>;
  /** [finding ordinal or -1 for the app's own strings, source, index into texts]. */
  readonly strings: ReadonlyArray<readonly [finding: number, source: string, text: number]>;
}

/** The hosts a finding names through its code's endpoint view (src/scan/catalogue.ts): a host with its URL, or a domain list. */
export function findingEndpoints(finding: Finding): PreparedEndpoint[] {
  const endpoint = endpointOf(finding);
  if (endpoint === undefined) return [];
  const { url, host, domains } = endpoint;
  const hostKind = (name: string): 'host' | 'ip' => (IPV4.test(name) || name.includes(':') ? 'ip' : 'host');
  if (host !== undefined && host !== '') {
    const lower = host.toLowerCase();
    return [url !== undefined ? { kind: 'url', host: lower, url } : { kind: hostKind(lower), host: lower }];
  }
  return domains
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '')
    .map((name) => ({ kind: hostKind(name), host: name }));
}

export function prepareScan(report: ScanReport, appStrings: readonly SearchableString[] = []): PreparedScan {
  const { app } = report;
  const effective = app.signers.find((signer) => signer.effective) ?? app.signers[0];
  const label = app.labels.find((item) => item.locale === '') ?? app.labels[0];
  const categories = new Map<string, { findings: number; best: string }>();
  const claims = report.findings.map((finding) => renderClaim(finding));
  const findings = report.findings.map((finding, index): PreparedFinding => {
    if (finding.category !== undefined) {
      const entry = categories.get(finding.category) ?? { findings: 0, best: 'low' };
      entry.findings += 1;
      if ((CONFIDENCE_RANK[finding.confidence] ?? 0) > (CONFIDENCE_RANK[entry.best] ?? 0))
        entry.best = finding.confidence;
      categories.set(finding.category, entry);
    }
    return {
      ruleId: finding.ruleId,
      code: finding.code,
      topic: finding.topic,
      category: finding.category ?? null,
      confidence: finding.confidence,
      claim: claims[index]!,
      argsJson: JSON.stringify(finding.args),
      evidence: finding.evidence.map((item) => [item.kind, item.apkSha256, item.entry, JSON.stringify(item)] as const),
      endpoints: findingEndpoints(finding),
      sdk: sdkOf(finding)?.name ?? null,
    };
  });
  const texts: string[] = [];
  const textBigrams: Array<readonly string[]> = [];
  const textIndex = new Map<string, number>();
  const strings = reportStrings(report, appStrings, claims).map((item): readonly [number, string, number] => {
    let index = textIndex.get(item.text);
    if (index === undefined) {
      index = texts.length;
      textIndex.set(item.text, index);
      texts.push(item.text);
      const bigrams = bigramsOf(item.text);
      textBigrams.push(bigrams.size === 0 ? NO_BIGRAMS : [...bigrams]);
    }
    return [item.finding ?? -1, item.source, index];
  });
  return {
    toolVersion: report.tool.version,
    schemaVersion: report.schemaVersion,
    packageName: app.packageName ?? '',
    versionCode: app.versionCode ?? null,
    versionName: app.versionName ?? null,
    signer: effective?.certificateSha256 ?? '',
    label: label?.text ?? null,
    totalSize: app.totalSize,
    reportJson: JSON.stringify(reportJson(report, claims)),
    signers: app.signers.map((item) => ({
      sha256: item.certificateSha256,
      subject: item.subject ?? null,
      issuer: item.issuer ?? null,
      publicKey: item.publicKey ?? null,
      wellKnownKey: item.wellKnownKey ?? null,
      schemes: item.schemes.join(','),
      verified: item.verified ? 1 : 0,
      effective: item.effective ? 1 : 0,
    })),
    labels: app.labels.map((item) => [item.locale, item.text, item.gloss ?? null] as const),
    apks: report.apks.map(
      (apk) =>
        [
          apk.name,
          apk.sha256,
          apk.size,
          apk.splitName ?? null,
          apk.packageName ?? null,
          apk.versionCode ?? null,
          apk.versionName ?? null,
        ] as const,
    ),
    findings,
    categories: [...categories].map(([category, entry]) => [category, entry.findings, entry.best] as const),
    texts,
    textBigrams,
    strings,
  };
}
