/**
 * assets: the files an app ships outside its code and resources, by sniffed type
 * (native libraries with their ABIs and JNI exports, dex, nested archives, SQLite
 * databases, JSON/CSV data, high-entropy blobs), each linked to the code that
 * names it (code-links.ts). Images and unnamed plain text are left out: they are
 * rarely what a reader needs, and the model keeps them for other rules.
 */
import type { AppModel, AssetInfo } from '../../model/app-model.js';
import type { Confidence, Evidence, Finding } from '../../findings/types.js';
import type { Rule, RuleContext } from '../types.js';
import { apksOfSameApp } from '../shared/app-context.js';
import { bytesEvidence, codeEvidenceList, javaClassName, splitMember } from '../../findings/evidence.js';
import { NETWORK_TOOL_PACKAGES } from '../shared/network-tools.js';
import {
  codeLinksAcross,
  libraryShortName,
  linkedUses,
  type CodeLink,
  type PlacedLinks,
} from '../shared/code-links.js';

const ID = 'assets';
/** Code places cited per file (the count is in the args). */
const MAX_CODE_EVIDENCE = 5;
/** JNI entry points (JNI spec, "Resolving Native Method Names"; JNI_OnLoad in "Invocation API"). */
const JNI_EXPORT = /^(Java_|JNI_OnLoad$)/;
/** Sniffed types reported whether or not code names them. */
const ALWAYS_REPORTED = new Set(['elf', 'dex', 'zip', 'sqlite', 'json', 'csv', 'tsv', 'high-entropy', 'gzip']);
/** Small text files in these folders are reported with their content whether or not code names them. */
const DATA_FOLDERS = ['assets/', 'res/raw/'];
/** Characters of a text file's content quoted in a finding (the rest counted). */
export const MAX_CONTENT_SHOWN = 2000;
/** Package names, paths and table rows quoted. */
const MAX_LISTED = 20;
/** A Java package name on a line of its own (`com.whatsapp`, `org.telegram.messenger`). */
const PACKAGE_LINE = /^[a-z][a-z0-9_]*(\.[a-zA-Z0-9_]+)+$/;
/** A file system path on a line of its own (`/sdcard/Tencent/MicroMsg/`, `/data/data/…`). */
const PATH_LINE = /^(\/|~\/|sdcard\/|Android\/)[^\s]*$/;
/** A hex MD5, SHA-1 or SHA-256 digest on a line of its own. */
const HASH_LINE = /^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i;
/** Hashing calls: a high-entropy file opened by code that hashes files is likely a list of hashes. */
const DIGEST_CALLS = ['Ljava/security/MessageDigest;->digest', 'Ljava/security/MessageDigest;->update'];
/** Types never reported (pictures; files over the sniffing budget are in the packer/tampering view). */
const NEVER_REPORTED = new Set(['image', 'unread']);
/** Types recognised by a magic number (certain) rather than by shape (likely). */
const MAGIC_TYPES = new Set(['elf', 'dex', 'zip', 'sqlite', 'gzip']);
const JSON_KEYS_IN_CLAIM = 5;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  elf: 'an ELF executable or library',
  dex: 'a dex file (code)',
  zip: 'an archive',
  sqlite: 'an SQLite database',
  json: 'JSON data',
  csv: 'CSV data',
  tsv: 'tab-separated data',
  'high-entropy': 'a high-entropy blob (encrypted or compressed)',
  gzip: 'gzip data',
  text: 'a text file',
  'xml-text': 'a plain-text XML file',
  unknown: 'a binary file',
};

function linkSummary(links: readonly CodeLink[]): string {
  const uses = linkedUses(links);
  if (uses.length === 0) return '';
  const first = uses[0];
  const place = first
    ? `${javaClassName(splitMember(first.caller).classDescriptor)}.${splitMember(first.caller).member.split('(')[0] ?? ''}`
    : '';
  const how =
    links[0]?.kind === 'load-library' ? `System.loadLibrary("${links[0].text}")` : `"${links[0]?.text ?? ''}"`;
  return `; named by code as ${how} in ${place}${uses.length > 1 ? ` and ${uses.length - 1} more place(s)` : ''}`;
}

function linkArgs(links: readonly CodeLink[]): Record<string, string | number> {
  return {
    namedByCode: linkedUses(links).length,
    ...(links.length > 0
      ? {
          namedAs: [...new Set(links.map((link) => link.text))].join(' | '),
          linkKinds: [...new Set(links.map((link) => link.kind))].join(','),
        }
      : {}),
  };
}

