/**
 * `apkwitness inspect`: container, manifest, resources and signers of one app.
 */
import { readFileSync, statSync } from 'node:fs';
import { FormatError } from '../formats/diagnostics.js';
import { inspectApk, type AppInspection } from '../model/app.js';
import { renderInspectionText } from '../report/inspect-text.js';
import { toJson } from '../report/json.js';
import { parseCommandArguments, UsageError } from './arguments.js';
import type { Io } from './main.js';

export const INSPECT_HELP = `Usage: apkwitness inspect <file.apk> [<file.apk>...] [--json]

Reads the container, AndroidManifest.xml, resources.arsc and signatures and prints a summary:
package, versions, SDK levels, app label in every locale, permissions with protection level,
components with their exported state, resource packages and locales, and every anomaly found
(each with the entry and byte offset it was read from).

Options:
  --json             print JSON (one document; an array when several files are given)
  --all-diagnostics  list every diagnostic instead of the first 40
  -h, --help         this help

Exit codes: 0 ok, 2 a file could not be read (one line on stderr per file).
`;

/** Largest file read into memory at once; bigger inputs get a clear error instead of an OOM. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024 * 1024 - 1;

function readInput(path: string): Uint8Array {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new UsageError(`${path}: is a folder (split-APK folders are read by 'scan')`);
    size = stats.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > MAX_INPUT_BYTES) throw new UsageError(`${path}: file is ${size} bytes, larger than the ${MAX_INPUT_BYTES}-byte limit`);
  return new Uint8Array(readFileSync(path));
}

export async function runInspect(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArguments(args, {
    json: { type: 'boolean' },
    'all-diagnostics': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(INSPECT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('inspect needs at least one file (try apkwitness help inspect)');

  const inspections: AppInspection[] = [];
  let failed = false;
  for (const path of positionals) {
    try {
      const bytes = readInput(path);
      inspections.push(inspectApk(bytes, path));
    } catch (error) {
      if (error instanceof FormatError || error instanceof UsageError) {
        io.stderr.write(`apkwitness: ${path}: ${error.message}\n`.replace(/^apkwitness: (.+?): \1: /, 'apkwitness: $1: '));
        failed = true;
        continue;
      }
      throw error;
    }
  }
  if (values.json) {
    io.stdout.write(`${toJson(inspections.length === 1 && positionals.length === 1 ? inspections[0] : inspections)}\n`);
  } else {
    for (const inspection of inspections) io.stdout.write(renderInspectionText(inspection, { allDiagnostics: Boolean(values['all-diagnostics']) }));
  }
  return failed ? 2 : 0;
}
