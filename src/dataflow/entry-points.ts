/**
 * What Android calls in an app, and which methods it can reach from there. A flow is only
 * reported from code Android can run: DroidBench's UnreachableCode apps, a disabled
 * activity, a private helper nothing calls.
 *
 * Entry points (a method is one when any rule holds):
 * - the lifecycle and callback methods of the manifest's enabled components and of the
 *   Application subclass, inherited ones included (framework-called names: `on…`, the
 *   provider's `query`/`insert`/…, `attachBaseContext`, constructors);
 * - methods named by `android:onClick` in a layout (public, one View parameter);
 * - `on…`/`run`/`call`/`handleMessage`/`doInBackground`… of app classes that extend or
 *   implement a framework type and are instantiated somewhere (`new-instance`, or named as
 *   an element in a layout): listeners, runnables, tasks and custom views the framework
 *   calls back (issue 14 refines these into precise callback registrations); an object made
 *   only for a listener registration the same method replaces does not count (registrations.ts);
 * - static initialisers (reached through the classes' uses, JLS 12.4.1).
 * A method is reachable when a chain of callers (call sites that may dispatch to it) leads
 * to an entry point; the backward search is bounded, and a search that runs out of room
 * counts the method as reachable (reporting beats silently dropping).
 */
import type { Manifest } from '../model/manifest/types.js';
import type { XmlElement, XmlDocument } from '../model/app-model.js';
import { splitSignature, type Program } from './program.js';
import { isListenerSetter, madeForDeadRegistration } from './registrations.js';

/** Methods the framework calls on components by name (Activity, Service, BroadcastReceiver, ContentProvider, Application references). */
const FRAMEWORK_CALLED: ReadonlySet<string> = new Set([
  'attachBaseContext',
  'query',
  'insert',
  'update',
  'delete',
  'getType',
  'call',
  'openFile',
  'bulkInsert',
  'run',
  'handleMessage',
  'doInBackground',
  'dispatchMessage',
  'uncaughtException',
  'invoke',
  'apply',
  'accept',
]);
const ON_ONCLICK_DESCRIPTOR = '(Landroid/view/View;)V';
const OBJECT = 'Ljava/lang/Object;';
/** Callers examined per reachability question before giving up (and counting the method reachable). */
const SEARCH_LIMIT = 4000;

function looksFrameworkCalled(name: string): boolean {
  return (
    (name.startsWith('on') && name.length > 2 && name[2] === name[2]?.toUpperCase()) ||
    FRAMEWORK_CALLED.has(name) ||
    name === '<init>' ||
    name === '<clinit>'
  );
}

export class EntryPoints {
  private readonly componentClasses = new Set<string>();
  private readonly onClickNames = new Set<string>();
  private readonly layoutClasses = new Set<string>();
  private readonly entryCache = new Map<string, boolean>();
  private readonly reachCache = new Map<string, boolean>();
  private readonly instantiatedCache = new Map<string, boolean>();
  /** The enabled components and all their supertypes (made on first use). */
  private componentBases: ReadonlySet<string> | undefined;
  /** Methods counted reachable only because the search ran out of room. */
  readonly assumed = new Set<string>();

  constructor(
    private readonly program: Program,
    manifest: Manifest | undefined,
    layouts: readonly XmlDocument[],
  ) {
    for (const component of manifest?.components ?? [])
      if (component.enabled && component.kind !== 'activity-alias')
        this.componentClasses.add(toDescriptor(component.name));
    if (manifest?.applicationClass !== undefined) this.componentClasses.add(toDescriptor(manifest.applicationClass));
    for (const layout of layouts)
      for (const root of [layout.root, ...layout.extraRoots]) if (root !== undefined) this.readLayout(root);
  }

  private readLayout(element: XmlElement): void {
    if (element.name.includes('.')) this.layoutClasses.add(toDescriptor(element.name));
    for (const attribute of element.attributes)
      if ((attribute.androidName ?? attribute.name) === 'onClick' && attribute.rawValue !== undefined)
        this.onClickNames.add(attribute.rawValue);
    for (const child of element.children) if (child.kind === 'element') this.readLayout(child);
  }

