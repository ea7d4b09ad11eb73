/**
 * root-check: code that looks for a rooted phone (su binaries, Superuser/Magisk
 * apps, test-keys builds, the RootBeer library). Surveillance apps use this to
 * notice analysis devices; stalkerware uses root to read other apps' data.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import type { AppFacts, ClassDefinitionPlace } from '../shared/app-facts.js';
import { codeEvidenceList, javaClassName } from '../../findings/evidence.js';
import { arg, defineCodes, emitter } from '../../findings/contract.js';

const ID = 'root-check';
/** Indicators from RootBeer's Const.java (github.com/scottyab/rootbeer) and OWASP MASTG-TEST-0045 (root detection). */
const ROOT_STRINGS: ReadonlySet<string> = new Set([
  '/system/bin/su',
  '/system/xbin/su',
  '/sbin/su',
  '/su/bin/su',
  '/system/su',
  '/system/bin/.ext/.su',
  '/system/usr/we-need-root/su-backup',
  '/system/xbin/mu',
  '/data/local/su',
  '/data/local/bin/su',
  '/data/local/xbin/su',
  '/system/sd/xbin/su',
  '/system/bin/failsafe/su',
  '/system/app/Superuser.apk',
  '/system/app/SuperSU.apk',
  'Superuser.apk',
  'test-keys',
  'which su',
  'su',
  'com.noshufou.android.su',
  'com.noshufou.android.su.elite',
  'eu.chainfire.supersu',
  'com.koushikdutta.superuser',
  'com.thirdparty.superuser',
  'com.yellowes.su',
  'com.topjohnwu.magisk',
  'com.kingroot.kinguser',
  'com.kingo.root',
  'com.smedialink.oneclickroot',
  'com.zhiqupk.root.global',
  'com.alephzain.framaroot',
  'de.robv.android.xposed.installer',
  'com.saurik.substrate',
  '/system/xbin/busybox',
  'ro.debuggable',
  'ro.secure',
]);
/** Strings too generic to count on their own ("su" as a command is only meaningful with other indicators). */
const WEAK: ReadonlySet<string> = new Set(['su', 'ro.secure', 'ro.debuggable']);
const ROOT_LIBRARIES = [
  'Lcom/scottyab/rootbeer/',
  'Lcom/stericson/RootTools/',
  'Lcom/stericson/RootShell/',
  'Leu/chainfire/libsuperuser/',
];
const MAX_LISTED = 12;

const CODES = defineCodes({
  'checks-root': {
    topic: 'behaviour',
    summary: 'code names su paths, root-manager packages or test-keys (at least one strong indicator)',
    args: {
      /** Every indicator named in code strings, weak ones (`su`, `ro.secure`, `ro.debuggable`) included. */
      indicators: arg.list(arg.text),
    },
    message: (args) => {
      const strong = args.indicators.filter((text) => !WEAK.has(text));
      return `Checks whether the phone is rooted: names ${strong.slice(0, MAX_LISTED).join(', ')}${strong.length > MAX_LISTED ? ', …' : ''}`;
    },
  },
  library: {
    topic: 'behaviour',
    summary: 'the app ships a root-detection or root-access library',
    args: { library: arg.string, classes: arg.integer },
    message: (args) => `Ships the root-detection/root-access library ${args.library} (${args.classes} classes)`,
    views: { identity: ['library'] },
  },
});
const emit = emitter(ID, CODES);

export const rule: Rule = {
  meta: {
    id: ID,
    description: 'Checks for a rooted phone: su paths, root-manager packages, test-keys, root libraries',
    categories: [],
    references: [
      'https://github.com/scottyab/rootbeer/blob/master/rootbeerlib/src/main/java/com/scottyab/rootbeer/Const.java',
      'https://mas.owasp.org/MASTG/knowledge/android/MASVS-RESILIENCE/MASTG-KNOW-0027/',
    ],
    codes: CODES,
  },
  run(app: AppModel, context): Finding[] {
    const code = app.code;
    if (!code) return [];
    const findings: Finding[] = [];
    const facts = context.facts(app);
    const found = facts
      .codeStrings()
      .filter((entry) => ROOT_STRINGS.has(entry.text))
      .map((entry) => entry.text);
    const strong = found.filter((text) => !WEAK.has(text));
    if (strong.length > 0) {
      const uses = found.flatMap((text) => code.stringUses(text));
      findings.push(
        emit('checks-root', {
          args: { indicators: found },
          confidence: strong.length >= 2 ? 'high' : 'medium',
          evidence: codeEvidenceList(app, uses),
        }),
      );
    }
    const byLibrary = libraryClasses(facts);
    for (const [prefix, classes] of byLibrary) {
      if (classes.length === 0) continue;
      const name = javaClassName(`${prefix.slice(0, -1)};`);
      findings.push(
        emit('library', {
          args: { library: name, classes: classes.length },
          confidence: 'high',
          evidence: classes.slice(0, 3).map(([descriptor, place]) => ({
            kind: 'bytes' as const,
            apkSha256: app.apk.sha256,
            entry: place.source.name,
            start: place.classDef.offset,
            end: place.classDef.offset + CLASS_DEF_ITEM_SIZE,
            description: `class_def_item of ${javaClassName(descriptor)}`,
          })),
        }),
      );
    }
    return findings;
  },
};

/**
 * The classes of each root library (prefix order, classes in class-definition order), in one pass over
 * the app's classes: an entry array of every class per prefix was 4 copies of up to ~100k entries per app.
 */
function libraryClasses(facts: AppFacts): Map<string, Array<[string, ClassDefinitionPlace]>> {
  const byLibrary = new Map<string, Array<[string, ClassDefinitionPlace]>>();
  for (const prefix of ROOT_LIBRARIES) byLibrary.set(prefix, []);
  for (const [descriptor, place] of facts.classDefinitions()) {
    for (const prefix of ROOT_LIBRARIES)
      if (descriptor.startsWith(prefix)) byLibrary.get(prefix)!.push([descriptor, place]);
  }
  return byLibrary;
}

/** class_def_item: eight uint32 fields (dex-format). */
const CLASS_DEF_ITEM_SIZE = 32;
