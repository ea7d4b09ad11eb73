/**
 * `apkwitness scan`: findings about what an app collects and where it sends it, in
 * one or several report formats (JSON is the source of truth; the others render it).
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { FormatError } from '../formats/diagnostics.js';
import { buildAppModels } from '../model/app-model-build.js';
import { scanModels, type ScanReport, type ScanResult } from '../scan/scan.js';
import { atLeast, isCategoryOrTopic, matchesCategoryOrTopic } from '../scan/run.js';
import type { Confidence } from '../findings/types.js';
import { atLeastSeverity, isSeverity, SEVERITIES, severities } from '../scan/severity.js';
import { renderScanText } from '../report/findings-text.js';
import { safeText } from '../report/terminal.js';
import { toJson } from '../report/json.js';
import { reportJson } from '../report/claim.js';
import { parseCommandArguments, UsageError } from './arguments.js';
import { Progress, type ProgressStream } from '../report/progress.js';
import { inputErrorLine, type Io } from './io.js';

export const SCAN_HELP = `Usage: apkwitness scan <app> [<split.apk>...] [--format <f>[,<f>...]] [-o <folder>]
                       [--min-confidence low|medium|high] [--min-severity <s>]
                       [--fail-on <category|topic>]...

Builds the full model of every APK of the app (manifest, resources, code index, res/ XML,
assets, signers) and runs the rules: permissions → data, API and content-URI access,
destinations and TLS, SDKs, packers, signing and tampering. Each finding cites evidence
(dex offsets, manifest lines, resource ids, byte ranges) that reference tools can confirm.

Options:
  --format <f>           text (default), json, md, html or sarif; repeatable or comma-separated
  --json                 the same as --format json (schemaVersion 3, docs/findings-schema.md)
  -o, --output <folder>  write <name>.json/.md/.html/.sarif/.txt (one per format) and run.json
                         (how the run went: input path, start time, timings) into <folder>;
                         without -o, the one format asked for goes to stdout
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

Exit codes: 0 ok, 1 a --fail-on finding exists, 2 the input could not be read or written.
`;

const CONFIDENCES: readonly Confidence[] = ['low', 'medium', 'high'];
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

export async function runScan(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArguments(args, {
    json: { type: 'boolean' },
    format: { type: 'string', multiple: true },
    output: { type: 'string', short: 'o' },
    timings: { type: 'boolean' },
    'min-confidence': { type: 'string' },
    'min-severity': { type: 'string' },
    'fail-on': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
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
  if (output === undefined && formats.length > 1)
    throw new UsageError(`${formats.length} formats need an output folder (-o <folder>); stdout takes one`);

  // The scan is synchronous: the bar moves between stages (models, rules, each format) and shows only after a second.
  const progress = isFolderOrBundle(positionals)
    ? new Progress(io.stderr, 2 + (output === undefined ? 0 : formats.length))
    : undefined;
  const inputLabel = positionals.join(' ');
  let result: ScanResult;
  try {
    progress?.start(`reading ${inputLabel}`);
    const started = performance.now();
    const input = positionals.length === 1 ? (positionals[0] as string) : positionals;
    const { models } = buildAppModels(input);
    progress?.tick('running rules');
    result = scanModels(inputLabel, models, undefined, performance.now() - started);
    progress?.tick();
  } catch (error) {
    progress?.finish();
    if (error instanceof FormatError) {
      io.stderr.write(inputErrorLine(positionals, error.message, (text) => safeText(text)));
      return EXIT_ERROR;
    }
    throw error;
  }
  // Each finding's severity was judged on the whole app by the scan (src/scan/severity.ts): filtering keeps it.
  const severityOf = severities(result.report.findings);
  const report: ScanReport = {
    ...result.report,
    findings: atLeast(result.report.findings, minimum as Confidence).filter((finding) =>
      atLeastSeverity(severityOf(finding), minimumSeverity),
    ),
  };
  if (values.timings) {
    const run = result.run;
    io.stderr.write(
      `model ${run.modelMilliseconds} ms, rules ${run.rulesMilliseconds} ms (${run.ruleTimings.map((timing) => `${timing.ruleId} ${timing.milliseconds}`).join(', ')})\n`,
    );
  }
  if (output === undefined) {
    progress?.finish();
    io.stdout.write(await render(formats[0] as ScanFormat, report));
  } else {
    const stem = reportStem(positionals[0] as string);
    let target = output;
    try {
      mkdirSync(output, { recursive: true });
      for (const format of formats) {
        target = join(output, `${stem}.${EXTENSION[format]}`);
        progress?.start(`writing ${target}`);
        writeFileSync(target, await render(format, report));
        progress?.tick();
      }
      target = join(output, 'run.json');
      writeFileSync(target, `${toJson(result.run)}\n`);
    } catch (error) {
      progress?.finish();
      io.stderr.write(
        `apkwitness: ${safeText(target)}: cannot write: ${safeText((error as Error).message.split('\n')[0] ?? '')}\n`,
      );
      return EXIT_ERROR;
    }
    progress?.finish();
  }
  if (report.apks.length === 0) {
    io.stderr.write(`apkwitness: ${safeText(inputLabel)}: no APK found\n`);
    return EXIT_ERROR;
  }
  return failOn.some((name) => report.findings.some((finding) => matchesCategoryOrTopic(finding, name)))
    ? EXIT_FINDINGS
    : 0;
}
