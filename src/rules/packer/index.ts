/**
 * packer: what static analysis may miss. Known protector stubs (classes, native
 * libraries, asset files), code shipped outside the loaded dex files (dex/zip or
 * encrypted blobs in assets), dynamic code loading, and name obfuscation.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Evidence, Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import { callSitesByName, classDefinitions, type ClassDefinitionPlace } from '../shared/app-facts.js';
import { codeLinks, linkedUses } from '../shared/code-links.js';
import { bytesEvidence, codeEvidenceList, javaClassName } from '../../findings/evidence.js';
import { APKID_PACKERS, DYNAMIC_LOADERS, PROTECTORS } from './stubs.js';

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

function lastSegment(entry: string): string {
  return entry.slice(entry.lastIndexOf('/') + 1);
}

function protectorFindings(app: AppModel): Finding[] {
  const classes = classDefinitions(app);
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
    findings.push({
      ruleId: ID,
      code: 'obfuscation.protector',
      topic: 'obfuscation',
      claim: `Protected with ${protector.name}: the real code is probably encrypted and only unpacked at run time, so static findings may be incomplete`,
      args: { protector: protector.name, matches: evidence.length, source: APKID_PACKERS },
      confidence: evidence.length >= 2 ? 'high' : 'medium',
      evidence,
    });
  }
  return findings;
}

function hiddenCodeFindings(app: AppModel): Finding[] {
  const findings: Finding[] = [];
  for (const asset of app.assets) {
    const code = asset.type === 'dex' || (asset.type === 'zip' && /\.(jar|apk|dex|zip)$/i.test(asset.entry));
    const encrypted =
      asset.type === 'high-entropy' && asset.size >= MIN_PAYLOAD_BYTES && !asset.entry.startsWith('lib/');
    if (!code && !encrypted) continue;
    const namedBy = linkedUses(codeLinks(app, asset.entry));
    findings.push({
      ruleId: ID,
      code: code ? 'obfuscation.code-in-assets' : 'obfuscation.encrypted-payload',
      topic: 'obfuscation',
      claim: code
        ? `Ships ${asset.type === 'dex' ? 'a dex file' : 'an archive'} outside the app's class path (${asset.entry}): code loaded at run time is not in the main analysis`
        : `Ships ${asset.entry} (${asset.size} bytes) that looks encrypted or compressed (entropy ${String(asset.details.entropy ?? '?')} bits/byte)`,
      args: { entry: asset.entry, type: asset.type, size: asset.size, namedByCode: namedBy.length },
      confidence: code ? 'high' : namedBy.length > 0 ? 'medium' : 'low',
      evidence: [bytesEvidence(app, asset.entry, 0, asset.size, asset.type), ...codeEvidenceList(app, namedBy, 3)],
    });
  }
  const loaders = DYNAMIC_LOADERS.flatMap((api) => callSitesByName(app, api));
  if (loaders.length > 0) {
    findings.push({
      ruleId: ID,
      code: 'obfuscation.dynamic-code-loading',
      topic: 'obfuscation',
      claim: `Loads code at run time (DexClassLoader or similar) at ${loaders.length} place(s): that code is not in the APK's dex files`,
      args: { callSites: loaders.length },
      confidence: 'medium',
      evidence: codeEvidenceList(app, loaders),
    });
  }
  return findings;
}

/** The simple name after the package and any outer classes: `Lcom/a/B$c;` → `c` (what .split('$').pop() gave, without the arrays). */
function simpleName(descriptor: string): string {
  const simple = descriptor.slice(descriptor.lastIndexOf('/') + 1, -1);
  return simple.slice(simple.lastIndexOf('$') + 1);
}

function renamingFindings(app: AppModel): Finding[] {
  // Generated resource classes (R$id, R$attr…) have short names in every app (souch.smsbypass_9.apk: 40% before this filter).
  // Anonymous classes (Outer$1) are numbered by javac, not renamed by an obfuscator.
  // One loop, no entry arrays or filtered copies: apps have up to ~100k classes.
  let classes = 0;
  let shortNames = 0;
  const examples: Array<readonly [string, ClassDefinitionPlace]> = [];
  for (const [descriptor, place] of classDefinitions(app)) {
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
    {
      ruleId: ID,
      code: 'obfuscation.renamed-classes',
      topic: 'obfuscation',
      claim: `${Math.round(ratio * 100)}% of the ${classes} classes have one- or two-letter names: the code is obfuscated (ProGuard/R8 or similar)`,
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
    },
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
  },
  run(app: AppModel): Finding[] {
    return [...protectorFindings(app), ...hiddenCodeFindings(app), ...renamingFindings(app)];
  },
};
