/**
 * PostgreSQL for the tests: the server named by DATABASE_URL or the PG* variables
 * (.ci/run starts a throw-away cluster with scripts/postgres-cluster.sh and exports
 * them). Without either, the tests that need it skip with one line; with them, a server
 * that cannot be reached is a failure, not a skip. Each test file gets databases of its
 * own, dropped when it ends.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
import { repositoryRoot } from './corpus.js';
import { needs } from './needs.js';

/** The `skip` option of a test that needs PostgreSQL: false, or why it is skipped. */
export const postgresSkip: string | false = needs('postgresql');

/** The URL of database `name` on the configured server (the rest from DATABASE_URL or the PG* variables). */
export function databaseUrl(name: string): string {
  const base = process.env.DATABASE_URL;
  if (base !== undefined && base !== '') {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return url.toString();
  }
  return `postgres:///${name}`;
}

async function administer(sql: string): Promise<void> {
  const client = new pg.Client(
    process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== ''
      ? { connectionString: process.env.DATABASE_URL }
      : {},
  );
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new empty database, dropped (with its connections) when the test file ends; returns its URL. */
export async function freshDatabase(prefix = 'apkwitness_test'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await administer(`CREATE DATABASE ${name}`);
  after(() => administer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return databaseUrl(name);
}

/** Why a test that needs a PostgreSQL server of its own (to restart it) is skipped, or false. */
export const ownClusterSkip: string | false = needs('postgresql-binaries');

export interface OwnCluster {
  readonly url: string;
  /** Stops the server as a crash would (immediate mode) and starts it again. */
  restart(): void;
}

/** A throw-away cluster of this test file's own (scripts/postgres-cluster.sh), stopped and removed when the file ends. */
export async function ownCluster(): Promise<OwnCluster> {
  const folder = mkdtempSync(join(tmpdir(), 'apkwitness-cluster-'));
  const port = await freePort();
  const script = join(repositoryRoot, 'scripts', 'postgres-cluster.sh');
  execFileSync('bash', [script, 'start', folder, String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
  after(() => {
    try {
      execFileSync('bash', [script, 'stop', folder], { stdio: 'ignore' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
  return {
    url: `postgres://apkwitness@127.0.0.1:${port}/apkwitness`,
    restart: () => execFileSync('bash', [script, 'restart', folder], { stdio: ['ignore', 'ignore', 'inherit'] }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
