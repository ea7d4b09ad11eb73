/**
 * Which code names a shipped file: the const-string instructions whose string is
 * the file's path or ends with it. Android opens assets by their path under
 * assets/ (AssetManager.open("www/index.html"), "file:///android_asset/www/index.html"),
 * native libraries by their short name (System.loadLibrary("foo") loads
 * lib/<abi>/libfoo.so) or full path (System.load(".../libfoo.so")), and apps copy
 * assets out under their file name ("foo.db").
 * https://developer.android.com/reference/android/content/res/AssetManager#open(java.lang.String)
 * https://developer.android.com/reference/java/lang/System#loadLibrary(java.lang.String)
 */
import type { AppModel } from '../../model/app-model.js';
import type { CodeReference } from '../../model/code-index/index.js';
import type { RuleContext } from '../types.js';
import type { AppFacts } from './app-facts.js';

const ASSETS_PREFIX = 'assets/';
const NATIVE_LIBRARY = /^lib\/[^/]+\/lib([^/]+)\.so$/;
/** Methods that load a native library by its short name (java.lang.System/Runtime, ReLinker, SoLoader…). */
const LOAD_LIBRARY_METHOD = /->loadLibrary\w*\(/;
/** Shorter file names are too common to be cited on their name alone ("a", "db", "x.js"). */
const MIN_FILE_NAME_LENGTH = 5;

/** How a string names the file, from the most to the least specific. */
type LinkKind = 'path' | 'path-suffix' | 'file-name' | 'load-library';

export interface CodeLink {
  readonly kind: LinkKind;
  readonly text: string;
  readonly uses: readonly CodeReference[];
}

function linkKind(entry: string, relative: string, fileName: string, text: string): LinkKind | undefined {
  if (text === entry || text === relative) return 'path';
  if (text.endsWith(`/${relative}`)) return 'path-suffix';
  if (text === fileName && fileName.length >= MIN_FILE_NAME_LENGTH) return 'file-name';
  return undefined;
}

/** The short name System.loadLibrary takes for `lib/<abi>/lib<name>.so`, if the entry is one. */
export function libraryShortName(entry: string): string | undefined {
  return NATIVE_LIBRARY.exec(entry)?.[1];
}

/** Every string in the code that names `entry`, with its uses (most specific kinds first). */
export function codeLinks(facts: AppFacts, entry: string): CodeLink[] {
  const code = facts.app.code;
  if (!code) return [];
  const relative = entry.startsWith(ASSETS_PREFIX) ? entry.slice(ASSETS_PREFIX.length) : entry;
  const fileName = entry.slice(entry.lastIndexOf('/') + 1);
  const links: CodeLink[] = [];
  for (const text of facts.stringsByLastSegment().get(fileName) ?? []) {
    const kind = linkKind(entry, relative, fileName, text);
    if (kind !== undefined) links.push({ kind, text, uses: code.stringUses(text) });
  }
  const shortName = libraryShortName(entry);
  if (shortName !== undefined) {
    // "foo" alone is too common a string: cited only where the same method calls a loadLibrary.
    const uses = code
      .stringUses(shortName)
      .filter((use) => code.referencesFrom(use.caller).some((reference) => LOAD_LIBRARY_METHOD.test(reference.target)));
    if (uses.length > 0) links.push({ kind: 'load-library', text: shortName, uses });
  }
  const order: readonly LinkKind[] = ['path', 'load-library', 'path-suffix', 'file-name'];
  return links.filter((link) => link.uses.length > 0).sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/** The uses of every link, most specific first. */
export function linkedUses(links: readonly CodeLink[]): CodeReference[] {
  return links.flatMap((link) => link.uses);
}

/** Links found in one APK's code. */
export interface PlacedLinks {
  readonly model: AppModel;
  readonly links: readonly CodeLink[];
}

/** Links to `entry` from the code of each APK of the app (the file's own APK first). */
export function codeLinksAcross(context: RuleContext, apks: readonly AppModel[], entry: string): PlacedLinks[] {
  return apks
    .map((model) => ({ model, links: codeLinks(context.facts(model), entry) }))
    .filter((item) => item.links.length > 0);
}
