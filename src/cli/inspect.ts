/**
 * `apkwitness inspect`: container, manifest, resources and signers of one app.
 */
import { FormatError } from '../formats/diagnostics.js';
import { inspectApp, type AppReport } from '../model/inspect-app.js';
import { renderAppReportText } from '../report/inspect-text.js';
import { safeText } from '../report/terminal.js';
import { toJson } from '../report/json.js';
import { parseCommandArguments, UsageError } from './arguments.js';
import { inputErrorLine, type Io } from './io.js';
import { whyNotAnApp } from '../model/not-an-app.js';

export const INSPECT_HELP = `Usage: apkwitness inspect <app> [<split.apk>...] [--json]

<app> is an .apk, an .xapk/.apks/.apkm bundle, a folder of split APKs, or several split APK
files of one app. Reads every APK's container, AndroidManifest.xml, resources.arsc and signatures
and prints: package, versions, SDK levels, app label in every locale, permissions with protection
level, components with their exported state, network security config, resource packages and
locales, signers, and every anomaly found (each with the entry and byte offset it was read from).

Options:
  --json             print the report as JSON (the source of truth for pipelines)
  --all-diagnostics  list every anomaly instead of the first 40 of each APK
  -h, --help         this help

Exit codes: 0 ok, 2 the input could not be read (one line on stderr naming the file and why).
`;

export function runInspect(args: string[], io: Io): number {
  const { values, positionals } = parseCommandArguments(args, {
    json: { type: 'boolean' },
    'all-diagnostics': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(INSPECT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('inspect needs a file or folder (try apkwitness help inspect)');

  let report: AppReport;
  try {
    report = inspectApp(positionals.length === 1 ? (positionals[0] as string) : positionals);
  } catch (error) {
    if (error instanceof FormatError) {
      io.stderr.write(inputErrorLine(positionals, error.message, (text) => safeText(text)));
      return 2;
    }
    throw error;
  }
  const notAnApp = whyNotAnApp(
    report.apks.map((apk) => ({ hasManifest: apk.manifest !== undefined, diagnostics: apk.diagnostics })),
  );
  if (notAnApp !== undefined) {
    io.stderr.write(`apkwitness: ${safeText(positionals.join(' '))}: ${safeText(notAnApp)}\n`);
    return 2;
  }
  if (values.json) io.stdout.write(`${toJson(report)}\n`);
  else io.stdout.write(renderAppReportText(report, { allDiagnostics: Boolean(values['all-diagnostics']) }));
  if (report.apks.length === 0) {
    const reason = report.diagnostics.find((diagnostic) => diagnostic.severity === 'error')?.detail ?? 'no APK found';
    io.stderr.write(`apkwitness: ${safeText(positionals.join(' '))}: ${safeText(reason)}\n`);
    return 2;
  }
  return 0;
}
