/**
 * apkwitness command line. Thin: parses arguments, calls the model, renders.
 * Exit codes: 0 ok, 1 findings over a requested threshold, 2 error.
 */
import { UsageError } from './arguments.js';
import { didYouMean } from './suggest.js';
import { toolVersion } from '../version.js';
import type { Io } from './io.js';

/** A command's module: its help text and its runner. */
interface Command {
  readonly help: string;
  run(args: string[], io: Io): number | Promise<number>;
}

// Each command's module (and the parsers and rules behind it) is loaded only when that
// command runs: `inspect` does not pay for the rules, `--version` for neither.
// One line per command: name → loader.
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  inspect: async () => {
    const module = await import('./inspect.js');
    return { help: module.INSPECT_HELP, run: module.runInspect };
  },
  scan: async () => {
    const module = await import('./scan.js');
    return { help: module.SCAN_HELP, run: module.runScan };
  },
  diff: async () => {
    const module = await import('./diff.js');
    return { help: module.DIFF_HELP, run: module.runDiff };
  },
  batch: async () => {
    const module = await import('./batch.js');
    return { help: module.BATCH_HELP, run: module.runBatchCommand };
  },
  search: async () => {
    const module = await import('./search.js');
    return { help: module.SEARCH_HELP, run: module.runSearch };
  },
  serve: async () => {
    const module = await import('./serve.js');
    return { help: module.SERVE_HELP, run: module.runServe };
  },
  enqueue: async () => {
    const module = await import('./enqueue.js');
    return { help: module.ENQUEUE_HELP, run: module.runEnqueueCommand };
  },
  worker: async () => {
    const module = await import('./worker.js');
    return { help: module.WORKER_HELP, run: module.runWorkerCommand };
  },
  status: async () => {
    const module = await import('./status.js');
    return { help: module.STATUS_HELP, run: module.runStatusCommand };
  },
};

/** For the launcher (bin/apkwitness.js), which sets them before any command loads. */
export { CLI_V8_FLAGS, tuneForScanning } from '../scan/process-tuning.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const HELP = `apkwitness — document what an Android app collects about people and where it sends it,
with evidence anyone can check.

Usage:
  apkwitness inspect <app> [<split>...] [--json]   container, manifest, resources, signers
  apkwitness scan <app> [--format f] [-o <dir>]    findings: what it collects, where it sends it
                                                   (text, json, md, html, sarif; --fail-on <c>)
  apkwitness diff <old> <new> [--format f]         what changed between two versions (app or saved scan JSON)
  apkwitness batch <folder>... [--library <db>]    scan every app under folders into the case library
  apkwitness search <text> [--library <db>]        search the case library (any script)
  apkwitness serve [--library <db>] [--port <n>]  local web viewer of the case library (loopback only)
  apkwitness enqueue <folder>... [--db <url>]      queue apps for workers in a shared PostgreSQL library
  apkwitness worker [--db <url>]                   scan queued apps into the PostgreSQL library, until stopped
  apkwitness status [--db <url>] [--json]          queued, running, done and failed apps of the queue
  apkwitness help <command>                        help for one command
  apkwitness --version

search and serve read a shared PostgreSQL library too (--db <url>: docs/scale-out.md).
<app> is an .apk, .xapk, .apks or .apkm file, a folder of split APKs, or several split APKs.

Exit codes: 0 ok, 1 findings over a requested threshold, 2 error (one line on stderr).
A closed standard output (apkwitness … | head) ends the command quietly with status 0.
`;

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
        io.stdout.write(HELP);
        return command === undefined ? EXIT_ERROR : EXIT_OK;
      case 'help': {
        const topic = rest[0];
        if (topic === undefined) {
          io.stdout.write(HELP);
          return EXIT_OK;
        }
        const load = Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic] : undefined;
        if (!load)
          throw new UsageError(
            `no help topic '${topic}'${didYouMean(topic, Object.keys(COMMANDS))} (topics: ${Object.keys(COMMANDS).join(', ')})`,
          );
        io.stdout.write((await load()).help);
        return EXIT_OK;
      }
      case '-V':
      case '--version':
        io.stdout.write(`apkwitness ${toolVersion()}\n`);
        return EXIT_OK;
      default: {
        const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
        if (!load)
          throw new UsageError(
            `unknown command '${command}'${didYouMean(command, [...Object.keys(COMMANDS), 'help'])} (try 'apkwitness --help')`,
          );
        return await (await load()).run(rest, io);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`apkwitness: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
}
