/**
 * JAR signing (APK "v1" scheme) verification, in the order of AOSP apksig
 * V1SchemeVerifier: each signature block file's PKCS#7 signature over its .SF, the .SF
 * over MANIFEST.MF (whole-file digest, else main attributes and every section), then
 * MANIFEST.MF over every ZIP entry (missing, extra or altered names are reported).
 */
import type { InflateBudget, ZipArchive, ZipEntry } from '../zip/types.js';
import { crc32, readEntry, findEntry } from '../zip/index.js';
import type { DiagnosticSink } from '../diagnostics.js';
import { header, parseJarManifest, type JarManifest } from './jar-manifest.js';
import { readPkcs7, signerCertificate, verifySignerInfo } from './pkcs7.js';
import { PublicKeys } from './verify-signature.js';
import { checkDigests, digestHeaders } from './v1-digests.js';

interface V1Signer {
  /** Base name shared by the .SF and the block file, e.g. "CERT". */
  readonly name: string;
  readonly signatureFile: string;
  readonly blockFile: string;
  /** All certificates in the PKCS#7 (DER), and the one that signed. */
  readonly certificates: readonly Uint8Array[];
  readonly signerCertificate?: Uint8Array;
  /** Scheme ids from the .SF's X-Android-APK-Signed header (stripping protection). */
  readonly apkSignedSchemes: readonly number[];
  readonly verified: boolean;
  readonly problems: readonly string[];
}

/**
 * A META-INF/*.RSA|DSA|EC without its .SF. Android ignores it, but tools that take "the
 * certificate in META-INF/*.RSA" as the signer report it (fdroidserver/issue-1128-poc1.apk).
 */
interface OrphanBlockFile {
  readonly name: string;
  readonly offset: number;
  readonly certificates: readonly Uint8Array[];
}

export interface V1Result {
  readonly signers: readonly V1Signer[];
  /** True when at least one .SF file exists: the APK claims a v1 signature. */
  readonly present: boolean;
  /** Signature block files without a .SF (ignored for verification, kept as evidence). */
  readonly orphanBlockFiles: readonly OrphanBlockFile[];
  /** Entries whose digest was checked against MANIFEST.MF. */
  readonly entriesChecked: number;
  readonly entriesNotInManifest: readonly string[];
  readonly manifestSectionsWithoutEntry: readonly string[];
  readonly alteredEntries: readonly string[];
  readonly verified: boolean;
  readonly problems: readonly string[];
}

const META_INF = 'META-INF/';
const MANIFEST_NAME = 'META-INF/MANIFEST.MF';
const BLOCK_FILE = /^META-INF\/([^/]+)\.(RSA|DSA|EC)$/;
const SIGNATURE_FILE = /^META-INF\/[^/]+\.SF$/;
/** Signature files are small; a larger one is refused rather than inflated. */
const MAX_SIGNATURE_FILE_BYTES = 64 * 1024 * 1024;
/** All entries of one APK, inflated to be digested (the largest corpus APK, npm/appium-uiautomator2-server-v10.6.6.apk, inflates to 43 MB). */
const MAX_TOTAL_ENTRY_BYTES = 2 * 1024 * 1024 * 1024;
/** Each signer costs a public-key operation; real APKs have one or two. */
const MAX_V1_SIGNERS = 64;
/** Reading every entry to digest it: per-entry inflation budget. */
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;
/** The diagnostic readEntry adds when the returned bytes do not match the central CRC-32. */
const CRC_MISMATCH = 'zip.crc-mismatch';

/** apksig ApkSigningBlockUtils/V1SchemeVerifier: which entries MANIFEST.MF must cover. */
export function needsManifestDigest(name: string): boolean {
  if (name.endsWith('/')) return false;
  if (!name.startsWith(META_INF)) return true;
  const rest = name.slice(META_INF.length);
  if (rest.includes('/')) return true;
  const upper = rest.toUpperCase();
  return !(
    upper === 'MANIFEST.MF' ||
    upper.endsWith('.SF') ||
    upper.endsWith('.RSA') ||
    upper.endsWith('.DSA') ||
    upper.endsWith('.EC') ||
    upper.startsWith('SIG-')
  );
}

/** True when the archive carries any JAR-signature file (.SF or signature block). */
export function hasV1Signature(archive: ZipArchive): boolean {
  return archive.entries.some((entry) => BLOCK_FILE.test(entry.name) || SIGNATURE_FILE.test(entry.name));
}

/**
 * Reads an entry for v1 checks. Only a real CRC-32 mismatch or missing data is a v1
 * problem (java.util.zip refuses an entry whose CRC does not match); other ZIP anomalies
 * stay ZIP diagnostics: an unterminated deflate stream whose content is complete still
 * verifies on Android (fixtures/signing/v1-only-rsa-unterminated-deflate.apk).
 */
