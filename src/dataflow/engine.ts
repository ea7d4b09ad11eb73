/**
 * The per-app flow analysis: demand-driven and bottom-up from the sources.
 *
 * 1. Seeds: the reachable methods that read data (a source call, a provider URI, an
 *    identifier field, a form field's text, a callback that is handed data).
 * 2. Each analysed method gets a summary (method-analysis.ts). A callee is analysed when
 *    tainted data reaches it (with labels on exactly those inputs) or when it is small;
 *    summaries are memoised on this object and recomputed when what they read changes
 *    (callee summaries, app-wide stores), so recursion reaches a fixed point.
 * 3. When concrete data leaves a method (returned, written into a caller's object, thrown),
 *    its callers are analysed; when it lands in a static field or in a field of an object
 *    the framework made (or of a component between lifecycle calls), the methods reading
 *    that field are.
 * 4. A concrete label meeting a sink is a flow, kept once per (source call site, sink call
 *    site) with its shortest path.
 * Bounded: a budget of instruction steps per app and per method run, a cap on re-runs and
 * on the depth of nested analyses; what is cut short is reported as a diagnostic.
 */
import type { CodeIndex } from '../model/code-index/index.js';
import type { ParsedDexSource } from '../model/code/index.js';
import type { Manifest } from '../model/manifest/types.js';
import type { XmlDocument } from '../model/app-model.js';
import {
  NO_TAINT,
  addsLabels,
  extend,
  hopsOf,
  isSymbolic,
  joinTaint,
  single,
  type Hop,
  type Path,
  type Taint,
} from './domain/taint.js';
import type { Str } from './domain/values.js';
import type { AnalysisHost, FormFieldCategory, SourceSite } from './host.js';
import { StaticConstants } from './static-constants.js';
import { PreferenceReaders, isPreferenceField } from './preferences.js';
import { fileOfField } from './files.js';
import { BudgetExhausted, MethodRun } from './method-analysis.js';
import { MethodNames, Program, splitSignature, type ClassPlace } from './program.js';
import { Tables } from './tables.js';
import { EntryPoints } from './entry-points.js';
import { REFLECTION_ROWS } from './reflection.js';
import { IntentRouter, ORDERED_RESULT_READS, RESULT_REQUESTS, type IntentResolution } from './intents.js';
import type { ComponentKind } from '../model/manifest/types.js';
import { HandOffTables } from './handoffs.js';
import { sourcesOfKind, matchContentUri } from './data-sources.js';
import { isPlatformClass } from './framework-types.js';
import { fileOffsetOf, parseDescriptor, type MethodBody } from './ir/types.js';
import { SEP, parameterRoot, type SinkInfo, type Summary, type SummaryValue } from './summary.js';

/**
 * Work per app, in instruction steps (each run of a method also costs RUN_COST for its set-up
 * and summary), and per run of one method. The default keeps the flow analysis of the largest
 * corpus apps near their scan time (docs/flows.md, "Speed").
 */
const DEFAULT_BUDGET = 15_000;
const RUN_COST = 25;
const RUN_BUDGET = 40_000;
/** Runs of one method before its summary is taken as final. */
const MAX_RUNS = 12;
/** Nested on-demand analyses (deeper callees are queued instead). */
const MAX_DEPTH = 24;
/**
 * Callbacks after which Android makes no other call on the object (Activity and Service
 * `onDestroy`, Fragment `onDetach`: the lifecycle diagrams of the Activity, Service and
 * Fragment references); a new lifecycle starts on a new object.
 */
const LAST_CALLBACKS: ReadonlySet<string> = new Set(['onDestroy', 'onDetach']);
/**
 * Saved instance state: the Bundle `onSaveInstanceState` fills is handed to the next
 * `onCreate`, `onRestoreInstanceState`, `onPostCreate` (Activity) or `onActivityCreated`,
 * `onViewStateRestored`, `onCreateView` (Fragment), by the Activity and Fragment references
 * ("Saving and restoring activity state"). Kept in the component state under its own root.
 */
const SAVE_STATE = { name: 'onSaveInstanceState', descriptor: '(Landroid/os/Bundle;)V' };
const RESTORE_STATE: ReadonlySet<string> = new Set([
  'onCreate',
  'onRestoreInstanceState',
  'onPostCreate',
  'onActivityCreated',
  'onViewStateRestored',
  'onCreateView',
]);
const BUNDLE = 'Landroid/os/Bundle;';
const SAVED_ROOT = 'saved';
/** Flows kept per app (the report is for people; the count says the rest). */
const MAX_FLOWS = 2000;

