/**
 * The scan: build the model of every APK of an app, run the rules, and assemble
 * the versioned report (docs/findings-schema.md).
 */
import { buildAppModels } from '../model/app-model-build.js';
import type { AppModel } from '../model/app-model.js';
import type { Rule } from '../rules/types.js';
import type { Finding } from './types.js';
import { ALL_RULES } from './registry.js';
import { runRules, type RuleFailure, type RuleTiming } from './run.js';

/** Bump on any incompatible change of the JSON shape; documented in docs/findings-schema.md. */
export const SCHEMA_VERSION = 1;

export interface ScannedApk {
  readonly path: string;
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

export interface ScanReport {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  readonly input: string;
  readonly apks: ScannedApk[];
  readonly findings: Finding[];
  readonly ruleFailures: RuleFailure[];
  readonly statistics: { readonly modelMilliseconds: number; readonly rulesMilliseconds: number; readonly ruleTimings: RuleTiming[] };
}

function describeApk(model: AppModel): ScannedApk {
  return {
    path: model.apk.path, sha256: model.apk.sha256, size: model.apk.size, splitName: model.apk.splitName,
    packageName: model.manifest?.packageName, versionName: model.manifest?.versionName, versionCode: model.manifest?.versionCode,
    dexFiles: model.dexSources.length, assets: model.assets.length, xmlResources: model.xmlResources.length, diagnostics: model.diagnostics.length,
  };
}

/** Scans models already built (tests, bundles assembled by the caller). */
export function scanModels(input: string, models: readonly AppModel[], rules: readonly Rule[] = ALL_RULES, modelMilliseconds = 0): ScanReport {
  const started = performance.now();
  const run = runRules(models, rules);
  return {
    schemaVersion: SCHEMA_VERSION, input, apks: models.map(describeApk), findings: run.findings, ruleFailures: run.failures,
    statistics: { modelMilliseconds: Math.round(modelMilliseconds), rulesMilliseconds: Math.round(performance.now() - started), ruleTimings: run.timings },
  };
}

/** Scans an APK, a folder of split APKs or a bundle. Throws FormatError when the input is unreadable. */
export function scanApp(input: string | readonly string[], rules: readonly Rule[] = ALL_RULES): ScanReport {
  const started = performance.now();
  const { models } = buildAppModels(input);
  return scanModels(typeof input === 'string' ? input : input.join(' '), models, rules, performance.now() - started);
}
