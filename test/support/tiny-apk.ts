/**
 * Tiny generated APKs for the queue tests and benchmarks: a stored ZIP holding only a
 * binary AndroidManifest.xml whose package name carries a number, so that each one has
 * its own SHA-256 and is its own app, and a scan takes milliseconds.
 * Binary XML per AOSP ResourceTypes.h (test/axml/builder.ts); the ZIP by the tests' one
 * writer (test/support/zip-writer.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { document, endElement, startElement, stringPool } from '../axml/builder.js';
import { buildZip } from './zip-writer.js';

/** Res_value data type of a string (ResourceTypes.h TYPE_STRING). */
const TYPE_STRING = 0x03;

function tinyApk(packageName: string): Uint8Array {
  const manifest = document(
    stringPool(['manifest', 'package', packageName]),
    startElement(0, [{ name: 1, raw: 2, type: TYPE_STRING, data: 2 }]),
    endElement(0),
  );
  return buildZip([{ name: 'AndroidManifest.xml', data: manifest }]);
}

/** Writes `count` tiny APKs (org.apkwitness.synthetic.n<i>) into `folder`, 500 to a sub-folder; returns their paths. */
export function writeTinyApks(folder: string, count: number, first = 0): string[] {
  const paths: string[] = [];
  for (let index = first; index < first + count; index += 1) {
    const sub = join(folder, `part${Math.floor(index / 500)}`);
    if (index % 500 === 0 || index === first) mkdirSync(sub, { recursive: true });
    const path = join(sub, `synthetic-${index}.apk`);
    writeFileSync(path, tinyApk(`org.apkwitness.synthetic.n${index}`));
    paths.push(path);
  }
  return paths;
}