export interface FlowInput {
  readonly code: CodeIndex;
  readonly dexSources: readonly ParsedDexSource[];
  readonly manifest?: Manifest;
  /** Parsed layouts (for android:onClick handlers and custom views). */
  readonly layouts: readonly XmlDocument[];
  /** Form fields with a category, by view id (asked only when the code reads a text field). */
  readonly formFields: () => ReadonlyMap<number, readonly FormFieldCategory[]>;
  /** The app's string resource `id` when every configuration gives the same text (`getString(R.string.x)`). */
  readonly resourceText?: (id: number) => string | undefined;
  /**
   * The app's class definitions by descriptor (the first in class-loading order), and the
   * signatures the dex files name on a class by method name (source, then method id order),
   * when the caller has them already (the scan's per-app facts); computed here otherwise.
   */
  readonly classes?: () => ReadonlyMap<string, ClassPlace>;
  readonly methodsNamed?: (owner: string, name: string) => string[];
  /** The strings the code loads (const-string), in the code index's order, when the caller has them listed. */
  readonly codeStrings?: () => readonly { readonly text: string }[];
}

export interface FlowOptions {
  /** Instruction steps the whole analysis may take (default DEFAULT_BUDGET). */
  readonly budget?: number;
}

export interface Flow {
  readonly source: SourceSite;
  readonly sink: SinkInfo;
  /** Every hop from the source call site to the sink call site, both included. */
  readonly path: readonly Hop[];
  readonly destination?: Str;
}

export interface FlowDiagnostic {
  readonly code: string;
  readonly detail: string;
  readonly count: number;
  /** The method the analysis was in when it cut something short (the first time), when known. */
  readonly method?: string;
}

export interface FlowResult {
  readonly flows: readonly Flow[];
  readonly diagnostics: readonly FlowDiagnostic[];
  readonly statistics: {
    readonly seeds: number;
    readonly methodsAnalysed: number;
    readonly runs: number;
    readonly steps: number;
  };
}

interface Entry {
  inputs: string[];
  summary: Summary | undefined;
  /** fingerprintOf(summary), made when a second run needs it to compare (most methods run once). */
  fingerprint: string | undefined;
  dependents: Set<string>;
  dirty: boolean;
  running: boolean;
  runs: number;
  parameterTaint: Map<number, Taint> | undefined;
}

/** What an entry method left in its receiver's fields, by access path, per publishing method. */
type ComponentState = Map<string, Map<string, Taint>>;

class StopAnalysis extends Error {}

export class FlowEngine implements AnalysisHost {
  readonly program: Program;
  readonly tables: Tables;
  readonly handOffs: HandOffTables;
  private readonly entryPoints: EntryPoints;
  private readonly names: MethodNames;
  private readonly entries = new Map<string, Entry>();
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly stack: string[] = [];
  private readonly runSteps: number[] = [];
  private readonly sources: SourceSite[] = [];
  private readonly sourceIds = new Map<string, number>();
  private readonly statics = new Map<string, Taint>();
  private readonly fields = new Map<string, Taint>();
  private readonly views = new Map<string, number[]>();
  storeVersion = 0;
  /** Class → what its entry methods leave in the receiver's fields for the next callback. */
  private readonly components = new Map<string, ComponentState>();
  /** Callback classes whose hand-off sites were woken (once each). */
  private readonly wokenHandOffs = new Set<string>();
  private readonly flows = new Map<string, Flow>();
  private readonly notes = new Map<string, { detail: string; count: number; method: string | undefined }>();
  /** The method running when the app's budget ran out. */
  private exhaustedIn: string | undefined;
  private readonly budget: number;
  private steps = 0;
  private runs = 0;
  private seedCount = 0;
  private exhausted = false;
  private structuralDepth = 0;
  private formFieldMap: ReadonlyMap<number, readonly FormFieldCategory[]> | undefined;

  constructor(
    private readonly input: FlowInput,
    options: FlowOptions = {},
  ) {
    this.program = new Program(input.code, input.dexSources, input.classes);
    this.tables = new Tables(this.program);
    this.handOffs = new HandOffTables(this.program);
    this.entryPoints = new EntryPoints(this.program, input.manifest, input.layouts);
    this.names = new MethodNames(input.dexSources, input.methodsNamed);
    this.budget = options.budget ?? DEFAULT_BUDGET;
    this.intents = new IntentRouter(
      this.program,
      input.manifest,
      (component) => {
        for (const reader of [...this.intents.readers(component, false), ...this.intents.readers(component, true)]) {
          if (!this.analysable(reader)) continue;
          this.entry(reader).dirty = true;
          this.enqueue(reader);
        }
      },
      (text) => this.constants().namers(text),
    );
  }

