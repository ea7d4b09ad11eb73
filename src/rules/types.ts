/**
 * A rule: metadata plus a small pure function over the AppModel. One folder per rule
 * (src/rules/<id>/index.ts exports `rule`), with its tests and a short doc beside it.
 * The metadata declares every code the rule emits (src/findings/contract.ts).
 */
import type { AppModel } from '../model/app-model.js';
import type { Finding } from '../findings/types.js';
import type { CodeTable } from '../findings/contract.js';
import type { DataCategory } from '../findings/vocabulary.js';
import type { AppFacts } from './shared/app-facts.js';
import type { Glosser } from '../text/annotate.js';
import type { Form } from '../model/forms/index.js';
import type { Resources } from '../model/resources/index.js';

export interface RuleMetadata {
  /** Stable id, equal to the folder name: `permission-data`, `sensitive-api`… Every code starts with `<id>.`. */
  readonly id: string;
  readonly description: string;
  /** Categories the rule can report. */
  readonly categories: readonly DataCategory[];
  /** Sources for the facts the rule encodes (Android docs, public research). */
  readonly references: readonly string[];
  /** Every code the rule emits, by the part after `<id>.`: topic, argument types, message template. */
  readonly codes: CodeTable;
}

/**
 * What the scan hands a rule (src/rules/shared/context.ts): the APKs scanned together (base first,
 * then splits; a rule sees the others of the same app) and the facts of each, computed once per scan.
 */
export interface RuleContext {
  readonly apks: readonly AppModel[];
  facts(app: AppModel): AppFacts;
  /** The forms of `app`'s layouts read with `resources` (extractForms), made once per APK and table set. */
  forms(app: AppModel, resources: Resources | undefined): readonly Form[];
  /** English glosses of app strings, remembered for this scan (its dictionaries outlive it). */
  readonly text: Glosser;
}

export interface Rule {
  readonly meta: RuleMetadata;
  /** Findings about `app` (one APK of `context.apks`). */
  run(app: AppModel, context: RuleContext): Finding[];
}
