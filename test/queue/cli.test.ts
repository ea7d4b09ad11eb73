/**
 * The queue's commands on the command line: help, one-line usage errors with exit 2,
 * and secrets: a password given in the URL (or in PGPASSWORD) is never printed, whether
 * the database is unreachable, refuses, or answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pgTarget, redact } from '../../src/store/pg/connection.js';
import { runCli } from '../support/cli.js';
import { repositoryRoot } from '../support/corpus.js';
import { freshDatabase, postgresSkip } from '../support/postgres.js';

const PASSWORD = 'Sekr3t-p@ss/w0rd';
const ENCODED = encodeURIComponent(PASSWORD);
/** Nothing listens on port 1 of the loopback address. */
const UNREACHABLE = `postgres://lab:${ENCODED}@127.0.0.1:1/cases`;

const HELP_CASES: ReadonlyArray<readonly [string, RegExp]> = [
  ['enqueue', /Usage: apkwitness enqueue[\s\S]*--store <folder>[\s\S]*PGPASSWORD/],
  ['worker', /Usage: apkwitness worker[\s\S]*--lease-seconds S[\s\S]*SIGTERM/],
  ['status', /Usage: apkwitness status[\s\S]*"queued", "running", "done", "failed"/],
  ['search', /--db <url>/],
  ['serve', /--db <url>/],
];

test('help of the queue commands, and --db in search and serve', async () => {
  for (const [command, pattern] of HELP_CASES) {
    const result = await runCli([command, '--help']);
    assert.equal(result.status, 0, command);
    assert.match(result.stdout, pattern, command);
  }
  const main = await runCli(['--help']);
  assert.match(main.stdout, /apkwitness enqueue[\s\S]*apkwitness worker[\s\S]*apkwitness status/);
});

test('usage errors: exit 2 with one line', async () => {
  const cases: ReadonlyArray<readonly [string[], RegExp]> = [
    [['enqueue'], /needs at least one folder/],
    [['enqueue', 'x', '--tries', '0'], /--tries must be a whole number/],
    [['enqueue', 'x', '--db', 'mysql://host/db'], /must be a postgres:\/\/ URL, not mysql/],
    [['worker', 'extra'], /takes no arguments/],
    [['worker', '--concurrency', 'many'], /--concurrency must be a whole number/],
    [['worker', '--lease-seconds', '0'], /--lease-seconds must be a whole number ≥ 1/],
    [['status', '--db', 'not a url'], /must be a postgres:\/\/ URL/],
    [['search', 'x', '--db', 'postgres://h/d', '--library', 'a.sqlite'], /either --library .* or --db/],
    [['serve', '--db', 'http://example.org/'], /must be a postgres:\/\/ URL, not http/],
  ];
  for (const [args, pattern] of cases) {
    const result = await runCli(args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, pattern, args.join(' '));
    assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
  }
});

test('connection targets: described without password, passwords removed from messages', () => {
  const target = pgTarget(`postgresql://lab:${ENCODED}@db.example:5433/cases?sslmode=require`, {});
  assert.equal(target.description, 'postgres://lab@db.example:5433/cases');
  assert.equal(
    redact(`failed for postgresql://lab:${ENCODED}@db.example and ${PASSWORD}`, target).includes('Sekr3t'),
    false,
  );
  assert.equal(
    pgTarget(undefined, { PGHOST: '/run/postgresql', PGUSER: 'lab', PGDATABASE: 'x' }).description,
    'postgres://lab@%2Frun%2Fpostgresql:5432/x',
  );
  assert.equal(
    pgTarget(undefined, { DATABASE_URL: `postgres://u:${ENCODED}@h/d` }).description,
    'postgres://u@h:5432/d',
  );
  assert.equal(
    pgTarget('postgres://', { PGHOST: 'h', PGPORT: '6000', PGUSER: 'u', PGDATABASE: 'd' }).description,
    'postgres://u@h:6000/d',
  );
  assert.equal(pgTarget('postgres://[::1]:7000/d', { PGUSER: 'u' }).description, 'postgres://u@[::1]:7000/d');
});

test('an unreachable database: exit 2, one line, no password', async () => {
  const folder = join(repositoryRoot, 'fixtures', 'demo');
  for (const args of [
    ['status', '--db', UNREACHABLE],
    ['status', '--db', UNREACHABLE, '--json'],
    ['enqueue', folder, '--db', UNREACHABLE],
    ['worker', '--db', UNREACHABLE],
    ['search', 'x', '--db', UNREACHABLE],
    ['serve', '--db', UNREACHABLE, '--port', '0'],
  ]) {
    const result = await runCli(args);
    assert.equal(result.status, 2, `${args[0]}: ${result.stderr}`);
    assert.match(result.stderr, /postgres:\/\/lab@127\.0\.0\.1:1\/cases: .*(ECONNREFUSED|connect)/, args[0]);
    const output = result.stdout + result.stderr;
    assert.ok(!output.includes('Sekr3t') && !output.includes(ENCODED), `${args[0]} printed the password: ${output}`);
  }
});

test(
  'a reachable database with a password in the URL and in PGPASSWORD: never printed',
  { skip: postgresSkip },
  async () => {
    const url = new URL(await freshDatabase());
    url.password = ENCODED;
    const withPassword = url.toString().startsWith('postgres:///')
      ? `postgres://${encodeURIComponent(process.env.PGUSER ?? '')}:${ENCODED}@${process.env.PGHOST}:${process.env.PGPORT ?? 5432}${url.pathname}`
      : url.toString();
    const previous = process.env.PGPASSWORD;
    process.env.PGPASSWORD = PASSWORD;
    try {
      for (const args of [
        ['enqueue', join(repositoryRoot, 'fixtures', 'demo'), '--db', withPassword, '--json'],
        ['status', '--db', withPassword, '--json'],
        ['status', '--db', withPassword],
        ['search', '宗教', '--db', withPassword],
      ]) {
        const result = await runCli(args);
        const output = result.stdout + result.stderr;
        assert.ok(
          !output.includes('Sekr3t') && !output.includes(ENCODED),
          `${args[0]} printed the password: ${output}`,
        );
        if (args[0] !== 'search') assert.match(output, /postgres:\/\/[^:@\s]+@/, `${args[0]} names the database`);
        assert.equal(result.status, 0, `${args[0]}: ${result.stderr}`);
      }
    } finally {
      if (previous === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = previous;
    }
  },
);