  private readonly intents: IntentRouter;

  resolveIntent(
    kind: ComponentKind,
    target: string | undefined,
    action: string | undefined,
    categories: readonly string[],
    pkg: string | undefined,
  ): IntentResolution {
    return this.intents.resolve(kind, target, action, categories, pkg);
  }

  deliverIntent(component: string, extras: ReadonlyMap<string, Taint>, result: boolean): void {
    this.intents.deliver(component, extras, result);
  }

  incomingIntent(component: string, result: boolean): ReadonlyMap<string, Taint> | undefined {
    return this.intents.incoming(component, result);
  }

  requestResult(from: string, activity: string): void {
    this.intents.requestResult(from, activity);
  }

  returnResult(activity: string, extras: ReadonlyMap<string, Taint>): { leaves: boolean } {
    return this.intents.returnResult(activity, extras);
  }

  private orderedResult: Taint = NO_TAINT;

  broadcastResult(): Taint {
    return this.orderedResult;
  }

  shareBroadcastResult(taint: Taint): void {
    if (!addsLabels(this.orderedResult, taint)) return;
    this.orderedResult = joinTaint(this.orderedResult, taint);
    for (const read of ORDERED_RESULT_READS)
      for (const caller of this.program.callerMethods(read)) this.wakeMethod(caller);
  }

  private wakeMethod(signature: string): void {
    if (!this.analysable(signature)) return;
    this.entry(signature).dirty = true;
    this.enqueue(signature);
  }

  // ---------- AnalysisHost ----------

  spend(steps: number): boolean {
    this.steps += steps;
    const depth = this.runSteps.length - 1;
    if (depth >= 0) this.runSteps[depth] = (this.runSteps[depth] as number) + steps;
    if (this.steps > this.budget) {
      this.exhausted = true;
      this.exhaustedIn ??= this.stack[this.stack.length - 1];
      return false;
    }
    if (depth >= 0 && (this.runSteps[depth] as number) > RUN_BUDGET) throw new MethodTooLong();
    return true;
  }

  sourceLabel(site: SourceSite): number {
    const key = `${site.hop.method}@${site.hop.offset}#${site.category}#${site.viewId ?? ''}`;
    let id = this.sourceIds.get(key);
    if (id === undefined) {
      id = this.sources.length;
      this.sources.push(site);
      this.sourceIds.set(key, id);
    }
    return id;
  }

  sourceSite(label: number): SourceSite | undefined {
    return this.sources[label];
  }

  summaryFor(target: string, requested: readonly string[], caller: string, demand: boolean): Summary | undefined {
    const entry = this.entry(target);
    // A callee asked for only for its constants and objects (no data reaches it) is analysed one level deep, never its own such callees.
    const structural = demand && requested.length === 0;
    // A constructor's own constructor calls (this(…), super(…)) are followed: they say what the object holds (a listener's this$0).
    if (
      structural &&
      this.structuralDepth > 0 &&
      entry.summary === undefined &&
      !(target.includes('-><init>(') && caller.includes('-><init>('))
    ) {
      entry.dependents.add(caller);
      return undefined;
    }
    entry.dependents.add(caller);
    let grew = false;
    for (const path of requested)
      if (!entry.inputs.includes(path)) {
        entry.inputs.push(path);
        grew = true;
      }
    if (grew) entry.dirty = true;
    if (!entry.dirty && entry.summary !== undefined) return entry.summary;
    if (!demand && !grew) return entry.summary;
    if (entry.running || this.stack.length >= MAX_DEPTH || entry.runs >= MAX_RUNS || this.exhausted) {
      if (!entry.running && entry.runs < MAX_RUNS) this.enqueue(target);
      return entry.summary;
    }
    if (structural) this.structuralDepth++;
    try {
      this.analyse(target);
    } finally {
      if (structural) this.structuralDepth--;
    }
    return entry.summary;
  }

  staticTaint(path: string): Taint {
    return this.statics.get(path) ?? NO_TAINT;
  }

