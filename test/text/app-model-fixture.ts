/**
 * AppModels for the tests of the forms and labels rules, built by part A's
 * buildAppModel (src/model/app-model-build.ts), and `textStrings` to make
 * sniffed-asset strings for synthetic assets.
 */
import { readFileSync } from 'node:fs';
import { buildAppModel } from '../../src/model/app-model-build.js';
import type { AppModel, AssetInfo } from '../../src/model/app-model.js';

/** Printable lines of a UTF-8 text with their byte offsets (what the asset sniffer gives). */
export function textStrings(bytes: Uint8Array): Array<{ text: string; offset: number }> {
  const out: Array<{ text: string; offset: number }> = [];
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === 0x0a) {
      const line = Buffer.from(bytes.subarray(start, index)).toString('utf8');
      const text = line.trim();
      const leading = Buffer.byteLength(line.slice(0, line.length - line.trimStart().length), 'utf8');
      if (text.length > 0) out.push({ text, offset: start + leading });
      start = index + 1;
    }
  }
  return out;
}

function appModelFromBytes(bytes: Uint8Array, path = 'memory.apk', extraAssets: AssetInfo[] = []): AppModel {
  const model = buildAppModel(bytes, path).model;
  return extraAssets.length === 0 ? model : { ...model, assets: [...model.assets, ...extraAssets] };
}

export function appModelFromFile(path: string, extraAssets: AssetInfo[] = []): AppModel {
  return appModelFromBytes(new Uint8Array(readFileSync(path)), path, extraAssets);
}