  /** True when some enabled component is `descriptor` or a subclass of it. */
  private isComponentBase(descriptor: string): boolean {
    if (this.componentBases === undefined) {
      // Every supertype of every component, once: a question per class is then one lookup.
      const bases = new Set<string>();
      for (const component of this.componentClasses)
        for (const ancestor of this.program.ancestors(component)) bases.add(ancestor);
      this.componentBases = bases;
    }
    return this.componentBases.has(descriptor) || (descriptor === OBJECT && this.componentClasses.size > 0);
  }

  /** Objects of the class are made somewhere, other than only for a registration replaced before Android can call it (registrations.ts). */
  private isMade(descriptor: string): boolean {
    return this.program.code.typeUses(descriptor).some((use) => {
      if (use.kind !== 'new-instance') return false;
      // Only a method that registers a listener can make an object for a dead registration: the others
      // need no analysis body (most of them the analysis never runs).
      if (!this.program.invokesAny(use.caller, isListenerSetter)) return true;
      const body = this.program.body(use.caller);
      return body === undefined || !madeForDeadRegistration(body, use.codeUnitOffset);
    });
  }

  private isInstantiated(descriptor: string): boolean {
    let cached = this.instantiatedCache.get(descriptor);
    if (cached === undefined) {
      cached =
        this.layoutClasses.has(descriptor) ||
        this.isMade(descriptor) ||
        this.program.code.descendants(descriptor).some((sub) => this.layoutClasses.has(sub) || this.isMade(sub));
      this.instantiatedCache.set(descriptor, cached);
    }
    return cached;
  }

  /** True when Android itself may call `signature`. */
  isEntry(signature: string): boolean {
    let cached = this.entryCache.get(signature);
    if (cached !== undefined) return cached;
    const { owner, name, descriptor } = splitSignature(signature);
    const flags = this.program.accessFlags(signature) ?? 0;
    const isPrivate = (flags & 0x2) !== 0;
    const isStatic = (flags & 0x8) !== 0;
    cached = false;
    if (name === '<clinit>') cached = false;
    else if (!isPrivate && !isStatic && looksFrameworkCalled(name) && this.isComponentBase(owner)) cached = true;
    else if (!isPrivate && !isStatic && descriptor === ON_ONCLICK_DESCRIPTOR && this.onClickNames.has(name))
      cached = true;
    else if (
      !isPrivate &&
      !isStatic &&
      name !== '<init>' &&
      looksFrameworkCalled(name) &&
      this.program
        .ancestors(owner)
        .some(
          (ancestor) => ancestor !== owner && !this.program.isAppClass(ancestor) && ancestor !== 'Ljava/lang/Object;',
        ) &&
      this.isInstantiated(owner)
    )
      cached = true;
    this.entryCache.set(signature, cached);
    return cached;
  }

  /** True when a chain of callers leads from an entry point to `signature`. */
  isReachable(signature: string): boolean {
    const cached = this.reachCache.get(signature);
    if (cached !== undefined) return cached;
    const seen = new Set<string>([signature]);
    const queue = [signature];
    /** Queue position of the method that put each one in the queue (the chain back to `signature`). */
    const from = [-1];
    let found = false;
    for (let head = 0; head < queue.length; head++) {
      const method = queue[head] as string;
      if (this.reachCache.get(method) === true || this.isEntry(method)) {
        found = true;
        // Every method on the chain from the entry down to `signature` is reachable too.
        for (let position = from[head] as number; position > 0; position = from[position] as number)
          this.reachCache.set(queue[position] as string, true);
        break;
      }
      if (queue.length > SEARCH_LIMIT) {
        found = true;
        this.assumed.add(signature);
        break;
      }
      for (const caller of this.program.callerMethods(method))
        if (!seen.has(caller) && this.reachCache.get(caller) !== false) {
          seen.add(caller);
          queue.push(caller);
          from.push(head);
        }
    }
    this.reachCache.set(signature, found);
    // Everything examined on a failed search is unreachable too (its callers were all examined).
    if (!found) for (const method of seen) this.reachCache.set(method, false);
    return found;
  }
}

/** `com.a.B` → `Lcom/a/B;`. */
function toDescriptor(className: string): string {
  return `L${className.replace(/\./g, '/')};`;
}
