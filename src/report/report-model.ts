/**
 * What every rendered report (Markdown, HTML, SARIF) reads out of a ScanReport:
 * findings grouped by data category and topic, finding arguments paired with their
 * English gloss (`label[zh-rCN]` beside `label[zh-rCN].gloss`), the lists some rules
 * pack into one argument as JSON (`items`, `fields`), and APK names by hash.
 * Pure functions over the report: no app string is interpreted here, only carried.
 */
import type { Confidence, Finding, FindingTopic } from '../findings/types.js';
import { DATA_CATEGORIES, type DataCategory } from '../findings/vocabulary.js';
import { FINDING_TOPICS } from '../scan/run.js';
import type { ScanReport } from '../scan/scan.js';

const CONFIDENCE_ORDER: Readonly<Record<Confidence, number>> = { high: 0, medium: 1, low: 2 };
/** Characters of one app string shown in a rendered report; the JSON keeps the whole value. */
const DISPLAY_TEXT_LIMIT = 1000;
/** Entries read from a JSON list argument (`items`, `fields`): a hostile app cannot make the report loop for long. */
const LIST_ARGUMENT_LIMIT = 200;
/** Argument suffix that carries the English gloss of the argument before it (src/text/annotate.ts putText). */
const GLOSS_SUFFIX = '.gloss';
/** Arguments holding a JSON list, rendered as tables instead of one long value. */
export const LIST_ARGUMENTS: readonly string[] = ['items', 'fields'];

/** `text`, cut at DISPLAY_TEXT_LIMIT characters with a note of the full length. */
export function displayText(text: string, limit = DISPLAY_TEXT_LIMIT): string {
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters; the JSON report has all)` : text;
}

/** Findings sorted by confidence, high first; stable, so report order is kept inside a level. */
export function byConfidence(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => CONFIDENCE_ORDER[a.confidence] - CONFIDENCE_ORDER[b.confidence]);
}

export interface CategoryGroup {
  readonly category: DataCategory;
  /** Topics in FINDING_TOPICS order, each with its findings (high confidence first). */
  readonly topics: ReadonlyArray<{ readonly topic: FindingTopic; readonly findings: readonly Finding[] }>;
  readonly count: number;
}

/** Findings with a data category: one group per category in vocabulary order, then by topic. */
export function categoryGroups(findings: readonly Finding[]): CategoryGroup[] {
  const groups: CategoryGroup[] = [];
  for (const category of DATA_CATEGORIES) {
    const inCategory = findings.filter((finding) => finding.category === category);
    if (inCategory.length === 0) continue;
    const topics = FINDING_TOPICS.map((topic) => ({
      topic,
      findings: byConfidence(inCategory.filter((finding) => finding.topic === topic)),
    })).filter((group) => group.findings.length > 0);
    groups.push({ category, topics, count: inCategory.length });
  }
  return groups;
}

/** Findings without a known data category, by topic in FINDING_TOPICS order. */
export function topicGroups(findings: readonly Finding[]): Array<{ topic: FindingTopic; findings: Finding[] }> {
  const known = new Set<string>(DATA_CATEGORIES);
  const uncategorised = findings.filter((finding) => finding.category === undefined || !known.has(finding.category));
  return FINDING_TOPICS.map((topic) => ({
    topic,
    findings: byConfidence(uncategorised.filter((finding) => finding.topic === topic)),
  })).filter((group) => group.findings.length > 0);
}

export interface ArgumentRow {
  readonly key: string;
  readonly value: string;
  /** English gloss of the value (the `<key>.gloss` argument). */
  readonly gloss?: string;
}

/** Finding arguments as rows, each gloss beside the value it glosses; JSON list arguments left to listArgument. */
export function argumentRows(args: Finding['args']): ArgumentRow[] {
  const rows: ArgumentRow[] = [];
  for (const key of Object.keys(args)) {
    if (LIST_ARGUMENTS.includes(key)) continue;
    const glossOf = key.endsWith(GLOSS_SUFFIX) ? key.slice(0, -GLOSS_SUFFIX.length) : undefined;
    if (glossOf !== undefined && Object.hasOwn(args, glossOf)) continue;
    const glossKey = `${key}${GLOSS_SUFFIX}`;
    const gloss = Object.hasOwn(args, glossKey) ? String(args[glossKey]) : undefined;
    rows.push(gloss === undefined ? { key, value: String(args[key]) } : { key, value: String(args[key]), gloss });
  }
  return rows;
}

/** One entry of a JSON list argument: every string field kept as a string, the rest dropped. */
export type ListEntry = Readonly<Record<string, string>>;

/**
 * A JSON list argument (`items` of labels findings, `fields` of forms findings) as
 * entries of strings. Anything else (not JSON, not a list, nested objects) gives
 * undefined and the caller shows the raw value: the report never trusts its shape.
 */
export function listArgument(
  args: Finding['args'],
  key: string,
): { entries: ListEntry[]; omitted: number } | undefined {
  const raw = args[key];
  if (typeof raw !== 'string' || !raw.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const entries: ListEntry[] = [];
  for (const item of parsed.slice(0, LIST_ARGUMENT_LIMIT)) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    const entry: Record<string, string> = {};
    for (const [name, value] of Object.entries(item as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        entry[name] = String(value);
      else if (Array.isArray(value)) entry[name] = value.filter((part) => typeof part === 'string').join(', ');
    }
    entries.push(entry);
  }
  return { entries, omitted: Math.max(0, parsed.length - LIST_ARGUMENT_LIMIT) };
}

/** Column names of list entries in first-seen order. */
export function listColumns(entries: readonly ListEntry[]): string[] {
  const columns: string[] = [];
  for (const entry of entries) for (const name of Object.keys(entry)) if (!columns.includes(name)) columns.push(name);
  return columns;
}

/** The name of the APK with this SHA-256 in the report (`app.xapk!/base.apk`), or a short hash. */
export function apkNames(report: ScanReport): (sha256: string) => string {
  const names = new Map(report.apks.map((apk) => [apk.sha256, apk.name] as const));
  return (sha256) => names.get(sha256) ?? `apk-${sha256.slice(0, 12)}.apk`;
}

/** The app's display name: the default label, else the first label, else the package. */
export function appTitle(report: ScanReport): string {
  const labels = report.app.labels;
  return (
    labels.find((label) => label.locale === '')?.text ??
    labels[0]?.text ??
    report.app.packageName ??
    report.apks[0]?.name ??
    'app'
  );
}

/** Bytes as `16 940 bytes (16.5 KiB)`. */
export function formatSize(bytes: number): string {
  const KIBIBYTE = 1024;
  const MEBIBYTE = KIBIBYTE * KIBIBYTE;
  const scaled = bytes >= MEBIBYTE ? `${(bytes / MEBIBYTE).toFixed(1)} MiB` : `${(bytes / KIBIBYTE).toFixed(1)} KiB`;
  return `${bytes} bytes (${scaled})`;
}
