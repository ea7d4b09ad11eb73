/**
 * Fuzz targets: each takes hostile bytes and runs one parser (or the whole pipeline).
 * A target may throw FormatError (a clean, one-line refusal); anything else is a bug.
 */
import { readZip } from '../../src/formats/zip/index.js';
import { readBinaryXml } from '../../src/formats/axml/index.js';
import { readResourceTable } from '../../src/formats/arsc/table.js';
import { readDex } from '../../src/formats/dex/read-dex.js';
import { inspectApk } from '../../src/model/app.js';

export type FuzzTargetName =
  'apk' | 'zip' | 'axml' | 'arsc' | 'dex' | 'selftest-crash' | 'selftest-hang' | 'selftest-memory';

export const FUZZ_TARGETS: Record<FuzzTargetName, (bytes: Uint8Array) => unknown> = {
  apk: (bytes) => inspectApk(bytes, 'fuzz.apk'),
  zip: (bytes) => readZip(bytes),
  axml: (bytes) => readBinaryXml(bytes),
  arsc: (bytes) => readResourceTable(bytes),
  dex: (bytes) => readDex(bytes),
  // Targets that misbehave on purpose: the fuzz test checks that the harness catches each kind.
  'selftest-crash': (bytes) => {
    if ((bytes[0] ?? 0) % 2 === 0) throw new TypeError('planted crash');
  },
  'selftest-hang': () => {
    for (;;) {
      // planted infinite loop
    }
  },
  'selftest-memory': () => {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array<number>(1_000_000).fill(1));
  },
};
