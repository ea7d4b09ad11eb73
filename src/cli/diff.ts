/**
 * `apkwitness diff <old> <new>`: what changed between two versions of an app.
 * Each side is an app (APK, bundle, folder of splits) scanned now, or a report
 * saved earlier with `apkwitness scan --json`.
 */
import { writeFileSync } from 'node:fs';
import { isFolder, readRegularFile, readRegularFileHead } from '../model/bundle/index.js';
import { FormatError } from '../formats/diagnostics.js';
import { scanApp, type ScanReport } from '../scan/scan.js';
import { Dictionaries } from '../text/dictionaries.js';
import { isCategoryOrTopic, matchesCategoryOrTopic } from '../scan/run.js';
import { diffReports, type ReportDiff } from '../diff/index.js';
import { renderDiffText } from '../report/diff-text.js';
import { renderDiffMarkdown } from '../report/diff-markdown.js';
import { renderDiffHtml } from '../report/diff-html.js';
import { toJson } from '../report/json.js';
import { readSavedReport, SavedReportError } from '../report/read-report.js';
import { safeText } from '../report/terminal.js';
import { parseCommandArguments, UsageError } from './arguments.js';
import { Progress } from '../report/progress.js';
import type { Io } from './io.js';

export const DIFF_HELP = `Usage: apkwitness diff <old> <new> [--format text|json|md|html] [-o <file>] [--fail-on-new <category|topic>]...

Compares two versions of an app: the app at a glance (versions, SDK levels, names,
SIGNER), permissions, data categories, forms and their fields, labels of people and
behaviours, endpoints, SDKs, assets, and every finding with the evidence that
appeared or disappeared. Findings are matched by what they are about (rule, code,
permission/API/URL/field…), never by offsets, which move between builds (docs/diff.md).

<old> and <new> are each an .apk/.xapk/.apks/.apkm file or a folder of split APKs, or a
report saved with 'apkwitness scan --json' (a .json file).

Options:
  --format <f>           text (default), json (docs/diff-schema.md), md (Markdown), html (one offline page)
  --json                 same as --format json
  -o, --output <file>    write the diff to this file instead of stdout
  --fail-on-new <name>   exit 1 when the new version adds a finding of this data category or topic (repeatable)
  -h, --help             this help

Examples:
  apkwitness diff survey-1.2.apk survey-1.3.apk
  apkwitness diff old.json new.apk --format html -o changes.html
  apkwitness scan app-v1.apk --json > v1.json && apkwitness diff v1.json app-v2.apk --format md
  apkwitness diff v1.apk v2.apk --fail-on-new location --fail-on-new sdk   # CI gate

Exit codes: 0 ok, 1 a --fail-on-new finding was added, 2 an input could not be read.
`;

const FORMATS = ['text', 'json', 'md', 'html'] as const;
type Format = (typeof FORMATS)[number];

/** An input that could not be read: the CLI prints one line naming the file. */
class InputError extends Error {}

/** Reads `scan --json` output (schema version 3, or 2 upgraded): the fields the diff reads. */
function parseSavedReport(text: string, file: string): ScanReport {
  try {
    return readSavedReport(text, file);
  } catch (error) {
    if (error instanceof SavedReportError) throw new InputError(error.message);
    throw error;
  }
}

/** Bytes read to tell a saved report from an app. */
const SNIFF_BYTES = 64;

/** A saved report is a `.json` file, or any file that starts with `{` (APKs start with `PK`). */
function looksLikeSavedReport(path: string): boolean {
  if (/\.json$/i.test(path)) return true;
  if (isFolder(path)) return false;
  const head = new TextDecoder().decode(readRegularFileHead(path, SNIFF_BYTES)).trimStart();
  return head.startsWith('{');
}

/** `dictionaries`: shared by both sides (CC-CEDICT is read once for the two scans). */
function loadSide(path: string, dictionaries: Dictionaries): ScanReport {
  try {
    if (looksLikeSavedReport(path))
      return parseSavedReport(new TextDecoder().decode(readRegularFile(path).bytes), path);
    const report = scanApp(path, { dictionaries }).report;
    if (report.apks.length === 0) throw new InputError(`${path}: no APK found`);
    if (report.apks.every((apk) => apk.packageName === undefined))
      throw new InputError(`${path}: no AndroidManifest.xml read (not an Android app, or see apkwitness inspect)`);
    const packages = [...new Set(report.apks.map((apk) => apk.packageName ?? '(no package)'))];
    if (packages.length > 1)
      throw new InputError(
        `${path}: holds ${packages.length} apps (${packages.join(', ')}); a diff compares two versions of one app`,
      );
    return report;
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof FormatError)
      throw new InputError(error.message.startsWith(path) ? error.message : `${path}: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string')
      throw new InputError(`${path}: ${code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`);
    throw error;
  }
}

export function renderDiff(diff: ReportDiff, format: Format): string {
  switch (format) {
    case 'json':
      return `${toJson(diff)}\n`;
    case 'md':
      return renderDiffMarkdown(diff);
    case 'html':
      return renderDiffHtml(diff);
    case 'text':
      return renderDiffText(diff);
  }
}

export function runDiff(args: string[], io: Io): number {
  const { values, positionals } = parseCommandArguments(args, {
    format: { type: 'string' },
    json: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    'fail-on-new': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(DIFF_HELP);
    return 0;
  }
  if (positionals.length !== 2)
    throw new UsageError(
      `diff needs two inputs, <old> and <new>, not ${positionals.length} (try apkwitness help diff)`,
    );
  const format = (values.json ? 'json' : (values.format ?? 'text')) as string;
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be text, json, md or html, not '${format}'`);
  if (values.json && values.format !== undefined && values.format !== 'json')
    throw new UsageError(`--json and --format ${String(values.format)} disagree`);
  const failOn = (values['fail-on-new'] ?? []) as string[];
  for (const name of failOn)
    if (!isCategoryOrTopic(name))
      throw new UsageError(`--fail-on-new '${name}' is neither a data category nor a topic (see docs/vocabulary.md)`);

  const [oldPath, newPath] = positionals as [string, string];
  let diff: ReportDiff;
  // Scanning two bundles can take a while: a bar on stderr (only on a terminal, only after a second).
  const progress = new Progress(io.stderr, 2);
  try {
    progress.start(`old: ${oldPath}`);
    const dictionaries = new Dictionaries();
    const oldReport = loadSide(oldPath, dictionaries);
    progress.tick(`new: ${newPath}`);
    const newReport = loadSide(newPath, dictionaries);
    progress.tick();
    diff = diffReports(oldReport, newReport);
  } catch (error) {
    if (error instanceof InputError) {
      progress.finish();
      io.stderr.write(`apkwitness: ${safeText(error.message)}\n`);
      return 2;
    }
    throw error;
  } finally {
    progress.finish();
  }
  const output = renderDiff(diff, format as Format);
  if (typeof values.output === 'string') {
    try {
      writeFileSync(values.output, output);
    } catch (error) {
      io.stderr.write(`apkwitness: ${safeText(values.output)}: cannot write (${safeText((error as Error).message)})\n`);
      return 2;
    }
  } else io.stdout.write(output);
  return failOn.some((name) => diff.findings.added.some((entry) => matchesCategoryOrTopic(entry.finding, name)))
    ? 1
    : 0;
}
