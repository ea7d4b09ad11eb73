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
import { arg, defineCodes, emitter, type ArgsOf } from '../../findings/contract.js';
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
const ALWAYS_REPORTED: ReadonlySet<string> = new Set([
  'elf',
  'dex',
  'zip',
  'sqlite',
  'json',
  'csv',
  'tsv',
  'high-entropy',
  'gzip',
]);
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
const NEVER_REPORTED: ReadonlySet<string> = new Set(['image', 'unread']);
/** Types recognised by a magic number (certain) rather than by shape (likely). */
const MAGIC_TYPES: ReadonlySet<string> = new Set(['elf', 'dex', 'zip', 'sqlite', 'gzip']);
const JSON_KEYS_IN_CLAIM = 5;
/** Header cells and network tools named in a claim. */
const HEADER_CELLS_IN_CLAIM = 8;
const NETWORK_TOOLS_IN_CLAIM = 6;

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

const LINK_ARGS = {
  /** Uses of code strings naming the file (src/rules/shared/code-links.ts). */
  namedByCode: arg.integer,
  /** The distinct strings naming it, most specific first. */
  namedAs: arg.optional(arg.list(arg.text)),
  /** How they name it, most specific first. */
  linkKinds: arg.optional(arg.list(arg.enum('path', 'load-library', 'path-suffix', 'file-name'))),
  /** The method of the first code place naming it, Java spelling without the descriptor: `com.a.B.open`. */
  namedIn: arg.optional(arg.string),
};

/** `; named by code as "x.db" in com.a.B.open and 2 more place(s)`, or '' when no code names the file. */
function linkSummary(args: ArgsOf<typeof LINK_ARGS>): string {
  if (args.namedByCode === 0) return '';
  const text = args.namedAs?.[0] ?? '';
  const how = args.linkKinds?.[0] === 'load-library' ? `System.loadLibrary("${text}")` : `"${text}"`;
  return `; named by code as ${how} in ${args.namedIn ?? ''}${args.namedByCode > 1 ? ` and ${args.namedByCode - 1} more place(s)` : ''}`;
}

function linkArgs(links: readonly CodeLink[]): ArgsOf<typeof LINK_ARGS> {
  const uses = linkedUses(links);
  const first = uses[0];
  return {
    namedByCode: uses.length,
    ...(links.length > 0
      ? {
          namedAs: [...new Set(links.map((link) => link.text))],
          linkKinds: [...new Set(links.map((link) => link.kind))],
        }
      : {}),
    ...(first
      ? {
          namedIn: `${javaClassName(splitMember(first.caller).classDescriptor)}.${splitMember(first.caller).member.split('(')[0] ?? ''}`,
        }
      : {}),
  };
}

const FILE_VIEWS = {
  identity: ['entry'],
  asset: { entry: 'entry', type: 'type', size: 'size', sha256: 'sha256' },
} as const;

const FILE_ARGS = {
  entry: arg.string,
  /** The sniffed type (src/model/assets/sniff.ts). */
  type: arg.string,
  size: arg.integer,
  /** json: the first five top-level keys. */
  keys: arg.optional(arg.list(arg.text)),
  /** elf: the ABI of its ELF header. */
  abi: arg.optional(arg.string),
  /** csv, tsv: fields per line. */
  columns: arg.optional(arg.integer),
  /** high-entropy: Shannon entropy, bits per byte. */
  entropy: arg.optional(arg.number),
  /** SHA-256 of the bytes (absent for a file over the sniffing budget). */
  sha256: arg.optional(arg.string),
  ...LINK_ARGS,
  /** A small text file under assets/ or res/raw/: its first 2,000 characters. */
  content: arg.optional(arg.text),
  /** How many characters the file has (content holds at most 2,000). */
  contentCharacters: arg.optional(arg.integer),
  /** CSV, TSV: the first line's cells. */
  header: arg.optional(arg.list(arg.text)),
  rows: arg.optional(arg.integer),
  /** CSV, TSV: the first five rows after the header, cell by cell. */
  firstRows: arg.optional(arg.list(arg.list(arg.text))),
  /** Lines that are app package names (at least two): how many, the first 20. */
  packageNames: arg.optional(arg.integer),
  packagesListed: arg.optional(arg.list(arg.text)),
  /** Messengers, VPNs and Tor apps among those packages (src/rules/shared/network-tools.ts). */
  networkTools: arg.optional(arg.list(arg.string)),
  /** Lines that are hex MD5/SHA-1/SHA-256 digests (at least two). */
  hashes: arg.optional(arg.integer),
  /** Lines that are file paths (at least two): how many, the first 20. */
  paths: arg.optional(arg.integer),
  pathsListed: arg.optional(arg.list(arg.text)),
  /** A method naming the file also hashes data (MessageDigest.digest/update). */
  readByHashingCode: arg.optional(arg.boolean),
};
type FileDescription = ArgsOf<typeof FILE_ARGS>;

