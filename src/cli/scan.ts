/**
 * `apkwitness scan`: findings about what an app collects and where it sends it.
 */
import { FormatError } from '../formats/diagnostics.js';
import { scanApp, type ScanResult } from '../findings/scan.js';
import { atLeast, isCategoryOrTopic, matchesCategoryOrTopic } from '../findings/run.js';
import type { Confidence } from '../findings/types.js';
import { renderScanText } from '../report/findings-text.js';
import { safeText } from '../report/terminal.js';
import { toJson } from '../report/json.js';
import { parseCommandArguments, UsageError } from './arguments.js';
import type { Io } from './main.js';

export const SCAN_HELP = `Usage: apkwitness scan <app> [<split.apk>...] [--json] [--min-confidence low|medium|high] [--fail-on <category|topic>]...

Builds the full model of every APK of the app (manifest, resources, code index, res/ XML,
assets, signers) and runs the rules: permissions → data, API and content-URI access,
destinations and TLS, SDKs, packers, signing and tampering. Each finding cites evidence
(dex offsets, manifest lines, resource ids, byte ranges) that reference tools can confirm.

Options:
  --json                 print the findings as JSON (schemaVersion 2, docs/findings-schema.md)
  --min-confidence <c>   drop findings below confidence c (default low: keep all)
  --fail-on <name>       exit 1 when a finding of this data category or topic remains (repeatable)
  --timings              print how long the model and each rule took, on stderr
  -h, --help             this help

Exit codes: 0 ok, 1 a --fail-on finding exists, 2 the input could not be read.
`;

const CONFIDENCES: readonly Confidence[] = ['low', 'medium', 'high'];

export async function runScan(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArguments(args, {
    json: { type: 'boolean' },
    timings: { type: 'boolean' },
    'min-confidence': { type: 'string' },
    'fail-on': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(SCAN_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('scan needs a file or folder (try apkwitness help scan)');
  const minimum = (values['min-confidence'] ?? 'low') as string;
  if (!(CONFIDENCES as readonly string[]).includes(minimum)) throw new UsageError(`--min-confidence must be low, medium or high, not '${minimum}'`);
  const failOn = (values['fail-on'] ?? []) as string[];
  for (const name of failOn) if (!isCategoryOrTopic(name)) throw new UsageError(`--fail-on '${name}' is neither a data category nor a topic (see docs/vocabulary.md)`);

  let result: ScanResult;
  try {
    result = scanApp(positionals.length === 1 ? (positionals[0] as string) : positionals);
  } catch (error) {
    if (error instanceof FormatError) {
      io.stderr.write(`apkwitness: ${safeText(positionals.join(' '))}: ${safeText(error.message)}\n`);
      return 2;
    }
    throw error;
  }
  const report = { ...result.report, findings: atLeast(result.report.findings, minimum as Confidence) };
  if (values.timings) {
    const run = result.run;
    io.stderr.write(`model ${run.modelMilliseconds} ms, rules ${run.rulesMilliseconds} ms (${run.ruleTimings.map((timing) => `${timing.ruleId} ${timing.milliseconds}`).join(', ')})\n`);
  }
  io.stdout.write(values.json ? `${toJson(report)}\n` : renderScanText(report));
  if (report.apks.length === 0) {
    io.stderr.write(`apkwitness: ${safeText(positionals.join(' '))}: no APK found\n`);
    return 2;
  }
  return failOn.some((name) => report.findings.some((finding) => matchesCategoryOrTopic(finding, name))) ? 1 : 0;
}
