/**
 * packer: what static analysis may miss. Known protector stubs (classes, native
 * libraries, asset files), code shipped outside the loaded dex files (dex/zip or
 * encrypted blobs in assets), dynamic code loading, and name obfuscation.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Evidence, Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import type { AppFacts, ClassDefinitionPlace } from '../shared/app-facts.js';
import { codeLinks, linkedUses } from '../shared/code-links.js';
import { bytesEvidence, codeEvidenceList, javaClassName } from '../../findings/evidence.js';
import { arg, defineCodes, emitter } from '../../findings/contract.js';
import { APKID_PACKERS, PROTECTORS } from './stubs.js';
import { DYNAMIC_LOADERS } from '../shared/code-loading.js';

const ID = 'packer';
/** class_def_item: eight uint32 fields (dex-format). */
const CLASS_DEF_ITEM_SIZE = 32;
/** ProGuard/R8 rename to a, b, …, aa: a simple name of at most this many characters. */
const SHORT_NAME_LENGTH = 2;
/** Obfuscation is claimed when at least this share of at least MIN_CLASSES app classes have short names. */
const SHORT_NAME_RATIO = 0.4;
const MIN_CLASSES = 20;
/** Renamed classes cited as evidence. */
const RENAMED_EXAMPLES = 3;
const ANONYMOUS_CLASS = /\$\d+;$/;
const GENERATED_CLASS = /\/(R|R\$\w+|BuildConfig|Manifest|Manifest\$\w+)$|\/(R|BuildConfig);$|\/R\$\w+;$/;
/** Assets this large and this random are likely encrypted code or data. */
const MIN_PAYLOAD_BYTES = 16 * 1024;

const PAYLOAD_ARGS = {
  entry: arg.string,
  /** The sniffed type (docs/findings-schema.md, assets). */
  type: arg.string,
  size: arg.integer,
  /** Uses of code strings naming the file (src/rules/shared/code-links.ts). */
  namedByCode: arg.integer,
};

const CODES = defineCodes({
  protector: {
    topic: 'obfuscation',
    summary: "a known protector's stub classes or files (APKiD's packer list)",
    args: {
      protector: arg.string,
      /** Stub classes and files found. */
      matches: arg.integer,
      source: arg.string,
    },
    message: (args) =>
      `Protected with ${args.protector}: the real code is probably encrypted and only unpacked at run time, so static findings may be incomplete`,
    views: { identity: ['protector'] },
  },
  'code-in-assets': {
    topic: 'obfuscation',
    summary: "a dex file or code archive (.jar, .apk, .dex, .zip) outside the app's class path",
    args: PAYLOAD_ARGS,
    message: (args) =>
      `Ships ${args.type === 'dex' ? 'a dex file' : 'an archive'} outside the app's class path (${args.entry}): code loaded at run time is not in the main analysis`,
    views: { identity: ['entry'], asset: { entry: 'entry', type: 'type', size: 'size' } },
  },
  'encrypted-payload': {
    topic: 'obfuscation',
    summary: 'a large high-entropy file outside lib/ (encrypted or compressed code or data)',
    args: { ...PAYLOAD_ARGS, entropy: arg.optional(arg.number) },
    message: (args) =>
      `Ships ${args.entry} (${args.size} bytes) that looks encrypted or compressed (entropy ${args.entropy ?? '?'} bits/byte)`,
    views: { identity: ['entry'], asset: { entry: 'entry', type: 'type', size: 'size' } },
  },
  'dynamic-code-loading': {
    topic: 'obfuscation',
    summary: 'code calls DexClassLoader or a similar loader',
    args: { callSites: arg.integer },
    message: (args) =>
      `Loads code at run time (DexClassLoader or similar) at ${args.callSites} place(s): that code is not in the APK's dex files`,
  },
  'renamed-classes': {
    topic: 'obfuscation',
    summary: 'at least 40% of at least 20 app classes have one- or two-letter names',
    args: { classes: arg.integer, shortNames: arg.integer, ratio: arg.number },
    message: (args) =>
      `${Math.round((args.shortNames / args.classes) * 100)}% of the ${args.classes} classes have one- or two-letter names: the code is obfuscated (ProGuard/R8 or similar)`,
  },
});
const emit = emitter(ID, CODES);

function lastSegment(entry: string): string {
  return entry.slice(entry.lastIndexOf('/') + 1);
}