  staticTaintUnder(path: string, deep: boolean): Taint {
    let taint: Taint = NO_TAINT;
    const prefix = `${path}${SEP}`;
    for (const pair of this.statics) {
      const key = pair[0];
      const value = pair[1];
      if (!key.startsWith(prefix)) continue;
      const first = key.slice(prefix.length).split(SEP)[0] ?? '';
      if (deep || first === '*' || first.startsWith('k:') || first.startsWith('[')) taint = joinTaint(taint, value);
    }
    return taint;
  }

  fieldTaint(field: string): Taint {
    return this.fields.get(field) ?? NO_TAINT;
  }

  fieldViews(field: string): readonly number[] {
    return this.views.get(field) ?? [];
  }

  publishStatic(path: string, taint: Taint): void {
    if (!this.grow(this.statics, path, taint)) return;
    if (isPreferenceField(path.slice(1))) {
      for (const reader of this.preferenceReaders().readers()) this.wakeMethod(reader);
      return;
    }
    // A file is read back by a method that names it (files.ts).
    const file = fileOfField(path.slice(1));
    if (file !== undefined) {
      for (const reader of this.constants().namers(file)) this.wakeMethod(reader);
      return;
    }
    // Who reads it: readers of the static field itself, or of the last field on the path.
    const segments = path.split(SEP);
    const last = segments[segments.length - 1] ?? '';
    this.wakeReaders(segments.length === 1 ? path.slice(1) : last.includes('->') ? last : (segments[0] ?? '').slice(1));
  }

  publishField(field: string, taint: Taint): void {
    if (this.grow(this.fields, field, taint)) this.wakeReaders(field);
  }

  publishViews(field: string, ids: readonly number[]): void {
    const known = this.views.get(field) ?? [];
    const added = ids.filter((id) => !known.includes(id));
    if (added.length === 0) return;
    this.storeVersion++;
    this.views.set(
      field,
      [...known, ...added].sort((a, b) => a - b),
    );
    this.wakeReaders(field);
  }

  private staticConstants: StaticConstants | undefined;

  private constants(): StaticConstants {
    this.staticConstants ??= new StaticConstants(this.program);
    return this.staticConstants;
  }

  staticText(field: string): string | undefined {
    return this.constants().text(field);
  }

  private preferences: PreferenceReaders | undefined;

  private preferenceReaders(): PreferenceReaders {
    this.preferences ??= new PreferenceReaders(this.program, (text) => this.constants().namers(text));
    return this.preferences;
  }

  preferenceKeyRead(key: string): boolean {
    return this.preferenceReaders().isRead(key);
  }

  /** String resources asked for by id (a call site asks at every step that runs it), resolved once per app. */
  private readonly resourceTexts = new Map<number, string | undefined>();

  resourceText(id: number): string | undefined {
    if (this.resourceTexts.has(id)) return this.resourceTexts.get(id);
    const text = this.input.resourceText?.(id);
    this.resourceTexts.set(id, text);
    return text;
  }

  formField(viewId: number): readonly FormFieldCategory[] {
    this.formFieldMap ??= this.input.formFields();
    return this.formFieldMap.get(viewId) ?? [];
  }

  recordFlow(label: number, path: Path | undefined, sink: SinkInfo, sinkHop: Hop, destination: Str | undefined): void {
    const source = this.sources[label];
    if (source === undefined) return;
    const hops = hopsOf(extend(path, sinkHop));
    if (hops[0]?.kind !== 'source') hops.unshift(source.hop);
    const key = `${source.hop.method}@${source.hop.offset}|${sinkHop.method}@${sinkHop.offset}`;
    const existing = this.flows.get(key);
    if (existing !== undefined && existing.path.length <= hops.length) return;
    if (existing === undefined && this.flows.size >= MAX_FLOWS) {
      this.note('flows.too-many', `more than ${MAX_FLOWS} flows: the rest are not listed`, sinkHop.method);
      return;
    }
    this.flows.set(key, { source, sink, path: hops, ...(destination === undefined ? {} : { destination }) });
  }

  note(code: string, detail: string, method?: string): void {
    const existing = this.notes.get(code);
    if (existing) existing.count++;
    else this.notes.set(code, { detail, count: 1, method: method ?? this.stack[this.stack.length - 1] });
  }

  // ---------- the driver ----------

  private entry(signature: string): Entry {
    let entry = this.entries.get(signature);
    if (entry === undefined) {
      entry = {
        inputs: [],
        summary: undefined,
        fingerprint: undefined,
        dependents: new Set(),
        dirty: true,
        running: false,
        runs: 0,
        parameterTaint: undefined,
      };
      this.entries.set(signature, entry);
    }
    return entry;
  }

