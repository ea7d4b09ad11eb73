/**
 * Fuzz targets: each takes hostile bytes and runs one parser, one model stage or the whole
 * scan. A target may throw FormatError (a clean, one-line refusal); anything else is a bug.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip } from '../../src/formats/zip/index.js';
import { readBinaryXml } from '../../src/formats/axml/index.js';
import { readResourceTable } from '../../src/formats/arsc/table.js';
import { readDex } from '../../src/formats/dex/read-dex.js';
import { inspectApk } from '../../src/model/app.js';
import { buildAppModel, buildAppModels } from '../../src/model/app-model-build.js';
import { sniffAsset } from '../../src/model/assets/index.js';
import { looksLikeEncryptedApkm } from '../../src/model/bundle/metadata.js';
import { scanModels } from '../../src/scan/scan.js';
import { Dictionaries } from '../../src/text/dictionaries.js';

export type FuzzTargetName =
  | 'apk'
  | 'zip'
  | 'axml'
  | 'arsc'
  | 'dex'
  | 'bundle'
  | 'filetype'
  | 'scan'
  | 'selftest-crash'
  | 'selftest-hang'
  | 'selftest-memory';

/** The targets a campaign runs (the self-tests are for the harness's own test). */
export const CAMPAIGN_TARGETS: readonly FuzzTargetName[] = [
  'apk',
  'zip',
  'axml',
  'arsc',
  'dex',
  'bundle',
  'filetype',
  'scan',
];

let scratch: string | undefined;
let bundleCases = 0;
/** A file of this worker (bundles are opened by path, as the CLI opens them). */
function scratchFile(name: string): string {
  if (scratch === undefined) {
    const folder = mkdtempSync(join(tmpdir(), 'apkwitness-fuzz-'));
    scratch = folder;
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  }
  return join(scratch, name);
}
/** This fuzz worker's dictionaries, shared by its scans (as the scan worker's are). */
const dictionaries = new Dictionaries();

export const FUZZ_TARGETS: Record<FuzzTargetName, (bytes: Uint8Array) => unknown> = {
  apk: (bytes) => inspectApk(bytes, 'fuzz.apk'),
  zip: (bytes) => readZip(bytes),
  axml: (bytes) => readBinaryXml(bytes),
  arsc: (bytes) => readResourceTable(bytes),
  dex: (bytes) => readDex(bytes),
  // A bundle (.apks of split APKs) through openApp, every split's model and the scan.
  bundle: (bytes) => {
    // A new file per case: rewriting one file in place makes ext4 flush it when it is closed
    // (auto_da_alloc on truncate), 2-5 ms a case, a tenth of the target's time.
    const path = scratchFile(`fuzz-${bundleCases++}.apks`);
    writeFileSync(path, bytes);
    try {
      const { models, diagnostics } = buildAppModels(path);
      return scanModels(path, models, { bundleDiagnostics: diagnostics, dictionaries });
    } finally {
      rmSync(path, { force: true });
    }
  },
  // File-type handling: what an entry is (asset sniffing: ELF, dex, zip, SQLite, images, text)
  // and what a container is (encrypted APKMirror bundles).
  filetype: (bytes) => {
    looksLikeEncryptedApkm(bytes);
    return sniffAsset('assets/fuzz.bin', bytes, bytes.length);
  },
  // The whole scan of one APK: model (code index, res/ XML, assets) and every rule.
  scan: (bytes) => scanModels('fuzz.apk', [buildAppModel(bytes, 'fuzz.apk').model], { dictionaries }),
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
