/**
 * A fresh case library built from the fixture APKs with the store's write API
 * (scanApp → Library.writeScan, as a batch records each file), for the viewer tests.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { scanApp } from '../../src/scan/scan.js';
import { dictionaries } from '../support/dictionaries.js';
import { toolVersion } from '../../src/version.js';
import { openLibrary, type Library } from '../../src/store/index.js';
import { repositoryRoot } from '../support/corpus.js';

export const DEMO = join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk');
export const DEMO_V2 = join(repositoryRoot, 'fixtures', 'demo-v2', 'field-survey-v2.apk');
export const HOSTILE_STRINGS = join(repositoryRoot, 'fixtures', 'hostile', 'hostile-strings.apk');
export const HOSTILE_IDENTIFIERS = join(repositoryRoot, 'fixtures', 'hostile', 'hostile-identifiers.apk');

const FIXTURE_APKS: readonly string[] = [DEMO, DEMO_V2, HOSTILE_STRINGS, HOSTILE_IDENTIFIERS];

export const DEMO_PACKAGE = 'org.apkwitness.demo.fieldsurvey';
export const HOSTILE_PACKAGE = 'org.apkwitness.fixture.hostile';

/** A failed file as a batch records it, with a name and message that attack the page. */
export const HOSTILE_ERROR = {
  path: '/cases/"><img src=x onerror=alert(1)>.apk',
  inputSha256: 'e'.repeat(64),
  kind: 'format',
  message: 'not a zip: <script>alert(1)</script>\u001b[31m',
} as const;

export interface FixtureLibrary {
  readonly path: string;
  readonly library: Library;
  /** Scan id by fixture path. */
  readonly scanIds: ReadonlyMap<string, number>;
  dispose(): void;
}

export function buildFixtureLibrary(apks: readonly string[] = FIXTURE_APKS): FixtureLibrary {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-viewer-'));
  const path = join(folder, 'library.db');
  const writer = openLibrary(path);
  const scanIds = new Map<string, number>();
  for (const apk of apks) {
    const bytes = readFileSync(apk);
    const { report } = scanApp(apk, { dictionaries });
    const inputSha256 = createHash('sha256').update(bytes).digest('hex');
    scanIds.set(apk, writer.writeScan({ report, inputSha256, fileName: basename(apk), size: bytes.length }));
  }
  writer.writeError(HOSTILE_ERROR, toolVersion());
  writer.close();
  const library = openLibrary(path, { readonly: true });
  return {
    path,
    library,
    scanIds,
    dispose: () => {
      library.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
