/**
 * Facts several rules need about one APK, computed at most once per scan: the per-app part of
 * the scan context (src/rules/shared/context.ts). The object is made by the scan for each APK it
 * scans and dropped with the scan, so nothing outlives the app it describes and no result depends
 * on what ran before (issue 12).
 */
import type { AppModel } from '../../model/app-model.js';
import type { CodeReference } from '../../model/code-index/index.js';
import type { ClassDef, ParsedDexSource as DexSource } from '../../model/code/index.js';

export interface CodeString {
  readonly text: string;
  readonly uses: number;
}

export interface ClassDefinitionPlace {
  readonly source: DexSource;
  readonly classDef: ClassDef;
}

/**
 * Method ids of every dex, grouped by declaring class (signatures are built only for the classes
 * asked about), as runs: method_ids are sorted by class (dex-format "method_ids"), so a class's
 * methods are one run [start, end) in a well-formed dex; a malformed one just has more runs, still
 * listed in method index order. One pass with a compare per method id; the former {source, index}
 * object and two Map lookups per method id were ~0.2 s of a corpus scan. Runs are rows of
 * number columns chained per class, so that a class costs one Map entry and no array of its own
 * (the corpus' 121 APKs name ~0.8 million method ids).
 */
interface MethodsByClass {
  readonly sources: readonly DexSource[];
  /** Class descriptor → its first run. */
  readonly firstRun: ReadonlyMap<string, number>;
  /** Per run: the source's index, its [start, end) method ids and the class's next run (-1: none). */
  readonly runSource: readonly number[];
  readonly runStart: readonly number[];
  readonly runEnd: readonly number[];
  readonly runNext: readonly number[];
}

export class AppFacts {
  private strings: readonly CodeString[] | undefined;
  private classes: ReadonlyMap<string, ClassDefinitionPlace> | undefined;
  private methods: MethodsByClass | undefined;
  private lastSegments: ReadonlyMap<string, readonly string[]> | undefined;

  constructor(readonly app: AppModel) {}

  /** Every string constant loaded by the app's code (const-string), once each. */
  codeStrings(): readonly CodeString[] {
    this.strings ??= this.app.code ? [...this.app.code.strings()] : [];
    return this.strings;
  }

  /** Class descriptor (`Lcom/a/B;`) → its first definition in class-loading order (later copies are shadowed). */
  classDefinitions(): ReadonlyMap<string, ClassDefinitionPlace> {
    if (this.classes === undefined) {
      const built = new Map<string, ClassDefinitionPlace>();
      for (const source of this.app.dexSources) {
        for (const classDef of source.dex.classDefs) {
          const descriptor = source.dex.typeName(classDef.classIndex);
          if (!built.has(descriptor)) built.set(descriptor, { source, classDef });
        }
      }
      this.classes = built;
    }
    return this.classes;
  }

  /** Signatures (`Lc;->m(I)V`) of the methods the dex files name on class `descriptor`, optionally only those called `name`. */
  methodsOfClass(descriptor: string, name?: string): string[] {
    const signatures = new Set<string>();
    const index = this.methodIdsByClass();
    for (let run = index.firstRun.get(descriptor) ?? -1; run >= 0; run = index.runNext[run]!) {
      const dex = index.sources[index.runSource[run]!]!.dex;
      for (let method = index.runStart[run]!; method < index.runEnd[run]!; method++) {
        if (name !== undefined && dex.methodName(method) !== name) continue;
        signatures.add(dex.methodSignature(method));
      }
    }
    return [...signatures];
  }

  /** Every call site of every overload of `Lclass;->name`. */
  callSitesByName(classAndName: string): CodeReference[] {
    const code = this.app.code;
    if (!code) return [];
    const arrow = classAndName.indexOf('->');
    return this.methodsOfClass(classAndName.slice(0, arrow), classAndName.slice(arrow + 2)).flatMap((signature) =>
      code.callSitesOf(signature),
    );
  }

  /** Code strings grouped by their last path segment (`"file:///android_asset/a/b.html"` under `b.html`). */
  stringsByLastSegment(): ReadonlyMap<string, readonly string[]> {
    if (this.lastSegments === undefined) {
      const built = new Map<string, string[]>();
      for (const { text } of this.codeStrings()) {
        const key = text.slice(text.lastIndexOf('/') + 1);
        if (key === '') continue;
        const list = built.get(key);
        if (list) list.push(text);
        else built.set(key, [text]);
      }
      this.lastSegments = built;
    }
    return this.lastSegments;
  }

  private methodIdsByClass(): MethodsByClass {
    if (this.methods === undefined) {
      const runs: MethodsByClass = {
        sources: this.app.dexSources,
        firstRun: new Map(),
        runSource: [],
        runStart: [],
        runEnd: [],
        runNext: [],
      };
      const lastRun = new Map<string, number>();
      for (let sourceIndex = 0; sourceIndex < runs.sources.length; sourceIndex++) addRuns(runs, lastRun, sourceIndex);
      this.methods = runs;
    }
    return this.methods;
  }
}

/**
 * Appends the runs of source `sourceIndex`. `lastRun` holds the last run of classes met more
 * than once (another dex, or a malformed one's later run), so that appending stays constant time.
 */
function addRuns(runs: MethodsByClass, lastRun: Map<string, number>, sourceIndex: number): void {
  const firstRun = runs.firstRun as Map<string, number>;
  const runSource = runs.runSource as number[];
  const runStart = runs.runStart as number[];
  const runEnd = runs.runEnd as number[];
  const runNext = runs.runNext as number[];
  const dex = runs.sources[sourceIndex]!.dex;
  const { methodClass } = dex.ids;
  let start = 0;
  for (let method = 1; method <= methodClass.length; method++) {
    if (method < methodClass.length && methodClass[method] === methodClass[start]) continue;
    // typeName reads the dex's string cache: a class met again costs no decoding.
    const descriptor = dex.typeName(methodClass[start]!);
    const run = runSource.length;
    runSource.push(sourceIndex);
    runStart.push(start);
    runEnd.push(method);
    runNext.push(-1);
    const first = firstRun.get(descriptor);
    if (first === undefined) firstRun.set(descriptor, run);
    else {
      runNext[lastRun.get(descriptor) ?? first] = run;
      lastRun.set(descriptor, run);
    }
    start = method;
  }
}
