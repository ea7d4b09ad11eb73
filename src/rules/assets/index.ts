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
const ALWAYS_REPORTED = new Set(['elf', 'dex', 'zip', 'sqlite', 'json', 'csv', 'high-entropy', 'gzip']);
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
  if (asset.type === 'csv') return `${name} (${String(asset.details.columns ?? '?')} columns)`;
  if (asset.type === 'high-entropy') return `${name}, ${String(asset.details.entropy ?? '?')} bits/byte`;
  return name;
}

function fileFinding(app: AppModel, asset: AssetInfo, placed: readonly PlacedLinks[]): Finding {
  const links = allLinks(placed);
  const confidence: Confidence = MAGIC_TYPES.has(asset.type) ? 'high' : 'medium';
  return {
    ruleId: ID,
    code: `asset.${asset.type}`,
    topic: 'asset',
    claim: `Ships ${asset.entry}: ${describe(asset)}, ${asset.size} bytes${linkSummary(links)}`,
    args: { entry: asset.entry, type: asset.type, size: asset.size, ...linkArgs(links) },
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
      if (!ALWAYS_REPORTED.has(asset.type) && placed.length === 0) continue;
      findings.push(fileFinding(app, asset, placed));
    }
    return findings;
  },
};