  private grow(store: Map<string, Taint>, key: string, taint: Taint): boolean {
    const current = store.get(key) ?? NO_TAINT;
    if (!addsLabels(current, taint)) return false;
    store.set(key, joinTaint(current, taint));
    this.storeVersion++;
    return true;
  }

  /** App code (not the platform's libraries) that Android can reach. */
  private analysable(signature: string): boolean {
    return !isPlatformClass(splitSignature(signature).owner) && this.entryPoints.isReachable(signature);
  }

  private wakeReaders(field: string): void {
    for (const reader of this.program.fieldReaders(field)) {
      if (!this.analysable(reader)) continue;
      this.entry(reader).dirty = true;
      this.enqueue(reader);
    }
  }

  private enqueue(signature: string): void {
    if (this.queued.has(signature)) return;
    this.queued.add(signature);
    this.queue.push(signature);
  }

  private analyse(signature: string): void {
    const entry = this.entry(signature);
    const body = this.program.body(signature);
    if (body === undefined || entry.running) return;
    if (entry.runs >= MAX_RUNS) {
      this.note(
        'flows.method-rerun-limit',
        `${signature}: summary kept after ${MAX_RUNS} runs (recursion did not settle)`,
        signature,
      );
      return;
    }
    entry.running = true;
    entry.dirty = false;
    entry.runs++;
    this.runs++;
    this.steps += RUN_COST;
    this.stack.push(signature);
    this.runSteps.push(0);
    let summary: Summary | undefined;
    try {
      const entryTaint =
        this.entryPoints.isEntry(signature) && !body.isStatic ? this.entryStateFor(signature) : undefined;
      summary = new MethodRun(this, body, [...entry.inputs], entry.parameterTaint, entryTaint).run().summary;
    } catch (error) {
      if (error instanceof MethodTooLong)
        this.note(
          'flows.method-budget',
          `${signature}: its analysis took more than ${RUN_BUDGET} steps and was cut short`,
        );
      else if (error instanceof BudgetExhausted) this.exhausted = true;
      else throw error;
    } finally {
      this.stack.pop();
      this.runSteps.pop();
      entry.running = false;
    }
    if (summary === undefined) return;
    let changed = true;
    let fingerprint: string | undefined;
    if (entry.summary !== undefined) {
      fingerprint = fingerprintOf(summary);
      changed = fingerprint !== (entry.fingerprint ?? fingerprintOf(entry.summary));
    }
    entry.summary = summary;
    entry.fingerprint = fingerprint;
    if (changed) {
      for (const dependent of entry.dependents) {
        this.entry(dependent).dirty = true;
        this.enqueue(dependent);
      }
      if (summary.escapes) for (const caller of this.program.callerMethods(signature)) this.wake(caller);
      if (this.entryPoints.isEntry(signature) && !body.isStatic) {
        this.publishEntryEffects(signature, summary);
        if (summary.escapes) this.wakeHandOffSites(splitSignature(signature).owner);
      }
    }
    // A recursive call during the run may have asked for more inputs: run again.
    if (isDirty(entry)) this.enqueue(signature);
  }

  private wake(caller: string): void {
    if (!this.analysable(caller)) return;
    const entry = this.entry(caller);
    if (entry.summary !== undefined && !entry.dirty) return;
    this.enqueue(caller);
  }

