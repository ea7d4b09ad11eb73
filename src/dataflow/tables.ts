/**
 * The source, sink and library-model tables compiled into lookups by method signature.
 * A call written against an app subclass (`Lcom/app/Main;->startActivity`) is looked up by
 * the framework method it resolves to, then by that class's framework supertypes.
 */
import {
  sourcesOfKind,
  type ApiSource,
  type CallbackParameterSource,
  type ContentUriFieldSource,
  type IdentifierFieldSource,
} from './data-sources.js';
import { DATA_SINKS, type CallSink, type StreamSink } from './data-sinks.js';
import { LIBRARY_MODELS, defaultTransfers, type LibraryModel, type Transfer } from './library-models.js';
import { groupRows } from './group-rows.js';
import { splitSignature, type Program } from './program.js';

/** Keys a row may be filed under for a call of `owner->name(descriptor)`: with the descriptor first, then by name. */
function keysOf(owner: string, name: string, descriptor: string): [string, string] {
  return [`${owner}->${name}${descriptor}`, `${owner}->${name}`];
}

/*
 * The rows filed by key: static tables, built once at load (every app of a process looks up
 * the same rows; building them per app was a measurable part of a first scan).
 */
const API_SOURCES: ReadonlyMap<string, readonly ApiSource[]> = groupRows(
  sourcesOfKind('api').filter((row) => row.flow === 'return'),
  (row) => row.api,
);
const IDENTIFIER_FIELDS: ReadonlyMap<string, readonly IdentifierFieldSource[]> = groupRows(
  sourcesOfKind('identifier-field'),
  (row) => row.field,
);
const IDENTIFIER_COMPANIONS: ReadonlyMap<string, readonly IdentifierFieldSource[]> = groupRows(
  sourcesOfKind('identifier-field').filter((row) => row.companion !== undefined),
  (row) => row.companion ?? '',
);
const URI_FIELDS: ReadonlyMap<string, readonly ContentUriFieldSource[]> = groupRows(
  sourcesOfKind('content-uri-field'),
  (row) => row.field,
);
const CALLBACK_PARAMETERS: readonly CallbackParameterSource[] = sourcesOfKind('callback-parameter');
const FORM_FIELD_APIS: ReadonlySet<string> = new Set(sourcesOfKind('form-field').map((row) => row.api));
const CALL_SINKS: ReadonlyMap<string, readonly CallSink[]> = groupRows(
  DATA_SINKS.filter((row): row is CallSink => row.shape === 'call'),
  (row) => row.method,
);
const STREAM_SINKS: ReadonlyMap<string, readonly StreamSink[]> = groupRows(
  DATA_SINKS.filter((row): row is StreamSink => row.shape === 'stream'),
  (row) => row.origin,
);
const MODELS: ReadonlyMap<string, readonly LibraryModel[]> = groupRows(LIBRARY_MODELS, (row) => row.method);
/** The signature of every row of the lookup tables, split once. */
const LOOKUP_ROWS = [API_SOURCES, CALL_SINKS, STREAM_SINKS, MODELS].flatMap((table) =>
  [...table.keys()].map((key) => splitSignature(key)),
);
/** Method names some row of the lookup tables names: a call of any other name has no row on any class. */
const LOOKUP_NAMES: ReadonlySet<string> = new Set(LOOKUP_ROWS.map((row) => row.name));
/** Classes some row of the lookup tables is filed under: a supertype outside it has no row to look up. */
const LOOKUP_OWNERS: ReadonlySet<string> = new Set(LOOKUP_ROWS.map((row) => row.owner));
/** The answer for a call no table has a row for. */
const NO_ROWS: { sinks: readonly CallSink[] } = { sinks: [] };

export class Tables {
  readonly apiSources = API_SOURCES;
  readonly identifierFields = IDENTIFIER_FIELDS;
  readonly identifierCompanions = IDENTIFIER_COMPANIONS;
  readonly uriFields = URI_FIELDS;
  readonly callbackParameters = CALLBACK_PARAMETERS;
  readonly formFieldApis = FORM_FIELD_APIS;
  private readonly callSinks = CALL_SINKS;
  private readonly streamSinks = STREAM_SINKS;
  private readonly models = MODELS;
  private readonly lookupCache = new Map<
    string,
    { source?: ApiSource; sinks: readonly CallSink[]; stream?: StreamSink; model?: LibraryModel }
  >();

  private readonly formFieldReadCache = new Map<string, boolean>();
  private readonly defaults = new Map<number, readonly Transfer[]>();

  constructor(private readonly program: Program) {}

  /**
   * What the tables say about a call of the framework method `signature`: the source it is,
   * the sinks, the stream endpoint it makes, the library model. Looked up on the named class,
   * then on its framework supertypes (nearest first).
   */
  lookup(signature: string): {
    source?: ApiSource;
    sinks: readonly CallSink[];
    stream?: StreamSink;
    model?: LibraryModel;
  } {
    let cached = this.lookupCache.get(signature);
    if (cached !== undefined) return cached;
    const { owner, name, descriptor } = splitSignature(signature);
    if (!LOOKUP_NAMES.has(name)) {
      this.lookupCache.set(signature, NO_ROWS);
      return NO_ROWS;
    }
    let source: ApiSource | undefined;
    let sinks: readonly CallSink[] | undefined;
    let stream: StreamSink | undefined;
    let model: LibraryModel | undefined;
    for (const ancestor of this.program.ancestors(owner)) {
      if (!LOOKUP_OWNERS.has(ancestor)) continue;
      for (const key of keysOf(ancestor, name, descriptor)) {
        source ??= this.apiSources.get(key)?.[0];
        sinks ??= this.callSinks.get(key);
        stream ??= this.streamSinks.get(key)?.[0];
        model ??= this.models.get(key)?.[0];
      }
    }
    cached = {
      ...(source === undefined ? {} : { source }),
      sinks: sinks ?? [],
      ...(stream === undefined ? {} : { stream }),
      ...(model === undefined ? {} : { model }),
    };
    this.lookupCache.set(signature, cached);
    return cached;
  }

  /** `defaultTransfers` (library-models.ts), one read-only list per shape of call: most framework calls have no model. */
  defaultTransfers(
    argumentCount: number,
    returnType: string,
    isStatic: boolean,
    constructor: boolean,
  ): readonly Transfer[] {
    const key =
      argumentCount * 8 +
      (isStatic ? 1 : 0) +
      (constructor ? 2 : 0) +
      (returnType === 'V' || returnType === 'Z' ? 4 : 0);
    let cached = this.defaults.get(key);
    if (cached === undefined) {
      cached = defaultTransfers(argumentCount, returnType, isStatic, constructor);
      this.defaults.set(key, cached);
    }
    return cached;
  }

  /** True when `signature` is a form-field read (`EditText.getText`), by itself or by a framework supertype. */
  isFormFieldRead(signature: string): boolean {
    let cached = this.formFieldReadCache.get(signature);
    if (cached === undefined) {
      const { owner, name } = splitSignature(signature);
      cached = this.program.ancestors(owner).some((ancestor) => this.formFieldApis.has(`${ancestor}->${name}`));
      this.formFieldReadCache.set(signature, cached);
    }
    return cached;
  }
}