function protectorFindings(app: AppModel, facts: AppFacts): Finding[] {
  const classes = facts.classDefinitions();
  const findings: Finding[] = [];
  for (const protector of PROTECTORS) {
    const evidence: Evidence[] = [];
    for (const descriptor of protector.classes) {
      const place = classes.get(descriptor);
      if (place)
        evidence.push(
          bytesEvidence(
            app,
            place.source.name,
            place.classDef.offset,
            place.classDef.offset + CLASS_DEF_ITEM_SIZE,
            `class_def_item of ${javaClassName(descriptor)}`,
          ),
        );
    }
    for (const asset of app.assets) {
      if (protector.files.some((pattern) => pattern.test(lastSegment(asset.entry))))
        evidence.push(bytesEvidence(app, asset.entry, 0, asset.size, `${asset.type} file of the protector`));
    }
    if (evidence.length === 0) continue;
    findings.push(
      emit('protector', {
        args: { protector: protector.name, matches: evidence.length, source: APKID_PACKERS },
        confidence: evidence.length >= 2 ? 'high' : 'medium',
        evidence,
      }),
    );
  }
  return findings;
}

function hiddenCodeFindings(app: AppModel, facts: AppFacts): Finding[] {
  const findings: Finding[] = [];
  for (const asset of app.assets) {
    const code = asset.type === 'dex' || (asset.type === 'zip' && /\.(jar|apk|dex|zip)$/i.test(asset.entry));
    const encrypted =
      asset.type === 'high-entropy' && asset.size >= MIN_PAYLOAD_BYTES && !asset.entry.startsWith('lib/');
    if (!code && !encrypted) continue;
    const namedBy = linkedUses(codeLinks(facts, asset.entry));
    const args = { entry: asset.entry, type: asset.type, size: asset.size, namedByCode: namedBy.length };
    const evidence = [bytesEvidence(app, asset.entry, 0, asset.size, asset.type), ...codeEvidenceList(app, namedBy, 3)];
    const entropy = asset.details.entropy;
    findings.push(
      code
        ? emit('code-in-assets', { args, confidence: 'high', evidence })
        : emit('encrypted-payload', {
            args: typeof entropy === 'number' ? { ...args, entropy } : args,
            confidence: namedBy.length > 0 ? 'medium' : 'low',
            evidence,
          }),
    );
  }
  const loaders = DYNAMIC_LOADERS.flatMap((api) => facts.callSitesByName(api));
  if (loaders.length > 0) {
    findings.push(
      emit('dynamic-code-loading', {
        args: { callSites: loaders.length },
        confidence: 'medium',
        evidence: codeEvidenceList(app, loaders),
      }),
    );
  }
  return findings;
}

/** The simple name after the package and any outer classes: `Lcom/a/B$c;` → `c` (what .split('$').pop() gave, without the arrays). */
function simpleName(descriptor: string): string {
  const simple = descriptor.slice(descriptor.lastIndexOf('/') + 1, -1);
  return simple.slice(simple.lastIndexOf('$') + 1);
}

function renamingFindings(app: AppModel, facts: AppFacts): Finding[] {
  // Generated resource classes (R$id, R$attr…) have short names in every app (souch.smsbypass_9.apk: 40% before this filter).
  // Anonymous classes (Outer$1) are numbered by javac, not renamed by an obfuscator.
  // One loop, no entry arrays or filtered copies: apps have up to ~100k classes.
  let classes = 0;
  let shortNames = 0;
  const examples: Array<readonly [string, ClassDefinitionPlace]> = [];
  for (const [descriptor, place] of facts.classDefinitions()) {
    if (GENERATED_CLASS.test(descriptor) || ANONYMOUS_CLASS.test(descriptor)) continue;
    classes++;
    const simple = simpleName(descriptor);
    if (simple.length === 0 || simple.length > SHORT_NAME_LENGTH) continue;
    shortNames++;
    if (examples.length < RENAMED_EXAMPLES) examples.push([descriptor, place]);
  }
  if (classes < MIN_CLASSES) return [];
  const ratio = shortNames / classes;
  if (ratio < SHORT_NAME_RATIO) return [];
  return [
    emit('renamed-classes', {
      args: { classes, shortNames, ratio: Math.round(ratio * 1000) / 1000 },
      confidence: 'medium',
      evidence: examples.map(([descriptor, place]) =>
        bytesEvidence(
          app,
          place.source.name,
          place.classDef.offset,
          place.classDef.offset + CLASS_DEF_ITEM_SIZE,
          `class_def_item of ${javaClassName(descriptor)}`,
        ),
      ),
    }),
  ];
}

export const rule: Rule = {
  meta: {
    id: ID,
    description: 'Packers, protectors and obfuscation: what static analysis may miss',
    categories: [],
    references: [
      APKID_PACKERS,
      'https://developer.android.com/build/shrink-code',
      'https://developer.android.com/reference/dalvik/system/DexClassLoader',
    ],
    codes: CODES,
  },
  run(app: AppModel, context): Finding[] {
    const facts = context.facts(app);
    return [...protectorFindings(app, facts), ...hiddenCodeFindings(app, facts), ...renamingFindings(app, facts)];
  },
};
