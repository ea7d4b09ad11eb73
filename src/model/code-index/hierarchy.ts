/**
 * The class hierarchy of the app's own classes (superclass and interface links
 * from class_def_item), with cycle detection: a hostile dex can declare
 * A extends B extends A; the runtime refuses such classes (ClassLinker
 * "circular class hierarchy"), but the index must not loop on them.
 */
import type { DiagnosticSink } from '../../formats/diagnostics.js';
import { Int32Column, type Interner } from './interner.js';

/** Colours of the cycle searches' three-colour walks. */
const UNSEEN = 0;
const ON_PATH = 1;
const FINISHED = 2;
const NO_LINKS: readonly number[] = [];

export class ClassHierarchy {
  /** type id -> dex position of its definition (-1: not defined in the app). */
  readonly definingDex: Int32Column;
  /** type id -> class_def_item absolute offset. */
  readonly definitionOffset: Int32Column;
  readonly accessFlags: Int32Column;
  /** type id -> superclass type id (-1: none). */
  readonly superclass: Int32Column;
  readonly interfaces = new Map<number, readonly number[]>();
  readonly subclasses = new Map<number, number[]>();
  readonly implementers = new Map<number, number[]>();
  /** Types that sit on a superclass cycle. */
  readonly cyclic = new Set<number>();

  /** `expectedTypes`: type ids expected (the columns are sized once; a bound from the bytes present). */
  constructor(expectedTypes?: number) {
    this.definingDex = new Int32Column(expectedTypes);
    this.definitionOffset = new Int32Column(expectedTypes);
    this.accessFlags = new Int32Column(expectedTypes);
    this.superclass = new Int32Column(expectedTypes);
  }

  isDefined(type: number): boolean {
    return this.definingDex.get(type) >= 0;
  }

  define(
    type: number,
    dex: number,
    offset: number,
    accessFlags: number,
    superclass: number,
    interfaces: readonly number[],
  ): void {
    this.definingDex.set(type, dex);
    this.definitionOffset.set(type, offset);
    this.accessFlags.set(type, accessFlags);
    this.superclass.set(type, superclass);
    if (interfaces.length > 0) this.interfaces.set(type, interfaces);
  }

  /** Second phase: reverse links and cycle detection, over every defined type. */
  link(definedTypes: readonly number[], types: Interner, sink: DiagnosticSink): void {
    for (const type of definedTypes) {
      const parent = this.superclass.get(type);
      if (parent >= 0) append(this.subclasses, parent, type);
      for (const implemented of this.interfaces.get(type) ?? []) append(this.implementers, implemented, type);
    }
    // Three-colour walk up the superclass links: 1 = on the current path, 2 = finished.
    // Each type is entered once, so the whole pass is linear in the number of classes.
    // Type ids are dense (below types.size): the colours are an array, not a Map.
    const state = new Uint8Array(types.size);
    const path: number[] = [];
    for (const start of definedTypes) {
      if (state[start] !== UNSEEN) continue;
      path.length = 0;
      let current = start;
      while (current >= 0 && this.isDefined(current) && state[current] === UNSEEN) {
        state[current] = ON_PATH;
        path.push(current);
        current = this.superclass.get(current);
      }
      if (current >= 0 && state[current] === ON_PATH) {
        const loop = path.slice(path.indexOf(current));
        for (const member of loop) this.cyclic.add(member);
        sink.add(
          'code-index.hierarchy-cycle',
          this.definitionOffset.get(current),
          `superclass cycle: ${loop.map((member) => types.value(member)).join(' -> ')} -> ${types.value(current)}`,
          'error',
        );
      }
      for (const member of path) state[member] = FINISHED;
    }
    this.findInterfaceCycles(definedTypes, types, sink);
  }

  /** Types on a cycle of superinterface links (I extends J extends I), reported once per cycle. */
  readonly interfaceCyclic = new Set<number>();

  /**
   * Iterative three-colour depth-first search over superinterface links among
   * the app's types (ClassLinker also refuses these). Linear in links; no recursion,
   * so a hostile chain of 100,000 interfaces cannot overflow the stack.
   */
  private findInterfaceCycles(definedTypes: readonly number[], types: Interner, sink: DiagnosticSink): void {
    const state = new Uint8Array(types.size);
    // The walk's stack as two columns reused from root to root, not an object per frame and two
    // arrays per class with interfaces. The types on the stack are the path from the root.
    const path: number[] = [];
    const nextLink: number[] = [];
    for (const root of definedTypes) {
      if (state[root] !== UNSEEN || !this.interfaces.has(root)) continue;
      path.length = 0;
      nextLink.length = 0;
      path.push(root);
      nextLink.push(0);
      state[root] = ON_PATH;
      while (path.length > 0) {
        const top = path.length - 1;
        const type = path[top] as number;
        const links = this.interfaces.get(type) ?? NO_LINKS;
        const next = nextLink[top] as number;
        if (next >= links.length) {
          state[type] = FINISHED;
          path.pop();
          nextLink.pop();
          continue;
        }
        nextLink[top] = next + 1;
        const child = links[next] as number;
        const childState = state[child];
        if (childState === ON_PATH) {
          const loop = path.slice(path.indexOf(child));
          for (const member of loop) this.interfaceCyclic.add(member);
          sink.add(
            'code-index.interface-cycle',
            this.definitionOffset.get(child),
            `superinterface cycle: ${loop.map((member) => types.value(member)).join(' -> ')} -> ${types.value(child)}`,
            'error',
          );
        } else if (childState === UNSEEN && this.isDefined(child)) {
          state[child] = ON_PATH;
          path.push(child);
          nextLink.push(0);
        }
      }
    }
  }

  /** Superclass ids from `type` upwards; stops at a type the app does not define or when a cycle closes. */
  chain(type: number): { chain: number[]; cycle: boolean } {
    const chain: number[] = [];
    const seen = new Set<number>();
    let current = type;
    while (current >= 0) {
      if (seen.has(current)) return { chain, cycle: true };
      seen.add(current);
      chain.push(current);
      if (!this.isDefined(current)) break;
      current = this.superclass.get(current);
    }
    return { chain, cycle: false };
  }
}

function append(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
