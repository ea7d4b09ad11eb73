/**
 * Markdown report for issues and wikis (GitHub-flavoured): the app at a glance, then
 * findings by data category and topic, each with its evidence and the command that
 * shows it, glosses beside the original text.
 *
 * App strings are untrusted. `markdownText` backslash-escapes every ASCII punctuation
 * character (CommonMark 0.31 §2.4 allows it for all of them), so an app string cannot
 * open a link, an image, an HTML tag, emphasis, a table cell (`\|`), a heading, a list,
 * an autolink (`http\:` / `www\.` no longer match GFM's extended autolink triggers), an
 * @mention or an #issue reference; controls, bidi overrides and line breaks are shown
 * as `\u{…}`. Commands go in code spans with a fence longer than any backtick run.
 */
import type { Evidence, Finding } from '../findings/types.js';
import type { ScanReport } from '../scan/scan.js';
import { visibleControls } from './html/escape.js';
import {
  apkNames,
  appTitle,
  argumentParts,
  categoryGroups,
  displayText,
  flowRows,
  formatSize,
  hasGloss,
  topicGroups,
} from './report-model.js';
import { evidenceSummary, verifyRecipes } from './verify.js';
import { renderClaim } from './claim.js';
import { headlineOf } from '../scan/catalogue.js';
import { SEVERITIES, severities, severityRank, type Severity } from '../scan/severity.js';
import { groupNote, reportSummary, signerText } from './headlines.js';
import { glossary } from './glossary.js';

/** Evidence items listed per finding in Markdown (issue trackers cap comment length); the JSON has them all. */
export const MARKDOWN_EVIDENCE_LIMIT = 10;
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** An app string as inert Markdown text (one line). */
export function markdownText(text: string, limit?: number): string {
  return visibleControls(displayText(text, limit))
    .replace(/[\n\r\t]/g, (character) => `\\u{${character.charCodeAt(0).toString(16)}}`)
    .replace(ASCII_PUNCTUATION, (character) => `\\${character}`);
}

/** A code span holding `text` verbatim (one line): the fence is longer than any backtick run inside. */
export function markdownCode(text: string): string {
  const oneLine = visibleControls(text).replace(
    /[\n\r\t]/g,
    (character) => `\\u{${character.charCodeAt(0).toString(16)}}`,
  );
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = oneLine.startsWith('`') || oneLine.endsWith('`') || oneLine.startsWith(' ') ? ' ' : '';
  return `${fence}${padding}${oneLine}${padding}${fence}`;
}

