/**
 * One method's taint analysis: abstract interpretation over its registers, heap and control
 * flow (branches whose condition the int ranges decide are not followed; exceptions go to
 * the handlers that can catch them), calls applied through the callees' summaries or the
 * library models, and a summary of the method for its callers at the end.
 *
 * Inputs the callers asked about (access paths such as `p1` or `p0␁Lc;->f:Ljava/lang/String;`)
 * carry symbolic labels; sources inside the method carry concrete ones. A concrete label at
 * a sink is a flow (recorded on the host); a symbolic one becomes a sink event of the
 * summary, which callers turn into flows when they pass real data in.
 */
import {
  NO_TAINT,
  addsLabels,
  SYMBOLIC_BASE,
  concat,
  extend,
  extendAll,
  isSymbolic,
  joinTaint,
  single,
  capTaint,
  type Hop,
  type Path,
  type Taint,
} from './domain/taint.js';
import {
  EMPTY,
  MAX_OBJECTS,
  makeValue,
  concatStr,
  constantOf,
  exactText,
  formatStr,
  intArithmetic,
  intValue,
  joinValues,
  unionObjects,
  withTaint,
  type Interval,
  type Str,
  type Value,
} from './domain/values.js';
import { State, type Initials } from './state.js';
import { fileOffsetOf, isWide, type Instruction, type MethodBody, type TryRange } from './ir/types.js';
import { endsFlow, type Block } from './ir/blocks.js';
import { Op, intOperation, isInvoke, isStaticInvoke } from './ir/opcodes.js';
import type { AnalysisHost, SourceSite } from './host.js';
import { matchContentUri, sourcesOfKind } from './data-sources.js';
import type { CallPlace, CallSink, StreamSink } from './data-sinks.js';
import { DATA_SINKS } from './data-sinks.js';
import { INT_RESULTS, OKHTTP2_REQUEST_BUILDER, type TextOperation, type Transfer } from './library-models.js';
import { splitSignature, type Dispatch, type ReceiverType } from './program.js';
import { THROWABLE, VM_ONLY_EXCEPTIONS, isPlatformClass } from './framework-types.js';
import {
  SEP,
  parameterRoot,
  staticRoot,
  type Effect,
  type ExportedObject,
  type ObjectRef,
  type SinkEvent,
  type SinkInfo,
  type Summary,
  type SummaryValue,
} from './summary.js';
import { parseDescriptor } from './ir/types.js';
import {
  DYNAMIC_CALL,
  UNRESOLVED_CALL,
  descriptorOfName,
  isTypeDescriptor,
  nameOfDescriptor,
  reflectionRow,
  type ReflectionKind,
} from './reflection.js';
import { INTENT_CALLBACKS, intentAttributes, orderedBroadcastResult, sendKind } from './intents.js';
import { fileField, fileName, fileRead } from './files.js';
import { replacedBeforeReturn } from './registrations.js';
import {
  EDIT as PREFERENCE_EDIT,
  activityPreferenceFile,
  defaultPreferenceFile,
  getFields,
  isPreferenceGet,
  isPreferencePut,
  preferenceFile,
  putFields,
} from './preferences.js';
import type { ObjectPlace } from './handoffs.js';

/** Access paths and derived objects go at most this many fields deep. */
const MAX_PATH_DEPTH = 3;
/** A block is joined plainly this many times, then with widening (int ranges and texts give up). */
const WIDEN_AFTER = 3;
/** Labels kept per value. */
const MAX_LABELS = 64;
/** Callees this small are analysed for their constants and objects even when no tainted data reaches them. */
const SMALL_METHOD = 48;
/** Exported objects per summary. */
const MAX_EXPORTS = 8;
/** Input paths asked of a callee per call. */
const MAX_REQUESTED = 16;
const NO_INITIAL: ReadonlyArray<{ path: string; first: string; taint: Taint }> = [];
const NO_PATHS: readonly string[] = [];
/** A run's given parameter and entry taint when there is none (most runs): shared, never written. */
const NO_PARAMETER_TAINT: ReadonlyMap<number, Taint> = new Map();
const NO_ENTRY_TAINT: ReadonlyMap<string, Taint> = new Map();

const CHECKED = '?checked';
const ANY_EXCEPTION = '*';
const STRING = 'Ljava/lang/String;';
const OBJECT = 'Ljava/lang/Object;';
const INDEX_OUT_OF_BOUNDS = 'Ljava/lang/ArrayIndexOutOfBoundsException;';
const ARITHMETIC = 'Ljava/lang/ArithmeticException;';
const RUNTIME = 'Ljava/lang/RuntimeException;';
const ERROR = 'Ljava/lang/Error;';
const BUILDERS: ReadonlySet<string> = new Set(['Ljava/lang/StringBuilder;', 'Ljava/lang/StringBuffer;']);
const FILE = 'Ljava/io/File;';
/** StringBuilder/StringBuffer calls that change the text other than at its end. */
const BUILDER_EDITS: ReadonlySet<string> = new Set([
  'reverse',
  'delete',
  'deleteCharAt',
  'insert',
  'replace',
  'setCharAt',
  'setLength',
]);
const FIND_VIEW = 'findViewById';
const NATIVE_FLAG = 0x100;
const QUERY_CALLS: ReadonlySet<string> = new Set(['query', 'managedQuery', 'rawQuery']);
const URI_SOURCES = sourcesOfKind('content-uri');
const URI_FIELD_SOURCES = sourcesOfKind('content-uri-field');
/** Unary operations with a two-register result: neg-long, not-long, neg-double, int-to-long, int-to-double, long-to-double, float-to-long, float-to-double, double-to-long. */
const WIDE_UNOPS: ReadonlySet<number> = new Set([0x7d, 0x7e, 0x80, 0x81, 0x83, 0x86, 0x88, 0x8b, 0x8c]);

type ObjectKind = 'alloc' | 'input' | 'derived' | 'call' | 'exported' | 'exception';

interface ObjectInfo {
  readonly id: number;
  readonly kind: ObjectKind;
  readonly type: string;
  readonly exact: boolean;
  /** Access path of an input object or of an object read from one. */
  readonly path: string | undefined;
  readonly parent: number | undefined;
  readonly field: string | undefined;
  readonly depth: number;
}

interface DispatchAt {
  readonly objects: readonly number[] | undefined;
  readonly receivers: readonly ReceiverType[] | undefined;
  readonly known: boolean;
  readonly dispatch: Dispatch;
}

