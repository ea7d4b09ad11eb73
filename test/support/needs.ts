/**
 * What a test needs from outside the repository: the shared real-APK corpus
 * (`../shared/corpus`, or APKWITNESS_CORPUS) or a Debian reference tool (.ci/run installs
 * them all). A test says so and is skipped, with one line naming what is missing, where
 * it is not there:
 *
 *   const CORPUS_AAPT = { skip: needs('corpus', 'aapt') };
 *   test('aapt agrees on every corpus manifest', CORPUS_AAPT, () => …);
 *
 * `npm run test:unit` sets APKWITNESS_UNIT=1: everything outside the repository counts as
 * missing, so only the tests on the project's own fixtures run. In that mode the corpus and
 * the tools really are out of reach (`corpusRoot` names no folder, `referenceTool` throws),
 * so a test that needs them without saying so fails there instead of passing by luck.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Debian tools the tests compare with (package names in .ci/run). */
type ReferenceToolName =
  | 'aapt'
  | 'androguard'
  | 'apksigner'
  | 'baksmali'
  | 'chromium'
  | 'dexdump'
  | 'java'
  | 'keytool'
  | 'python3'
  | 'readelf'
  | 'smali'
  | 'time'
  | 'unzip'
  | 'xxd';

/**
 * Besides the corpus and the tools: DroidBench (`../shared/benchmarks/droidbench`, or
 * APKWITNESS_DROIDBENCH), a PostgreSQL server named by DATABASE_URL or PG* (.ci/run starts
 * one), and Debian's PostgreSQL binaries for tests that run a cluster of their own.
 */
export type Need = 'corpus' | 'framework-res' | 'droidbench' | 'postgresql' | 'postgresql-binaries' | ReferenceToolName;

/** True under `npm run test:unit`: nothing outside the repository is used. */
export const unitRun = process.env.APKWITNESS_UNIT === '1';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const configuredCorpus = process.env.APKWITNESS_CORPUS ?? join(repositoryRoot, '..', 'shared', 'corpus');
/** Where the corpus is read; in a unit run, a path that names nothing. */
export const corpusRoot = unitRun ? join(repositoryRoot, '.no-corpus-in-a-unit-run') : configuredCorpus;
export const frameworkResPath = '/usr/share/android-framework-res/framework-res.apk';
const droidBenchPath =
  process.env.APKWITNESS_DROIDBENCH ?? join(repositoryRoot, '..', 'shared', 'benchmarks', 'droidbench');
const postgresBinaries = '/usr/lib/postgresql';
const postgresConfigured =
  (process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '') || process.env.PGHOST !== undefined;

const TOOL_FOLDERS = ['/usr/bin', '/usr/local/bin'];

/** Path of an installed reference tool, or undefined (always undefined in a unit run). */
export function toolPath(name: string): string | undefined {
  if (unitRun) return undefined;
  for (const folder of TOOL_FOLDERS) {
    const path = join(folder, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

function missing(need: Need): string | undefined {
  if (unitRun) return need === 'corpus' ? 'the corpus' : need;
  if (need === 'corpus') return existsSync(configuredCorpus) ? undefined : `the corpus (${configuredCorpus})`;
  if (need === 'framework-res') return existsSync(frameworkResPath) ? undefined : frameworkResPath;
  if (need === 'droidbench')
    return existsSync(join(droidBenchPath, 'truth.tsv')) ? undefined : `DroidBench (${droidBenchPath})`;
  if (need === 'postgresql')
    return postgresConfigured
      ? undefined
      : 'PostgreSQL (set PGHOST/PGPORT/PGUSER or DATABASE_URL; .ci/run starts one with scripts/postgres-cluster.sh)';
  if (need === 'postgresql-binaries')
    return existsSync(postgresBinaries)
      ? undefined
      : `PostgreSQL binaries at ${postgresBinaries} (apt-get install postgresql-15)`;
  return toolPath(need) === undefined ? `${need} (Debian package; see .ci/run)` : undefined;
}

/**
 * `false` when everything is there, else the reason to skip: `needs the corpus (…), aapt`.
 * Pass it as node:test's `skip` option.
 */
export function needs(...what: Need[]): string | false {
  const absent = what.map(missing).filter((reason) => reason !== undefined);
  if (absent.length === 0) return false;
  return `needs ${absent.join(', ')}${unitRun ? ' (unit run)' : ''}`;
}
