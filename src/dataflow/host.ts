/**
 * What one method's analysis asks of the per-app engine: the program and tables, callee
 * summaries (analysed on demand), the app-wide stores (static fields, fields of objects the
 * analysis lost track of, views found by id), source labels, flows found, and the budget.
 */
import type { DataCategory } from '../findings/vocabulary.js';
import type { Hop, Path, Taint } from './domain/taint.js';
import type { Str } from './domain/values.js';
import type { Program } from './program.js';
import type { SinkInfo, Summary } from './summary.js';
import type { Tables } from './tables.js';
import type { IntentResolution } from './intents.js';
import type { ComponentKind } from '../model/manifest/types.js';
import type { HandOffTables } from './handoffs.js';

/** A place data is read from: a call site (or a callback method's entry) with its category. */
export interface SourceSite {
  readonly kind: 'api' | 'content-uri' | 'identifier-field' | 'form-field' | 'callback-parameter';
  readonly category: DataCategory;
  readonly reads: string;
  readonly reference: string;
  readonly hop: Hop;
  /** For form fields: the view's resource id. */
  readonly viewId?: number;
}

/** The category of a form field, by the view id the layout gives it. */
export interface FormFieldCategory {
  readonly category: DataCategory;
  /** `id/edit_id_number` */
  readonly field: string;
  readonly label: string;
}

export interface AnalysisHost {
  readonly program: Program;
  readonly tables: Tables;
  /** Calls that hand an object to Android, which calls it back (handoffs.ts). */
  readonly handOffs: HandOffTables;
  /** Spends instruction steps; false when the app's budget is gone (the analysis then stops). */
  spend(steps: number): boolean;
  sourceLabel(site: SourceSite): number;
  /** The source site a concrete label stands for. */
  sourceSite(label: number): SourceSite | undefined;
  /**
   * The summary of app method `target` with labels on `requested` input paths. With `demand`,
   * the method is analysed now if it was not (or not for these paths); without, only a
   * summary already computed is returned. The caller is re-analysed when it changes.
   */
  summaryFor(target: string, requested: readonly string[], caller: string, demand: boolean): Summary | undefined;
  /** Concrete taint stored under a static field's access path (`s<field>`, `s<field>␁<field>…`) anywhere in the app. */
  staticTaint(path: string): Taint;
  /** The same, for every path below `path` (with `deep`), or only its contents. */
  staticTaintUnder(path: string, deep: boolean): Taint;
  fieldTaint(field: string): Taint;
  /** Grows whenever the static, field or view stores grow (what an analysis read of them may be stale). */
  readonly storeVersion: number;
  fieldViews(field: string): readonly number[];
  publishStatic(path: string, taint: Taint): void;
  publishField(field: string, taint: Taint): void;
  publishViews(field: string, views: readonly number[]): void;
  formField(viewId: number): readonly FormFieldCategory[];
  /** The text a static field holds for the whole run (static-constants.ts), or undefined. */
  staticText(field: string): string | undefined;
  /** True when an app method reads shared-preference `key` back (preferences.ts). */
  preferenceKeyRead(key: string): boolean;
  /** The app's string resource `id` when every configuration gives the same text. */
  resourceText(id: number): string | undefined;
  recordFlow(label: number, path: Path | undefined, sink: SinkInfo, sinkHop: Hop, destination: Str | undefined): void;
  note(code: string, detail: string, method?: string): void;
  /** Intents (intents.ts): where a sent intent goes, and the extras that reach a component. */
  resolveIntent(
    kind: ComponentKind,
    target: string | undefined,
    action: string | undefined,
    categories: readonly string[],
    pkg: string | undefined,
  ): IntentResolution;
  deliverIntent(component: string, extras: ReadonlyMap<string, Taint>, result: boolean): void;
  incomingIntent(component: string, result: boolean): ReadonlyMap<string, Taint> | undefined;
  requestResult(from: string, activity: string): void;
  returnResult(activity: string, extras: ReadonlyMap<string, Taint>): { leaves: boolean };
  /** The result an ordered broadcast's receivers pass on (intents.ts). */
  broadcastResult(): Taint;
  shareBroadcastResult(taint: Taint): void;
}