function sameObjects(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

interface Thrown {
  readonly types: readonly string[];
  readonly value: Value;
}

/** What a framework call may throw: a checked exception, no data (one object: it is read, never changed). */
const FRAMEWORK_THROWS: Thrown = { types: [CHECKED], value: EMPTY };

const isFieldSignature = (field: string): boolean => field.includes('->');
const isContentField = (field: string): boolean => field === '*' || field.startsWith('k:') || field.startsWith('[');
const fieldType = (field: string): string => field.slice(field.lastIndexOf(':') + 1);
const isReferenceType = (type: string): boolean => type.startsWith('L') || type.startsWith('[');

/** What one analysis of one method produced. */
export interface MethodResult {
  readonly summary: Summary;
  /** Callees whose summaries this run read (it must run again when they change). */
  readonly callees: ReadonlySet<string>;
}

export class MethodRun {
  private readonly objects: ObjectInfo[] = [];
  private readonly objectKeys = new Map<string, number>();
  private readonly inputIndex = new Map<string, number>();
  private readonly entries: (State | undefined)[];
  private readonly visits: number[];
  private readonly blocks: readonly Block[];
  private readonly blockAt: ReadonlyMap<number, number>;
  private readonly indexAt: ReadonlyMap<number, number>;
  private readonly tryAt: readonly (TryRange | undefined)[];
  private readonly queued: boolean[];
  private readonly queue: number[] = [];
  private readonly sinks = new Map<string, SinkEvent>();
  private readonly callees = new Set<string>();
  private readonly triggered = new Set<string>();
  private exit: State | undefined;
  private returned: Value | undefined;
  private thrown: Thrown | undefined;
  private readonly owner: string;
  private readonly parameterRegisters: number[] = [];
  private readonly parameterTypes: string[] = [];
  /** The objects Android hands this callback as data (a callback-parameter source). */
  private callbackObjects: Set<number> | undefined;

  constructor(
    private readonly host: AnalysisHost,
    private readonly body: MethodBody,
    private readonly inputs: readonly string[],
    /** Concrete taint a callback's parameters carry (parameter index → taint). */
    private readonly parameterTaint: ReadonlyMap<number, Taint> = NO_PARAMETER_TAINT,
    /** Concrete taint in the receiver's fields when Android calls this entry method (access path → taint): what earlier callbacks left there. */
    private readonly entryTaint: ReadonlyMap<string, Taint> = NO_ENTRY_TAINT,
  ) {
    inputs.forEach((path, index) => this.inputIndex.set(path, index));
    this.owner = splitSignature(body.signature).owner;
    ({
      blocks: this.blocks,
      blockAt: this.blockAt,
      indexAt: this.indexAt,
      tryAt: this.tryAt,
    } = host.program.blocks(body));
    this.entries = new Array<State | undefined>(this.blocks.length).fill(undefined);
    this.visits = new Array<number>(this.blocks.length).fill(0);
    this.queued = new Array<boolean>(this.blocks.length).fill(false);
    let register = body.registers - body.ins;
    if (!body.isStatic) {
      this.parameterRegisters.push(register++);
      this.parameterTypes.push(this.owner);
    }
    for (const type of body.parameterTypes) {
      this.parameterRegisters.push(register);
      this.parameterTypes.push(type);
      register += isWide(type) ? 2 : 1;
    }
  }

  // ---------- control flow ----------

  private enqueue(block: number): void {
    if (this.queued[block]) return;
    this.queued[block] = true;
    // Lowest block first: a sorted insert keeps loops converging before what follows them.
    let low = 0;
    let high = this.queue.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.queue[middle] as number) < block) low = middle + 1;
      else high = middle;
    }
    this.queue.splice(low, 0, block);
  }

  /** `state` flows into the block at `offset`; with `caught`, into a handler, which catches that value (and no call result). */
  private flowTo(offset: number, state: State, caught?: Value): void {
    const index = this.indexAt.get(offset);
    if (index === undefined) return;
    const block = this.blockAt.get(index);
    if (block === undefined) return;
    const entry = this.entries[block];
    if (entry === undefined) {
      const copy = state.copy();
      if (caught !== undefined) {
        copy.exception = caught;
        copy.result = undefined;
      }
      this.entries[block] = copy;
      this.enqueue(block);
      return;
    }
    const widen = (this.visits[block] as number) >= WIDEN_AFTER;
    if (entry.joinFrom(state, this.initials, widen, true, caught)) this.enqueue(block);
  }

  // ---------- objects ----------

  /** Adds an object (its id is its position). */
  private addObject(
    kind: ObjectKind,
    type: string,
    exact: boolean,
    path: string | undefined,
    parent: number | undefined,
    field: string | undefined,
    depth: number,
  ): number {
    const id = this.objects.length;
    this.objects.push({ id, kind, type, exact, path, parent, field, depth });
    return id;
  }

  /**
   * Input objects by access path, and derived objects by parent and field: asked at every initial
   * read of a field, so filed without a key text per question (each kind has its own table, as
   * each had its own key prefix).
   */
  private readonly inputIds = new Map<string, number>();
  private readonly derivedIds = new Map<number, Map<string, number>>();

  private inputObject(path: string, type: string): number {
    let id = this.inputIds.get(path);
    if (id === undefined) {
      id = this.addObject('input', type, false, path, undefined, undefined, 0);
      this.inputIds.set(path, id);
    }
    return id;
  }

  private derivedObject(parent: number, field: string): number {
    const info = this.objects[parent] as ObjectInfo;
    if (info.depth >= MAX_PATH_DEPTH) return parent;
    let byField = this.derivedIds.get(parent);
    if (byField === undefined) {
      byField = new Map();
      this.derivedIds.set(parent, byField);
    }
    let id = byField.get(field);
    if (id === undefined) {
      id = this.addObject(
        'derived',
        isFieldSignature(field) ? fieldType(field) : '',
        false,
        info.path === undefined ? undefined : `${info.path}${SEP}${field}`,
        parent,
        field,
        info.depth + 1,
      );
      byField.set(field, id);
    }
    return id;
  }

  /** Objects made at an instruction, keyed by instruction index × 3 + kind (alloc, call, exception): asked at every step that runs it. */
  private readonly madeAt = new Map<number, number>();

  private freshAt(kind: 'alloc' | 'call' | 'exception', index: number, type: string, exact: boolean): number {
    const key = index * 3 + (kind === 'alloc' ? 0 : kind === 'call' ? 1 : 2);
    let id = this.madeAt.get(key);
    if (id === undefined) {
      id = this.freshObject(kind, `${index}`, type, exact);
      this.madeAt.set(key, id);
    }
    return id;
  }

  private freshObject(kind: ObjectKind, key: string, type: string, exact: boolean): number {
    const full = `${kind}:${key}`;
    let id = this.objectKeys.get(full);
    if (id === undefined) {
      id = this.addObject(kind, type, exact, undefined, undefined, undefined, 0);
      this.objectKeys.set(full, id);
    }
    return id;
  }

  /** Objects a callee's summary exports, by call instruction, callee and position in its summary. */
  private exportedIds: Map<number, Map<string, number[]>> | undefined;

  private exportedObject(index: number, method: string, position: number, type: string, exact: boolean): number {
    this.exportedIds ??= new Map();
    let byMethod = this.exportedIds.get(index);
    if (byMethod === undefined) {
      byMethod = new Map();
      this.exportedIds.set(index, byMethod);
    }
    let ids = byMethod.get(method);
    if (ids === undefined) {
      ids = [];
      byMethod.set(method, ids);
    }
    let id = ids[position];
    if (id === undefined) {
      id = this.addObject('exported', type, exact, undefined, undefined, undefined, 0);
      ids[position] = id;
    }
    return id;
  }

  /** True for an object a framework call returned, or one read from such an object's fields. */
  private isFrameworkMade(object: number): boolean {
    let info = this.objects[object] as ObjectInfo;
    while (info.kind === 'derived' && info.parent !== undefined) info = this.objects[info.parent] as ObjectInfo;
    return info.kind === 'call' && !this.host.program.isAppClass(info.type);
  }

  /** Objects whose fields start out as whatever the caller or the framework put there. */
  private isOpen(info: ObjectInfo): boolean {
    return info.kind === 'input' || info.kind === 'derived' || info.kind === 'call';
  }

  private staticObject(field: string): number {
    return this.inputObject(staticRoot(field), fieldType(field));
  }

  /**
   * What a static field or an object's field held before this method ran, remembered per run
   * (joins ask for it at every block edge where one side wrote the field) until an app-wide
   * store it reads from grows.
   */
  private readonly initialStatics = new Map<string, Value>();
  private readonly initialFields = new Map<number, Map<string, Value>>();
  private initialVersion = -1;

  private initialsCurrent(): void {
    if (this.initialVersion === this.host.storeVersion) return;
    this.initialVersion = this.host.storeVersion;
    this.initialStatics.clear();
    this.initialFields.clear();
  }

  private initialStatic = (field: string): Value => {
    this.initialsCurrent();
    let value = this.initialStatics.get(field);
    if (value === undefined) {
      const taint = this.host.staticTaint(staticRoot(field));
      if (!isReferenceType(fieldType(field))) value = { taint, objects: [] };
      else {
        const text = this.host.staticText(field);
        value = makeValue(taint, [this.staticObject(field)], undefined, text === undefined ? undefined : [text]);
      }
      this.initialStatics.set(field, value);
    }
    return value;
  };

  private readonly initials: Initials = {
    field: (object, field) => this.initialField(object, field),
    static: (field) => this.initialStatic(field),
    version: () => this.host.storeVersion,
  };

  private initialField(object: number, field: string): Value {
    this.initialsCurrent();
    let fields = this.initialFields.get(object);
    if (fields === undefined) {
      fields = new Map();
      this.initialFields.set(object, fields);
    }
    let value = fields.get(field);
    if (value === undefined) {
      value = this.initialFieldOf(object, field);
      fields.set(field, value);
    }
    return value;
  }

  private initialFieldOf(object: number, field: string): Value {
    const info = this.objects[object] as ObjectInfo;
    if (!this.isOpen(info)) return EMPTY;
    if (field.startsWith('@')) {
      if (field === '@view' && info.kind === 'derived' && info.field !== undefined && isFieldSignature(info.field)) {
        const views = this.host.fieldViews(info.field);
        if (views.length > 0) return { taint: NO_TAINT, objects: [], str: [views.join(',')] };
      }
      return EMPTY;
    }
    let taint: Taint = NO_TAINT;
    if (info.path !== undefined) {
      const path = `${info.path}${SEP}${field}`;
      const index = this.inputIndex.get(path);
      if (index !== undefined) taint = single(SYMBOLIC_BASE + index, undefined);
      const entry = this.entryTaint.get(path);
      if (entry !== undefined) taint = joinTaint(taint, entry);
      if (info.path.startsWith('s')) taint = joinTaint(taint, this.host.staticTaint(path));
    }
    if (isFieldSignature(field)) taint = joinTaint(taint, this.host.fieldTaint(field));
    const reference = isFieldSignature(field) ? isReferenceType(fieldType(field)) : true;
    return { taint, objects: reference ? [this.derivedObject(object, field)] : [] };
  }

  /** Paths with initial taint (inputs the callers asked about, entry state), by the path of the object they lie under. */
  private initialIndex: Map<string, Array<{ path: string; first: string; taint: Taint }>> | undefined;

  /** Taint the caller or Android put under `path` before this method ran: the inputs and entry state below it, with their first field. */
  private initialPathsUnder(path: string): ReadonlyArray<{ path: string; first: string; taint: Taint }> {
    if (this.initialIndex === undefined) {
      this.initialIndex = new Map();
      const add = (full: string, taint: Taint): void => {
        const segments = full.split(SEP);
        for (let cut = 1; cut < segments.length; cut++) {
          const owner = segments.slice(0, cut).join(SEP);
          const list = this.initialIndex?.get(owner) ?? [];
          list.push({ path: full, first: segments[cut] as string, taint });
          this.initialIndex?.set(owner, list);
        }
      };
      for (const [input, index] of this.inputIndex) add(input, single(SYMBOLIC_BASE + index, undefined));
      for (const [input, taint] of this.entryTaint) add(input, taint);
    }
    return this.initialIndex.get(path) ?? NO_INITIAL;
  }

  private read(state: State, object: number, field: string): Value {
    return state.field(object, field) ?? this.initialField(object, field);
  }

  private readAll(state: State, objects: readonly number[], field: string): Value {
    let value: Value | undefined;
    for (const object of objects) {
      const read = this.read(state, object, field);
      value = value === undefined ? read : joinValues(value, read);
    }
    return value ?? EMPTY;
  }

  private write(state: State, objects: readonly number[], field: string, value: Value, strong: boolean): void {
    for (const object of objects) {
      const info = this.objects[object] as ObjectInfo;
      const next = strong && objects.length === 1 ? value : joinValues(this.read(state, object, field), value);
      state.setField(object, field, next);
      this.publish(state, info, field, value);
    }
  }

  /** Concrete taint written where the summary cannot carry it (a static's tree, an object the framework made) is published app-wide. */
  private publish(state: State, info: ObjectInfo, field: string, value: Value): void {
    const concrete = concreteOf(value.taint);
    if (info.path?.startsWith('s') === true) {
      if (!field.startsWith('@')) this.publishTree(state, `${info.path}${SEP}${field}`, value, info.depth + 1);
    } else if (info.kind === 'call' || (info.kind === 'derived' && info.path === undefined)) {
      if (concrete.size > 0 && isFieldSignature(field)) this.host.publishField(field, concrete);
    }
    const views = this.viewObjects;
    if (views !== undefined && isFieldSignature(field) && value.objects.some((object) => views.has(object))) {
      const views = value.objects.flatMap((object) => this.viewsOf(state, object));
      if (views.length > 0) this.host.publishViews(field, views);
    }
  }

  /** Objects some code marked as a view found by id (only those are looked at when they are stored). */
  private viewObjects: Set<number> | undefined;

  /** Publishes the concrete taint of a value stored under a static field, and of the fields of its objects, by access path. */
  private publishTree(
    state: State,
    path: string,
    value: Value,
    depth: number,
    seen: Set<number> = new Set<number>(),
  ): void {
    // Counted as work: an object graph of many stored objects is walked once per write under a static.
    if (!this.host.spend(1)) throw new BudgetExhausted();
    const concrete = concreteOf(value.taint);
    if (concrete.size > 0) {
      const published = (this.publishedStatics ??= new Map<string, Taint>());
      const known = published.get(path);
      if (known === undefined || addsLabels(known, concrete)) {
        published.set(path, known === undefined ? concrete : joinTaint(known, concrete));
        this.host.publishStatic(path, concrete);
      }
    }
    if (depth >= MAX_PATH_DEPTH) return;
    // Only objects this method made carry fields the static tree does not have yet; an input's fields were published where written.
    for (const object of value.objects) {
      const kind = (this.objects[object] as ObjectInfo).kind;
      // One visit per object: a second way to the same object would only repeat its paths under another name.
      if ((kind !== 'alloc' && kind !== 'exported' && kind !== 'call') || seen.has(object)) continue;
      seen.add(object);
      for (const pair of state.fieldsOf(object) ?? []) {
        const field = pair[0];
        const fieldValue = pair[1];
        if (!field.startsWith('@') && (fieldValue.taint.size > 0 || fieldValue.objects.length > 0))
          this.publishTree(state, `${path}${SEP}${field}`, fieldValue, depth + 1, seen);
      }
    }
  }

  /** Static paths this run already published, with what (the engine is told only of growth). */
  private publishedStatics: Map<string, Taint> | undefined;

  private viewsOf(state: State, object: number): number[] {
    const text = exactText(this.read(state, object, '@view').str);
    return text === undefined || text === '' ? [] : text.split(',').map(Number);
  }

  /** Every object reachable through `@wraps` from `objects` (streams and the ones they wrap). */
  private wrapClosure(state: State, objects: readonly number[]): number[] {
    const seen = new Set(objects);
    const queue = [...objects];
    for (let head = 0; head < queue.length && queue.length < MAX_OBJECTS * 4; head++) {
      for (const wrapped of this.read(state, queue[head] as number, '@wraps').objects)
        if (!seen.has(wrapped)) {
          seen.add(wrapped);
          queue.push(wrapped);
        }
    }
    return queue;
  }

  /** The data a value carries: its own labels, its objects' contents, and with `deep` their fields too. */
  private dataOf(state: State, value: Value, deep: boolean): Taint {
    if (value.objects.length === 0) return capTaint(value.taint, MAX_LABELS);
    let taint = value.taint;
    const seen = new Set<number>();
    let level = value.objects;
    for (let depth = 0; depth < (deep ? MAX_PATH_DEPTH : 2) && level.length > 0; depth++) {
      const next: number[] = [];
      for (const object of level) {
        if (seen.has(object)) continue;
        seen.add(object);
        const info = this.objects[object] as ObjectInfo;
        for (const pair of state.fieldsOf(object) ?? []) {
          const field = pair[0];
          const fieldValue = pair[1];
          if (field === '@wraps') {
            next.push(...fieldValue.objects);
            continue;
          }
          if (field.startsWith('@')) continue;
          if (deep || isContentField(field)) {
            taint = joinTaint(taint, fieldValue.taint);
            if (deep) next.push(...fieldValue.objects);
          }
        }
        if (info.path !== undefined) {
          const written = state.fieldsOf(object);
          for (const initial of this.initialPathsUnder(info.path)) {
            if (written?.has(initial.first) === true) continue;
            if (deep || isContentField(initial.first)) taint = joinTaint(taint, initial.taint);
          }
          if (info.path.startsWith('s')) taint = joinTaint(taint, this.host.staticTaintUnder(info.path, deep));
        }
      }
      level = next;
    }
    return capTaint(taint, MAX_LABELS);
  }

  private strOf(state: State, value: Value | undefined): Str | undefined {
    if (value === undefined) return undefined;
    if (value.str !== undefined) return value.str;
    if (value.int !== undefined) {
      const constant = constantOf(value.int);
      return constant === undefined ? undefined : [String(constant)];
    }
    if (value.objects.length === 1) return this.read(state, value.objects[0] as number, '@str').str;
    return undefined;
  }

  // ---------- registers ----------

  private reg(state: State, register: number): Value {
    return state.registers[register] ?? EMPTY;
  }

  private set(state: State, register: number, value: Value, wide = false): void {
    if (register < 0 || register >= state.registers.length) return;
    state.registers[register] = value;
    if (wide && register + 1 < state.registers.length) state.registers[register + 1] = EMPTY;
  }

  // ---------- hops and labels ----------

  private hop(instruction: Instruction, kind: Hop['kind'], target = instruction.reference): Hop {
    return {
      kind,
      method: this.body.signature,
      dex: this.body.dex,
      offset: instruction.offset,
      fileOffset: fileOffsetOf(this.body, instruction),
      target,
    };
  }

  private sourceTaint(instruction: Instruction, site: Omit<SourceSite, 'hop'>): Taint {
    const hop = this.hop(instruction, 'source');
    const label = this.host.sourceLabel({ ...site, hop });
    return single(label, extend(undefined, hop));
  }

  // ---------- the run ----------

  run(): MethodResult {
    const start = State.empty(this.body.registers);
    this.parameterRegisters.forEach((register, index) => {
      const type = this.parameterTypes[index] as string;
      const path = parameterRoot(index);
      const inputLabel = this.inputIndex.get(path);
      let taint: Taint = inputLabel === undefined ? NO_TAINT : single(SYMBOLIC_BASE + inputLabel, undefined);
      const given = this.parameterTaint.get(index);
      if (given !== undefined) taint = joinTaint(taint, given);
      const value: Value = isReferenceType(type)
        ? { taint, objects: [this.inputObject(path, type)] }
        : { taint, objects: [] };
      if (given !== undefined) for (const object of value.objects) (this.callbackObjects ??= new Set()).add(object);
      this.set(start, register, value, isWide(type));
    });
    const callback = INTENT_CALLBACKS.get(
      splitSignature(this.body.signature).name + splitSignature(this.body.signature).descriptor,
    );
    if (callback !== undefined && !this.body.isStatic) {
      const register = this.parameterRegisters[callback.parameter + 1];
      const object = register === undefined ? undefined : start.registers[register]?.objects[0];
      if (object !== undefined) this.receiveIntent(start, object, this.owner, callback.result);
    }
    if (this.blocks.length === 0) return this.finish();
    this.entries[0] = start;
    this.enqueue(0);
    while (this.queue.length > 0) {
      const block = this.queue.shift() as number;
      this.queued[block] = false;
      this.visits[block] = (this.visits[block] as number) + 1;
      const entry = this.entries[block];
      if (entry === undefined) continue;
      this.runBlock(this.blocks[block] as Block, entry.copy());
    }
    return this.finish();
  }

  private runBlock(block: Block, state: State): void {
    const instructions = this.body.instructions;
    for (let index = block.first; index < block.end; index++) {
      const instruction = instructions[index] as Instruction;
      if (!this.host.spend(1)) throw new BudgetExhausted();
      const range = this.tryAt[index];
      const before =
        range !== undefined && mayThrow(instruction.opcode) && !isInvoke(instruction.opcode) ? state.copy() : undefined;
      const thrown = this.step(state, instruction);
      if (range !== undefined && thrown !== undefined) this.throwFrom(instruction, before ?? state, thrown);
      else if (thrown !== undefined) this.escape(before ?? state, thrown, instruction.opcode === Op.THROW);
      if (endsFlow(instruction.opcode)) {
        this.successors(state, instruction);
        return;
      }
      if (instruction.targets.length > 0) {
        this.successors(state, instruction);
        return;
      }
    }
    const next = instructions[block.end];
    if (next !== undefined) this.flowTo(next.offset, state);
  }

  private successors(state: State, instruction: Instruction): void {
    const opcode = instruction.opcode;
    const next = this.body.instructions[instruction.index + 1];
    if (opcode === Op.GOTO || opcode === Op.GOTO_16 || opcode === Op.GOTO_32) {
      this.flowTo(instruction.targets[0] as number, state);
      return;
    }
    if (opcode >= Op.IF_EQ && opcode <= Op.IF_LEZ) {
      const decided = this.decide(state, instruction);
      if (decided !== false && next !== undefined) this.flowTo(next.offset, decided === true ? state : state.copy());
      if (decided !== true) this.flowTo(instruction.targets[0] as number, state);
      return;
    }
    if (opcode === Op.PACKED_SWITCH || opcode === Op.SPARSE_SWITCH) {
      const range = this.reg(state, instruction.a).int;
      let coveredByCases = range !== undefined && range.hi - range.lo < instruction.keys.length;
      if (range !== undefined && coveredByCases)
        for (let value = range.lo; value <= range.hi; value++)
          if (!instruction.keys.includes(value)) coveredByCases = false;
      instruction.targets.forEach((target, position) => {
        const key = instruction.keys[position] as number;
        if (range === undefined || (key >= range.lo && key <= range.hi)) this.flowTo(target, state.copy());
      });
      if (!coveredByCases && next !== undefined) this.flowTo(next.offset, state);
      return;
    }
    // return and throw end the path; everything else falls through.
    if (endsFlow(opcode)) return;
    if (next !== undefined) this.flowTo(next.offset, state);
  }

  /** true: the branch is never taken; false: always taken; undefined: either. (if-* jumps when the test holds.) */
  private decide(state: State, instruction: Instruction): boolean | undefined {
    const opcode = instruction.opcode;
    const left = this.reg(state, instruction.a).int;
    const zeroTest = opcode >= Op.IF_EQZ;
    const right: Interval | undefined = zeroTest ? { lo: 0, hi: 0 } : this.reg(state, instruction.b).int;
    if (left === undefined || right === undefined) return undefined;
    const test = zeroTest ? opcode - Op.IF_EQZ : opcode - Op.IF_EQ;
    // eq, ne, lt, ge, gt, le
    const always = [
      left.lo === left.hi && right.lo === right.hi && left.lo === right.lo,
      left.hi < right.lo || left.lo > right.hi,
      left.hi < right.lo,
      left.lo >= right.hi,
      left.lo > right.hi,
      left.hi <= right.lo,
    ][test];
    const never = [
      left.hi < right.lo || left.lo > right.hi,
      left.lo === left.hi && right.lo === right.hi && left.lo === right.lo,
      left.lo >= right.hi,
      left.hi < right.lo,
      left.hi <= right.lo,
      left.lo > right.hi,
    ][test];
    if (always === true) return false;
    if (never === true) return true;
    return undefined;
  }

  // ---------- exceptions ----------

  private catches(thrownType: string, clauseType: string): 'yes' | 'maybe' | 'no' {
    if (clauseType === '*' || clauseType === THROWABLE) return 'yes';
    if (thrownType === ANY_EXCEPTION) return 'maybe';
    const program = this.host.program;
    if (thrownType === CHECKED) {
      if (clauseType === 'Ljava/lang/Exception;') return 'yes';
      if (
        VM_ONLY_EXCEPTIONS.has(clauseType) ||
        program.isSubtype(clauseType, RUNTIME) ||
        program.isSubtype(clauseType, ERROR)
      )
        return 'no';
      return 'maybe';
    }
    if (program.isSubtype(thrownType, clauseType)) return 'yes';
    if (program.isSubtype(clauseType, thrownType)) return 'maybe';
    return 'no';
  }

  private throwFrom(instruction: Instruction, state: State, thrown: Thrown): void {
    const range = this.tryAt[instruction.index];
    const escaping: string[] = [];
    for (const type of thrown.types) {
      let caught = false;
      for (const clause of range?.clauses ?? []) {
        const verdict = this.catches(type, clause.type);
        if (verdict === 'no') continue;
        this.flowTo(clause.target, state, thrown.value);
        if (verdict === 'yes') {
          caught = true;
          break;
        }
      }
      if (!caught) escaping.push(type);
    }
    if (escaping.length > 0)
      this.escape(state, { types: escaping, value: thrown.value }, instruction.opcode === Op.THROW);
  }

  /**
   * A path leaves the method by an exception. The heap it leaves is joined into the exit state
   * for an explicit `throw`; an instruction that may throw (a call, an array access) leaves the
   * heap as it was before it, which the paths that go on carry further, so only the first one
   * is kept (joining the whole heap at every call was most of the analysis's time).
   */
  private escape(state: State, thrown: Thrown, explicit: boolean): void {
    if (this.exit === undefined) this.exit = state.copy();
    else if (explicit) this.joined(this.exit, state);
    if (this.thrown === undefined) {
      this.thrown = thrown;
      return;
    }
    const value = joinValues(this.thrown.value, thrown.value);
    // The same one type and the same value (every framework call that may throw, again and again):
    // the union below would rebuild what is already there.
    const types = this.thrown.types;
    if (value === this.thrown.value && types.length === 1 && thrown.types.length === 1 && types[0] === thrown.types[0])
      return;
    this.thrown = { types: [...new Set([...types, ...thrown.types])], value };
  }

  private joined(into: State, state: State): State {
    // Registers die at the exit: only the heap and the statics matter to the summary.
    into.joinFrom(state, this.initials, false, false);
    return into;
  }

  private vmException(instruction: Instruction, type: string): Thrown {
    return {
      types: [type],
      value: { taint: NO_TAINT, objects: [this.freshAt('exception', instruction.index, type, true)] },
    };
  }

  // ---------- instructions ----------

  /** Applies one instruction; returns what it may throw. */
  private step(state: State, instruction: Instruction): Thrown | undefined {
    const opcode = instruction.opcode;
    const { a, b } = instruction;
    if (opcode >= Op.MOVE_FIRST && opcode <= Op.MOVE_LAST) {
      this.set(state, a, this.reg(state, b), opcode >= 0x04 && opcode <= 0x06);
      if (opcode >= 0x04 && opcode <= 0x06) state.registers[a + 1] = state.registers[b + 1];
      return undefined;
    }
    switch (opcode) {
      case Op.MOVE_RESULT:
      case Op.MOVE_RESULT_WIDE:
      case Op.MOVE_RESULT_OBJECT:
        this.set(state, a, state.result ?? EMPTY, opcode === Op.MOVE_RESULT_WIDE);
        state.result = undefined;
        return undefined;
      case Op.MOVE_EXCEPTION:
        this.set(state, a, state.exception ?? EMPTY);
        state.exception = undefined;
        return undefined;
      case Op.RETURN_VOID:
      case Op.RETURN:
      case Op.RETURN_WIDE:
      case Op.RETURN_OBJECT:
        this.onReturn(state, instruction);
        return undefined;
      case Op.CONST_4:
      case Op.CONST_16:
      case Op.CONST:
      case Op.CONST_HIGH16:
        this.set(state, a, intValue(instruction.literal));
        return undefined;
      case Op.CONST_WIDE_16:
      case Op.CONST_WIDE_32:
      case Op.CONST_WIDE:
      case Op.CONST_WIDE_HIGH16:
        this.set(state, a, EMPTY, true);
        return undefined;
      case Op.CONST_STRING:
      case Op.CONST_STRING_JUMBO: {
        const text = instruction.reference;
        const provider = matchContentUri(text);
        this.set(
          state,
          a,
          makeValue(
            NO_TAINT,
            [],
            undefined,
            [text],
            provider === undefined ? undefined : URI_SOURCES.indexOf(provider),
          ),
        );
        return undefined;
      }
      case Op.CONST_CLASS:
        this.set(state, a, { taint: NO_TAINT, objects: [], str: [instruction.reference] });
        return undefined;
      case Op.MONITOR_ENTER:
      case Op.MONITOR_EXIT:
      case Op.NOP:
      case Op.FILL_ARRAY_DATA:
        return undefined;
      case Op.CHECK_CAST:
        return undefined;
      case Op.INSTANCE_OF:
        this.set(state, a, intValue(0, 1));
        return undefined;
      case Op.ARRAY_LENGTH: {
        const length = this.readAll(state, this.reg(state, b).objects, '@length');
        this.set(state, a, makeValue(NO_TAINT, [], length.int));
        return undefined;
      }
      case Op.NEW_INSTANCE: {
        this.triggerClassInit(state, instruction.reference, instruction);
        this.set(state, a, {
          taint: NO_TAINT,
          objects: [this.freshAt('alloc', instruction.index, instruction.reference, true)],
        });
        return undefined;
      }
      case Op.NEW_ARRAY: {
        const array = this.freshAt('alloc', instruction.index, instruction.reference, true);
        const size = this.reg(state, b).int;
        state.setField(array, '@length', size === undefined ? EMPTY : { taint: NO_TAINT, objects: [], int: size });
        this.set(state, a, { taint: NO_TAINT, objects: [array] });
        return undefined;
      }
      case Op.FILLED_NEW_ARRAY:
      case Op.FILLED_NEW_ARRAY_RANGE: {
        const array = this.freshAt('alloc', instruction.index, instruction.reference, true);
        instruction.args.forEach((register, position) =>
          state.setField(array, `[${position}]`, this.reg(state, register)),
        );
        state.setField(array, '@length', intValue(instruction.args.length));
        state.result = { taint: NO_TAINT, objects: [array] };
        return undefined;
      }
      case Op.THROW: {
        const value = this.reg(state, a);
        const types = value.objects
          .map((object) => (this.objects[object] as ObjectInfo).type)
          .filter((type) => type !== '');
        return {
          types:
            types.length > 0 && value.objects.every((object) => (this.objects[object] as ObjectInfo).exact)
              ? types
              : [ANY_EXCEPTION],
          value,
        };
      }
      case Op.GOTO:
      case Op.GOTO_16:
      case Op.GOTO_32:
      case Op.PACKED_SWITCH:
      case Op.SPARSE_SWITCH:
        return undefined;
      default:
        break;
    }
    if (opcode >= Op.CMP_FIRST && opcode <= Op.CMP_LAST) {
      this.set(state, a, intValue(-1, 1));
      return undefined;
    }
    if (opcode >= Op.IF_EQ && opcode <= Op.IF_LEZ) return undefined;
    if (opcode >= Op.AGET_FIRST && opcode <= Op.AGET_LAST) return this.arrayGet(state, instruction);
    if (opcode >= Op.APUT_FIRST && opcode <= Op.APUT_LAST) return this.arrayPut(state, instruction);
    if (opcode >= Op.IGET_FIRST && opcode <= Op.IGET_LAST) {
      const field = this.host.program.field(instruction.reference);
      let read = this.readAll(state, this.reg(state, b).objects, field);
      // A public field of a framework class (PointF.x) holds what its constructor and setters were given.
      if (!this.host.program.isAppClass(this.host.program.parts(field).owner))
        read = withTaint(read, this.readAll(state, this.reg(state, b).objects, '*').taint);
      this.set(
        state,
        a,
        this.hopped(withTaint(read, this.reg(state, b).taint), instruction, 'field-read'),
        opcode === Op.IGET_WIDE,
      );
      return undefined;
    }
    if (opcode >= Op.IPUT_FIRST && opcode <= Op.IPUT_LAST) {
      const value = this.hopped(this.reg(state, a), instruction, 'field-write');
      this.write(state, this.reg(state, b).objects, this.host.program.field(instruction.reference), value, true);
      return undefined;
    }
    if (opcode >= Op.SGET_FIRST && opcode <= Op.SGET_LAST) {
      this.staticGet(state, instruction);
      return undefined;
    }
    if (opcode >= Op.SPUT_FIRST && opcode <= Op.SPUT_LAST) {
      const field = this.host.program.field(instruction.reference);
      this.triggerClassInit(state, this.host.program.parts(field).owner, instruction);
      const value = this.hopped(this.reg(state, a), instruction, 'static-write');
      state.setStatic(field, value);
      this.publishTree(state, staticRoot(field), value, 0);
      return undefined;
    }
    if (isInvoke(opcode)) return this.invoke(state, instruction);
    if (opcode >= Op.UNOP_FIRST && opcode <= Op.UNOP_LAST) {
      const source = this.reg(state, b);
      const negate =
        opcode === Op.NEG_INT && source.int !== undefined ? { lo: -source.int.hi, hi: -source.int.lo } : undefined;
      const wide = WIDE_UNOPS.has(opcode);
      this.set(state, a, makeValue(source.taint, [], negate), wide);
      return undefined;
    }
    if (
      (opcode >= Op.BINOP_FIRST && opcode <= Op.BINOP_LAST) ||
      (opcode >= Op.BINOP_2ADDR_FIRST && opcode <= Op.BINOP_2ADDR_LAST) ||
      (opcode >= Op.BINOP_LIT16_FIRST && opcode <= Op.BINOP_LIT8_LAST)
    )
      return this.binary(state, instruction);
    if (
      opcode === Op.INVOKE_POLYMORPHIC ||
      opcode === Op.INVOKE_POLYMORPHIC_RANGE ||
      opcode === Op.INVOKE_CUSTOM ||
      opcode === Op.INVOKE_CUSTOM_RANGE
    ) {
      let taint: Taint = NO_TAINT;
      for (const register of instruction.args) taint = joinTaint(taint, this.reg(state, register).taint);
      state.result = { taint, objects: [this.freshAt('call', instruction.index, '', false)] };
      return undefined;
    }
    if (opcode === Op.CONST_METHOD_HANDLE || opcode === Op.CONST_METHOD_TYPE) {
      this.set(state, a, EMPTY);
      return undefined;
    }
    return undefined;
  }

  private hopped(value: Value, instruction: Instruction, kind: Hop['kind']): Value {
    if (value.taint.size === 0) return value;
    return { ...value, taint: extendAll(value.taint, this.hop(instruction, kind)) };
  }

  private binary(state: State, instruction: Instruction): Thrown | undefined {
    const opcode = instruction.opcode;
    const twoAddress = opcode >= Op.BINOP_2ADDR_FIRST && opcode <= Op.BINOP_2ADDR_LAST;
    const literal = opcode >= Op.BINOP_LIT16_FIRST;
    const left = twoAddress ? this.reg(state, instruction.a) : this.reg(state, instruction.b);
    const right = literal
      ? intValue(instruction.literal)
      : twoAddress
        ? this.reg(state, instruction.b)
        : this.reg(state, instruction.c);
    const operation = intOperation(opcode);
    const int = operation === undefined ? undefined : intArithmetic(operation, left.int, right.int);
    // Each binop group: 11 int, 11 long, 5 float, 5 double operations; long and double results take two registers.
    const relative = literal ? 0 : opcode - (twoAddress ? Op.BINOP_2ADDR_FIRST : Op.BINOP_FIRST);
    const wide = !literal && ((relative >= 11 && relative < 22) || relative >= 27);
    this.set(state, instruction.a, makeValue(joinTaint(left.taint, right.taint), [], int), wide);
    if ((operation === 'div' || operation === 'rem') && !literal) {
      const divisor = right.int;
      if (divisor === undefined || (divisor.lo <= 0 && divisor.hi >= 0))
        return this.vmException(instruction, ARITHMETIC);
    }
    return undefined;
  }

  private arrayIndexField(index: Value): string {
    const constant = constantOf(index.int);
    return constant === undefined ? '[]' : `[${constant}]`;
  }

  private boundsException(
    state: State,
    instruction: Instruction,
    arrays: readonly number[],
    index: Value,
  ): Thrown | undefined {
    const length = this.readAll(state, arrays, '@length').int;
    const range = index.int;
    if (length !== undefined && range !== undefined && range.lo >= 0 && range.hi < length.lo) return undefined;
    return this.vmException(instruction, INDEX_OUT_OF_BOUNDS);
  }

  private arrayGet(state: State, instruction: Instruction): Thrown | undefined {
    const array = this.reg(state, instruction.b);
    const index = this.reg(state, instruction.c);
    const field = this.arrayIndexField(index);
    let value: Value;
    if (field === '[]') {
      value = this.readAll(state, array.objects, '[]');
      for (const object of array.objects)
        for (const pair of state.fieldsOf(object) ?? []) {
          const name = pair[0];
          const element = pair[1];
          if (name.startsWith('[')) value = joinValues(value, element);
        }
    } else {
      value = joinValues(this.readAll(state, array.objects, field), this.readAll(state, array.objects, '[]'));
    }
    // Library code writes an array's elements as a whole (System.arraycopy, String.getChars): its contents.
    value = withTaint(value, joinTaint(array.taint, this.readAll(state, array.objects, '*').taint));
    this.set(state, instruction.a, value, instruction.opcode === Op.AGET_WIDE);
    return this.boundsException(state, instruction, array.objects, index);
  }

  private arrayPut(state: State, instruction: Instruction): Thrown | undefined {
    const value = this.reg(state, instruction.a);
    const array = this.reg(state, instruction.b);
    const index = this.reg(state, instruction.c);
    const field = this.arrayIndexField(index);
    this.write(state, array.objects, field, value, field !== '[]');
    return this.boundsException(state, instruction, array.objects, index);
  }

  private staticGet(state: State, instruction: Instruction): void {
    const field = this.host.program.field(instruction.reference);
    this.triggerClassInit(state, this.host.program.parts(field).owner, instruction);
    let value = state.staticValue(field) ?? this.initialStatic(field);
    for (const row of this.host.tables.identifierFields.get(instruction.reference) ?? [])
      value = withTaint(
        value,
        this.sourceTaint(instruction, {
          kind: 'identifier-field',
          category: row.category,
          reads: row.reads,
          reference: row.reference,
        }),
      );
    const uriField = this.host.tables.uriFields.get(field)?.[0];
    if (uriField !== undefined)
      value = { ...value, provider: URI_SOURCES.length + URI_FIELD_SOURCES.indexOf(uriField) };
    this.set(state, instruction.a, this.hopped(value, instruction, 'static-read'), instruction.opcode === Op.SGET_WIDE);
  }

  private triggerClassInit(state: State, owner: string, instruction: Instruction): void {
    if (owner === this.owner || this.triggered.has(owner)) return;
    this.triggered.add(owner);
    if (!this.host.program.hasClassInitializer(owner)) return;
    const initializer = `${owner}-><clinit>()V`;
    this.callees.add(initializer);
    const length = this.host.program.instructionCount(initializer);
    const summary = this.host.summaryFor(
      initializer,
      [],
      this.body.signature,
      length !== undefined && length <= SMALL_METHOD * 4,
    );
    if (summary !== undefined) this.applySummary(state, instruction, summary, [], undefined);
  }

  private onReturn(state: State, instruction: Instruction): void {
    if (instruction.opcode !== Op.RETURN_VOID) {
      let value = this.reg(state, instruction.a);
      if (value.taint.size > 0)
        value = {
          ...value,
          taint: extendAll(value.taint, this.hop(instruction, 'return', instruction.mnemonic)),
        };
      this.returned = this.returned === undefined ? value : joinValues(this.returned, value);
    }
    this.exit = this.exit === undefined ? state.copy() : this.joined(this.exit, state);
  }

  // ---------- calls ----------

  /** Register values of an invoke's arguments, one per parameter (the receiver first). */
  private callArguments(state: State, instruction: Instruction): Value[] {
    const parameters = this.host.program.parts(instruction.reference).parameters;
    const values: Value[] = [];
    let position = 0;
    if (!isStaticInvoke(instruction.opcode)) values.push(this.reg(state, instruction.args[position++] ?? -1));
    for (const type of parameters) {
      values.push(this.reg(state, instruction.args[position] ?? -1));
      position += isWide(type) ? 2 : 1;
    }
    return values;
  }

  private invoke(state: State, instruction: Instruction): Thrown | undefined {
    const signature = instruction.reference;
    const isStatic = isStaticInvoke(instruction.opcode);
    const values = this.callArguments(state, instruction);
    const { owner, name, descriptor, ownerAndName, returnType: returnType0 } = this.host.program.parts(signature);
    if (isStatic) this.triggerClassInit(state, owner, instruction);
    const receiver = isStatic ? undefined : values[0];
    const reflective = reflectionRow(ownerAndName, name, descriptor);
    const special =
      reflective !== undefined
        ? this.reflect(state, instruction, reflective.kind, values, returnType0)
        : receiver !== undefined && this.isDynamic(state, receiver)
          ? this.dynamicCall(state, instruction, values.slice(1), returnType0)
          : undefined;
    if (special !== undefined) {
      state.result = returnType0 === 'V' ? undefined : (special.result ?? EMPTY);
      return FRAMEWORK_THROWS;
    }
    const resolved = this.dispatchAt(instruction, receiver);
    const { receivers, known } = resolved;
    let dispatch = resolved.dispatch;
    // An object a framework call made (list.iterator()) is a framework object: a call on a framework
    // type runs the framework's code, not every app class that implements the interface.
    // And a call of Object's own methods (toString, equals, hashCode) on an object of unknown class
    // would otherwise run every override in the app.
    if (
      dispatch.targets.length > 0 &&
      receiver !== undefined &&
      !this.host.program.isAppClass(owner) &&
      ((receiver.objects.length > 0 && receiver.objects.every((object) => this.isFrameworkMade(object))) ||
        (owner === OBJECT && !(known && (receivers ?? []).every((type) => this.host.program.isAppClass(type.type)))))
    )
      dispatch = { targets: [], framework: dispatch.framework ?? signature, truncated: false };
    if (dispatch.truncated)
      this.host.note(
        'flows.dispatch-truncated',
        `${signature}: more than ${dispatch.targets.length} app methods may run; only those are followed`,
      );
    state.result = undefined;
    let result: Value | undefined;
    let thrown: Thrown | undefined;
    const returnType = returnType0;
    for (const target of dispatch.targets) {
      const filtered =
        receiver === undefined || !known ? receiver : this.receiverFor(receiver, target, name + descriptor);
      if (
        filtered !== undefined &&
        filtered.objects.length === 0 &&
        receiver !== undefined &&
        receiver.objects.length > 0
      )
        continue;
      const args = filtered === undefined ? values : [filtered, ...values.slice(1)];
      const outcome = this.callApp(state, instruction, target, args, returnType);
      result =
        result === undefined
          ? outcome.result
          : outcome.result === undefined
            ? result
            : joinValues(result, outcome.result);
      if (outcome.thrown !== undefined)
        thrown =
          thrown === undefined
            ? outcome.thrown
            : {
                types: [...new Set([...thrown.types, ...outcome.thrown.types])],
                value: joinValues(thrown.value, outcome.thrown.value),
              };
    }
    if (dispatch.framework !== undefined || dispatch.targets.length === 0) {
      const framework = dispatch.framework ?? signature;
      const native =
        this.host.program.defines(framework) && ((this.host.program.accessFlags(framework) ?? 0) & NATIVE_FLAG) !== 0;
      const outcome = native
        ? this.callNative(state, instruction, framework, values, returnType)
        : this.callFramework(state, instruction, framework, values, returnType, isStatic);
      result = result === undefined ? outcome : outcome === undefined ? result : joinValues(result, outcome);
      result = this.handOff(state, instruction, framework, values, result, isStatic);
      // A framework method may throw a checked exception (never one the VM raises for an instruction: framework-types.ts).
      thrown =
        thrown === undefined
          ? FRAMEWORK_THROWS
          : { types: [...new Set([...thrown.types, CHECKED])], value: thrown.value };
    }
    if (returnType !== 'V') state.result = result ?? EMPTY;
    return thrown;
  }

  /** The last dispatch of each call instruction, by the receiver objects it was for. */
  private readonly dispatches: Array<DispatchAt | undefined> = [];

  /** What a call may run, given the receiver's objects (their classes narrow a virtual call). */
  private dispatchAt(instruction: Instruction, receiver: Value | undefined): DispatchAt {
    const objects = receiver?.objects;
    const last = this.dispatches[instruction.index];
    if (last !== undefined && sameObjects(last.objects, objects)) return last;
    // An object's own record is its receiver type (its class and whether exact): one list, no record per object.
    let receivers: ObjectInfo[] | undefined;
    if (objects !== undefined) {
      receivers = [];
      for (const object of objects) {
        const info = this.objects[object] as ObjectInfo;
        if (info.type !== '') receivers.push(info);
      }
    }
    const known =
      objects !== undefined && receivers !== undefined && receivers.length === objects.length && receivers.length > 0;
    const dispatch = this.host.program.dispatch(
      instruction.reference,
      instruction.opcode,
      known ? receivers : undefined,
    );
    const found: DispatchAt = { objects, receivers, known, dispatch };
    this.dispatches[instruction.index] = found;
    return found;
  }

  // ---------- intents between components (intents.ts) ----------

  /** What an Intent, ComponentName or IntentFilter call names (INTENT_ATTRIBUTES), kept on its receiver. */
  private intentAttributes(state: State, target: string, receiver: Value | undefined, args: readonly Value[]): void {
    if (receiver === undefined || receiver.objects.length === 0) return;
    for (const row of intentAttributes(target)) {
      const value = args[row.argument];
      let text: string | undefined;
      if (row.from === 'class') text = this.classOf(state, value);
      else if (row.from === 'component') text = this.attribute(state, value, '@target');
      else {
        const raw = value === undefined ? undefined : exactText(this.strOf(state, value));
        text = row.from === 'class-name' && raw !== undefined ? descriptorOfName(raw) : raw;
      }
      if (text === undefined) continue;
      if (row.attribute === '@category') {
        const before = this.attribute(state, receiver, '@category');
        text = before === undefined ? text : `${before}\n${text}`;
      }
      for (const object of receiver.objects) state.setField(object, row.attribute, { ...EMPTY, str: [text] });
    }
  }

  /** An intent's extras by key (`k:<key>`, `*` for what is not under a known key). */
  private extrasOf(state: State, intent: Value): Map<string, Taint> {
    const extras = new Map<string, Taint>();
    const keyed = new Set<number>();
    for (const object of intent.objects)
      for (const pair of state.fieldsOf(object) ?? []) {
        const field = pair[0];
        const value = pair[1];
        if (field.startsWith('k:') && value.taint.size > 0) {
          extras.set(field, joinTaint(extras.get(field) ?? NO_TAINT, value.taint));
          for (const label of value.taint.keys()) keyed.add(label);
        }
      }
    let rest: Taint = NO_TAINT;
    for (const pair of this.dataOf(state, intent, false)) {
      const label = pair[0];
      const path = pair[1];
      if (!keyed.has(label)) rest = joinTaint(rest, single(label, path));
    }
    if (rest.size > 0) extras.set('*', rest);
    return extras;
  }

  /**
   * A call that sends an intent: delivered to the app's components it resolves to (no flow ends
   * here: the data goes on in the receiver), or out of the app (a flow with sink `intent` to what
   * it names). Data the method's caller put in the intent stays a sink event here.
   */
  private intentSend(
    state: State,
    instruction: Instruction,
    sink: CallSink,
    name: string,
    receiver: Value | undefined,
    args: readonly Value[],
  ): void {
    const kind = sendKind(name);
    const place = Array.isArray(sink.leaks) ? (sink.leaks[0] as CallPlace) : 0;
    const intent = place === 'receiver' ? receiver : args[place];
    if (kind === undefined || intent === undefined) {
      this.callSink(state, instruction, sink, receiver, args);
      return;
    }
    const hop = this.hop(instruction, 'call');
    const extras = new Map<string, Taint>();
    let symbolic: Taint = NO_TAINT;
    let everything: Taint = NO_TAINT;
    for (const pair of this.extrasOf(state, intent)) {
      const key = pair[0];
      const taint = pair[1];
      everything = joinTaint(everything, taint);
      const concrete = concreteOf(taint);
      if (concrete.size > 0) extras.set(key, extendAll(concrete, hop));
      for (const inner of taint) {
        const label = inner[0];
        const path = inner[1];
        if (isSymbolic(label)) symbolic = joinTaint(symbolic, single(label, path));
      }
    }
    const info: SinkInfo = { kind: sink.kind, does: sink.does, reference: sink.reference, row: sink };
    const all = (): Taint => everything;
    if (kind === 'result') {
      const { leaves } = this.host.returnResult(this.owner, extras);
      if (leaves) this.reachSink(all(), info, this.hop(instruction, 'sink'), undefined);
      else this.reachSink(symbolic, info, this.hop(instruction, 'sink'), undefined);
      return;
    }
    const categories = this.attribute(state, intent, '@category')?.split('\n') ?? [];
    const resolution = this.host.resolveIntent(
      kind,
      this.attribute(state, intent, '@target'),
      this.attribute(state, intent, '@action'),
      categories,
      this.attribute(state, intent, '@package'),
    );
    for (const component of resolution.components) {
      this.host.deliverIntent(component, extras, false);
      if (name === 'startActivityForResult') this.host.requestResult(this.owner, component);
    }
    const destination = resolution.destination === undefined ? undefined : [resolution.destination];
    if (resolution.leaves) this.reachSink(all(), info, this.hop(instruction, 'sink'), destination);
    else this.reachSink(symbolic, info, this.hop(instruction, 'sink'), destination);
  }

  /** The extras sent to `component` (or returned to it) as the contents of an intent object here. */
  private receiveIntent(state: State, object: number, component: string, result: boolean): void {
    const incoming = this.host.incomingIntent(component, result);
    if (incoming === undefined) return;
    for (const pair of incoming) {
      const key = pair[0];
      const taint = pair[1];
      const field = key;
      state.setField(object, field, withTaint(state.field(object, field) ?? EMPTY, taint));
    }
  }

  // ---------- shared preferences (preferences.ts) ----------

  /** The file a SharedPreferences (or its Editor) writes, kept on the object as `@file`. */
  private preferenceFileOf(
    state: State,
    target: string,
    receiver: Value | undefined,
    args: readonly Value[],
    resultObject: number,
  ): void {
    let file: string | undefined;
    if (target === PREFERENCE_EDIT) file = this.attribute(state, receiver, '@file');
    else {
      const row = this.host.program.inherited(preferenceFile, target);
      if (row === undefined) return;
      if (row.file === 'default') file = defaultPreferenceFile();
      else if (row.file === 'activity') {
        const types = (receiver?.objects ?? []).map((object) => (this.objects[object] as ObjectInfo).type);
        const type = types[0];
        if (type !== undefined && types.every((other) => other === type) && this.host.program.isAppClass(type))
          file = activityPreferenceFile(type);
      } else file = exactText(this.strOf(state, args[row.file.argument]));
    }
    if (file !== undefined) state.setField(resultObject, '@file', { ...EMPTY, str: [file] });
  }

  /**
   * A put under a key the app reads back: the value goes into the store (a weak update, with a
   * `call` hop at the put) and the put is not a flow end. False: it stays a `preferences` sink.
   */
  private preferencePut(
    state: State,
    instruction: Instruction,
    sink: CallSink,
    receiver: Value | undefined,
    args: readonly Value[],
  ): boolean {
    const { owner, name } = splitSignature(sink.method);
    const key = exactText(this.strOf(state, args[0]));
    const value = args[1];
    if (!isPreferencePut(owner, name) || key === undefined || value === undefined || !this.host.preferenceKeyRead(key))
      return false;
    const taint = this.dataOf(state, value, true);
    if (taint.size === 0) return true;
    const stored = extendAll(taint, this.hop(instruction, 'call'));
    for (const field of putFields(this.attribute(state, receiver, '@file'), key)) {
      const joined = withTaint(state.staticValue(field) ?? this.initialStatic(field), stored);
      state.setStatic(field, joined);
      this.publishTree(state, staticRoot(field), joined, 0);
    }
    return true;
  }

  /** What the store holds under the key a getter reads, with a `call` hop at the get. */
  private preferenceGet(state: State, instruction: Instruction, receiver: Value, args: readonly Value[]): Taint {
    const key = exactText(this.strOf(state, args[0]));
    if (key === undefined) return NO_TAINT;
    let taint: Taint = NO_TAINT;
    for (const field of getFields(this.attribute(state, receiver, '@file'), key))
      taint = joinTaint(taint, (state.staticValue(field) ?? this.initialStatic(field)).taint);
    return taint.size === 0 ? taint : extendAll(taint, this.hop(instruction, 'call'));
  }

  // ---------- reflection and code loaded at run time (reflection.ts) ----------

  private attribute(state: State, value: Value | undefined, name: string): string | undefined {
    if (value === undefined || value.objects.length === 0) return undefined;
    return exactText(this.readAll(state, value.objects, name).str);
  }

  /** Parameters a reflective Method or Constructor takes: from its `@params` descriptor, else its recorded `@arity`. */
  private reflectiveArity(state: State, receiver: Value | undefined, params: string | undefined): number | undefined {
    if (params !== undefined) return parseDescriptor(params).parameters.length;
    const arity = this.attribute(state, receiver, '@arity');
    return arity === undefined ? undefined : Number(arity);
  }

  /** The class a `Class` value names: a `Class` object the reflection calls made, or a `const-class`. */
  private classOf(state: State, value: Value | undefined): string | undefined {
    if (value === undefined) return undefined;
    const named = this.attribute(state, value, '@class');
    if (named !== undefined) return named;
    const text = value.objects.length === 0 ? exactText(value.str) : undefined;
    return text !== undefined && isTypeDescriptor(text) ? text : undefined;
  }

  /** True when every object of the value comes from code loaded at run time (or is such a loader). */
  private isDynamic(state: State, value: Value): boolean {
    const objects = value.objects;
    if (objects.length === 0) return false;
    // A mark this analysis sets (never an initial value): what the state holds is all there is.
    // (By index, no closure: every call with a receiver asks.)
    for (let position = 0; position < objects.length; position++)
      if (constantOf(state.field(objects[position] as number, '@dynamic')?.int) !== 1) return false;
    return true;
  }

  private reflectObject(
    state: State,
    instruction: Instruction,
    type: string,
    attributes: Readonly<Record<string, string | undefined>>,
    dynamic: boolean,
  ): Value {
    const object = this.freshObject('call', `${instruction.index}:${type}`, type, type !== '');
    for (const [name, text] of Object.entries(attributes))
      if (text !== undefined) state.setField(object, name, { ...EMPTY, str: [text] });
    if (dynamic) state.setField(object, '@dynamic', intValue(1));
    return { taint: NO_TAINT, objects: [object] };
  }

  /** The values of an `Object[]` argument's elements, when its length is known. */
  private elementsOf(state: State, array: Value | undefined, arity: number | undefined): Value[] | undefined {
    if (array === undefined) return undefined;
    const length = constantOf(this.readAll(state, array.objects, '@length').int) ?? arity;
    if (length === undefined || length < 0 || length > 255) return undefined;
    const anywhere = joinValues(this.readAll(state, array.objects, '[]'), this.readAll(state, array.objects, '*'));
    const out: Value[] = [];
    for (let index = 0; index < length; index++)
      out.push(withTaint(joinValues(this.readAll(state, array.objects, `[${index}]`), anywhere), array.taint));
    return out;
  }

  /** The parameter part of a descriptor from a `Class[]` argument (every element a known class), and its length. */
  private parametersOf(state: State, array: Value | undefined): { params?: string; arity?: number } {
    if (array === undefined) return {};
    const copied = this.attribute(state, array, '@params');
    if (copied !== undefined) return { params: copied, arity: parseDescriptor(copied).parameters.length };
    if (array.objects.length === 0 && constantOf(array.int) === 0) return { params: '()', arity: 0 };
    const length = constantOf(this.readAll(state, array.objects, '@length').int);
    if (length === undefined || length < 0 || length > 255) return {};
    const types: string[] = [];
    for (let index = 0; index < length; index++) {
      const type = this.classOf(state, this.readAll(state, array.objects, `[${index}]`));
      if (type === undefined) return { arity: length };
      types.push(type);
    }
    return { params: `(${types.join('')})`, arity: length };
  }

  /**
   * App methods named `name` that `descriptor`'s instances run (the nearest class that defines one),
   * with the parameter part `params` or, when it is not known, `arity` parameters.
   */
  private reflectiveTargets(
    descriptor: string,
    name: string,
    params: string | undefined,
    arity: number | undefined,
  ): string[] {
    const program = this.host.program;
    for (const ancestor of program.ancestors(descriptor)) {
      if (!program.isAppClass(ancestor)) break;
      const found = program.methodsOf(ancestor).filter((signature) => {
        const split = splitSignature(signature);
        if (split.name !== name) return false;
        if (params !== undefined) return split.descriptor.startsWith(params);
        return arity === undefined || parseDescriptor(split.descriptor).parameters.length === arity;
      });
      if (found.length > 0) return found.slice(0, 4);
    }
    return [];
  }

  /** Data reaching a call the analysis cannot follow (unresolved reflection, code loaded at run time) ends there. */
  private opaqueCall(
    state: State,
    instruction: Instruction,
    values: readonly Value[],
    sink: typeof UNRESOLVED_CALL | typeof DYNAMIC_CALL,
    returnType: string,
  ): { result?: Value } {
    let taint: Taint = NO_TAINT;
    for (const value of values) taint = joinTaint(taint, this.dataOf(state, value, true));
    this.reachSink(
      taint,
      { kind: sink.kind, does: sink.does, reference: sink.reference },
      this.hop(instruction, 'sink'),
      undefined,
    );
    if (returnType === 'V') return {};
    return { result: this.reflectObject(state, instruction, '', {}, sink === DYNAMIC_CALL) };
  }

  private dynamicCall(
    state: State,
    instruction: Instruction,
    args: readonly Value[],
    returnType: string,
  ): { result?: Value } {
    return this.opaqueCall(state, instruction, args, DYNAMIC_CALL, returnType);
  }

  /** A call of a reflection API (reflection.ts); undefined when the ordinary framework call applies. */
  private reflect(
    state: State,
    instruction: Instruction,
    kind: ReflectionKind,
    values: readonly Value[],
    returnType: string,
  ): { result?: Value } | undefined {
    const program = this.host.program;
    const isStatic = isStaticInvoke(instruction.opcode);
    const receiver = isStatic ? undefined : values[0];
    const args = isStatic ? values : values.slice(1);
    const CLASS = 'Ljava/lang/Class;';
    const known = (descriptor: string): boolean => program.isAppClass(descriptor) || isPlatformClass(descriptor);
    switch (kind) {
      case 'forName':
      case 'loadClass': {
        const text = exactText(this.strOf(state, args[0]));
        const descriptor = text === undefined ? undefined : descriptorOfName(text);
        const loader = kind === 'loadClass' ? receiver : args[2];
        // A class the scan read (the app's dex files, and those it ships inside, such as assets/*.jar, which
        // such loaders usually load) is followed like the app's own; only a class found nowhere is run-time code.
        const dynamic =
          loader !== undefined && this.isDynamic(state, loader) && (descriptor === undefined || !known(descriptor));
        return { result: this.reflectObject(state, instruction, CLASS, { '@class': descriptor }, dynamic) };
      }
      case 'getClass': {
        if (receiver === undefined) return undefined;
        const types = [...new Set(receiver.objects.map((object) => (this.objects[object] as ObjectInfo).type))];
        const type = types.length === 1 && types[0] !== '' ? types[0] : undefined;
        return {
          result: this.reflectObject(state, instruction, CLASS, { '@class': type }, this.isDynamic(state, receiver)),
        };
      }
      case 'className': {
        const descriptor = this.classOf(state, receiver);
        if (descriptor === undefined) return undefined;
        return { result: { taint: NO_TAINT, objects: [], str: [nameOfDescriptor(descriptor)] } };
      }
      case 'getMethod':
      case 'getConstructor': {
        const descriptor = this.classOf(state, receiver);
        const name = kind === 'getConstructor' ? '<init>' : exactText(this.strOf(state, args[0]));
        const { params, arity } = this.parametersOf(state, kind === 'getConstructor' ? args[0] : args[1]);
        return {
          result: this.reflectObject(
            state,
            instruction,
            kind === 'getConstructor' ? 'Ljava/lang/reflect/Constructor;' : 'Ljava/lang/reflect/Method;',
            {
              '@class': descriptor,
              '@name': name,
              '@params': params,
              '@arity': arity === undefined ? undefined : String(arity),
            },
            receiver !== undefined && this.isDynamic(state, receiver),
          ),
        };
      }
      case 'methodName': {
        const name = this.attribute(state, receiver, '@name');
        return name === undefined ? undefined : { result: { taint: NO_TAINT, objects: [], str: [name] } };
      }
      case 'declaringClass':
        return {
          result: this.reflectObject(
            state,
            instruction,
            CLASS,
            { '@class': this.attribute(state, receiver, '@class') },
            receiver !== undefined && this.isDynamic(state, receiver),
          ),
        };
      case 'parameterTypes': {
        const params = this.attribute(state, receiver, '@params');
        if (params === undefined) return undefined;
        const array = this.reflectObject(state, instruction, '[Ljava/lang/Class;', { '@params': params }, false);
        state.setField(array.objects[0] as number, '@length', intValue(parseDescriptor(params).parameters.length));
        return { result: array };
      }
      case 'loader': {
        const result = this.callFramework(state, instruction, instruction.reference, values, returnType, isStatic);
        if (receiver !== undefined)
          for (const object of receiver.objects) state.setField(object, '@dynamic', intValue(1));
        return result === undefined ? {} : { result };
      }
      case 'newInstance':
      case 'construct': {
        const descriptor = this.classOf(state, receiver);
        const dynamic = receiver !== undefined && this.isDynamic(state, receiver);
        // Class.newInstance runs the constructor without parameters; Constructor.newInstance the one getConstructor named.
        const params = kind === 'construct' ? this.attribute(state, receiver, '@params') : '()';
        const arity = kind === 'construct' ? this.reflectiveArity(state, receiver, params) : 0;
        const elements = kind === 'construct' ? this.elementsOf(state, args[0], arity) : [];
        if (dynamic || descriptor === undefined || !known(descriptor) || elements === undefined)
          return this.opaqueCall(
            state,
            instruction,
            elements ?? args,
            dynamic ? DYNAMIC_CALL : UNRESOLVED_CALL,
            returnType,
          );
        const object = this.freshAt('alloc', instruction.index, descriptor, true);
        const made: Value = { taint: NO_TAINT, objects: [object] };
        if (program.isAppClass(descriptor)) {
          for (const target of this.reflectiveTargets(descriptor, '<init>', params, elements.length).slice(0, 1)) {
            this.callees.add(target);
            this.callApp(state, instruction, target, [made, ...elements], 'V');
          }
        } else if (params !== undefined)
          this.callFramework(state, instruction, `${descriptor}-><init>${params}V`, [made, ...elements], 'V', false);
        return { result: made };
      }
      case 'invoke': {
        const descriptor = this.attribute(state, receiver, '@class');
        const name = this.attribute(state, receiver, '@name');
        const params = this.attribute(state, receiver, '@params');
        const arity = this.reflectiveArity(state, receiver, params);
        const target = args[0] ?? EMPTY;
        const elements = this.elementsOf(state, args[1], arity);
        const dynamic = receiver !== undefined && this.isDynamic(state, receiver);
        if (dynamic || descriptor === undefined || name === undefined || elements === undefined || !known(descriptor))
          return this.opaqueCall(
            state,
            instruction,
            [target, ...(elements ?? args.slice(1))],
            dynamic ? DYNAMIC_CALL : UNRESOLVED_CALL,
            returnType,
          );
        if (program.isAppClass(descriptor)) {
          const targets = this.reflectiveTargets(descriptor, name, params, elements.length);
          if (targets.length === 0)
            return this.opaqueCall(state, instruction, [target, ...elements], UNRESOLVED_CALL, returnType);
          let result: Value | undefined;
          for (const signature of targets) {
            const targetStatic = ((program.accessFlags(signature) ?? 0) & 0x8) !== 0;
            const targetReturn = parseDescriptor(splitSignature(signature).descriptor).returnType;
            const outcome = this.callApp(
              state,
              instruction,
              signature,
              targetStatic ? elements : [target, ...elements],
              targetReturn,
            );
            if (outcome.result !== undefined)
              result = result === undefined ? outcome.result : joinValues(result, outcome.result);
          }
          return { result: result ?? EMPTY };
        }
        // A framework method: its own source, sink and model rows apply (rows are by name; when the
        // parameter types are not known, any objects of their number will do, and so will any return type).
        const result = this.callFramework(
          state,
          instruction,
          `${descriptor}->${name}${params ?? `(${'Ljava/lang/Object;'.repeat(elements.length)})`}Ljava/lang/Object;`,
          [target, ...elements],
          'Ljava/lang/Object;',
          false,
        );
        return { result: result ?? EMPTY };
      }
      default:
        return undefined;
    }
  }

  // ---------- objects handed to Android, which calls them back (handoffs.ts) ----------

  /**
   * A call that hands an object to Android (a listener registered, a Runnable posted, a task
   * executed): the callbacks Android makes on it are applied here, on the objects handed
   * over, with the state the caller built; what the call keeps for later (a Thread's Runnable,
   * a Message's Handler) is stored on the receiver or the result. Returns the call's result.
   */
  private handOff(
    state: State,
    instruction: Instruction,
    framework: string,
    values: readonly Value[],
    result: Value | undefined,
    isStatic: boolean,
  ): Value | undefined {
    const rows = this.host.handOffs.at(framework);
    if (rows.handOffs.length === 0 && rows.attachments.length === 0) return result;
    const parameterTypes = parseDescriptor(splitSignature(framework).descriptor).parameters;
    const receiver = isStatic ? undefined : values[0];
    const args = isStatic ? values : values.slice(1);
    const at = (place: ObjectPlace): Value | undefined => {
      if (place === 'receiver') return receiver;
      if (typeof place === 'number') return args[place];
      if ('argumentOfType' in place) {
        const position = parameterTypes.indexOf(place.argumentOfType);
        return position < 0 ? undefined : args[position];
      }
      return receiver === undefined ? undefined : this.readAll(state, receiver.objects, place.stored);
    };
    let out = result;
    // A factory that fills the object it returns (Message.obtain, obtainMessage) makes a new object here, as
    // `new Message()` would: what it holds is tracked with it, not published app-wide as a framework object's is.
    if (out !== undefined && rows.attachments.some((row) => row.to === 'return' && row.field !== undefined)) {
      const type = parseDescriptor(splitSignature(framework).descriptor).returnType;
      out = { ...out, objects: [this.freshObject('alloc', `${instruction.index}:made`, type, true)] };
    }
    for (const row of rows.attachments) {
      const value = at(row.from);
      if (value === undefined || (value.objects.length === 0 && value.taint.size === 0)) continue;
      if (row.to === 'receiver') {
        if (receiver !== undefined && row.field !== undefined)
          this.write(state, receiver.objects, row.field, value, false);
      } else if (out !== undefined) {
        if (row.field === undefined) out = { ...out, objects: unionObjects(out.objects, value.objects) };
        else this.write(state, out.objects, row.field, value, false);
      }
    }
    for (const row of rows.handOffs) {
      if (row.replaceable === true && replacedBeforeReturn(this.body, instruction.index)) continue;
      let handed = at(row.object);
      if ((handed === undefined || handed.objects.length === 0) && row.otherwise !== undefined)
        handed = {
          ...EMPTY,
          objects: this.host.handOffs
            .classesGivenTo(row.otherwise)
            .map((type) => this.freshObject('alloc', `${instruction.index}:${type}`, type, true)),
        };
      if (handed === undefined || handed.objects.length === 0) continue;
      let previous: Value | undefined;
      for (const callback of row.callbacks) {
        const parameters = callback.parameters.map((parameter) =>
          parameter === 'nothing'
            ? EMPTY
            : parameter === 'previous-result'
              ? (previous ?? EMPTY)
              : (at(parameter) ?? EMPTY),
        );
        previous = this.callBack(state, instruction, callback.method, handed, parameters);
      }
      if (row.returns === true && previous !== undefined && out !== undefined)
        out = withTaint(out, this.dataOf(state, previous, false));
    }
    return out;
  }

  /**
   * A sink call that is also a hand-off with an `otherwise` row (Messenger.send) delivers inside the
   * app when the object it hands over, or the classes it falls back to, are app classes: not a flow
   * end of its own, the data goes on in the callback (as an intent delivered in the app).
   */
  private handsToApp(state: State, target: string, receiver: Value | undefined): boolean {
    const program = this.host.program;
    return this.host.handOffs.at(target).handOffs.some((row) => {
      if (row.otherwise === undefined) return false;
      const place = row.object;
      const stored =
        typeof place === 'object' && 'stored' in place && receiver !== undefined
          ? this.readAll(state, receiver.objects, place.stored).objects
          : [];
      if (stored.length > 0)
        return stored.every((object) => program.isAppClass((this.objects[object] as ObjectInfo).type));
      return this.host.handOffs.classesGivenTo(row.otherwise).length > 0;
    });
  }

  /** Android calls `callback` on the app objects of `handed` (framework objects run framework code, not followed). */
  private callBack(
    state: State,
    instruction: Instruction,
    callback: string,
    handed: Value,
    parameters: readonly Value[],
  ): Value | undefined {
    const { owner, name, descriptor } = splitSignature(callback);
    const program = this.host.program;
    const objects = handed.objects.filter((object) => {
      const type = (this.objects[object] as ObjectInfo).type;
      return type !== '' && program.isAppClass(type) && program.isSubtype(type, owner);
    });
    if (objects.length === 0) return undefined;
    const receivers = objects.map((object): ReceiverType => {
      const info = this.objects[object] as ObjectInfo;
      return { type: info.type, exact: info.exact };
    });
    const returnType = parseDescriptor(descriptor).returnType;
    const dispatch = program.dispatch(callback, Op.INVOKE_INTERFACE, receivers);
    if (dispatch.truncated)
      this.host.note(
        'flows.dispatch-truncated',
        `${callback}: more than ${dispatch.targets.length} app methods may run; only those are followed`,
      );
    let out: Value | undefined;
    for (const target of dispatch.targets) {
      const receiver = this.receiverFor({ ...handed, objects }, target, name + descriptor);
      if (receiver.objects.length === 0) continue;
      const outcome = this.callApp(state, instruction, target, [receiver, ...parameters], returnType);
      if (outcome.result !== undefined) out = out === undefined ? outcome.result : joinValues(out, outcome.result);
    }
    return out;
  }

  /** The receiver's objects on which `target` is what runs (objects of unknown class go to every target). */
  private receiverFor(receiver: Value, target: string, nameAndDescriptor: string): Value {
    // The list is copied only from the first object the target does not run on (usually none is).
    let objects: number[] | undefined;
    for (let position = 0; position < receiver.objects.length; position++) {
      const object = receiver.objects[position] as number;
      const info = this.objects[object] as ObjectInfo;
      const runs =
        !info.exact || info.type === '' || this.host.program.resolveIn(info.type, nameAndDescriptor).app === target;
      if (objects !== undefined) {
        if (runs) objects.push(object);
      } else if (!runs) objects = receiver.objects.slice(0, position);
    }
    return objects === undefined ? receiver : { ...receiver, objects };
  }

  /** Input paths of the callee that carry taint here: its parameters and their fields. */
  private requestedPaths(state: State, args: readonly Value[]): readonly string[] {
    // Made when first needed: most calls pass objects with no field that leads anywhere, and no label.
    let paths: Set<string> | undefined;
    let seen: Set<number> | undefined;
    // A value with no labels, and no objects to follow at this depth, adds no path: its path text is not built.
    const leads = (value: Value, depth: number): boolean =>
      value.taint.size > 0 || (depth < MAX_PATH_DEPTH && value.objects.length > 0);
    const visit = (value: Value, path: string, depth: number): void => {
      if (paths !== undefined && paths.size >= MAX_REQUESTED) return;
      if (value.taint.size > 0) (paths ??= new Set()).add(path);
      if (depth >= MAX_PATH_DEPTH) return;
      for (const object of value.objects) {
        // One visit per object: a second way to the same object would only repeat its paths under another name.
        if (seen?.has(object) === true) continue;
        (seen ??= new Set()).add(object);
        const fields = state.fieldsOf(object);
        // forEach: no iterator result nor entry array per field (this runs at every call, mostly unoptimised).
        fields?.forEach((fieldValue, field) => {
          if (!field.startsWith('@') && leads(fieldValue, depth + 1))
            visit(fieldValue, `${path}${SEP}${field}`, depth + 1);
        });
        const info = this.objects[object] as ObjectInfo;
        if (info.path === undefined) continue;
        for (const initial of this.initialPathsUnder(info.path))
          if (fields?.has(initial.first) !== true && !initial.first.startsWith('@')) {
            const initialValue = this.initialField(object, initial.first);
            if (leads(initialValue, depth + 1)) visit(initialValue, `${path}${SEP}${initial.first}`, depth + 1);
          }
      }
    };
    args.forEach((value, index) => visit(value, parameterRoot(index), 0));
    return paths === undefined ? NO_PATHS : [...paths];
  }

  private callApp(
    state: State,
    instruction: Instruction,
    target: string,
    args: readonly Value[],
    returnType: string,
  ): { result?: Value; thrown?: Thrown } {
    this.callees.add(target);
    const requested = this.requestedPaths(state, args);
    const length = requested.length > 0 ? undefined : this.host.program.instructionCount(target);
    const demand = requested.length > 0 || (length !== undefined && length <= SMALL_METHOD);
    const summary = this.host.summaryFor(target, requested, this.body.signature, demand);
    if (summary === undefined) {
      // Not analysed (budget, depth): what the framework default would do, so data is not lost silently.
      let taint: Taint = NO_TAINT;
      if (requested.length > 0) for (const value of args) taint = joinTaint(taint, this.dataOf(state, value, false));
      if (returnType === 'V') return {};
      return {
        result: {
          taint,
          objects: isReferenceType(returnType)
            ? [this.freshObject('call', `${instruction.index}:${target}`, returnType, false)]
            : [],
        },
      };
    }
    return this.applySummary(state, instruction, summary, args, returnType);
  }

  // ---------- applying a callee's summary ----------

  /** An input path's segments (a callee's summary names the same paths at every call that applies it). */
  private segmentCache: Map<string, readonly string[]> | undefined;

  private segmentsOf(path: string): readonly string[] {
    this.segmentCache ??= new Map();
    let segments = this.segmentCache.get(path);
    if (segments === undefined) {
      segments = path.split(SEP);
      this.segmentCache.set(path, segments);
    }
    return segments;
  }

  private applySummary(
    state: State,
    instruction: Instruction,
    summary: Summary,
    args: readonly Value[],
    returnType: string | undefined,
  ): { result?: Value; thrown?: Thrown } {
    // A summary with nothing a caller sees (no effect, object, sink, result or exception) changes nothing here.
    if (
      summary.effects.length === 0 &&
      summary.exports.length === 0 &&
      summary.sinks.length === 0 &&
      summary.throws === undefined &&
      (summary.returns === undefined || returnType === undefined || returnType === 'V')
    )
      return {};
    // The call's hop is made when a caller's label is first mapped through it: most applications map none.
    let callHop: Hop | undefined;
    const inputValues = new Map<string, Value>();
    const inputValue = (path: string): Value => {
      let value = inputValues.get(path);
      if (value !== undefined) return value;
      const segments = this.segmentsOf(path);
      const root = segments[0] as string;
      if (root.startsWith('s')) {
        const field = root.slice(1);
        value = state.staticValue(field) ?? this.initialStatic(field);
      } else value = args[Number(root.slice(1))] ?? EMPTY;
      for (let index = 1; index < segments.length; index++)
        value = withTaint(this.readAll(state, value.objects, segments[index] as string), value.taint);
      inputValues.set(path, value);
      return value;
    };
    // Built in one map (a joinTaint per label copied the map each time), by joinTaint's rule: a label
    // already held with a path no longer than the new one keeps it, and the new path is not built.
    const mapTaint = (taint: Taint): Taint => {
      let out: Map<number, Path | undefined> | undefined;
      for (const pair of taint) {
        const label = pair[0];
        const path = pair[1];
        if (!isSymbolic(label)) {
          if (out?.has(label) !== true || (path?.length ?? 0) < (out.get(label)?.length ?? 0))
            (out ??= new Map()).set(label, path);
          continue;
        }
        const input = summary.inputs[label - SYMBOLIC_BASE];
        if (input === undefined) continue;
        const given = inputValue(input).taint;
        for (const inner of given) {
          const callerLabel = inner[0];
          const callerPath = inner[1];
          // The caller's path, the call, then the callee's path.
          const length = (callerPath?.length ?? 0) + 1 + (path?.length ?? 0);
          if (out?.has(callerLabel) === true && length >= (out.get(callerLabel)?.length ?? 0)) continue;
          callHop ??= this.hop(instruction, 'call');
          (out ??= new Map()).set(callerLabel, concat(extend(callerPath, callHop), path));
        }
      }
      return out === undefined ? NO_TAINT : capTaint(out, MAX_LABELS);
    };
    const exported = summary.exports.map((object, index) =>
      this.exportedObject(instruction.index, summary.method, index, object.type, object.exact),
    );
    const mapObjects = (refs: readonly ObjectRef[]): readonly number[] => {
      let objects: readonly number[] = [];
      for (const ref of refs) {
        if ('input' in ref) objects = unionObjects(objects, inputValue(ref.input).objects);
        else {
          const object = exported[ref.exported];
          if (object !== undefined) objects = unionObjects(objects, [object]);
        }
      }
      return objects;
    };
    const mapValue = (value: SummaryValue): Value =>
      makeValue(mapTaint(value.taint), mapObjects(value.objects), value.int, value.str, value.provider);
    summary.exports.forEach((object, index) => {
      const local = exported[index] as number;
      for (const pair of object.fields) {
        const field = pair[0];
        const value = pair[1];
        state.setField(local, field, joinValues(this.read(state, local, field), mapValue(value)));
      }
    });
    for (const effect of summary.effects) {
      const value = mapValue(effect.value);
      if (effect.field === '') {
        const field = effect.path.slice(1);
        const joined = joinValues(state.staticValue(field) ?? this.initialStatic(field), value);
        state.setStatic(field, joined);
        // Concrete data a callee stored under a static (a synthetic `access$` setter) is app-wide, as a put here would be.
        if (concreteOf(value.taint).size > 0) this.publishTree(state, effect.path, value, 0);
        continue;
      }
      // A definite write (the callee's exit value no longer holds what the caller had there, which it
      // was asked about) replaces the caller's value, as an iput would: `access$1(this, null)`.
      const asked = summary.inputs.indexOf(`${effect.path}${SEP}${effect.field}`);
      const definite = asked >= 0 && !effect.value.taint.has(SYMBOLIC_BASE + asked);
      this.write(state, inputValue(effect.path).objects, effect.field, value, definite);
    }
    for (const event of summary.sinks) {
      const taint = mapTaint(event.taint);
      this.reachSink(taint, event.sink, event.hop, event.destination);
    }
    const result =
      summary.returns === undefined || returnType === undefined || returnType === 'V'
        ? undefined
        : mapValue(summary.returns);
    const thrown =
      summary.throws === undefined ? undefined : { types: summary.throws.types, value: mapValue(summary.throws.value) };
    const outcome: { result?: Value; thrown?: Thrown } = {};
    if (result !== undefined) outcome.result = result;
    if (thrown !== undefined) outcome.thrown = thrown;
    return outcome;
  }

  /** Concrete labels at a sink are flows; symbolic ones become the summary's sink events. */
  private reachSink(taint: Taint, sink: SinkInfo, hop: Hop, destination: Str | undefined): void {
    if (taint.size === 0) return;
    const symbolic = new Map<number, Path | undefined>();
    for (const pair of taint) {
      const label = pair[0];
      const path = pair[1];
      if (isSymbolic(label)) symbolic.set(label, path);
      else this.host.recordFlow(label, path, sink, hop, destination);
    }
    if (symbolic.size === 0) return;
    const key = `${hop.method}@${hop.offset}:${sink.kind}`;
    const existing = this.sinks.get(key);
    this.sinks.set(key, {
      hop,
      sink,
      ...(destination === undefined ? {} : { destination }),
      taint: existing === undefined ? symbolic : joinTaint(existing.taint, symbolic),
    });
  }

  // ---------- framework calls ----------

  private callNative(
    state: State,
    instruction: Instruction,
    target: string,
    values: readonly Value[],
    returnType: string,
  ): Value | undefined {
    const hop = this.hop(instruction, 'sink');
    let taint: Taint = NO_TAINT;
    // The arguments themselves (and what they contain), not every field reachable from them.
    for (const value of values.slice(isStaticInvoke(instruction.opcode) ? 0 : 1))
      taint = joinTaint(taint, this.dataOf(state, value, false));
    this.reachSink(
      taint,
      {
        kind: 'native',
        does: `passes it to the native method ${target}`,
        reference: 'https://developer.android.com/training/articles/perf-jni',
      },
      hop,
      undefined,
    );
    if (returnType === 'V') return undefined;
    return {
      taint: NO_TAINT,
      objects: isReferenceType(returnType) ? [this.freshAt('call', instruction.index, returnType, false)] : [],
    };
  }

  private callFramework(
    state: State,
    instruction: Instruction,
    target: string,
    values: readonly Value[],
    returnType: string,
    isStatic: boolean,
  ): Value | undefined {
    const tables = this.host.tables;
    const found = tables.lookup(target);
    const { owner, name, ownerAndName } = this.host.program.parts(target);
    const receiver = isStatic ? undefined : values[0];
    const args = isStatic ? values : values.slice(1);
    const place = (which: CallPlace): Value | undefined => (which === 'receiver' ? receiver : args[which]);
    const resultObject = isReferenceType(returnType)
      ? this.freshAt('call', instruction.index, returnType, false)
      : undefined;
    // Sinks see the data as it is before the call.
    for (const sink of found.sinks)
      if (sink.kind === 'intent') this.intentSend(state, instruction, sink, name, receiver, args);
      else if (
        (sink.kind !== 'preferences' || !this.preferencePut(state, instruction, sink, receiver, args)) &&
        !this.handsToApp(state, target, receiver)
      )
        this.callSink(state, instruction, sink, receiver, args);
    const transfers: readonly Transfer[] =
      found.model?.transfers ?? tables.defaultTransfers(args.length, returnType, isStatic, name === '<init>');
    let resultTaint: Taint = NO_TAINT;
    let same = false;
    let writesReceiver: Taint = NO_TAINT;
    for (const transfer of transfers) {
      let taint: Taint = NO_TAINT;
      for (const from of transfer.from) {
        const value = place(from);
        if (value === undefined) continue;
        if (from === 'receiver' && transfer.to === 'return' && transfer.key !== undefined)
          taint = joinTaint(taint, this.keyedRead(state, value, args[transfer.key]));
        else taint = joinTaint(taint, this.dataOf(state, value, transfer.deep === true));
      }
      if (transfer.to === 'return') {
        resultTaint = joinTaint(resultTaint, taint);
        if (transfer.same === true) same = true;
      } else if (transfer.to === 'receiver') {
        if (receiver !== undefined && taint.size > 0) {
          const key = transfer.key === undefined ? undefined : this.keyOf(state, args[transfer.key]);
          this.writeContent(state, this.wrapClosure(state, receiver.objects), key, taint);
          writesReceiver = joinTaint(writesReceiver, taint);
        }
      } else {
        const value = args[transfer.to];
        if (value !== undefined && taint.size > 0) this.writeContent(state, value.objects, undefined, taint);
      }
    }
    if (receiver !== undefined && writesReceiver.size > 0)
      this.streamWrite(state, instruction, receiver, writesReceiver);
    if (found.model?.wraps !== undefined && receiver !== undefined) {
      const wrapped = args[found.model.wraps];
      if (wrapped !== undefined)
        this.write(state, receiver.objects, '@wraps', { taint: NO_TAINT, objects: wrapped.objects }, false);
    }
    resultTaint = joinTaint(
      resultTaint,
      this.sourcesAt(state, instruction, target, found.source, receiver, args, values),
    );
    const ordered = orderedBroadcastResult(owner, name);
    if (ordered === 'read') resultTaint = joinTaint(resultTaint, this.host.broadcastResult());
    else if (ordered === 'write') {
      let taint: Taint = NO_TAINT;
      for (const value of args) taint = joinTaint(taint, concreteOf(this.dataOf(state, value, true)));
      if (taint.size > 0) this.host.shareBroadcastResult(extendAll(taint, this.hop(instruction, 'call')));
    }
    if (receiver !== undefined) resultTaint = this.readOfCallbackData(instruction, receiver, resultTaint);
    if (found.stream !== undefined) {
      const endpointObjects =
        name === '<init>' ? (receiver?.objects ?? []) : resultObject === undefined ? [] : [resultObject];
      this.makeEndpoint(state, found.stream, receiver, args, endpointObjects);
    }
    this.intentAttributes(state, target, receiver, args);
    if (resultObject !== undefined) this.preferenceFileOf(state, target, receiver, args, resultObject);
    this.fileContents(state, instruction, target, receiver, args, resultObject);
    if (receiver !== undefined && isPreferenceGet(target))
      resultTaint = joinTaint(resultTaint, this.preferenceGet(state, instruction, receiver, args));
    if (name === 'getIntent' && resultObject !== undefined && receiver !== undefined)
      for (const object of receiver.objects) {
        const type = (this.objects[object] as ObjectInfo).type;
        if (type !== '' && this.host.program.isAppClass(type)) this.receiveIntent(state, resultObject, type, false);
      }
    if (name === FIND_VIEW && resultObject !== undefined) {
      const id = constantOf(args[0]?.int);
      state.setField(resultObject, '@view', { ...EMPTY, ...(id === undefined ? {} : { str: [String(id)] }) });
      (this.viewObjects ??= new Set()).add(resultObject);
    }
    this.stringEffects(state, owner, name, receiver, args);
    if (returnType === 'V') return undefined;
    resultTaint = capTaint(resultTaint, MAX_LABELS);
    if (same && receiver !== undefined) return { taint: resultTaint, objects: receiver.objects };
    const int = INT_RESULTS.get(ownerAndName)?.(args.map((value) => value.int));
    const result = makeValue(resultTaint, resultObject === undefined ? [] : [resultObject], int);
    const str = this.resultText(state, owner, name, receiver, args, transfers, found.model?.text);
    if (str === undefined) return result;
    if (resultObject !== undefined) state.setField(resultObject, '@str', { ...EMPTY, str });
    return returnType === STRING || returnType === 'Ljava/lang/CharSequence;' ? { ...result, str } : result;
  }

  /**
   * A call on the data Android handed a callback (`location.getLatitude()`) reads one part of
   * it: that call is the source site of what it returns, so the latitude and the longitude
   * are two flows, each citing its own read (the parameter's first use stays the site of the
   * object itself).
   */
  private readOfCallbackData(instruction: Instruction, receiver: Value, taint: Taint): Taint {
    const handed = this.callbackObjects;
    if (handed === undefined || !receiver.objects.some((object) => handed.has(object))) return taint;
    let out = taint;
    for (const label of receiver.taint.keys()) {
      if (!out.has(label) || ![...this.parameterTaint.values()].some((given) => given.has(label))) continue;
      const site = this.host.sourceSite(label);
      if (site?.kind !== 'callback-parameter') continue;
      const { hop: _hop, ...rest } = site;
      const map = new Map(out);
      map.delete(label);
      out = joinTaint(map, this.sourceTaint(instruction, rest));
    }
    return out;
  }

  /** Labels of the data a framework call reads: API sources, provider queries, identifier lookups, form fields. */
  private sourcesAt(
    state: State,
    instruction: Instruction,
    target: string,
    source: { category: SourceSite['category']; reads: string; reference: string } | undefined,
    receiver: Value | undefined,
    args: readonly Value[],
    values: readonly Value[],
  ): Taint {
    const { owner, name, ownerAndName } = this.host.program.parts(target);
    const tables = this.host.tables;
    let taint: Taint = NO_TAINT;
    if (source !== undefined)
      taint = joinTaint(
        taint,
        this.sourceTaint(instruction, {
          kind: 'api',
          category: source.category,
          reads: source.reads,
          reference: source.reference,
        }),
      );
    if (QUERY_CALLS.has(name) || (name === '<init>' && owner.endsWith('CursorLoader;'))) {
      const provider = values.find((value) => value.provider !== undefined)?.provider;
      const row =
        provider === undefined
          ? undefined
          : provider < URI_SOURCES.length
            ? URI_SOURCES[provider]
            : URI_FIELD_SOURCES[provider - URI_SOURCES.length];
      if (row !== undefined) {
        const read = this.sourceTaint(instruction, {
          kind: 'content-uri',
          category: row.category,
          reads: row.what,
          reference: row.reference,
        });
        if (name === '<init>' && receiver !== undefined) this.writeContent(state, receiver.objects, undefined, read);
        else taint = joinTaint(taint, read);
      }
    }
    for (const row of tables.identifierCompanions.get(ownerAndName) ?? [])
      if (row.constant !== undefined && args.some((value) => exactText(value.str) === row.constant))
        taint = joinTaint(
          taint,
          this.sourceTaint(instruction, {
            kind: 'identifier-field',
            category: row.category,
            reads: row.reads,
            reference: row.reference,
          }),
        );
    if (receiver !== undefined && tables.isFormFieldRead(target)) {
      for (const object of receiver.objects)
        for (const view of this.viewsOf(state, object))
          for (const field of this.host.formField(view))
            taint = joinTaint(
              taint,
              this.sourceTaint(instruction, {
                kind: 'form-field',
                category: field.category,
                reads: `the text typed into the form field ${field.field}${field.label === '' ? '' : ` "${field.label}"`}`,
                reference: 'https://developer.android.com/reference/android/widget/EditText#getText()',
                viewId: view,
              }),
            );
    }
    return taint;
  }

  private keyOf(state: State, value: Value | undefined): string | undefined {
    return value === undefined ? undefined : exactText(this.strOf(state, value));
  }

  private keyedRead(state: State, receiver: Value, key: Value | undefined): Taint {
    const text = this.keyOf(state, key);
    let taint = receiver.taint;
    for (const object of receiver.objects) {
      if (text !== undefined) {
        taint = joinTaint(taint, this.read(state, object, `k:${text}`).taint);
        taint = joinTaint(taint, this.read(state, object, '*').taint);
      } else {
        for (const pair of state.fieldsOf(object) ?? []) {
          const field = pair[0];
          const value = pair[1];
          if (isContentField(field)) taint = joinTaint(taint, value.taint);
        }
        taint = joinTaint(taint, this.read(state, object, '*').taint);
      }
    }
    return taint;
  }

  private writeContent(state: State, objects: readonly number[], key: string | undefined, taint: Taint): void {
    const field = key === undefined ? '*' : `k:${key}`;
    for (const object of objects) {
      const current = this.read(state, object, field);
      state.setField(object, field, withTaint(current, taint));
      this.publish(state, this.objects[object] as ObjectInfo, field, { taint, objects: [] });
    }
  }

  private callSink(
    state: State,
    instruction: Instruction,
    sink: CallSink,
    receiver: Value | undefined,
    args: readonly Value[],
  ): void {
    if (sink.receiverField !== undefined) {
      const root = staticRoot(sink.receiverField);
      if (!(receiver?.objects.some((object) => (this.objects[object] as ObjectInfo).path === root) ?? false)) return;
    }
    const places: readonly CallPlace[] = sink.leaks === 'arguments' ? args.map((_, index) => index) : sink.leaks;
    let taint: Taint = NO_TAINT;
    for (const place of places) {
      const value = place === 'receiver' ? receiver : args[place];
      if (value !== undefined) taint = joinTaint(taint, this.dataOf(state, value, true));
    }
    if (taint.size === 0) return;
    const destinationValue =
      sink.destination === undefined ? undefined : sink.destination === 'receiver' ? receiver : args[sink.destination];
    this.reachSink(
      taint,
      { kind: sink.kind, does: sink.does, reference: sink.reference, row: sink },
      this.hop(instruction, 'sink'),
      this.strOf(state, destinationValue),
    );
  }

  /** A write into a stream that is, or wraps, an endpoint (a file, a connection's body) sends the data. */
  private streamWrite(state: State, instruction: Instruction, receiver: Value, taint: Taint): void {
    for (const object of this.wrapClosure(state, receiver.objects)) {
      const row = constantOf(this.read(state, object, '@sink').int);
      const endpoint = row === undefined ? undefined : (DATA_SINKS[row] as StreamSink | undefined);
      if (endpoint === undefined) continue;
      const destination = this.read(state, object, '@dest').str;
      this.reachSink(
        taint,
        { kind: endpoint.kind, does: endpoint.does, reference: endpoint.reference },
        this.hop(instruction, 'sink'),
        destination,
      );
      // What goes into a file the app names is what it reads back from that name (files.ts).
      const name = endpoint.kind === 'file' ? fileName(destination) : undefined;
      if (name !== undefined) {
        const field = fileField(name);
        const stored = withTaint(
          state.staticValue(field) ?? this.initialStatic(field),
          extendAll(taint, this.hop(instruction, 'call')),
        );
        state.setStatic(field, stored);
        this.publishTree(state, staticRoot(field), stored, 0);
      }
    }
  }

  /** A stream opened on a file the app names holds what the app stored under that name (files.ts). */
  private fileContents(
    state: State,
    instruction: Instruction,
    target: string,
    receiver: Value | undefined,
    args: readonly Value[],
    resultObject: number | undefined,
  ): void {
    const row = this.host.program.inherited(fileRead, target);
    if (row === undefined) return;
    const file = fileName(this.strOf(state, args[row.name]));
    if (file === undefined) return;
    const field = fileField(file);
    const taint = (state.staticValue(field) ?? this.initialStatic(field)).taint;
    if (taint.size === 0) return;
    const objects =
      row.stream === 'return' ? (resultObject === undefined ? [] : [resultObject]) : (receiver?.objects ?? []);
    this.writeContent(state, objects, undefined, extendAll(taint, this.hop(instruction, 'call')));
  }

  private makeEndpoint(
    state: State,
    row: StreamSink,
    receiver: Value | undefined,
    args: readonly Value[],
    objects: readonly number[],
  ): void {
    const index = DATA_SINKS.indexOf(row);
    const destinationValue =
      row.destination === undefined ? undefined : row.destination === 'receiver' ? receiver : args[row.destination];
    const destination = this.strOf(state, destinationValue);
    for (const object of objects) {
      state.setField(object, '@sink', intValue(index));
      if (destination !== undefined) state.setField(object, '@dest', { ...EMPTY, str: destination });
    }
  }

  /** What the tables cannot say about text: builders and URLs keep the constant parts of what they are built from. */
  private stringEffects(
    state: State,
    owner: string,
    name: string,
    receiver: Value | undefined,
    args: readonly Value[],
  ): void {
    if (receiver === undefined) return;
    const objects = receiver.objects;
    if (objects.length === 0) return;
    if (BUILDERS.has(owner)) {
      if (name === '<init>')
        this.write(
          state,
          objects,
          '@str',
          {
            ...EMPTY,
            str:
              args[0] === undefined || args[0].int !== undefined ? [''] : (this.strOf(state, args[0]) ?? [undefined]),
          },
          true,
        );
      else if (BUILDER_EDITS.has(name)) {
        // reverse() of a known text is known (by code point, as AbstractStringBuilder#reverse keeps
        // surrogate pairs); the other edits make it unknown rather than leave the old text.
        const before = exactText(this.readAll(state, objects, '@str').str);
        const text = name === 'reverse' && before !== undefined ? [...before].reverse().join('') : undefined;
        this.write(state, objects, '@str', { ...EMPTY, str: [text] }, true);
      } else if (name === 'append') {
        const before = this.readAll(state, objects, '@str').str;
        this.write(
          state,
          objects,
          '@str',
          {
            ...EMPTY,
            ...(before === undefined ? {} : { str: concatStr(before, this.strOf(state, args[0])) ?? [undefined] }),
          },
          true,
        );
      }
      return;
    }
    if (name === '<init>' && owner === FILE && args.length === 2) {
      // java.io.File(parent, child): the path is parent + separator + child.
      const text = concatStr(concatStr(this.strOf(state, args[0]) ?? [undefined], ['/']), this.strOf(state, args[1]));
      this.write(state, objects, '@str', { ...EMPTY, str: text ?? [undefined] }, true);
    } else if (name === '<init>' && args.length > 0) {
      const text = this.strOf(state, args[0]);
      if (text !== undefined) this.write(state, objects, '@str', { ...EMPTY, str: text }, true);
    } else if (name === 'url' && (owner === 'Lokhttp3/Request$Builder;' || owner === OKHTTP2_REQUEST_BUILDER)) {
      const text = this.strOf(state, args[0]);
      if (text !== undefined) this.write(state, objects, '@str', { ...EMPTY, str: text }, true);
    }
  }

  /** The text a call returns, where its model says it comes from one place (or a format or concatenation). */
  private resultText(
    state: State,
    owner: string,
    name: string,
    receiver: Value | undefined,
    args: readonly Value[],
    transfers: readonly Transfer[],
    text: TextOperation | undefined,
  ): Str | undefined {
    if (text !== undefined) {
      const computed = text({
        receiver: exactText(this.strOf(state, receiver)),
        texts: args.map((value) => (value.int === undefined ? exactText(this.strOf(state, value)) : undefined)),
        ints: args.map((value) => constantOf(value.int)),
        resource: (id) => this.host.resourceText(id),
      });
      if (computed !== undefined) return [computed];
    }
    if (owner === STRING && name === 'format')
      return formatStr(
        this.strOf(state, args[0]),
        args.slice(1).map((value) => this.strOf(state, value)),
      );
    if (owner === STRING && name === 'concat')
      return concatStr(this.strOf(state, receiver), this.strOf(state, args[0]));
    // The one place every present source of the result is (none, or two: no text).
    let first: CallPlace | undefined;
    for (const transfer of transfers) {
      if (transfer.to !== 'return') continue;
      for (const from of transfer.from) {
        if (from === 'receiver' ? receiver === undefined : args[from] === undefined) continue;
        if (first === undefined) first = from;
        else if (from !== first) return undefined;
      }
    }
    if (first === undefined) return undefined;
    return this.strOf(state, first === 'receiver' ? receiver : args[first]);
  }

  // ---------- the summary ----------

  private finish(): MethodResult {
    const exit = this.exit;
    const exportIds = new Map<number, number>();
    const exportList: number[] = [];
    const toRef = (object: number): ObjectRef | undefined => {
      const info = this.objects[object] as ObjectInfo;
      if (info.path !== undefined) return { input: info.path };
      if (info.kind === 'derived') return undefined;
      let index = exportIds.get(object);
      if (index === undefined) {
        if (exportList.length >= MAX_EXPORTS) return undefined;
        index = exportList.length;
        exportIds.set(object, index);
        exportList.push(object);
      }
      return { exported: index };
    };
    const toSummary = (value: Value): SummaryValue => {
      const objects: ObjectRef[] = [];
      for (const object of value.objects) {
        const ref = toRef(object);
        if (ref !== undefined) objects.push(ref);
      }
      // Built part by part, in the interface's order (no temporary object spread per part).
      const summary: { taint: Taint; objects: readonly ObjectRef[]; int?: Interval; str?: Str; provider?: number } = {
        taint: value.taint,
        objects,
      };
      if (value.int !== undefined) summary.int = value.int;
      if (value.str !== undefined) summary.str = value.str;
      if (value.provider !== undefined) summary.provider = value.provider;
      return summary;
    };
    const effects: Effect[] = [];
    if (exit !== undefined) {
      for (const pair of exit.objects()) {
        const object = pair[0];
        const fields = pair[1];
        const info = this.objects[object] as ObjectInfo;
        if (info.path === undefined) continue;
        for (const inner of fields) {
          const field = inner[0];
          const value = inner[1];
          effects.push({ path: info.path, field, value: toSummary(value) });
        }
      }
      for (const inner of exit.statics()) {
        const field = inner[0];
        const value = inner[1];
        effects.push({ path: staticRoot(field), field: '', value: toSummary(value) });
      }
    }
    const returns = this.returned === undefined ? undefined : toSummary(this.returned);
    const throws =
      this.thrown === undefined ? undefined : { types: this.thrown.types, value: toSummary(this.thrown.value) };
    const exports: ExportedObject[] = [];
    for (let position = 0; position < exportList.length; position++) {
      const object = exportList[position] as number;
      const info = this.objects[object] as ObjectInfo;
      const fields = new Map<string, SummaryValue>();
      for (const pair of exit?.fieldsOf(object) ?? []) {
        const field = pair[0];
        const value = pair[1];
        fields.set(field, toSummary(value));
      }
      exports.push({ type: info.type, exact: info.exact, fields });
    }
    const hasConcrete = (value: SummaryValue | undefined): boolean => {
      if (value !== undefined) for (const label of value.taint.keys()) if (!isSymbolic(label)) return true;
      return false;
    };
    const escapes =
      hasConcrete(returns) ||
      hasConcrete(throws?.value) ||
      effects.some((effect) => hasConcrete(effect.value)) ||
      exports.some((object) => [...object.fields.values()].some(hasConcrete));
    const summary: Summary = {
      method: this.body.signature,
      inputs: this.inputs,
      ...(returns === undefined ? {} : { returns }),
      effects,
      exports,
      sinks: [...this.sinks.values()],
      ...(throws === undefined ? {} : { throws }),
      escapes,
    };
    return { summary, callees: this.callees };
  }
}

export class BudgetExhausted extends Error {
  constructor() {
    super('flow analysis budget exhausted');
  }
}

function concreteOf(taint: Taint): Taint {
  let concrete = true;
  for (const label of taint.keys()) if (isSymbolic(label)) concrete = false;
  if (concrete) return taint;
  return new Map([...taint].filter(([label]) => !isSymbolic(label)));
}

function mayThrow(opcode: number): boolean {
  return (
    opcode === Op.THROW ||
    isInvoke(opcode) ||
    (opcode >= Op.AGET_FIRST && opcode <= Op.APUT_LAST) ||
    (opcode >= Op.BINOP_FIRST && opcode <= Op.BINOP_2ADDR_LAST)
  );
}