/** A code span inside a table cell: GFM splits cells before code spans, so `|` is escaped even there. */
function cellCode(text: string): string {
  return markdownCode(text).replace(/\|/g, '\\|');
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function glance(report: ScanReport): string[] {
  const app = report.app;
  const lines = [
    `# ${markdownText(appTitle(report))} — apkwitness report`,
    '',
    ...readFirst(report),
    '## The app at a glance',
    '',
  ];
  const rows: string[][] = [
    ['package', app.packageName === undefined ? '(none)' : cellCode(app.packageName)],
    ['version', `${markdownText(app.versionName ?? '(none)')} (code ${app.versionCode ?? '?'})`],
    ['SDK', `min ${app.minSdk ?? '?'}, target ${app.targetSdk ?? '?'}`],
    ['size', formatSize(app.totalSize)],
    ['findings', String(report.findings.length)],
    ['apkwitness', markdownText(report.tool.version)],
  ];
  lines.push(...table(['', ''], rows), '');
  if (app.labels.length > 0) {
    lines.push('## Name in every locale', '');
    lines.push(
      ...table(
        ['locale', 'name', 'English gloss'],
        app.labels.map((label) => [
          label.locale === '' ? '(default)' : markdownText(label.locale),
          markdownText(label.text),
          label.gloss ? markdownText(label.gloss) : '',
        ]),
      ),
      '',
    );
  }
  if (app.signers.length > 0) {
    lines.push('## Signers', '');
    lines.push(
      ...table(
        ['certificate SHA-256', 'subject', 'schemes', 'verified', 'note'],
        app.signers.map((signer) => [
          cellCode(signer.certificateSha256),
          markdownText(signer.subject ?? ''),
          signer.schemes.join(', '),
          signer.verified ? 'yes' : '**no**',
          [
            signer.effective ? 'effective signer' : '',
            signer.wellKnownKey ? `public key: ${markdownText(signer.wellKnownKey)}` : '',
          ]
            .filter(Boolean)
            .join('; '),
        ]),
      ),
      '',
    );
  }
  lines.push('## APK files', '');
  lines.push(
    ...table(
      ['file', 'SHA-256', 'size', 'dex', 'diagnostics'],
      report.apks.map((apk) => [
        `${markdownText(apk.name)}${apk.splitName ? ` (split ${markdownText(apk.splitName)})` : ''}`,
        cellCode(apk.sha256),
        String(apk.size),
        String(apk.dexFiles),
        String(apk.diagnostics),
      ]),
    ),
    '',
  );
  return lines;
}

/**
 * The headlines (src/report/headlines.ts): the app's names with their gloss, package and signer,
 * then the findings to read first by severity, each linking to its finding (anchor `f-<index>`).
 */
function readFirst(report: ScanReport): string[] {
  const summary = reportSummary(report);
  const names = summary.names.map(
    (name) =>
      `${name.locale === '' ? '' : `\\[${markdownText(name.locale)}\\] `}${markdownText(name.text)}${name.gloss ? ` (${markdownText(name.gloss)})` : ''}`,
  );
  const lines = ['## Read first', ''];
  lines.push(`- **Names:** ${names.length > 0 ? names.join('; ') : '(no display name)'}`);
  lines.push(`- **Package:** ${summary.packageName === undefined ? '(none)' : markdownCode(summary.packageName)}`);
  lines.push(
    `- **Signer:** ${summary.signer === undefined ? '(none read)' : markdownText(signerText(summary.signer))}`,
  );
  lines.push(
    `- **Findings by severity:** ${[...SEVERITIES]
      .reverse()
      .map((severity) => `${summary.counts[severity]} ${severity}`)
      .join(', ')}`,
    '',
  );
  summary.headlines.forEach((headline, position) => {
    const note = groupNote(headline);
    lines.push(
      `${position + 1}. **${headline.severity}** ${markdownText(renderClaim(headline.finding))}${note === undefined ? '' : ` (${markdownText(note)})`} — [evidence](#f-${headline.index})`,
    );
  });
  if (summary.omitted > 0) lines.push('', `… and ${summary.omitted} more of moderate severity or above, below.`);
  if (summary.headlines.length > 0) lines.push('');
  return lines;
}

function evidenceLines(evidence: readonly Evidence[], apkName: (sha256: string) => string): string[] {
  const lines: string[] = [];
  for (const item of evidence.slice(0, MARKDOWN_EVIDENCE_LIMIT)) {
    const apk = apkName(item.apkSha256);
    lines.push(`  - ${item.kind}: ${markdownText(evidenceSummary(item), 300)} (in ${markdownText(apk)})`);
  }
  if (evidence.length > MARKDOWN_EVIDENCE_LIMIT)
    lines.push(`  - … ${evidence.length - MARKDOWN_EVIDENCE_LIMIT} more evidence items in the JSON report`);
  return lines;
}

function argumentLines(finding: Finding): string[] {
  const lines: string[] = [];
  const { rows } = argumentParts(finding);
  const headline = headlineOf(finding);
  const tables = argumentParts(finding).tables.filter((list) => headline.has(list.key));
  const glossed = rows.filter((row) => row.gloss !== undefined);
  // Original text and English gloss side by side: the table a reader quotes from.
  if (glossed.length > 0)
    lines.push(
      '',
      ...table(
        ['where', 'original', 'English gloss'],
        glossed.map((row) => [markdownText(row.key), markdownText(row.value), markdownText(row.gloss ?? '')]),
      ).map((line) => `  ${line}`),
    );
  for (const list of tables) {
    if (list.rows.length === 0) continue;
    lines.push(
      '',
      ...table(
        list.columns.map((column) => markdownText(column.name)),
        list.rows.map((row) => list.columns.map((_column, index) => markdownText(row[index] ?? '', 300))),
      ).map((line) => `  ${line}`),
    );
    if (list.omitted > 0) lines.push(`  … ${list.omitted} more in the JSON report`);
  }
  if (lines.length > 0) lines.push('');
  return lines;
}

interface Place {
  readonly apkName: (sha256: string) => string;
  readonly severityOf: (finding: Finding) => Severity;
  readonly indexOf: ReadonlyMap<Finding, number>;
}

/** Most severe first; the grouping's order (confidence) inside a level. */
function bySeverity(findings: readonly Finding[], place: Place): Finding[] {
  return [...findings].sort((a, b) => severityRank(place.severityOf(b)) - severityRank(place.severityOf(a)));
}

function findingLines(finding: Finding, place: Place): string[] {
  const headline = headlineOf(finding);
  const facts = argumentParts(finding).rows.filter((row) => row.gloss === undefined && headline.has(row.key));
  return [
    `- <a id="f-${place.indexOf.get(finding) ?? 0}"></a>**${place.severityOf(finding)}**, ${finding.confidence} confidence: ${markdownText(renderClaim(finding))} (${markdownText(finding.ruleId)} ${markdownText(finding.code)})`,
    ...facts.map((row) => `  - ${markdownText(row.key)}: ${markdownText(row.value, 300)}`),
    ...argumentLines(finding),
    ...evidenceLines(finding.evidence, place.apkName),
  ];
}

/** How to check each kind of evidence, once: what an item cites, and the commands for the report's first item of the kind. */
function verifyLines(report: ScanReport, apkName: (sha256: string) => string): string[] {
  const recipes = verifyRecipes(
    report.findings.flatMap((finding) => finding.evidence),
    apkName,
  );
  if (recipes.length === 0) return [];
  const lines = ['## How to verify the evidence', ''];
  for (const recipe of recipes) {
    lines.push(
      `- **${recipe.kind}**: ${markdownText(recipe.reads)} For example, ${markdownText(recipe.exampleOf, 300)}:`,
    );
    for (const step of recipe.example)
      lines.push(`  - ${markdownCode(step.command)} — ${markdownText(step.lookFor, 300)}`);
  }
  lines.push('');
  return lines;
}

function glossaryLines(report: ScanReport): string[] {
  if (report.findings.length === 0) return [];
  return [
    '## Glossary',
    '',
    ...glossary(report).map((entry) => `- **${markdownText(entry.term)}**: ${markdownText(entry.meaning)}`),
    '',
  ];
}

/** The whole report as GitHub-flavoured Markdown. Deterministic: same report, same bytes. */
export function renderMarkdown(report: ScanReport): string {
  const apkName = apkNames(report);
  const place: Place = {
    apkName,
    severityOf: severities(report.findings),
    indexOf: new Map(report.findings.map((finding, index) => [finding, index] as const)),
  };
  const lines = glance(report);
  const flows = flowRows(report.findings);
  if (flows.length > 0) {
    lines.push('## Where each kind of data goes', '');
    lines.push(
      'Each row is data the app reads reaching a place where it leaves the app or is kept; the flows are listed under their category below (topic flow), each with the path from the read to the sink.',
      '',
    );
    lines.push(
      ...table(
        ['data', 'goes to', 'destination', 'flows'],
        flows.map((row) => [
          markdownText(row.category),
          markdownText(row.sink),
          row.destination === '' ? '' : cellCode(row.destination),
          `${row.findings.length} (under ${markdownText(row.category)} below)`,
        ]),
      ),
      '',
    );
  }
  const categories = categoryGroups(report.findings);
  if (categories.length > 0) {
    lines.push('## Data the app collects or asks for, by category', '');
    lines.push(
      ...table(
        ['category', 'findings', 'topics'],
        categories.map((group) => [
          markdownText(group.category),
          String(group.count),
          group.topics.map((topic) => markdownText(topic.topic)).join(', '),
        ]),
      ),
      '',
    );
    for (const group of categories) {
      lines.push(`### ${markdownText(group.category)}`, '');
      for (const topic of group.topics) {
        lines.push(`#### ${markdownText(topic.topic)}`, '');
        for (const finding of bySeverity(topic.findings, place)) lines.push(...findingLines(finding, place));
        lines.push('');
      }
    }
  }
  const topics = topicGroups(report.findings);
  if (topics.length > 0) lines.push('## Other findings, by topic', '');
  for (const group of topics) {
    lines.push(`### ${markdownText(group.topic)}`, '');
    for (const finding of bySeverity(group.findings, place)) lines.push(...findingLines(finding, place));
    lines.push('');
  }
  if (report.findings.length === 0) lines.push('No findings.', '');
  if (report.ruleFailures.length > 0) {
    lines.push('## Rule failures (bugs in apkwitness, reported rather than hidden)', '');
    for (const failure of report.ruleFailures)
      lines.push(
        `- ${markdownText(failure.ruleId)} on ${markdownCode(failure.apkSha256.slice(0, 12))}: ${markdownText(failure.message, 300)}`,
      );
    lines.push('');
  }
  const skipped = report.skipped;
  if (skipped.length > 0) {
    lines.push('## Not read (budgets, caps, refused entries; findings there may be missing)', '');
    for (const part of skipped)
      lines.push(
        `- ${markdownText(part.apk)} ${markdownCode(part.source)}: ${markdownText(part.detail, 400)} (${markdownCode(part.code)})`,
      );
    lines.push('');
  }
  lines.push(...verifyLines(report, apkName), ...glossaryLines(report));
  const glossNote = report.findings.some(hasGloss) || report.app.labels.some((label) => label.gloss);
  lines.push('---', '');
  lines.push(
    `Generated by apkwitness ${markdownText(report.tool.version)} (report schema ${report.schemaVersion}). Every claim cites evidence a reader can check with the command beside it.${glossNote ? ' English glosses: CC-CEDICT (CC BY-SA 4.0) and the apkwitness Russian/Uyghur glossary; word-by-word, not a translation.' : ''}`,
    '',
  );
  return lines.join('\n');
}
