/**
 * DroidBench scoring (the benchmark's README, "Scoring"): per app, `reported` is the number of
 * findings with `"topic": "flow"`; TP = min(reported, expected), FP = max(0, reported − expected),
 * FN = max(0, expected − reported); precision, recall and F1 over the sums. An app that fails or
 * times out counts as reported 0. Also checks that each reported flow's first evidence lands on
 * a marked source call site and its last on a marked sink call site (callsites.tsv).
 * Pure functions: bench/flows.ts runs the scans, test/flows/droidbench.test.ts pins the result.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../test/support/corpus.js';

export const droidBenchRoot =
  process.env.APKWITNESS_DROIDBENCH ?? join(repositoryRoot, '..', 'shared', 'benchmarks', 'droidbench');

/** The categories issue 13 is measured on (F1 ≥ 0.90 together). */
export const ISSUE_13_CATEGORIES = [
  'GeneralJava',
  'ArraysAndLists',
  'FieldAndObjectSensitivity',
  'Aliasing',
  'AndroidSpecific',
  'UnreachableCode',
] as const;

export interface TruthRow {
  /** `apk/<Category>/<App>.apk`, relative to the benchmark root. */
  readonly apk: string;
  readonly category: string;
  /** The `@number_of_leaks` tag; undefined for the unscored apps. */
  readonly expected: number | undefined;
  /** Published re-counts (TSE, else ISSTA'18) where the README lists one. */
  readonly recount: number | undefined;
}

export interface CallsiteRow {
  readonly apk: string;
  /** `source`, `sink`, `source?`, `sink?` (a marked line whose call is not a framework API). */
  readonly role: string;
  readonly className: string;
  readonly method: string;
  /** Undefined for callback parameters and native methods (no call site). */
  readonly codeOffset: number | undefined;
  readonly target: string;
}

function tsvRows(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const names = (header ?? '').split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(names.map((name, index) => [name, cells[index] ?? '']));
  });
}

