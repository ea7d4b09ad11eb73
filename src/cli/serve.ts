/**
 * `apkwitness serve`: the local web viewer of a case library. Binds to loopback unless
 * told otherwise with --allow-remote; runs until interrupted (Ctrl-C).
 */
import { existsSync } from 'node:fs';
import { safeText } from '../report/terminal.js';
import { isLoopbackHostName } from '../server/security.js';
import { DB_HELP, DEFAULT_LIBRARY, libraryChoice, parseCommandArguments, UsageError } from './arguments.js';
import type { Io } from './io.js';
import { chosenLibrary, type ChosenLibrary } from './library-choice.js';

/** The same default as `batch` and `search` (src/cli/batch.ts), kept here so serve does not load the batch code. */
const DEFAULT_PORT = 8750;
const MAXIMUM_PORT = 65535;

export const SERVE_HELP = `Usage: apkwitness serve [--library <file> | --db <url>] [--port <n>] [--host <address>] [--allow-remote]

Opens a case library (built with apkwitness batch, or by workers in PostgreSQL) in a local web viewer: every app with
its data categories, versions and signers; filters by data category, endpoint, signer and
SDK; each scan's full report; side-by-side differences between two versions of a package;
full-text search (Chinese included); and the same data as JSON under /api/.

The viewer only reads the library, loads nothing from the network, and answers only
requests addressed to a loopback name (127.0.0.1, ::1, localhost), which defeats DNS
rebinding. Every string from an app is escaped on every page.

Options:
  --library <file>   the library (default: ${DEFAULT_LIBRARY}, as for batch and search)
  --db <url>         a PostgreSQL library instead (the workers' shared library; below)
  --port <n>         port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)
  --host <address>   address to bind (default 127.0.0.1)
  --allow-remote     allow a non-loopback --host; anyone who can reach it reads the library
  -h, --help         this help

Examples:
  apkwitness batch samples/ --library cases.sqlite && apkwitness serve --library cases.sqlite
  apkwitness serve --library cases.sqlite --port 0   # any free port; the URL is printed
  apkwitness serve --host ::1                        # IPv6 loopback
  apkwitness serve --db postgres://lab@db.example/apkwitness   # the shared library of the workers

${DB_HELP}

Pages: /  (apps, filters)  /search?q=宗教  /app/<package>  /scan/<id>  /diff?old=<id>&new=<id>  /errors
JSON:  /api/apps  /api/facets  /api/search?q=…  /api/app/<package>  /api/scan/<id>  /api/diff?old=…&new=…  /api/errors

Exit codes: 0 stopped, 2 the library could not be opened or the address is refused.
`;

export async function runServe(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArguments(args, {
    library: { type: 'string' },
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'allow-remote': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  const choice = libraryChoice(values);
  const portText = (values.port as string | undefined) ?? String(DEFAULT_PORT);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > MAXIMUM_PORT)
    throw new UsageError(`--port must be a number from 0 to ${MAXIMUM_PORT}, not '${portText}'`);
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  if (!isLoopbackHostName(host)) {
    if (!values['allow-remote'])
      throw new UsageError(
        `--host ${host} is not a loopback address; add --allow-remote to serve the library to other machines`,
      );
    io.stderr.write(
      `apkwitness: warning: serving on ${safeText(host)}: anyone who can reach this address can read the whole library (no authentication, no TLS)\n`,
    );
  }
  if (choice.kind === 'sqlite' && !existsSync(choice.path)) {
    io.stderr.write(
      `apkwitness: ${safeText(choice.path)}: no such library (build one with apkwitness batch <folder> --library ${safeText(choice.path)})\n`,
    );
    return 2;
  }

  let chosen: ChosenLibrary;
  try {
    chosen = await chosenLibrary(choice);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { startViewer } = await import('../server/viewer.js');
  let viewer: Awaited<ReturnType<typeof startViewer>>;
  try {
    viewer = await startViewer({
      location: choice,
      host,
      port: Number(portText),
      logError: (error) =>
        io.stderr.write(
          `apkwitness serve: ${safeText(chosen.redact(String(error instanceof Error ? (error.stack ?? error) : error)))}
`,
        ),
    });
  } catch (error) {
    io.stderr.write(`apkwitness: ${safeText(chosen.name)}: ${safeText(chosen.redact((error as Error).message))}\n`);
    return 2;
  }
  io.stdout.write(`apkwitness viewer of ${safeText(chosen.name)} at ${viewer.url}  (Ctrl-C stops it)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await viewer.close();
  return 0;
}
