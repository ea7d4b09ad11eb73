/**
 * Where the PostgreSQL library is, as PostgreSQL users expect to say it: a URL
 * (`--db postgres://user@host:port/database`), else DATABASE_URL, else the libpq
 * variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSSLMODE...) and
 * ~/.pgpass, which node-postgres reads for every part a URL leaves out. A URL may
 * therefore be as short as `postgres://` (everything from the environment).
 *
 * Passwords are never printed: `describe` names user, host, port and database only, and
 * `redact` removes a known password from any message that could quote one.
 */
import pg from 'pg';

/** The URL schemes libpq accepts. */
const SCHEMES = ['postgres:', 'postgresql:'];
/** node-postgres's own defaults for what neither the URL nor the environment gives. */
const DEFAULT_HOST = 'localhost';
const DEFAULT_PORT = '5432';
/** pg_type OIDs whose text node-postgres leaves as strings by default. */
const INT8_OID = 20;
const NUMERIC_OID = 1700;

export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

export interface PgTarget {
  /** For node-postgres: the URL, when one was given (parts it leaves out come from PG* variables). */
  readonly connectionString?: string;
  /** `postgres://user@host:port/database`: safe to print (no password, no query parameters). */
  readonly description: string;
  /** The password given in the URL, if any (to be removed from messages). */
  readonly password?: string;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The target named by `--db` (when given), else DATABASE_URL, else the PG* variables.
 * Throws ConnectionError for a value that is not a postgres:// URL.
 */
export function pgTarget(url: string | undefined, env: NodeJS.ProcessEnv = process.env): PgTarget {
  const text = url ?? (env.DATABASE_URL !== undefined && env.DATABASE_URL !== '' ? env.DATABASE_URL : undefined);
  let user = env.PGUSER ?? env.USER ?? '';
  let host = env.PGHOST ?? DEFAULT_HOST;
  let port = env.PGPORT ?? DEFAULT_PORT;
  let database = env.PGDATABASE ?? '';
  let password: string | undefined;
  if (text !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw new ConnectionError('the database must be a postgres:// URL (postgres://user@host:port/database)');
    }
    if (!SCHEMES.includes(parsed.protocol))
      throw new ConnectionError(
        `the database must be a postgres:// URL, not ${parsed.protocol.replace(/:$/, '')}:// (SQLite libraries go with --library)`,
      );
    if (parsed.username !== '') user = decoded(parsed.username);
    if (parsed.password !== '') password = decoded(parsed.password);
    if (parsed.hostname !== '') host = decoded(parsed.hostname).replace(/^\[(.*)\]$/, '$1');
    if (parsed.port !== '') port = parsed.port;
    if (parsed.pathname.length > 1) database = decoded(parsed.pathname.slice(1));
  }
  if (database === '') database = user;
  const hostText = host.startsWith('/') ? encodeURIComponent(host) : host.includes(':') ? `[${host}]` : host;
  return {
    ...(text === undefined ? {} : { connectionString: text }),
    description: `postgres://${user === '' ? '' : `${encodeURIComponent(user)}@`}${hostText}:${port}/${encodeURIComponent(database)}`,
    ...(password === undefined ? {} : { password }),
  };
}

/** A message with the target's password (and its URL-encoded form) replaced by `***`. */
export function redact(message: string, target: PgTarget | undefined): string {
  let out = message;
  const secrets = [target?.password, process.env.PGPASSWORD].filter(
    (secret): secret is string => secret !== undefined && secret.length > 0,
  );
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}

/**
 * One line for a connection or query error, the password removed. Node reports a refused
 * connection to a name with several addresses (localhost: ::1 and 127.0.0.1) as an
 * AggregateError without a message; its code and addresses say what happened.
 */
export function errorText(error: unknown, target: PgTarget | undefined): string {
  if (!(error instanceof Error)) return redact(String(error), target);
  const code = (error as { code?: unknown }).code;
  let text = error.message;
  if (text === '' && error instanceof AggregateError) {
    const parts = error.errors.map((inner: unknown) => (inner instanceof Error ? inner.message : String(inner)));
    text = [...new Set(parts)].join('; ');
  }
  if (text === '') text = typeof code === 'string' ? code : error.name;
  return redact(text.split('\n')[0] ?? text, target);
}

/** 64-bit integers (ids, counts) as numbers: ids stay far below 2^53. */
function parseInteger(text: string): number {
  return Number(text);
}

/** Results come in text format (node-postgres's default; its binary results mangle bytea). */
function textParser(oid: number): (text: string) => unknown {
  if (oid === INT8_OID || oid === NUMERIC_OID) return parseInteger;
  return (pg.types.getTypeParser as (id: number, format: 'text') => (text: string) => unknown)(oid, 'text');
}

const TYPES = { getTypeParser: textParser as typeof pg.types.getTypeParser };

export interface PoolOptions {
  /** Connections at most (default 4). */
  readonly max?: number;
  /** Shown in pg_stat_activity. */
  readonly applicationName?: string;
  /** node-postgres's own type parsing (64-bit integers as strings), for libraries that expect it (the queue). */
  readonly defaultTypes?: boolean;
}

/**
 * node-postgres's pool, whose end can be bounded. `pool.end()` waits for every client in
 * use to be given back; a client whose query never returns (a server that stopped
 * answering, a lock that is never granted) would keep it waiting forever, and the
 * process with it.
 */
export class ClosablePool extends pg.Pool {
  /** The connections open now (node-postgres keeps its own list private). */
  private readonly open = new Set<pg.Client>();

  constructor(config: pg.PoolConfig) {
    super(config);
    // An idle client losing its connection (a server restart) emits 'error' on the pool; the
    // next query gets a new connection. Without a listener the process would end.
    this.on('error', () => {});
    this.on('connect', (client) => {
      this.open.add(client);
      client.once('end', () => this.open.delete(client));
      // A client in use losing its connection emits 'error' on itself; the query in flight rejects anyway.
      client.on('error', () => {});
    });
  }

  /**
   * Ends the pool, waiting at most `milliseconds` for the clients in use to be given
   * back; then closes every connection still open (their queries fail). Resolves true
   * when the pool ended in time, false when connections had to be closed.
   */
  async endWithin(milliseconds: number): Promise<boolean> {
    const ended = this.end().then(
      () => true,
      () => true,
    );
    const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), milliseconds).unref());
    if (await Promise.race([ended, timer])) return true;
    // Client.end() destroys the socket of a client with a query in flight.
    for (const client of this.open) void client.end().catch(() => {});
    this.open.clear();
    return false;
  }
}

export function createPool(target: PgTarget, options: PoolOptions = {}): ClosablePool {
  return new ClosablePool({
    ...(target.connectionString === undefined ? {} : { connectionString: target.connectionString }),
    max: options.max ?? 4,
    application_name: options.applicationName ?? 'apkwitness',
    ...(options.defaultTypes === true ? {} : { types: TYPES }),
    // A server that went away must not leave a query waiting forever.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  });
}

/** SQLSTATE classes and codes after which the same work can simply be tried again. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P01', // admin_shutdown (the server is stopping)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (the server is starting)
  '53300', // too_many_connections
]);
const TRANSIENT_NODE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** True for an error after which retrying (on a new connection) can succeed: the server restarted, a deadlock. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TRANSIENT_CODES.has(code) || code.startsWith('08') || TRANSIENT_NODE_CODES.has(code)) return true;
  }
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    error.message,
  );
}

/** Runs `work` in one transaction on one client of the pool; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true; // the connection itself is gone
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
