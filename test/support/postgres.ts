/**
 * PostgreSQL for the tests: the server named by DATABASE_URL or the PG* variables
 * (.ci/run starts a throw-away cluster with scripts/postgres-cluster.sh and exports
 * them). Without either, the tests that need it skip with one line; with them, a server
 * that cannot be reached is a failure, not a skip. Each test file gets databases of its
 * own, dropped when it ends.
 */
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import pg from 'pg';

const configured =
  (process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '') || process.env.PGHOST !== undefined;

/** The `skip` option of a test that needs PostgreSQL: false, or why it is skipped. */
export const postgresSkip: string | false = configured
  ? false
  : 'PostgreSQL not configured (set PGHOST/PGPORT/PGUSER or DATABASE_URL; .ci/run starts one with scripts/postgres-cluster.sh)';

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