/** Code places naming the file, cited in the APK that holds the code (the base, for a split's file). */
function codeEvidence(placed: readonly PlacedLinks[]): Evidence[] {
  const out: Evidence[] = [];
  for (const { model, links } of placed)
    out.push(...codeEvidenceList(model, linkedUses(links), MAX_CODE_EVIDENCE - out.length));
  return out;
}

function allLinks(placed: readonly PlacedLinks[]): CodeLink[] {
  return placed.flatMap((item) => item.links);
}

/** Native libraries grouped by file name across ABIs: one finding per library. */
function nativeLibraryFindings(app: AppModel, apks: readonly AppModel[], libraries: readonly AssetInfo[]): Finding[] {
  const byName = new Map<string, AssetInfo[]>();
  for (const asset of libraries) {
    const name = asset.entry.slice(asset.entry.lastIndexOf('/') + 1);
    byName.set(name, [...(byName.get(name) ?? []), asset]);
  }
  const findings: Finding[] = [];
  for (const [name, copies] of byName) {
    const placed = codeLinksAcross(apks, copies[0]?.entry ?? name);
    const links = allLinks(placed);
    const abis = [...new Set(copies.map((copy) => String(copy.details.abi ?? '?')))];
    const exported = [
      ...new Set(
        copies.flatMap((copy) =>
          Array.isArray(copy.details.exported) ? (copy.details.exported as readonly string[]) : [],
        ),
      ),
    ];
    const jni = exported.filter((symbol) => JNI_EXPORT.test(symbol));
    const shortName = libraryShortName(copies[0]?.entry ?? '');
    findings.push({
      ruleId: ID,
      code: 'asset.native-library',
      topic: 'asset',
      claim: `Ships native library ${name} (${abis.join(', ')}; ${jni.length} JNI entry point(s))${linkSummary(links)}`,
      args: {
        entry: copies[0]?.entry ?? name,
        fileName: name,
        abis: abis.join(','),
        copies: copies.length,
        exportedSymbols: exported.length,
        jniExports: jni.length,
        ...(shortName ? { libraryName: shortName } : {}),
        ...linkArgs(links),
      },
      confidence: 'high',
      evidence: [
        ...copies.map((copy) =>
          bytesEvidence(app, copy.entry, 0, copy.size, `ELF ${String(copy.details.abi ?? '')}`.trim()),
        ),
        ...codeEvidence(placed),
      ],
    });
  }
  return findings;
}

function describe(asset: AssetInfo): string {
  const name = TYPE_NAMES[asset.type] ?? `a ${asset.type} file`;
  if (asset.type === 'json' && Array.isArray(asset.details.keys) && asset.details.keys.length > 0) {
    return `${name} (keys ${(asset.details.keys as readonly string[]).slice(0, JSON_KEYS_IN_CLAIM).join(', ')})`;
  }
  if (asset.type === 'elf') return `${name} (${String(asset.details.abi ?? '?')})`;
  if ((asset.type === 'csv' || asset.type === 'tsv') && asset.table)
    return `${name} (${String(asset.details.columns ?? '?')} columns: ${asset.table.header.slice(0, 8).join(', ')})`;
  if (asset.type === 'csv') return `${name} (${String(asset.details.columns ?? '?')} columns)`;
  if (asset.type === 'high-entropy') return `${name}, ${String(asset.details.entropy ?? '?')} bits/byte`;
  return name;
}

/** The content of a small text file as quoted in args: escaped by the reports, cut with a count. */
function contentArgs(asset: AssetInfo): Record<string, string | number> {
  if (asset.text === undefined) return {};
  const cut = asset.text.length > MAX_CONTENT_SHOWN;
  return {
    content: cut
      ? `${asset.text.slice(0, MAX_CONTENT_SHOWN)}… (${asset.text.length - MAX_CONTENT_SHOWN} more characters)`
      : asset.text,
    contentCharacters: asset.text.length,
  };
}

