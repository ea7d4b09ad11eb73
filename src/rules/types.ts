/**
 * A rule: metadata plus a small pure function over the AppModel. One folder per rule
 * (src/rules/<id>/index.ts exports `rule`), with its tests and a short doc beside it.
 */
import type { AppModel } from '../model/app-model.js';
import type { Finding } from '../findings/types.js';
import type { DataCategory } from '../findings/vocabulary.js';

export interface RuleMetadata {
  /** Stable id, equal to the folder name: `permission-data`, `device-id-api`… */
  readonly id: string;
  readonly description: string;
  /** Categories the rule can report. */
  readonly categories: readonly DataCategory[];
  /** Sources for the facts the rule encodes (Android docs, public research). */
  readonly references: readonly string[];
}

/** The app an APK belongs to: every APK scanned together (base first, then splits). */
export interface RuleContext {
  readonly apks: readonly AppModel[];
}

export interface Rule {
  readonly meta: RuleMetadata;
  /** Findings about `app` (one APK); `context` names the other APKs of the same app, when scanned together. */
  run(app: AppModel, context?: RuleContext): Finding[];
}
