/**
 * Search latency over a library of the whole corpus (issue 7: under 50 ms a query):
 *
 *   node --import tsx bench/search.ts [--library path] [--rounds N] [--postgres]
 *
 * Without --library, first batches the corpus plus the demo and hostile fixtures (so
 * that 宗教 and 身份证号 have hits) into a temporary library. Then runs each query of the
 * set --rounds times through the store API (as the viewer and the CLI do) and prints
 * the median and the slowest time per query. Figures depend on the machine's load.
 *
 * --postgres: the same inputs also go through the queue into a fresh PostgreSQL library
 * (DATABASE_URL or the PG* variables; enqueue, then a worker in this process), and each
 * query runs against both, with both hit counts (they must be equal: docs/scale-out.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../src/batch/run-batch.js';
import { openLibrary, sqliteCaseLibrary, type CaseLibrary, type SearchOptions } from '../src/store/index.js';
import { corpusRoot, repositoryRoot } from '../test/support/corpus.js';

function option(name: string): string | undefined {
  const position = process.argv.indexOf(name);
  return position >= 0 ? process.argv[position + 1] : undefined;
}

const rounds = Number(option('--rounds') ?? '25');
const TARGET_MILLISECONDS = 50;

let libraryPath = option('--library');
let temporary: string | undefined;
if (libraryPath === undefined) {
  temporary = mkdtempSync(join(tmpdir(), 'apkwitness-bench-search-'));
  libraryPath = join(temporary, 'library.sqlite');
  const summary = await runBatch({
    libraryPath,
    roots: [corpusRoot, join(repositoryRoot, 'fixtures', 'demo'), join(repositoryRoot, 'fixtures', 'hostile')],
    jobs: 2,
    timeoutMilliseconds: 600_000,
    memoryMegabytes: 2048,
  });
  console.log(
    `built library: ${summary.analysed} scans, ${summary.errors.length} errors, ${(summary.milliseconds / 1000).toFixed(1)} s`,
  );
}

const library = openLibrary(libraryPath, { readonly: true });
const strings = library.db.prepare('SELECT count(*) FROM strings').pluck().get() as number;
const counts = library.counts();
const topHost = library.facets().endpoints[0]?.value ?? 'example.com';
console.log(
  `library ${libraryPath}: ${counts.scans} scans, ${counts.findings} findings, ${strings} strings; load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);

const QUERIES: Array<{ name: string; query: string; options?: SearchOptions }> = [
  { name: '2-char Chinese (bigram index)', query: '宗教' },
  { name: '4-char Chinese (trigram)', query: '身份证号' },
  { name: '2-char Chinese, common', query: '设置' },
  { name: `host ${topHost}`, query: topHost },
  { name: 'ASCII word', query: 'password' },
  { name: 'ASCII, very common trigram', query: 'com' },
  { name: 'no hit', query: 'zzzqqqxxx' },
  { name: 'category filter location + http', query: 'http', options: { category: 'location' } },
  { name: 'endpoint filter + 2-char', query: 'id', options: { endpoint: topHost } },
  { name: '2-char ASCII (every text checked)', query: 'id' },
  { name: '2-char Cyrillic (every text checked)', query: 'ип' },
  { name: 'limit 1000', query: 'android', options: { limit: 1000 } },
];

/** The inputs of the SQLite library, queued into a fresh PostgreSQL library and scanned by an in-process worker. */
async function postgresLibrary(): Promise<{ library: CaseLibrary; dispose: () => Promise<void> }> {
  const pg = (await import('pg')).default;
  const { pgTarget } = await import('../src/store/pg/connection.js');
  const { openPgLibrary } = await import('../src/store/pg/library.js');
  const { runEnqueue } = await import('../src/queue/enqueue.js');
  const { QueueWorker } = await import('../src/queue/worker.js');
  const name = `apkwitness_bench_search_${process.pid}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client(process.env.DATABASE_URL ? { connectionString: process.env.DATABASE_URL } : {});
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = process.env.DATABASE_URL
    ? Object.assign(new URL(process.env.DATABASE_URL), { pathname: `/${name}` }).toString()
    : `postgres:///${name}`;
  const target = pgTarget(url);
  const roots = [corpusRoot, join(repositoryRoot, 'fixtures', 'demo'), join(repositoryRoot, 'fixtures', 'hostile')];
  const enqueued = await runEnqueue({ target, roots });
  let finished = 0;
  const worker = await QueueWorker.start({
    target,
    concurrency: 2,
    leaseSeconds: 30,
    timeoutMilliseconds: 600_000,
    memoryMegabytes: 2048,
    log: () => {},
    onFinished: (outcome) => {
      if (outcome.state !== 'retry') finished += 1;
      if (finished === enqueued.enqueued) worker.stop();
    },
  });
  await worker.finished;
  const library = await openPgLibrary(target, { readonly: true });
  return {
    library,
    dispose: async () => {
      await library.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function timed(
  library: CaseLibrary,
  item: (typeof QUERIES)[number],
): Promise<{ hits: number; median: number; max: number }> {
  const times: number[] = [];
  let hits = 0;
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    hits = (await library.search(item.query, item.options)).hits.length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { hits, median: times[Math.floor(times.length / 2)] ?? 0, max: times[times.length - 1] ?? 0 };
}

const postgres = process.argv.includes('--postgres') ? await postgresLibrary() : undefined;
const sqlite = sqliteCaseLibrary(library);
console.log(`query\thits\tmedian ms\tmax ms${postgres ? '\tPostgreSQL hits\tmedian ms\tmax ms' : ''}`);
let worst = 0;
for (const item of QUERIES) {
  const left = await timed(sqlite, item);
  worst = Math.max(worst, left.median);
  const right = postgres === undefined ? undefined : await timed(postgres.library, item);
  console.log(
    `${item.name}\t${left.hits}\t${left.median.toFixed(2)}\t${left.max.toFixed(2)}${right ? `\t${right.hits}${right.hits === left.hits ? '' : ' (differs!)'}\t${right.median.toFixed(2)}\t${right.max.toFixed(2)}` : ''}`,
  );
}
await postgres?.dispose();
console.log(`slowest median ${worst.toFixed(2)} ms (target < ${TARGET_MILLISECONDS} ms)`);
library.close();
if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