  /**
   * What an entry method leaves in its receiver's fields is there when Android makes the next
   * callback on the same object (onCreate stores the IMEI, onResume sends it). Kept per class
   * and per publishing method: a method does not see its own state (Android makes a new object
   * for a new lifecycle; FlowSensitivity1 reads before it writes).
   */
  private publishEntryEffects(signature: string, summary: Summary): void {
    const { owner, name, descriptor } = splitSignature(signature);
    // The last callback Android makes on the object: no later one reads what it leaves (Ordering1 registers its listener there).
    if (descriptor === '()V' && LAST_CALLBACKS.has(name)) return;
    let state = this.components.get(owner);
    const change = { grew: false };
    const visit = (path: string, value: SummaryValue, depth: number): void => {
      const concrete = concreteOnly(value.taint);
      if (concrete.size > 0) {
        state ??= new Map();
        this.components.set(owner, state);
        const byMethod = state.get(path) ?? new Map<string, Taint>();
        state.set(path, byMethod);
        const current = byMethod.get(signature) ?? NO_TAINT;
        if (addsLabels(current, concrete)) {
          byMethod.set(signature, joinTaint(current, concrete));
          change.grew = true;
        }
      }
      if (depth >= 3) return;
      for (const ref of value.objects)
        if ('exported' in ref)
          for (const pair of summary.exports[ref.exported]?.fields ?? []) {
            const field = pair[0];
            const fieldValue = pair[1];
            if (!field.startsWith('@')) visit(`${path}${SEP}${field}`, fieldValue, depth + 1);
          }
    };
    const saves = name === SAVE_STATE.name && descriptor === SAVE_STATE.descriptor;
    for (const effect of summary.effects) {
      if (effect.field === '' || effect.field.startsWith('@')) continue;
      if (effect.path === 'p0' || effect.path.startsWith(`p0${SEP}`))
        visit(`${effect.path}${SEP}${effect.field}`, effect.value, effect.path.split(SEP).length);
      // What onSaveInstanceState puts in its Bundle is the Bundle the next onCreate/onRestoreInstanceState gets.
      else if (saves && (effect.path === 'p1' || effect.path.startsWith(`p1${SEP}`)))
        visit(`${SAVED_ROOT}${effect.path.slice(2)}${SEP}${effect.field}`, effect.value, effect.path.split(SEP).length);
    }
    if (!change.grew) return;
    for (const related of this.relatedClasses(owner))
      for (const method of this.program.methodsOf(related))
        if (method !== signature && this.entryPoints.isEntry(method) && this.analysable(method)) {
          this.entry(method).dirty = true;
          this.enqueue(method);
        }
  }

  /**
   * A callback that leaves data behind (a listener storing the location in its activity) has it
   * seen where its object is handed to Android (method-analysis.ts applies the callback there):
   * the methods that make the object, and the entry methods of their class (an activity makes
   * its listener in a constructor or a field initialiser and registers it in onCreate).
   */
  private wakeHandOffSites(owner: string): void {
    if (this.wokenHandOffs.has(owner)) return;
    this.wokenHandOffs.add(owner);
    const makers = new Set<string>();
    for (const type of [owner, ...this.program.descendants(owner)])
      for (const use of this.program.code.typeUses(type))
        if (use.kind === 'new-instance' && !use.caller.startsWith(`${owner}->`)) makers.add(use.caller);
    for (const maker of makers) {
      if (this.analysable(maker)) {
        this.entry(maker).dirty = true;
        this.enqueue(maker);
      }
      for (const related of this.relatedClasses(splitSignature(maker).owner))
        for (const method of this.program.methodsOf(related))
          if (method !== maker && this.entryPoints.isEntry(method) && this.analysable(method)) {
            this.entry(method).dirty = true;
            this.enqueue(method);
          }
    }
  }

  /** The class, its app superclasses and its subclasses: one object's methods. */
  private relatedClasses(owner: string): string[] {
    const ancestors = this.program.ancestors(owner).filter((type) => this.program.isAppClass(type));
    return [...new Set([...ancestors, ...this.program.descendants(owner)])];
  }

  /** The receiver-field state other entry methods of the same object left, for entry method `signature`. */
  private entryStateFor(signature: string): ReadonlyMap<string, Taint> | undefined {
    const { owner, name, descriptor } = splitSignature(signature);
    const restored = RESTORE_STATE.has(name) ? parseDescriptor(descriptor).parameters.indexOf(BUNDLE) : -1;
    let out: Map<string, Taint> | undefined;
    for (const related of this.relatedClasses(owner)) {
      const state = this.components.get(related);
      if (state === undefined) continue;
      for (const pair of state) {
        const stored = pair[0];
        const byMethod = pair[1];
        let path = stored;
        if (stored.startsWith(SAVED_ROOT)) {
          if (restored < 0) continue;
          path = `${parameterRoot(restored + 1)}${stored.slice(SAVED_ROOT.length)}`;
        }
        for (const inner of byMethod) {
          const method = inner[0];
          const taint = inner[1];
          if (method === signature) continue;
          out ??= new Map();
          out.set(path, joinTaint(out.get(path) ?? NO_TAINT, taint));
        }
      }
    }
    return out;
  }

