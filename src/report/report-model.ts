/**
 * What every rendered report (Markdown, HTML, SARIF) reads out of a ScanReport:
 * findings grouped by data category and topic, finding arguments laid out by their
 * declared types (values, glossed texts beside their gloss, lists of records as tables),
 * and APK names by hash.
 * Pure functions over the report: no app string is interpreted here, only carried.
 */
import type { ArgFields, ArgType } from '../findings/contract.js';
import type { ArgValue, Confidence, Finding, FindingTopic } from '../findings/types.js';
import { DATA_CATEGORIES, type DataCategory } from '../findings/vocabulary.js';
import { FINDING_TOPICS } from '../scan/run.js';
import { argumentTypes } from '../scan/catalogue.js';
import type { ScanReport } from '../scan/scan.js';

const CONFIDENCE_ORDER: Readonly<Record<Confidence, number>> = { high: 0, medium: 1, low: 2 };
/** Characters of one app string shown in a rendered report; the JSON keeps the whole value. */
const DISPLAY_TEXT_LIMIT = 1000;
/** Entries shown of a list argument (`items`, `fields`, `texts`…): the JSON report has them all. */
const LIST_ARGUMENT_LIMIT = 200;
/** Nesting followed when looking for a gloss (the declared types are at most 4 deep). */
const MAX_GLOSS_DEPTH = 6;

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

interface ArgumentRow {
  readonly key: string;
  readonly value: string;
  /** English gloss of the value (an argument `{ text, gloss }`). */
  readonly gloss?: string;
}

interface ArgumentColumn {
  readonly name: string;
  /** The column holds English glosses (declared type `gloss`). */
  readonly gloss: boolean;
}

/** A list of records (texts per locale, listed items, field summaries…) as a table of display strings. */
interface ArgumentTable {
  readonly key: string;
  readonly columns: readonly ArgumentColumn[];
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Entries past LIST_ARGUMENT_LIMIT, left to the JSON report. */
  readonly omitted: number;
}

export interface ArgumentParts {
  /** Values, lists of values and glossed texts, one row each, in argument order. */
  readonly rows: readonly ArgumentRow[];
  /** Lists of records, one table each, in argument order. */
  readonly tables: readonly ArgumentTable[];
}

function isList(value: ArgValue | undefined): value is readonly ArgValue[] {
  return Array.isArray(value);
}

function isRecord(value: ArgValue | undefined): value is { readonly [key: string]: ArgValue } {
  return typeof value === 'object' && !Array.isArray(value);
}

/** The record fields' types when declared, so a glossed text is told apart from other records. */
function fieldsOf(type: ArgType | undefined): ArgFields | undefined {
  return type?.type === 'record' ? type.fields : undefined;
}

/** The text and gloss of a glossed text (`{ text, gloss? }`), or undefined for any other record. */
function glossedText(value: { readonly [key: string]: ArgValue }): { text: string; gloss?: string } | undefined {
  const { text, gloss } = value;
  if (typeof text !== 'string' || !Object.keys(value).every((key) => key === 'text' || key === 'gloss'))
    return undefined;
  return typeof gloss === 'string' ? { text, gloss } : { text };
}

/** One cell: values as they are, lists joined, a glossed text as `text (gloss)`, a record's values in order. */
function cellText(value: ArgValue | undefined): string {
  if (value === undefined) return '';
  if (isList(value))
    return value.map(cellText).join(value.some((item) => isRecord(item) || isList(item)) ? ' / ' : ', ');
  if (isRecord(value)) {
    const glossed = glossedText(value);
    if (glossed !== undefined) return glossed.gloss !== undefined ? `${glossed.text} (${glossed.gloss})` : glossed.text;
    return Object.values(value).map(cellText).join(' ');
  }
  return String(value);
}

