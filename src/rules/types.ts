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

export interface Rule {
  readonly meta: RuleMetadata;
  run(app: AppModel): Finding[];
}