  /** Runs the analysis. */
  run(): FlowResult {
    const seeds = this.seeds();
    this.seedCount = seeds.length;
    for (const seed of seeds) this.enqueue(seed);
    // Methods that hand data on by reflection or by a result come after the reads of data themselves,
    // so that on a large app they never take the budget from them. Found only when the reads are done:
    // finding them asks whether each caller of Method.invoke is reachable, which on a large app costs
    // more than the analysis the budget allows.
    let later: string[] | undefined;
    try {
      for (;;) {
        if (this.queue.length === 0 && later === undefined && !this.exhausted) {
          later = this.laterSeeds(new Set(seeds));
          this.seedCount += later.length;
          for (const seed of later) this.enqueue(seed);
        }
        if (this.queue.length === 0 || this.exhausted) break;
        const next = this.queue.shift() as string;
        this.queued.delete(next);
        const entry = this.entry(next);
        if (entry.summary !== undefined && !entry.dirty) continue;
        this.analyse(next);
      }
    } catch (error) {
      if (!(error instanceof StopAnalysis)) throw error;
    }
    if (this.exhausted)
      this.note(
        'flows.budget-exhausted',
        `the analysis stopped after ${this.budget} instruction steps: flows beyond that point are not reported`,
        this.exhaustedIn,
      );
    if (this.entryPoints.assumed.size > 0)
      this.note(
        'flows.reachability-assumed',
        `${this.entryPoints.assumed.size} method(s) counted reachable because the search for their callers was too large`,
        [...this.entryPoints.assumed][0],
      );
    const flows = [...this.flows.values()].sort(compareFlows);
    return {
      flows,
      diagnostics: [...this.notes].map(([code, { detail, count, method }]) => ({
        code,
        detail,
        count,
        ...(method === undefined ? {} : { method }),
      })),
      statistics: {
        seeds: this.seedCount,
        methodsAnalysed: [...this.entries.values()].filter((entry) => entry.runs > 0).length,
        runs: this.runs,
        steps: this.steps,
      },
    };
  }

  /**
   * Methods whose calls are known only to their own analysis: reflective calls (their targets,
   * reflection.ts), and starts of an activity for a result (where its setResult data goes).
   */
  private laterSeeds(first: ReadonlySet<string>): string[] {
    const code = this.input.code;
    const out = new Set<string>();
    const add = (caller: string): void => {
      if (!first.has(caller) && !out.has(caller) && this.analysable(caller)) out.add(caller);
    };
    for (const row of REFLECTION_ROWS)
      if (row.kind === 'invoke' || row.kind === 'newInstance' || row.kind === 'construct') {
        const { owner, name } = splitSignature(row.method);
        for (const signature of this.names.named(owner, name))
          for (const call of code.callSitesOf(signature)) add(call.caller);
      }
    for (const signature of RESULT_REQUESTS) for (const call of code.callSitesOf(signature)) add(call.caller);
    return [...out];
  }

  /** Methods that read data, reachable from what Android calls. */
  private seeds(): string[] {
    const code = this.input.code;
    const seeds = new Set<string>();
    const add = (caller: string): void => {
      if (!seeds.has(caller) && this.analysable(caller)) seeds.add(caller);
    };
    for (const [api] of this.tables.apiSources) {
      const { owner, name } = splitSignature(api);
      for (const signature of this.names.named(owner, name))
        for (const call of code.callSitesOf(signature)) add(call.caller);
    }
    for (const [field] of this.tables.identifierFields)
      for (const read of code.fieldAccesses(field).reads) add(read.caller);
    for (const [companion] of this.tables.identifierCompanions) {
      const { owner, name } = splitSignature(companion);
      for (const signature of this.names.named(owner, name))
        for (const call of code.callSitesOf(signature)) add(call.caller);
    }
    for (const [field] of this.tables.uriFields) for (const read of code.fieldAccesses(field).reads) add(read.caller);
    const listed = this.input.codeStrings?.();
    if (listed !== undefined) {
      // By index: tens of thousands of strings, read once per app (before the JIT optimises the loop,
      // for-of makes an iterator result per string).
      for (let position = 0; position < listed.length; position++) {
        const text = (listed[position] as { readonly text: string }).text;
        if (matchContentUri(text) !== undefined) for (const use of code.stringUses(text)) add(use.caller);
      }
    } else
      for (const { text } of code.strings())
        if (matchContentUri(text) !== undefined) for (const use of code.stringUses(text)) add(use.caller);
    const textReads: string[] = [];
    for (const api of this.tables.formFieldApis) {
      const { owner, name } = splitSignature(api);
      for (const signature of this.names.named(owner, name))
        for (const call of code.callSitesOf(signature)) textReads.push(call.caller);
    }
    if (textReads.length > 0) {
      this.formFieldMap ??= this.input.formFields();
      if (this.formFieldMap.size > 0) for (const caller of textReads) add(caller);
    }
    for (const row of sourcesOfKind('callback-parameter')) {
      const { owner, name, descriptor } = splitSignature(row.method);
      for (const implementer of this.program.descendants(owner)) {
        const signature = `${implementer}->${name}${descriptor}`;
        if (!this.program.hasCode(signature) || !this.analysable(signature)) continue;
        const body = this.program.body(signature) as MethodBody;
        const register = body.registers - body.ins + (body.isStatic ? 0 : 1) + row.parameter;
        const hop = firstUse(body, register, signature);
        if (hop === undefined) continue;
        const label = this.sourceLabel({
          kind: 'callback-parameter',
          category: row.category,
          reads: row.reads,
          reference: row.reference,
          hop,
        });
        const entry = this.entry(signature);
        entry.parameterTaint = new Map([
          [row.parameter + (body.isStatic ? 0 : 1), single(label, extend(undefined, hop))],
        ]);
        seeds.add(signature);
      }
    }
    return [...seeds];
  }
}