function table(key: string, type: ArgType | undefined, list: readonly ArgValue[]): ArgumentTable {
  const entries = list.slice(0, LIST_ARGUMENT_LIMIT).filter(isRecord);
  const declared = fieldsOf(type?.type === 'list' ? type.of : undefined);
  const names: string[] = [];
  for (const name of Object.keys(declared ?? {}))
    if (entries.some((entry) => entry[name] !== undefined)) names.push(name);
  for (const entry of entries) for (const name of Object.keys(entry)) if (!names.includes(name)) names.push(name);
  return {
    key,
    columns: names.map((name) => ({
      name,
      gloss: declared?.[name]?.type === 'gloss' || (!declared && name === 'gloss'),
    })),
    rows: entries.map((entry) => names.map((name) => cellText(entry[name]))),
    omitted: Math.max(0, list.length - LIST_ARGUMENT_LIMIT),
  };
}

/**
 * A finding's arguments for display, by their declared types (src/findings/contract.ts): values
 * and lists of values as rows, a glossed text as a row with its gloss beside it, lists of records
 * as tables. Only carried, never interpreted: the report trusts no shape it was not declared.
 */
export function argumentParts(finding: Finding): ArgumentParts {
  const types = argumentTypes(finding);
  const rows: ArgumentRow[] = [];
  const tables: ArgumentTable[] = [];
  for (const [key, value] of Object.entries(finding.args)) {
    const glossed = isRecord(value) ? glossedText(value) : undefined;
    if (isList(value) && value.some(isRecord)) tables.push(table(key, types[key], value));
    else if (glossed !== undefined)
      rows.push(
        glossed.gloss !== undefined ? { key, value: glossed.text, gloss: glossed.gloss } : { key, value: glossed.text },
      );
    else if (isRecord(value)) tables.push(table(key, undefined, [value]));
    else rows.push({ key, value: cellText(value) });
  }
  return { rows, tables };
}

/** True when an argument of `finding` holds an English gloss (the report then names the gloss source). */
export function hasGloss(finding: Finding): boolean {
  const visit = (value: ArgValue, depth: number): boolean => {
    if (depth > MAX_GLOSS_DEPTH) return false;
    if (isList(value)) return value.some((item) => visit(item, depth + 1));
    if (!isRecord(value)) return false;
    if (glossedText(value)?.gloss !== undefined) return true;
    return Object.values(value).some((item) => visit(item, depth + 1));
  };
  return Object.values(finding.args).some((value) => visit(value, 0));
}

/** One cell of "where each kind of data goes": a category sent to one kind of sink (and destination), by its flows. */
export interface FlowRow {
  readonly category: string;
  readonly sink: string;
  /** The destination as the flows name it (`http://host/path`, `host given at run time`, a number, a path), or ''. */
  readonly destination: string;
  /** Indices of the flow findings in report.findings, in report order. */
  readonly findings: readonly number[];
}

/** Sink kinds in the order the report lists them (the most consequential first). */
const SINK_ORDER = ['network', 'sms', 'intent', 'ipc', 'file', 'preferences', 'log', 'native', 'other'];

/** Flow findings (topic `flow`) grouped by data category, sink kind and destination, in vocabulary and sink order. */
export function flowRows(findings: readonly Finding[]): FlowRow[] {
  const rows = new Map<string, { category: string; sink: string; destination: string; findings: number[] }>();
  findings.forEach((finding, index) => {
    if (finding.topic !== 'flow') return;
    const category = finding.category ?? '';
    const sink = typeof finding.args.sink === 'string' ? finding.args.sink : 'other';
    const destination = typeof finding.args.destination === 'string' ? finding.args.destination : '';
    const key = `${category}\u0000${sink}\u0000${destination}`;
    const row = rows.get(key) ?? { category, sink, destination, findings: [] };
    row.findings.push(index);
    rows.set(key, row);
  });
  const categoryRank = (category: string): number => {
    const rank = (DATA_CATEGORIES as readonly string[]).indexOf(category);
    return rank < 0 ? DATA_CATEGORIES.length : rank;
  };
  const sinkRank = (sink: string): number =>
    SINK_ORDER.indexOf(sink) < 0 ? SINK_ORDER.length : SINK_ORDER.indexOf(sink);
  return [...rows.values()].sort(
    (a, b) =>
      categoryRank(a.category) - categoryRank(b.category) ||
      sinkRank(a.sink) - sinkRank(b.sink) ||
      (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0),
  );
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
