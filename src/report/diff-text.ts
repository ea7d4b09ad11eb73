/**
 * The diff for a terminal: one section per kind of change, `+` added, `-` removed,
 * `~` changed (old → new). Every app string goes through safeText.
 */
import type { ReportDiff } from '../diff/types.js';
import { diffSections, sideTitle, signerHeadlines, summaryLine, type DiffRow } from './diff-sections.js';
import { safeText } from './terminal.js';

const MARKS: Readonly<Record<DiffRow['change'], string>> = { added: '+', removed: '-', changed: '~', note: '!' };

function rowLines(row: DiffRow): string[] {
  const head = `  ${MARKS[row.change]} ${safeText(row.subject)}`;
  const lines: string[] = [];
  if (row.change === 'changed' && row.old !== undefined && row.new !== undefined) {
    lines.push(head, `      old: ${safeText(row.old)}`, `      new: ${safeText(row.new)}`);
  } else {
    const value = row.new ?? row.old;
    lines.push(value === undefined ? head : `${head}: ${safeText(value)}`);
  }
  for (const detail of row.details) lines.push(`      ${safeText(detail)}`);
  return lines;
}

export function renderDiffText(diff: ReportDiff): string {
  const lines = [
    `old: ${safeText(sideTitle(diff.old))} — ${diff.old.apks.map((apk) => `${safeText(apk.name)} sha256 ${apk.sha256}`).join(', ')}`,
    `new: ${safeText(sideTitle(diff.new))} — ${diff.new.apks.map((apk) => `${safeText(apk.name)} sha256 ${apk.sha256}`).join(', ')}`,
    '',
  ];
  const headlines = signerHeadlines(diff);
  if (headlines.alarm) lines.push(`!! ${headlines.alarm}`, '');
  if (headlines.notice) lines.push(headlines.notice, '');
  for (const section of diffSections(diff)) {
    lines.push(section.title);
    for (const row of section.rows) lines.push(...rowLines(row));
    lines.push('');
  }
  lines.push(summaryLine(diff));
  return `${lines.join('\n')}\n`;
}