function read(
  archive: ZipArchive,
  entry: ZipEntry,
  maxBytes: number,
  problems: string[],
  sharedBudget?: InflateBudget,
): Uint8Array | undefined {
  const result = readEntry(archive, entry, { maxBytes, ...(sharedBudget === undefined ? {} : { sharedBudget }) });
  if (result.value === undefined) {
    const reasons = result.diagnostics
      .filter((diagnostic) => diagnostic.severity === 'error')
      .map((diagnostic) => diagnostic.detail);
    problems.push(`${entry.name}: data unreadable${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`);
    return undefined;
  }
  // readEntry already compared the CRC-32 of exactly these bytes (`zip.crc-mismatch`); the
  // actual value is recomputed only for that rare message (a second CRC of every entry was
  // 2.6% of a corpus scan).
  if (result.diagnostics.some((diagnostic) => diagnostic.code === CRC_MISMATCH)) {
    const actual = crc32(result.value);
    problems.push(
      `${entry.name}: CRC-32 of the data is ${hex32(actual)}, the central directory says ${hex32(entry.crc32)} (altered after zipping)`,
    );
  }
  return result.value;
}

function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

/** `keys`: the signing read's parsed keys (src/formats/apksig/verify-signature.ts). */
export function verifyV1(archive: ZipArchive, sink: DiagnosticSink, keys: PublicKeys = new PublicKeys()): V1Result {
  const problems: string[] = [];
  const manifestEntry = findEntry(archive, MANIFEST_NAME);
  const manifestBytes =
    manifestEntry === undefined ? undefined : read(archive, manifestEntry, MAX_SIGNATURE_FILE_BYTES, problems);
  const manifest = manifestBytes === undefined ? undefined : parseJarManifest(manifestBytes);
  if (manifest === undefined)
    problems.push(manifestEntry === undefined ? 'no META-INF/MANIFEST.MF' : 'META-INF/MANIFEST.MF unreadable');
  manifest?.problems.forEach((problem) =>
    sink.add('apksig.v1-manifest-syntax', manifestEntry?.dataOffset ?? 0, problem, 'warning'),
  );

  const signers: V1Signer[] = [];
  const signedNames: Array<Set<string>> = [];
  const seen = new Set<string>();
  const orphanBlockFiles: OrphanBlockFile[] = [];
  for (const entry of archive.entries) {
    const match = BLOCK_FILE.exec(entry.name);
    if (match === null || seen.has(entry.name)) continue;
    seen.add(entry.name);
    const name = match[1] ?? '';
    // A block file without its .SF signs nothing; apksig ignores it (androguard/partialsignature.apk
    // carries such a leftover CERT.RSA beside a complete signer). It is listed, not counted.
    if (findEntry(archive, `${META_INF}${name}.SF`) === undefined) {
      const blockBytes = read(archive, entry, MAX_SIGNATURE_FILE_BYTES, []);
      const parsed = blockBytes === undefined ? 'unreadable' : readPkcs7(blockBytes);
      orphanBlockFiles.push({
        name: entry.name,
        offset: entry.localHeaderOffset,
        certificates: typeof parsed === 'string' ? [] : parsed.certificates,
      });
      sink.add(
        'apksig.v1-orphan-block',
        entry.localHeaderOffset,
        `${entry.name} has no matching .SF file and signs nothing`,
        'warning',
      );
      continue;
    }
    if (signers.length >= MAX_V1_SIGNERS) {
      problems.push(`more than ${MAX_V1_SIGNERS} JAR signers; the rest are not checked`);
      break;
    }
    const { signer, sectionNames } = verifySigner(archive, entry, name, manifest, manifestBytes, keys);
    signers.push(signer);
    signedNames.push(sectionNames);
  }
  if (signers.length === 0) problems.push('no complete JAR signer (META-INF/<name>.SF with <name>.RSA, .DSA or .EC)');
  signers.forEach((signer) => signer.problems.forEach((problem) => problems.push(`${signer.blockFile}: ${problem}`)));

  const entriesNotInManifest: string[] = [];
  const alteredEntries: string[] = [];
  const seenEntries = new Set<string>();
  // One budget for all entry digests: overlapping-entry zip bombs cannot multiply the work.
  const budget: InflateBudget = { remaining: MAX_TOTAL_ENTRY_BYTES };
  let entriesChecked = 0;
  if (manifest !== undefined) {
    for (const entry of archive.entries) {
      if (!needsManifestDigest(entry.name)) continue;
      if (seenEntries.has(entry.name)) {
        // apksig refuses duplicate names; before Android 4.4 the verifier checked one copy
        // and the installer used the other (bug 8219321, "Master Key").
        problems.push(`entry "${entry.name}" appears twice: the copy that is verified need not be the copy that runs`);
        continue;
      }
      seenEntries.add(entry.name);
      const section = manifest.byName.get(entry.name);
      if (section === undefined) {
        entriesNotInManifest.push(entry.name);
        continue;
      }
      if (signedNames.length > 0 && !signedNames.some((names) => names.has(entry.name))) {
        problems.push(`entry "${entry.name}" is not covered by any .SF file`);
      }
      const data = read(archive, entry, MAX_ENTRY_BYTES, problems, budget);
      entriesChecked++;
      const failure =
        data === undefined
          ? 'data unreadable'
          : checkDigests(digestHeaders(section, '-Digest'), data, `"${entry.name}"`);
      if (failure !== undefined) {
        alteredEntries.push(entry.name);
        problems.push(`entry ${failure}`);
      }
    }
    entriesNotInManifest.forEach((name) =>
      problems.push(`entry "${name}" is not listed in MANIFEST.MF (added after signing?)`),
    );
  }
  const manifestSectionsWithoutEntry =
    manifest === undefined
      ? []
      : [...manifest.byName.keys()].filter((name) => !seenEntries.has(name) && findEntry(archive, name) === undefined);
  manifestSectionsWithoutEntry.forEach((name) =>
    problems.push(`MANIFEST.MF lists "${name}" but the APK has no such entry (removed after signing?)`),
  );
  const present = archive.entries.some((entry) => SIGNATURE_FILE.test(entry.name));
  return {
    present,
    signers,
    orphanBlockFiles,
    entriesChecked,
    entriesNotInManifest,
    manifestSectionsWithoutEntry,
    alteredEntries,
    verified: problems.length === 0,
    problems,
  };
}

