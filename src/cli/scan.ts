/**
 * `apkwitness scan`: findings about what an app collects and where it sends it, in
 * one or several report formats (JSON is the source of truth; the others render it).
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { AppModel } from '../model/app-model.js';
import { whyNotAnApp } from '../model/not-an-app.js';
import { FormatError } from '../formats/diagnostics.js';
import { buildAppModels } from '../model/app-model-build.js';
import { scanModels, type ScanReport, type ScanResult } from '../scan/scan.js';
import { Dictionaries } from '../text/dictionaries.js';
import { ModelCollector } from '../scan/collect.js';
import { atLeast, isCategoryOrTopic, matchesCategoryOrTopic } from '../scan/run.js';
import type { Confidence } from '../findings/types.js';
import { atLeastSeverity, isSeverity, SEVERITIES, severities } from '../scan/severity.js';
import { renderScanText } from '../report/findings-text.js';
import { safeText } from '../report/terminal.js';
import { toJson } from '../report/json.js';
import { reportJson } from '../report/claim.js';
import { parseCommandArguments, UsageError } from './arguments.js';
import { Progress } from '../report/progress.js';
import { inputErrorLine, type Io } from './io.js';

export const SCAN_HELP = `Usage: apkwitness scan <app> [<split.apk>...] [--format <f>[,<f>...]] [-o <file|folder>] [--each]
                       [--min-confidence low|medium|high] [--min-severity <s>]
                       [--fail-on <category|topic>]...

Builds the full model of every APK of the app (manifest, resources, code index, res/ XML,
assets, signers) and runs the rules: permissions → data, API and content-URI access,
destinations and TLS, SDKs, packers, signing and tampering. Each finding cites evidence
(dex offsets, manifest lines, resource ids, byte ranges) that reference tools can confirm.

Options:
  --format <f>           text (default), json, md, html or sarif; repeatable or comma-separated
  --json                 the same as --format json (schemaVersion 3, docs/findings-schema.md)
  -o, --output <path>    one report (one format, one app): the file to write (or a folder that
                         exists or ends with /); several (formats or apps): the folder to write
                         <name>.json/.md/.html/.sarif/.txt and run.json (input path, start time,
                         timings) into; without -o, the one format asked for goes to stdout
  --each                 a folder or bundle holding several apps: one report per app, into -o
                         <folder> (without it, several apps are an error: a report is about one app)
  --min-confidence <c>   drop findings below confidence c (default low: keep all)
  --min-severity <s>     drop findings below severity s: info (default: keep all), minor,
                         moderate, major, critical (docs/vocabulary.md, "Severity"); severity
                         is judged on the whole app, before either filter
  --fail-on <name>       exit 1 when a finding of this data category or topic remains (repeatable)
  --timings              print how long the model and each rule took, on stderr
  -h, --help             this help

Examples:
  apkwitness scan app.apk                                 findings as text, by data category
  apkwitness scan app.apk --json | jq '.findings[].claim'
  apkwitness scan app.apk --format html > report.html     one self-contained page, works offline
  apkwitness scan app.xapk --format json,md,html,sarif -o reports/
  apkwitness scan split-apks/ --format sarif -o out/ --fail-on sms
  apkwitness scan app.apk --min-severity major             the findings that matter most

Reports are reproducible: the same APK and apkwitness version give the same bytes (run.json
holds the time and paths). Formats are described in docs/reports.md.

Exit codes: 0 ok, 1 a --fail-on finding exists (stderr names the categories), 2 the input could
not be read or written, is not an Android app (no AndroidManifest.xml), or holds several apps.
`;

const CONFIDENCES: readonly Confidence[] = ['low', 'medium', 'high'];

const SCAN_OPTIONS = {
  json: { type: 'boolean' },
  format: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
  each: { type: 'boolean' },
  timings: { type: 'boolean' },
  'min-confidence': { type: 'string' },
  'min-severity': { type: 'string' },
  'fail-on': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;
const SCAN_FORMATS = ['text', 'json', 'md', 'html', 'sarif'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];
const EXTENSION: Readonly<Record<ScanFormat, string>> = {
  text: 'txt',
  json: 'json',
  md: 'md',
  html: 'html',
  sarif: 'sarif',
};
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;

/** `--format json,md --format html` → ['json', 'md', 'html'] (order kept, duplicates dropped). */
export function parseFormats(values: readonly string[], json: boolean): ScanFormat[] {
  const formats: ScanFormat[] = [];
  for (const name of [...values.flatMap((value) => value.split(',')), ...(json ? ['json'] : [])]) {
    const format = name.trim().toLowerCase();
    if (format === '') continue;
    if (!(SCAN_FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format '${name}' is not one of ${SCAN_FORMATS.join(', ')}`);
    if (!formats.includes(format as ScanFormat)) formats.push(format as ScanFormat);
  }
  return formats.length > 0 ? formats : ['text'];
}

/** Renderers are loaded only for the formats asked for. */
async function render(format: ScanFormat, report: ScanReport): Promise<string> {
  switch (format) {
    case 'text':
      return renderScanText(report);
    case 'json':
      return `${toJson(reportJson(report))}\n`;
    case 'md':
      return (await import('../report/markdown.js')).renderMarkdown(report);
    case 'html':
      return (await import('../report/html/index.js')).renderHtmlReport(report);
    case 'sarif':
      return (await import('../report/sarif.js')).renderSarif(report);
  }
}

/** Output file stem: the input's file or folder name without its extension. */
export function reportStem(input: string): string {
  const name = basename(input.replace(/[/\\]+$/, '')) || 'app';
  const stem = name.slice(0, name.length - extname(name).length) || name;
  return stem === 'run' ? 'run-report' : stem;
}

function isFolderOrBundle(inputs: readonly string[]): boolean {
  if (inputs.length > 1) return true;
  const input = inputs[0] as string;
  if (/\.(xapk|apks|apkm)$/i.test(input)) return true;
  try {
    return statSync(input).isDirectory();
  } catch {
    return false;
  }
}

/** The package of each model, in order of first appearance; models without a manifest count as one unnamed app. */
function appsOf(models: readonly AppModel[]): Map<string, AppModel[]> {
  const apps = new Map<string, AppModel[]>();
  for (const model of models) {
    const name = model.manifest?.packageName ?? NO_PACKAGE;
    const group = apps.get(name);
    if (group === undefined) apps.set(name, [model]);
    else group.push(model);
  }
  return apps;
}

const NO_PACKAGE = '(no package)';

/** `-o` names a folder when several reports are written or when it already is a folder (or ends with /). */
function outputIsFolder(output: string, reports: number): boolean {
  if (reports > 1 || /[/\\]$/.test(output)) return true;
  try {
    return statSync(output).isDirectory();
  } catch {
    return false;
  }
}

function writeReportFile(target: string, text: string): void {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
}

export async function runScan(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArguments(args, SCAN_OPTIONS);
  if (values.help) {
    io.stdout.write(SCAN_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('scan needs a file or folder (try apkwitness help scan)');
  const minimum = (values['min-confidence'] ?? 'low') as string;
  if (!(CONFIDENCES as readonly string[]).includes(minimum))
    throw new UsageError(`--min-confidence must be low, medium or high, not '${minimum}'`);
  const minimumSeverity = (values['min-severity'] ?? 'info') as string;
  if (!isSeverity(minimumSeverity))
    throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}, not '${minimumSeverity}'`);
  const failOn = (values['fail-on'] ?? []) as string[];
  for (const name of failOn)
    if (!isCategoryOrTopic(name))
      throw new UsageError(`--fail-on '${name}' is neither a data category nor a topic (see docs/vocabulary.md)`);
  const formats = parseFormats((values.format ?? []) as string[], values.json === true);
  const output = values.output as string | undefined;
  const each = values.each === true;
  if (each && output === undefined) throw new UsageError('--each writes one report per app: it needs -o <folder>');
  if (output === undefined && formats.length > 1)
    throw new UsageError(`${formats.length} formats need an output folder (-o <folder>); stdout takes one`);

  // The scan is synchronous: the bar moves between stages (models, rules, each format) and shows only after a second.
  const progress = isFolderOrBundle(positionals)
    ? new Progress(io.stderr, 2 + (output === undefined ? 0 : formats.length))
    : undefined;
  const inputLabel = positionals.join(' ');
  const results: Array<{ packageName: string; result: ScanResult }> = [];
  try {
    progress?.start(`reading ${inputLabel}`);
    const started = performance.now();
    const input = positionals.length === 1 ? (positionals[0] as string) : positionals;
    const { models, diagnostics } = buildAppModels(input);
    const modelMilliseconds = performance.now() - started;
    const notAnApp = whyNotAnApp(
      models.map((model) => ({ hasManifest: model.manifest !== undefined, diagnostics: model.diagnostics })),
    );
    if (notAnApp !== undefined) throw new FormatError('app.no-manifest', 0, notAnApp);
    // The model's parse is garbage now: collected here, the rules reuse its memory (src/scan/collect.ts).
    new ModelCollector().afterBuild(models);
    const apps = appsOf(models);
    if (apps.size > 1 && !each) {
      progress?.finish();
      io.stderr.write(
        `apkwitness: ${safeText(inputLabel)}: holds ${apps.size} apps (${[...apps.keys()].map((name) => safeText(name, 200)).join(', ')}); a report is about one app: scan them one by one, or add --each -o <folder> for one report per app\n`,
      );
      return EXIT_ERROR;
    }
    progress?.tick('running rules');
    // One set of dictionaries for every app of the input (--each): CC-CEDICT is read once.
    const dictionaries = new Dictionaries();
    for (const [packageName, group] of apps)
      results.push({
        packageName,
        result: scanModels(inputLabel, group, { modelMilliseconds, bundleDiagnostics: diagnostics, dictionaries }),
      });
    progress?.tick();
  } catch (error) {
    progress?.finish();
    if (error instanceof FormatError) {
      io.stderr.write(inputErrorLine(positionals, error.message, (text) => safeText(text)));
      return EXIT_ERROR;
    }
    throw error;
  }
  if (results.length === 0) {
    progress?.finish();
    io.stderr.write(`apkwitness: ${safeText(inputLabel)}: no APK found\n`);
    return EXIT_ERROR;
  }
  const reports = results.map(({ packageName, result }) => {
    // Each finding's severity was judged on the whole app by the scan (src/scan/severity.ts): filtering keeps it.
    const severityOf = severities(result.report.findings);
    const report: ScanReport = {
      ...result.report,
      findings: atLeast(result.report.findings, minimum as Confidence).filter((finding) =>
        atLeastSeverity(severityOf(finding), minimumSeverity),
      ),
    };
    return { packageName, result, report };
  });
  if (values.timings) {
    for (const { result } of reports) {
      const run = result.run;
      io.stderr.write(
        `model ${run.modelMilliseconds} ms, rules ${run.rulesMilliseconds} ms (${run.ruleTimings.map((timing) => `${timing.ruleId} ${timing.milliseconds}`).join(', ')})\n`,
      );
    }
  }
  if (output === undefined) {
    progress?.finish();
    io.stdout.write(await render(formats[0] as ScanFormat, (reports[0] as { report: ScanReport }).report));
  } else {
    const folder = outputIsFolder(output, formats.length * reports.length);
    const stem = reportStem(positionals[0] as string);
    let target = output;
    try {
      for (const { packageName, report, result } of reports) {
        const name = each ? `${stem}-${fileSafe(packageName)}` : stem;
        for (const format of formats) {
          target = folder ? join(output, `${name}.${EXTENSION[format]}`) : output;
          progress?.start(`writing ${target}`);
          writeReportFile(target, await render(format, report));
          progress?.tick();
        }
        if (folder) {
          target = join(output, each ? `${name}.run.json` : 'run.json');
          writeReportFile(target, `${toJson(result.run)}\n`);
        }
      }
    } catch (error) {
      progress?.finish();
      io.stderr.write(
        `apkwitness: ${safeText(target)}: cannot write: ${safeText((error as Error).message.split('\n')[0] ?? '')}\n`,
      );
      return EXIT_ERROR;
    }
    progress?.finish();
  }
  const triggered = new Set<string>();
  for (const { packageName, report } of reports)
    for (const name of failOn)
      if (report.findings.some((finding) => matchesCategoryOrTopic(finding, name)))
        triggered.add(reports.length > 1 ? `${name} (${packageName})` : name);
  if (triggered.size > 0) {
    io.stderr.write(`apkwitness: --fail-on: findings of ${[...triggered].map((name) => safeText(name)).join(', ')}\n`);
    return EXIT_FINDINGS;
  }
  return 0;
}

/** A package name as a file name part (package names are [A-Za-z0-9_.]; anything else from a hostile manifest becomes _). */
function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 200) || 'app';
}
