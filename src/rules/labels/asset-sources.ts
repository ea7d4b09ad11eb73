/**
 * Enumerations in assets: the printable strings the asset sniffer extracted
 * (JSON keys and values, CSV cells, text lines) of JSON/CSV/text/config
 * assets, each with its byte range.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Enumeration, LabelItem } from './types.js';

/** Sniffed types whose strings are data the app reads (not code or media). */
const DATA_TYPES: ReadonlySet<string> = new Set(['json', 'csv', 'tsv', 'text', 'xml-text', 'sqlite']);
/**
 * Where an app keeps data files it reads (AssetManager, Resources.openRawResource).
 * Other entries are Java resources of bundled libraries (org/apache/xerces/…/XIncludeMessages.properties
 * in the Appium server: message templates, not enumerations).
 */
const DATA_FOLDERS = ['assets/', 'res/raw/'];
/** Source code shipped by mistake or for documentation (javax/annotation/meta/When.java): comments, not data. */
const SOURCE_CODE = /\.(java|kt|scala|groovy|c|cc|cpp|h|map)$/i;
/** Strings looked at per asset. */
const MAX_STRINGS_PER_ASSET = 50_000;
/** Characters of one string kept. */
const MAX_TEXT = 4096;

/** A file name's words: `assets/terrorism_list.txt` → `terrorism list` (separators and the extension dropped). */
function nameWords(entry: string): string {
  const base = entry.slice(entry.lastIndexOf('/') + 1).replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return base.replace(/[_\-.]+/g, ' ').trim();
}

export function assetLists(app: AppModel): Enumeration[] {
  const out: Enumeration[] = [];
  // The names of the app's own files are labels too (a file named after "terrorism", 涉恐人员.csv).
  const names: LabelItem[] = [];
  for (const asset of app.assets) {
    if (!DATA_FOLDERS.some((folder) => asset.entry.startsWith(folder)) || SOURCE_CODE.test(asset.entry)) continue;
    const text = nameWords(asset.entry);
    if (text === '') continue;
    names.push({
      text,
      where: asset.entry,
      evidence: {
        kind: 'bytes',
        apkSha256: app.apk.sha256,
        entry: asset.entry,
        start: 0,
        end: asset.size,
        description: `the file ${asset.entry} (its name)`,
      },
    });
  }
  if (names.length > 0) out.push({ kind: 'asset-name', name: 'asset file names', items: names });
  for (const asset of app.assets) {
    if (
      !DATA_TYPES.has(asset.type) ||
      !DATA_FOLDERS.some((folder) => asset.entry.startsWith(folder)) ||
      SOURCE_CODE.test(asset.entry)
    )
      continue;
    const items: LabelItem[] = [];
    for (const string of asset.strings.slice(0, MAX_STRINGS_PER_ASSET)) {
      const text = string.text.slice(0, MAX_TEXT);
      items.push({
        text,
        where: `${asset.entry}@${string.offset}`,
        evidence: {
          kind: 'bytes',
          apkSha256: app.apk.sha256,
          entry: asset.entry,
          start: string.offset,
          end: string.offset + Buffer.byteLength(string.text, 'utf8'),
          description: `${asset.type} string`,
        },
      });
    }
    if (items.length > 0) out.push({ kind: 'asset', name: asset.entry, items });
  }
  return out;
}