const RECOUNT = /(TSE|ISSTA'18) re-count (\d+)/g;

export function readTruth(root = droidBenchRoot): TruthRow[] {
  return tsvRows(join(root, 'truth.tsv')).map((row) => {
    const apk = row.apk ?? '';
    const recounts = new Map([...(row.notes ?? '').matchAll(RECOUNT)].map((match) => [match[1], Number(match[2])]));
    return {
      apk,
      category: apk.split('/')[1] ?? '',
      expected: /^\d+$/.test(row.expected_leaks ?? '') ? Number(row.expected_leaks) : undefined,
      recount: recounts.get('TSE') ?? recounts.get("ISSTA'18"),
    };
  });
}

export function readCallsites(root = droidBenchRoot): CallsiteRow[] {
  return tsvRows(join(root, 'callsites.tsv')).map((row) => ({
    apk: row.apk ?? '',
    role: row.role ?? '',
    className: row.className ?? '',
    method: row.method ?? '',
    codeOffset: /^\d+$/.test(row.codeOffset ?? '') ? Number(row.codeOffset) : undefined,
    target: row.target ?? '',
  }));
}

/** The parts of a flow finding the score and the end check read (a subset of the JSON report). */
export interface FlowEvidence {
  readonly kind: string;
  readonly className?: string;
  readonly method?: string;
  readonly codeOffset?: number;
}

export interface ReportedFlow {
  readonly category?: string;
  readonly sink?: string;
  readonly evidence: readonly FlowEvidence[];
}

export interface AppResult {
  readonly apk: string;
  readonly ok: boolean;
  readonly milliseconds: number;
  /** Why the app failed (timeout, crash); undefined when it was scanned. */
  readonly error?: string;
  readonly flows: readonly ReportedFlow[];
}

/** The flow findings of a `scan --json` report. */
export function flowsOfReport(report: {
  findings: ReadonlyArray<{ topic: string; category?: string; args?: Record<string, unknown>; evidence: unknown[] }>;
}): ReportedFlow[] {
  return report.findings
    .filter((finding) => finding.topic === 'flow')
    .map((finding) => ({
      category: finding.category,
      sink: typeof finding.args?.sink === 'string' ? finding.args.sink : undefined,
      evidence: finding.evidence as FlowEvidence[],
    }));
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Rates extends Counts {
  readonly apps: number;
  readonly failed: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export function rates(counts: Counts, apps: number, failed: number): Rates {
  const precision = counts.tp + counts.fp === 0 ? 0 : counts.tp / (counts.tp + counts.fp);
  const recall = counts.tp + counts.fn === 0 ? 0 : counts.tp / (counts.tp + counts.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...counts, apps, failed, precision, recall, f1 };
}

/** TP/FP/FN of one app by the README's rule (a failed app reports 0). */
export function appCounts(expected: number, reported: number): Counts {
  return {
    tp: Math.min(reported, expected),
    fp: Math.max(0, reported - expected),
    fn: Math.max(0, expected - reported),
  };
}

export type EndVerdict = 'on-marked-call' | 'elsewhere' | 'unchecked';

export interface EndCheck {
  readonly first: EndVerdict;
  readonly last: EndVerdict;
}

function endVerdict(evidence: FlowEvidence | undefined, rows: readonly CallsiteRow[]): EndVerdict {
  if (rows.length === 0) return 'unchecked';
  if (evidence === undefined || evidence.kind !== 'code') return 'elsewhere';
  const hit = rows.some(
    (row) =>
      row.className === evidence.className &&
      row.method === evidence.method &&
      // A callback parameter or native method has no call site: the method itself is the mark.
      (row.codeOffset === undefined || row.codeOffset === evidence.codeOffset),
  );
  return hit ? 'on-marked-call' : 'elsewhere';
}

/** Where a flow's first and last evidence land, against the app's marked source and sink lines. */
export function checkEnds(flow: ReportedFlow, callsites: readonly CallsiteRow[]): EndCheck {
  const sinks = callsites.filter((row) => row.role.startsWith('sink'));
  // A `source?` mark (README: not a framework source API) on the very call a sink row marks is a line
  // commented "source, sink": the data comes from elsewhere (View1 reads a static field there), so that
  // row says nothing about where the source call is.
  const sameCall = (row: CallsiteRow, other: CallsiteRow): boolean =>
    row.className === other.className && row.method === other.method && row.codeOffset === other.codeOffset;
  return {
    first: endVerdict(
      flow.evidence[0],
      callsites.filter(
        (row) =>
          row.role.startsWith('source') && !(row.role.endsWith('?') && sinks.some((sink) => sameCall(row, sink))),
      ),
    ),
    last: endVerdict(flow.evidence[flow.evidence.length - 1], sinks),
  };
}

export interface AppScore extends Counts {
  readonly apk: string;
  readonly category: string;
  readonly expected: number;
  readonly recount: number | undefined;
  readonly reported: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly milliseconds: number;
  readonly ends: readonly EndCheck[];
}

export interface Score {
  readonly apps: readonly AppScore[];
  readonly byCategory: ReadonlyMap<string, Rates>;
  readonly issue13: Rates;
  readonly overall: Rates;
  /** The same, counting the published re-count instead of the tag where the README lists one. */
  readonly overallRecount: Rates;
  readonly ends: { readonly checked: number; readonly onMarkedCalls: number; readonly elsewhere: number };
}

function sum(scores: readonly AppScore[], counts: (app: AppScore) => Counts = (app) => app): Rates {
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const app of scores) {
    const { tp, fp, fn } = counts(app);
    total.tp += tp;
    total.fp += fp;
    total.fn += fn;
  }
  return rates(total, scores.length, scores.filter((app) => !app.ok).length);
}

/** Scores the results of the scored apps (those with an `@number_of_leaks` tag). */
export function score(
  results: readonly AppResult[],
  truth: readonly TruthRow[],
  callsites: readonly CallsiteRow[],
): Score {
  const byApk = new Map(results.map((result) => [result.apk, result]));
  const apps: AppScore[] = [];
  for (const row of truth) {
    if (row.expected === undefined) continue;
    const result = byApk.get(row.apk);
    if (result === undefined) continue;
    const reported = result.ok ? result.flows.length : 0;
    const marked = callsites.filter((site) => site.apk === row.apk);
    apps.push({
      apk: row.apk,
      category: row.category,
      expected: row.expected,
      recount: row.recount,
      reported,
      ok: result.ok,
      ...(result.error === undefined ? {} : { error: result.error }),
      milliseconds: result.milliseconds,
      ...appCounts(row.expected, reported),
      ends: result.ok ? result.flows.map((flow) => checkEnds(flow, marked)) : [],
    });
  }
  const categories = [...new Set(apps.map((app) => app.category))].sort();
  const byCategory = new Map(
    categories.map((category) => [category, sum(apps.filter((app) => app.category === category))]),
  );
  const ends = apps.flatMap((app) => app.ends.flatMap((check) => [check.first, check.last]));
  return {
    apps,
    byCategory,
    issue13: sum(apps.filter((app) => (ISSUE_13_CATEGORIES as readonly string[]).includes(app.category))),
    overall: sum(apps),
    overallRecount: sum(apps, (app) => appCounts(app.recount ?? app.expected, app.reported)),
    ends: {
      checked: ends.filter((verdict) => verdict !== 'unchecked').length,
      onMarkedCalls: ends.filter((verdict) => verdict === 'on-marked-call').length,
      elsewhere: ends.filter((verdict) => verdict === 'elsewhere').length,
    },
  };
}