const HASH_LIST_NOTE =
  '; the code that opens it hashes data (MessageDigest): likely a list of hashes to match files against';

const CODES = defineCodes({
  'native-library': {
    topic: 'asset',
    summary: 'a native library (lib/<abi>/lib<name>.so), one finding for all its ABIs',
    args: {
      /** The first copy's entry. */
      entry: arg.string,
      fileName: arg.string,
      abis: arg.list(arg.string),
      copies: arg.integer,
      /** Dynamic symbols exported by the copies (distinct). */
      exportedSymbols: arg.integer,
      /** Of those, JNI entry points (`Java_…`, `JNI_OnLoad`). */
      jniExports: arg.integer,
      /** The name System.loadLibrary takes. */
      libraryName: arg.optional(arg.string),
      ...LINK_ARGS,
    },
    message: (args) =>
      `Ships native library ${args.fileName} (${args.abis.join(', ')}; ${args.jniExports} JNI entry point(s))${linkSummary(args)}`,
    views: { identity: ['entry'], asset: { entry: 'entry' } },
  },
  file: {
    topic: 'asset',
    summary:
      'a shipped file by its sniffed type: elf, dex, zip, sqlite, json, csv, tsv, high-entropy, gzip always; text, xml-text and unknown when code names them or a small text file sits under assets/ or res/raw/',
    args: FILE_ARGS,
    message: (args) =>
      `Ships ${args.entry}: ${describe(args)}, ${args.size} bytes${listNotes(args)}${linkSummary(args)}`,
    views: FILE_VIEWS,
  },
  'likely-hash-list': {
    topic: 'asset',
    summary: 'a high-entropy file opened by code that hashes data: likely a list of hashes to match files against',
    args: FILE_ARGS,
    message: (args) =>
      `Ships ${args.entry}: ${describe(args)}, ${args.size} bytes${listNotes(args)}${HASH_LIST_NOTE}${linkSummary(args)}`,
    views: FILE_VIEWS,
  },
});
const emit = emitter(ID, CODES);

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
function nativeLibraryFindings(
  app: AppModel,
  context: RuleContext,
  apks: readonly AppModel[],
  libraries: readonly AssetInfo[],
): Finding[] {
  const byName = new Map<string, AssetInfo[]>();
  for (const asset of libraries) {
    const name = asset.entry.slice(asset.entry.lastIndexOf('/') + 1);
    byName.set(name, [...(byName.get(name) ?? []), asset]);
  }
  const findings: Finding[] = [];
  for (const [name, copies] of byName) {
    const placed = codeLinksAcross(context, apks, copies[0]?.entry ?? name);
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
    findings.push(
      emit('native-library', {
        args: {
          entry: copies[0]?.entry ?? name,
          fileName: name,
          abis,
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
      }),
    );
  }
  return findings;
}

function describe(args: FileDescription): string {
  const name = TYPE_NAMES[args.type] ?? `a ${args.type} file`;
  if (args.type === 'json' && args.keys !== undefined && args.keys.length > 0)
    return `${name} (keys ${args.keys.join(', ')})`;
  if (args.type === 'elf') return `${name} (${args.abi ?? '?'})`;
  if ((args.type === 'csv' || args.type === 'tsv') && args.header !== undefined)
    return `${name} (${args.columns ?? '?'} columns: ${args.header.slice(0, HEADER_CELLS_IN_CLAIM).join(', ')})`;
  if (args.type === 'csv') return `${name} (${args.columns ?? '?'} columns)`;
  if (args.type === 'high-entropy') return `${name}, ${args.entropy ?? '?'} bits/byte`;
  return name;
}

/** What the lines of a small text file are: app package names (messengers, VPNs, Tor among them), digests, paths. */
function listNotes(args: FileDescription): string {
  const notes: string[] = [];
  if (args.packageNames !== undefined) {
    const known = args.networkTools ?? [];
    notes.push(
      `a list of ${args.packageNames} app package names${known.length > 0 ? ` (messengers, VPNs or Tor among them: ${known.slice(0, NETWORK_TOOLS_IN_CLAIM).join(', ')})` : ''}`,
    );
  }
  if (args.hashes !== undefined)
    notes.push(`a list of ${args.hashes} hex digests (MD5/SHA): hashes to match files against`);
  if (args.paths !== undefined) notes.push(`a list of ${args.paths} file paths`);
  return notes.length > 0 ? `; ${notes.join('; ')}` : '';
}

/** The sniffer's details a claim quotes, by type. */
function detailArgs(asset: AssetInfo): { keys?: string[]; abi?: string; columns?: number; entropy?: number } {
  const { keys, abi, columns, entropy } = asset.details;
  if (asset.type === 'json' && Array.isArray(keys)) return { keys: keys.slice(0, JSON_KEYS_IN_CLAIM) };
  if (asset.type === 'elf' && typeof abi === 'string') return { abi };
  if ((asset.type === 'csv' || asset.type === 'tsv') && typeof columns === 'number') return { columns };
  if (asset.type === 'high-entropy' && typeof entropy === 'number') return { entropy };
  return {};
}

/** The content of a small text file: its first MAX_CONTENT_SHOWN characters and how many it has. */
function contentArgs(asset: AssetInfo): { content?: string; contentCharacters?: number } {
  if (asset.text === undefined) return {};
  return { content: asset.text.slice(0, MAX_CONTENT_SHOWN), contentCharacters: asset.text.length };
}

/** Lines that are package names, digests or paths, and the network tools (messengers, VPNs, Tor) among the packages. */
function listArgs(
  asset: AssetInfo,
): Pick<FileDescription, 'packageNames' | 'packagesListed' | 'networkTools' | 'hashes' | 'paths' | 'pathsListed'> {
  const lines = (asset.text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return {};
  const packages = lines.filter((line) => PACKAGE_LINE.test(line));
  const paths = lines.filter((line) => PATH_LINE.test(line));
  const hashes = lines.filter((line) => HASH_LINE.test(line));
  const known = [
    ...new Set(packages.map((name) => NETWORK_TOOL_PACKAGES.get(name)).filter((name) => name !== undefined)),
  ];
  return {
    ...(packages.length >= 2
      ? {
          packageNames: packages.length,
          packagesListed: packages.slice(0, MAX_LISTED),
          ...(known.length > 0 ? { networkTools: known } : {}),
        }
      : {}),
    ...(hashes.length >= 2 ? { hashes: hashes.length } : {}),
    ...(paths.length >= 2 ? { paths: paths.length, pathsListed: paths.slice(0, MAX_LISTED) } : {}),
  };
}

/** CSV or TSV: the header, how many rows, and the first five rows. */
function tableArgs(asset: AssetInfo): Pick<FileDescription, 'header' | 'rows' | 'firstRows'> {
  if (!asset.table) return {};
  return { header: asset.table.header, rows: asset.table.rows.length, firstRows: asset.table.rows.slice(0, 5) };
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
  const hashList = asset.type === 'high-entropy' && readByHashingCode(placed);
  return emit(hashList ? 'likely-hash-list' : 'file', {
    args: {
      entry: asset.entry,
      type: asset.type,
      size: asset.size,
      ...detailArgs(asset),
      ...(asset.sha256 !== undefined ? { sha256: asset.sha256 } : {}),
      ...linkArgs(links),
      ...contentArgs(asset),
      ...tableArgs(asset),
      ...listArgs(asset),
      ...(hashList ? { readByHashingCode: true } : {}),
    },
    confidence,
    evidence: [bytesEvidence(app, asset.entry, 0, asset.size, asset.type), ...codeEvidence(placed)],
  });
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
    codes: CODES,
  },
  run(app: AppModel, context: RuleContext): Finding[] {
    const apks = apksOfSameApp(app, context);
    const libraries = app.assets.filter((asset) => asset.type === 'elf' && libraryShortName(asset.entry) !== undefined);
    const findings = nativeLibraryFindings(app, context, apks, libraries);
    const grouped = new Set(libraries);
    for (const asset of app.assets) {
      if (NEVER_REPORTED.has(asset.type) || grouped.has(asset)) continue;
      const placed = codeLinksAcross(context, apks, asset.entry);
      const smallText = asset.text !== undefined && DATA_FOLDERS.some((folder) => asset.entry.startsWith(folder));
      if (!ALWAYS_REPORTED.has(asset.type) && !smallText && placed.length === 0) continue;
      findings.push(fileFinding(app, asset, placed));
    }
    return findings;
  },
};
