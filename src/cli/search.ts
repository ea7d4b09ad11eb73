/**
 * `apkwitness search`: full-text search across the case library.
 */
import { existsSync } from 'node:fs';
import {
  openLibraryForReading,
  InvalidFilterError,
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  type AppFilters,
  type LibraryApp,
  type SearchHit,
  type SearchResult,
} from '../store/index.js';
import { safeText } from '../report/terminal.js';
import {
  DB_HELP,
  DEFAULT_LIBRARY,
  libraryChoice,
  parseCommandArguments,
  UsageError,
  type LibraryChoice,
} from './arguments.js';
import { chosenLibrary, type ChosenLibrary } from './library-choice.js';
import type { Io } from './io.js';

export const SEARCH_HELP = `Usage: apkwitness search [<text>] [--library <path> | --db <url>] [--category c] [--endpoint host] [--signer sha256] [--sdk name] [--limit N] [--json]

Finds <text> in every app of the case library: finding claims and their facts (URLs,
labels, form fields, ...), app names and the apps' string resources, in any script.
Terms of 3 or more characters use the trigram index; shorter ones (宗教) are matched too.
Without <text>, lists the apps that pass the filters (apkwitness search --endpoint 192.168.).

Options:
  --library <path>     the library file (default ${DEFAULT_LIBRARY})
  --db <url>           a PostgreSQL library instead (the workers' shared library; below)
  --category <c>       only apps with findings of this data category (docs/vocabulary.md)
  --endpoint <host>    only apps naming this host or its subdomains (or an address prefix: 192.168.)
  --signer <sha256>    only apps signed with this certificate (≥ 8 hex digits of its SHA-256), or 'unsigned'
  --sdk <name>         only apps with this SDK
  --limit N            at most N hits (default ${DEFAULT_SEARCH_LIMIT}, at most ${MAX_SEARCH_LIMIT})
  --json               print the hits as JSON
  -h, --help           this help

${DB_HELP}

Exit codes: 0 the search ran (with or without hits), 2 error.
`;

/** Characters of the snippet's surroundings shown on a terminal. */
const SNIPPET_DISPLAY_LENGTH = 200;

function hitText(hit: SearchHit): string {
  const version = hit.versionName !== undefined ? ` ${hit.versionName}` : '';
  const code = hit.versionCode !== undefined ? ` (${hit.versionCode})` : '';
  const label = hit.label !== undefined ? ` “${safeText(hit.label, 80)}”` : '';
  const head = `${safeText(hit.packageName || '(no package)')}${safeText(version)}${code}${label} — ${safeText(hit.fileName)} [scan ${hit.scanId}]`;
  const found = `    ${safeText(hit.source)}: ${safeText(hit.snippet, SNIPPET_DISPLAY_LENGTH)}\n`;
  if (hit.finding === undefined) return `${head}\n${found}`;
  const finding = `  ${hit.finding.ruleId}/${hit.finding.code}${hit.finding.category ? ` (${hit.finding.category})` : ''}: ${safeText(hit.finding.claim, SNIPPET_DISPLAY_LENGTH)}`;
  return `${head}\n${finding}\n${found}`;
}

function resultText(query: string, result: SearchResult): string {
  if (result.hits.length === 0) return `no hit for “${safeText(query)}”\n`;
  const more = result.truncated ? ` (more exist: raise --limit)` : '';
  return `${result.hits.map(hitText).join('')}${result.hits.length} hits${more}\n`;
}

function limitOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SEARCH_LIMIT;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_SEARCH_LIMIT)
    throw new UsageError(`--limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}, not '${value}'`);
  return Number(value);
}

export async function runSearch(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArguments(args, {
    library: { type: 'string' },
    db: { type: 'string' },
    category: { type: 'string' },
    endpoint: { type: 'string' },
    signer: { type: 'string' },
    sdk: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(SEARCH_HELP);
    return 0;
  }
  const query = positionals.join(' ');
  const filters = {
    category: values.category as string | undefined,
    endpoint: values.endpoint as string | undefined,
    signer: values.signer as string | undefined,
    sdk: values.sdk as string | undefined,
  };
  const filtered = Object.values(filters).some((value) => value !== undefined && value.trim() !== '');
  if (query.trim() === '' && !filtered)
    throw new UsageError('search needs some text or a filter (try apkwitness help search)');
  const choice = libraryChoice(values);
  const limit = limitOf(values.limit as string | undefined);
  if (choice.kind === 'sqlite' && !existsSync(choice.path)) {
    io.stderr.write(`apkwitness: ${safeText(choice.path)}: no such library (create one with apkwitness batch)\n`);
    return 2;
  }
  let chosen: ChosenLibrary;
  try {
    chosen = await chosenLibrary(choice);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (query.trim() === '') return listFiltered(choice, chosen, filters, limit, values.json === true, io);
  let result: SearchResult;
  try {
    const library = await openLibraryForReading(choice);
    try {
      result = await library.search(query, {
        category: values.category as string | undefined,
        endpoint: values.endpoint as string | undefined,
        signer: values.signer as string | undefined,
        sdk: values.sdk as string | undefined,
        limit,
      });
    } finally {
      await library.close();
    }
  } catch (error) {
    return libraryFailed(error, chosen, io);
  }
  io.stdout.write(values.json ? `${JSON.stringify({ query, ...result }, null, 2)}\n` : resultText(query, result));
  return 0;
}

/** A filter the library refuses is a usage error; anything else ends the command with one line and status 2. */
function libraryFailed(error: unknown, chosen: ChosenLibrary, io: Io): number {
  if (error instanceof InvalidFilterError) throw new UsageError(error.message);
  io.stderr.write(`apkwitness: ${safeText(chosen.name)}: ${safeText(chosen.redact((error as Error).message))}\n`);
  return 2;
}

/** No text, only filters: the apps that pass them (`search --endpoint 192.168.`). */
async function listFiltered(
  choice: LibraryChoice,
  chosen: ChosenLibrary,
  filters: AppFilters,
  limit: number,
  json: boolean,
  io: Io,
): Promise<number> {
  let apps: LibraryApp[];
  try {
    const library = await openLibraryForReading(choice);
    try {
      apps = await library.listApps(filters, { limit });
    } finally {
      await library.close();
    }
  } catch (error) {
    return libraryFailed(error, chosen, io);
  }
  if (json) {
    io.stdout.write(`${JSON.stringify({ filters, apps }, null, 2)}\n`);
    return 0;
  }
  const lines = apps.map(
    (app) =>
      `${safeText(app.packageName || '(no package)')}  ${safeText(app.latestVersionName ?? '?')}  ${safeText(app.label ?? '', 80)}  ${app.categories.map((category) => category.category).join(', ')}`,
  );
  io.stdout.write(`${lines.length === 0 ? 'No app passes these filters.' : lines.join('\n')}\n${apps.length} apps\n`);
  return 0;
}
