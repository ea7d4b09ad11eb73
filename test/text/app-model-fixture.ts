/**
 * Assembles an AppModel from an APK file for the tests of the forms and labels
 * rules, with the project's own readers (zip → binary XML for res/…,
 * resources.arsc → Resources, dex → CodeIndex). Part A's buildAppModel will
 * replace this; until then the rules are tested on the same kind of model.
 * Assets get a minimal sniff (JSON/CSV/text by name, printable UTF-8 lines with offsets).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readZip, readEntry } from '../../src/formats/zip/index.js';
import { readBinaryXml } from '../../src/formats/axml/index.js';
import { readResourceTable } from '../../src/formats/arsc/table.js';
import { Resources } from '../../src/model/resources/index.js';
import { buildCodeIndex, loadDexSources } from '../../src/model/code-index/index.js';
import type { AppModel, AssetInfo, XmlResourceFile } from '../../src/model/app-model.js';
import type { SigningReport } from '../../src/model/signing/index.js';

const EMPTY_SIGNING: SigningReport = { schemes: [], certificates: [], findings: [] } as unknown as SigningReport;
const TEXT_ASSET = /\.(json|csv|txt|xml|properties|cfg|conf)$/i;

/** Printable lines of a UTF-8 text with their byte offsets (what the asset sniffer gives). */
export function textStrings(bytes: Uint8Array): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === 0x0a) {
      const text = Buffer.from(bytes.subarray(start, index)).toString('utf8').trim();
      if (text.length > 0) out.push({ text, offset: start });
      start = index + 1;
    }
  }
  return out;
}

export function appModelFromBytes(bytes: Uint8Array, path = 'memory.apk', extraAssets: AssetInfo[] = []): AppModel {
  const archive = readZip(bytes).value;
  const xmlResources: XmlResourceFile[] = [];
  const assets: AssetInfo[] = [...extraAssets];
  let resources: Resources | undefined;
  for (const entry of archive.entries) {
    const data = readEntry(archive, entry).value;
    if (data === undefined) continue;
    if (entry.name === 'resources.arsc') resources = new Resources([readResourceTable(data).value]);
    else if (entry.name.startsWith('res/') && entry.name.endsWith('.xml')) {
      try {
        xmlResources.push({ entry: entry.name, document: readBinaryXml(data).value });
      } catch {
        // not binary XML: skipped, as Android would fail to inflate it
      }
    } else if (entry.name.startsWith('assets/')) {
      const type = TEXT_ASSET.test(entry.name) ? (entry.name.toLowerCase().endsWith('.json') ? 'json' : entry.name.toLowerCase().endsWith('.csv') ? 'csv' : 'text') : 'unknown';
      assets.push({ entry: entry.name, size: data.length, type, details: {}, strings: type === 'unknown' ? [] : textStrings(data) });
    }
  }
  xmlResources.sort((a, b) => Number(!a.entry.startsWith('res/layout')) - Number(!b.entry.startsWith('res/layout')) || a.entry.localeCompare(b.entry));
  const dexSources = loadDexSources(archive).value;
  const code = dexSources.length > 0 ? buildCodeIndex(dexSources).value : undefined;
  return {
    apk: { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length },
    ...(resources ? { resources } : {}),
    dexSources,
    ...(code ? { code } : {}),
    xmlResources,
    assets,
    signing: EMPTY_SIGNING,
    diagnostics: [],
  };
}

export function appModelFromFile(path: string, extraAssets: AssetInfo[] = []): AppModel {
  return appModelFromBytes(new Uint8Array(readFileSync(path)), path, extraAssets);
}