/** Lines that are package names or paths, and the app categories the packages are (messengers, VPNs, Tor). */
function listArgs(asset: AssetInfo): { args: Record<string, string | number>; note: string } {
  const lines = (asset.text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return { args: {}, note: '' };
  const packages = lines.filter((line) => PACKAGE_LINE.test(line));
  const paths = lines.filter((line) => PATH_LINE.test(line));
  const args: Record<string, string | number> = {};
  const notes: string[] = [];
  if (packages.length >= 2) {
    args.packageNames = packages.length;
    args.packagesListed = packages.slice(0, MAX_LISTED).join(', ');
    const known = packages.map((name) => NETWORK_TOOL_PACKAGES.get(name)).filter((name) => name !== undefined);
    if (known.length > 0) args.targets = `network-tools: ${[...new Set(known)].join(', ')}`;
    notes.push(
      `a list of ${packages.length} app package names${known.length > 0 ? ` (messengers, VPNs or Tor among them: ${[...new Set(known)].slice(0, 6).join(', ')})` : ''}`,
    );
  }
  const hashes = lines.filter((line) => HASH_LINE.test(line));
  if (hashes.length >= 2) {
    args.hashes = hashes.length;
    notes.push(`a list of ${hashes.length} hex digests (MD5/SHA): hashes to match files against`);
  }
  if (paths.length >= 2) {
    args.paths = paths.length;
    args.pathsListed = paths.slice(0, MAX_LISTED).join(', ');
    notes.push(`a list of ${paths.length} file paths`);
  }
  return { args, note: notes.length > 0 ? `; ${notes.join('; ')}` : '' };
}

function tableArgs(asset: AssetInfo): Record<string, string | number> {
  if (!asset.table) return {};
  return {
    header: asset.table.header.join(' | '),
    rows: asset.table.rows.length,
    firstRows: asset.table.rows
      .slice(0, 5)
      .map((row) => row.join(' | '))
      .join(' / '),
  };
}

/** True when a method that names the file also hashes (MessageDigest.digest/update in the same method). */
function readByHashingCode(placed: readonly PlacedLinks[]): boolean {
  for (const { model, links } of placed) {
    const code = model.code;
    if (!code) continue;
    for (const use of linkedUses(links))
      if (
        code
          .referencesFrom(use.caller)
          .some((reference) => DIGEST_CALLS.some((call) => reference.target.startsWith(call)))
      )
        return true;
  }
  return false;
}

function fileFinding(app: AppModel, asset: AssetInfo, placed: readonly PlacedLinks[]): Finding {
  const links = allLinks(placed);
  const confidence: Confidence = MAGIC_TYPES.has(asset.type) ? 'high' : 'medium';
  const lists = listArgs(asset);
  const hashList = asset.type === 'high-entropy' && readByHashingCode(placed);
  return {
    ruleId: ID,
    code: hashList ? 'asset.likely-hash-list' : `asset.${asset.type}`,
    topic: 'asset',
    claim: `Ships ${asset.entry}: ${describe(asset)}, ${asset.size} bytes${lists.note}${hashList ? '; the code that opens it hashes data (MessageDigest): likely a list of hashes to match files against' : ''}${linkSummary(links)}`,
    args: {
      entry: asset.entry,
      type: asset.type,
      size: asset.size,
      ...(asset.sha256 !== undefined ? { sha256: asset.sha256 } : {}),
      ...linkArgs(links),
      ...contentArgs(asset),
      ...tableArgs(asset),
      ...lists.args,
      ...(hashList ? { readByHashingCode: true } : {}),
    },
    confidence,
    evidence: [bytesEvidence(app, asset.entry, 0, asset.size, asset.type), ...codeEvidence(placed)],
  };
}

export const rule: Rule = {
  meta: {
    id: ID,
    description:
      'Files shipped outside code and resources (native libraries, dex, archives, databases, data files, encrypted blobs), with the code that names each',
    categories: [],
    references: [
      'https://developer.android.com/reference/android/content/res/AssetManager#open(java.lang.String)',
      'https://developer.android.com/reference/java/lang/System#loadLibrary(java.lang.String)',
      'https://docs.oracle.com/javase/8/docs/technotes/guides/jni/spec/design.html#resolving_native_method_names',
      'https://www.sqlite.org/fileformat2.html#magic_header_string',
    ],
  },
  run(app: AppModel, context?: RuleContext): Finding[] {
    const apks = apksOfSameApp(app, context);
    const libraries = app.assets.filter((asset) => asset.type === 'elf' && libraryShortName(asset.entry) !== undefined);
    const findings = nativeLibraryFindings(app, apks, libraries);
    const grouped = new Set(libraries);
    for (const asset of app.assets) {
      if (NEVER_REPORTED.has(asset.type) || grouped.has(asset)) continue;
      const placed = codeLinksAcross(apks, asset.entry);
      const smallText = asset.text !== undefined && DATA_FOLDERS.some((folder) => asset.entry.startsWith(folder));
      if (!ALWAYS_REPORTED.has(asset.type) && !smallText && placed.length === 0) continue;
      findings.push(fileFinding(app, asset, placed));
    }
    return findings;
  },
};