class MethodTooLong extends Error {}

/** Read through a function: the flag changes during a run (recursive requests), which flow typing cannot see. */
function isDirty(entry: Entry): boolean {
  return entry.dirty;
}

/**
 * Where a callback's data is first touched: the first instruction that names the parameter's
 * register (a callback parameter has no call site; this is the instruction a reader checks).
 */
function firstUse(body: MethodBody, register: number, signature: string): Hop | undefined {
  for (const instruction of body.instructions) {
    if (
      instruction.a === register ||
      instruction.b === register ||
      instruction.c === register ||
      instruction.args.includes(register)
    )
      return {
        kind: 'source',
        method: signature,
        dex: body.dex,
        offset: instruction.offset,
        fileOffset: fileOffsetOf(body, instruction),
        // `const-string ""` names the empty string: its reference, not its mnemonic.
        target:
          instruction.reference !== '' || instruction.mnemonic.startsWith('const-string')
            ? instruction.reference
            : instruction.mnemonic,
      };
  }
  return undefined;
}

function concreteOnly(taint: Taint): Taint {
  let symbolic = false;
  for (const label of taint.keys()) if (isSymbolic(label)) symbolic = true;
  if (!symbolic) return taint;
  const out = new Map<number, Path | undefined>();
  for (const pair of taint) if (!isSymbolic(pair[0])) out.set(pair[0], pair[1]);
  return out;
}

function valueFingerprint(value: SummaryValue | undefined): string {
  if (value === undefined) return '-';
  const labels = [...value.taint.keys()].sort((a, b) => a - b).join(',');
  const objects = value.objects.map((ref) => ('input' in ref ? `i${ref.input}` : `x${ref.exported}`)).join(',');
  const int = value.int === undefined ? '' : `${value.int.lo}..${value.int.hi}`;
  const str = value.str === undefined ? '' : value.str.map((part) => part ?? '\u0002').join('');
  return `${labels}|${objects}|${int}|${str}|${value.provider ?? ''}`;
}

/** What callers can observe of a summary (labels, objects, constants), paths excluded. */
function fingerprintOf(summary: Summary): string {
  const parts = [
    summary.inputs.join(SEP),
    valueFingerprint(summary.returns),
    summary.effects.map((effect) => `${effect.path}${SEP}${effect.field}=${valueFingerprint(effect.value)}`).join(';'),
    summary.exports
      .map(
        (object) =>
          `${object.type}{${[...object.fields].map(([field, value]) => `${field}=${valueFingerprint(value)}`).join(';')}}`,
      )
      .join(';'),
    summary.sinks
      .map((event) => `${event.hop.method}@${event.hop.offset}:${[...event.taint.keys()].sort().join(',')}`)
      .join(';'),
    summary.throws === undefined ? '' : `${summary.throws.types.join(',')}:${valueFingerprint(summary.throws.value)}`,
  ];
  return parts.join('\n');
}

function compareFlows(a: Flow, b: Flow): number {
  const first = (flow: Flow): Hop => flow.path[0] as Hop;
  const last = (flow: Flow): Hop => flow.path[flow.path.length - 1] as Hop;
  return (
    compareText(first(a).method, first(b).method) ||
    first(a).offset - first(b).offset ||
    compareText(last(a).method, last(b).method) ||
    last(a).offset - last(b).offset
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