function verifySigner(
  archive: ZipArchive,
  blockEntry: ZipEntry,
  name: string,
  manifest: JarManifest | undefined,
  manifestBytes: Uint8Array | undefined,
  keys: PublicKeys,
): { signer: V1Signer; sectionNames: Set<string> } {
  const problems: string[] = [];
  const signatureFile = `${META_INF}${name}.SF`;
  const sectionNames = new Set<string>();
  let certificates: readonly Uint8Array[] = [];
  let certificate: Uint8Array | undefined;
  let apkSignedSchemes: number[] = [];
  const done = () => ({
    signer: {
      name,
      signatureFile,
      blockFile: blockEntry.name,
      certificates,
      ...(certificate === undefined ? {} : { signerCertificate: certificate }),
      apkSignedSchemes,
      verified: problems.length === 0,
      problems,
    },
    sectionNames,
  });
  const blockBytes = read(archive, blockEntry, MAX_SIGNATURE_FILE_BYTES, problems);
  if (blockBytes === undefined) {
    problems.push('signature block file unreadable');
    return done();
  }
  const pkcs7 = readPkcs7(blockBytes);
  if (typeof pkcs7 === 'string') {
    problems.push(pkcs7);
    return done();
  }
  certificates = pkcs7.certificates;
  const info = pkcs7.signerInfos[0];
  if (info === undefined) problems.push('PKCS#7 has no SignerInfo');
  if (pkcs7.signerInfos.length > 1)
    problems.push(`PKCS#7 has ${pkcs7.signerInfos.length} SignerInfos; only the first is used, as Android does`);
  certificate = info === undefined ? undefined : signerCertificate(pkcs7, info);
  if (info !== undefined && certificate === undefined)
    problems.push('the certificate named by the SignerInfo is not in the PKCS#7');

  const sfEntry = findEntry(archive, signatureFile);
  const sfBytes = sfEntry === undefined ? undefined : read(archive, sfEntry, MAX_SIGNATURE_FILE_BYTES, problems);
  if (sfBytes === undefined) {
    problems.push(`${signatureFile} ${sfEntry === undefined ? 'is missing' : 'is unreadable'}`);
    return done();
  }
  if (info !== undefined && certificate !== undefined) {
    const failure = verifySignerInfo(info, certificate, sfBytes, keys);
    if (failure !== undefined) problems.push(failure);
  }
  const sf = parseJarManifest(sfBytes);
  sf.sections.forEach((section) => section.name !== undefined && sectionNames.add(section.name));
  apkSignedSchemes = (header(sf.main, 'X-Android-APK-Signed') ?? '')
    .split(',')
    .map((part) => Number.parseInt(part.trim(), 10))
    .filter((value) => Number.isFinite(value));
  if (manifest === undefined || manifestBytes === undefined) return done();

  // The .SF over MANIFEST.MF: a whole-file digest suffices; otherwise the main attributes and each section.
  const whole = digestHeaders(sf.main, '-Digest-Manifest');
  if (whole.length > 0 && checkDigests(whole, manifestBytes, 'MANIFEST.MF') === undefined) return done();
  const mainDigests = digestHeaders(sf.main, '-Digest-Manifest-Main-Attributes');
  if (mainDigests.length > 0) {
    const failure = checkDigests(mainDigests, manifest.main.bytes, 'the MANIFEST.MF main section');
    if (failure !== undefined) problems.push(failure);
  }
  // A whole-file digest that fails is not itself an error: Java's JarVerifier and apksig
  // then check every section (a manifest edited by another tool keeps valid sections).
  for (const section of sf.sections) {
    if (section.name === undefined) continue;
    const target = manifest.byName.get(section.name);
    if (target === undefined) {
      problems.push(`${signatureFile} signs "${section.name}", which MANIFEST.MF does not list`);
      continue;
    }
    const failure = checkDigests(
      digestHeaders(section, '-Digest'),
      target.bytes,
      `the MANIFEST.MF section of "${section.name}"`,
    );
    if (failure !== undefined) problems.push(failure);
  }
  return done();
}
