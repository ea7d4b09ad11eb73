/**
 * The scan: build the model of every APK of an app, run the rules, and assemble
 * the versioned report (docs/findings-schema.md).
 */
import { basename } from 'node:path';
import { buildAppModels } from '../model/app-model-build.js';
import type { AppModel } from '../model/app-model.js';
import type { Rule } from '../rules/types.js';
import type { Finding } from '../findings/types.js';
import { ALL_RULES } from './registry.js';
import { runRules, type RuleFailure, type RuleTiming } from './run.js';
import { withSeverities } from './severity.js';
import { summariseApp, type AppSummary } from './app-summary.js';
import { toolVersion } from '../version.js';
import { Glosser } from '../text/annotate.js';
import type { Dictionaries } from '../text/dictionaries.js';
import { isLimitDiagnostic } from '../model/limits.js';
import type { SourcedDiagnostic } from '../model/sourced-diagnostic.js';

/** Bump on any incompatible change of the JSON shape; documented in docs/findings-schema.md. */
export const SCHEMA_VERSION = 3;

export interface ScannedApk {
  /** File name, or `bundle.xapk!/entry.apk` inside a bundle (no folders: the report must not depend on where the file lies). */
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
  readonly splitName?: string;
  readonly packageName?: string;
  readonly versionName?: string;
  readonly versionCode?: number;
  readonly dexFiles: number;
  readonly assets: number;
  readonly xmlResources: number;
  readonly diagnostics: number;
}

/** Something the scan did not read, or not whole: a budget or cap was hit, or an entry was refused. */
export interface SkippedPart {
  /** The APK (as in `apks[].name`), or the bundle itself. */
  readonly apk: string;
  /** Where in it: an entry, `(dex)`, `(bundle)`… */
  readonly source: string;
  readonly code: string;
  /** Why, in one line. */
  readonly detail: string;
}

/** Skipped parts listed at most; past this one line says how many more there are. */
export const MAX_SKIPPED_LISTED = 200;

/**
 * The report: a pure function of the input bytes and the apkwitness version, so the
 * same APK gives byte-identical JSON (issue 6). Times and paths live in ScanRun.
 */
export interface ScanReport {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly tool: { readonly name: 'apkwitness'; readonly version: string };
  readonly app: AppSummary;
  readonly apks: ScannedApk[];
  readonly findings: Finding[];
  readonly ruleFailures: RuleFailure[];
  /** What was not read and why (budgets, caps, refused entries): empty when everything was read. */
  readonly skipped: SkippedPart[];
}

/** How this run went: where the input was, when, and how long each part took. Not part of the report. */
export interface ScanRun {
  readonly input: string;
  readonly startedAt: string;
  readonly modelMilliseconds: number;
  readonly rulesMilliseconds: number;
  readonly ruleTimings: RuleTiming[];
}

export interface ScanResult {
  readonly report: ScanReport;
  readonly run: ScanRun;
}

/** `/cases/app.xapk!/base.apk` → `app.xapk!/base.apk`. */
function apkName(path: string): string {
  const separator = path.indexOf('!/');
  return separator < 0 ? basename(path) : `${basename(path.slice(0, separator))}${path.slice(separator)}`;
}

function describeApk(model: AppModel): ScannedApk {
  return {
    name: apkName(model.apk.path),
    sha256: model.apk.sha256,
    size: model.apk.size,
    splitName: model.apk.splitName,
    packageName: model.manifest?.packageName,
    versionName: model.manifest?.versionName,
    versionCode: model.manifest?.versionCode,
    dexFiles: model.dexSources.length,
    assets: model.assets.length,
    xmlResources: model.xmlResources.length,
    diagnostics: model.diagnostics.length,
  };
}

/** Every limit diagnostic of the bundle and of each APK, in that order, at most MAX_SKIPPED_LISTED of them. */
export function skippedParts(
  models: readonly AppModel[],
  bundleDiagnostics: readonly SourcedDiagnostic[] = [],
  bundleName = '(bundle)',
): SkippedPart[] {
  const all: SkippedPart[] = [];
  for (const diagnostic of bundleDiagnostics)
    if (isLimitDiagnostic(diagnostic))
      all.push({ apk: bundleName, source: diagnostic.source, code: diagnostic.code, detail: diagnostic.detail });
  for (const model of models)
    for (const diagnostic of model.diagnostics)
      if (isLimitDiagnostic(diagnostic))
        all.push({
          apk: apkName(model.apk.path),
          source: diagnostic.source,
          code: diagnostic.code,
          detail: diagnostic.detail,
        });
  if (all.length <= MAX_SKIPPED_LISTED) return all;
  return [
    ...all.slice(0, MAX_SKIPPED_LISTED),
    {
      apk: '(all)',
      source: '(report)',
      code: 'report.skipped-truncated',
      detail: `${all.length - MAX_SKIPPED_LISTED} more parts were not read, for the reasons above (each is in the APK's diagnostics: apkwitness inspect --all-diagnostics)`,
    },
  ];
}

export interface ScanOptions {
  /** The rules to run (default: every rule, ALL_RULES). */
  readonly rules?: readonly Rule[];
  /**
   * The dictionaries glosses read (CC-CEDICT). A process that scans several apps (the CLI, the
   * scan worker) makes one and hands it to every scan; a scan given none reads its own, if it glosses.
   */
  readonly dictionaries?: Dictionaries;
}

export interface ModelScanOptions extends ScanOptions {
  /** Time spent building the models, for the run record. */
  readonly modelMilliseconds?: number;
  /** Diagnostics of the bundle the models came from (its skipped parts go into the report). */
  readonly bundleDiagnostics?: readonly SourcedDiagnostic[];
}

/** Scans models already built (tests, bundles assembled by the caller). */
export function scanModels(input: string, models: readonly AppModel[], options: ModelScanOptions = {}): ScanResult {
  const { rules = ALL_RULES, modelMilliseconds = 0, bundleDiagnostics = [] } = options;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  // The scan's glosser: rules and the app summary gloss through it, its memo dies with the scan.
  const text = new Glosser(options.dictionaries);
  const result = runRules(models, rules, text);
  const report: ScanReport = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'apkwitness', version: toolVersion() },
    app: summariseApp(models, text),
    apks: models.map(describeApk),
    findings: withSeverities(result.findings),
    ruleFailures: result.failures,
    skipped: skippedParts(models, bundleDiagnostics, basename(input.split(' ')[0] ?? input)),
  };
  const run: ScanRun = {
    input,
    startedAt,
    modelMilliseconds: Math.round(modelMilliseconds),
    rulesMilliseconds: Math.round(performance.now() - started),
    ruleTimings: result.timings,
  };
  return { report, run };
}

/** Scans an APK, a folder of split APKs or a bundle. Throws FormatError when the input is unreadable. */
export function scanApp(input: string | readonly string[], options: ScanOptions = {}): ScanResult {
  const started = performance.now();
  const { models, diagnostics } = buildAppModels(input);
  return scanModels(typeof input === 'string' ? input : input.join(' '), models, {
    ...options,
    modelMilliseconds: performance.now() - started,
    bundleDiagnostics: diagnostics,
  });
}
