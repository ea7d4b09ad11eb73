/**
 * Intents between an app's components (issue 14, point 3).
 *
 * What an intent names is kept on the Intent object by the calls in INTENT_ATTRIBUTES
 * (`@target` the explicit class, `@action`, `@package`, `@category`); its extras are the
 * object's keyed contents (library-models.ts). At a call that sends it (data-sinks.ts rows of
 * kind `intent`), IntentRouter resolves the receivers the way Android does
 * (https://developer.android.com/guide/components/intents-filters#Resolution):
 * - explicit: the manifest component of that class (a class the app defines but does not
 *   declare gets nothing: Android refuses to start it); a class outside the app leaves it;
 * - implicit: the enabled components of the right kind whose intent filter lists the action,
 *   every category of the intent (activities also need CATEGORY_DEFAULT), and no data (the
 *   intent carries none the analysis knows of), plus receivers the app registers in code for
 *   that action; none: the intent leaves the app (so does one for another package);
 * - neither a class nor an action the analysis can read (built at run time): the intent is
 *   reported where it is sent (guessing every filter of the app would invent flows).
 * Extras delivered to a component reach it where Android hands the intent over
 * (INTENT_CALLBACKS, `Activity.getIntent()`); `setResult` in an activity started for a
 * result reaches the caller's `onActivityResult`. Each hand-off is a `call` hop at the send.
 */
import type { Component, ComponentKind, Manifest } from '../model/manifest/types.js';
import { NO_TAINT, addsLabels, joinTaint, type Taint } from './domain/taint.js';
import { groupRows } from './group-rows.js';
import { splitSignature, type Program } from './program.js';

const ANDROID = 'https://developer.android.com/reference/android/content/';
const INTENT = 'Landroid/content/Intent;';
const COMPONENT_NAME = 'Landroid/content/ComponentName;';
const INTENT_FILTER = 'Landroid/content/IntentFilter;';
const CATEGORY_DEFAULT = 'android.intent.category.DEFAULT';

/** How an attribute is read from an argument: a `Class`, a class name, a ComponentName, or plain text. */
type AttributeSource = 'class' | 'class-name' | 'component' | 'text';

export interface IntentAttributeRow {
  /** `Lclass;->name(descriptor)` of the call. */
  readonly method: string;
  /** What the call sets on its receiver. */
  readonly attribute: '@target' | '@action' | '@package' | '@category';
  /** The argument it is read from (0 = the first declared parameter). */
  readonly argument: number;
  readonly from: AttributeSource;
  readonly reference: string;
}

function attr(
  owner: string,
  nameAndDescriptor: string,
  attribute: IntentAttributeRow['attribute'],
  argument: number,
  from: AttributeSource,
  page: string,
): IntentAttributeRow {
  const name = nameAndDescriptor.slice(0, nameAndDescriptor.indexOf('('));
  return {
    method: `${owner}->${nameAndDescriptor}`,
    attribute,
    argument,
    from,
    reference: `${ANDROID}${page}#${name}`,
  };
}

const INTENT_ATTRIBUTES: readonly IntentAttributeRow[] = [
  attr(INTENT, '<init>(Landroid/content/Context;Ljava/lang/Class;)V', '@target', 1, 'class', 'Intent'),
  attr(INTENT, '<init>(Ljava/lang/String;)V', '@action', 0, 'text', 'Intent'),
  attr(INTENT, '<init>(Ljava/lang/String;Landroid/net/Uri;)V', '@action', 0, 'text', 'Intent'),
  attr(
    INTENT,
    '<init>(Ljava/lang/String;Landroid/net/Uri;Landroid/content/Context;Ljava/lang/Class;)V',
    '@action',
    0,
    'text',
    'Intent',
  ),
  attr(
    INTENT,
    '<init>(Ljava/lang/String;Landroid/net/Uri;Landroid/content/Context;Ljava/lang/Class;)V',
    '@target',
    3,
    'class',
    'Intent',
  ),
  attr(
    INTENT,
    'setClass(Landroid/content/Context;Ljava/lang/Class;)Landroid/content/Intent;',
    '@target',
    1,
    'class',
    'Intent',
  ),
  attr(
    INTENT,
    'setClassName(Landroid/content/Context;Ljava/lang/String;)Landroid/content/Intent;',
    '@target',
    1,
    'class-name',
    'Intent',
  ),
  attr(
    INTENT,
    'setClassName(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;',
    '@target',
    1,
    'class-name',
    'Intent',
  ),
  attr(
    INTENT,
    'setClassName(Ljava/lang/String;Ljava/lang/String;)Landroid/content/Intent;',
    '@package',
    0,
    'text',
    'Intent',
  ),
  attr(
    INTENT,
    'setComponent(Landroid/content/ComponentName;)Landroid/content/Intent;',
    '@target',
    0,
    'component',
    'Intent',
  ),
  attr(INTENT, 'setAction(Ljava/lang/String;)Landroid/content/Intent;', '@action', 0, 'text', 'Intent'),
  attr(INTENT, 'setPackage(Ljava/lang/String;)Landroid/content/Intent;', '@package', 0, 'text', 'Intent'),
  attr(INTENT, 'addCategory(Ljava/lang/String;)Landroid/content/Intent;', '@category', 0, 'text', 'Intent'),
  attr(COMPONENT_NAME, '<init>(Landroid/content/Context;Ljava/lang/Class;)V', '@target', 1, 'class', 'ComponentName'),
  attr(
    COMPONENT_NAME,
    '<init>(Landroid/content/Context;Ljava/lang/String;)V',
    '@target',
    1,
    'class-name',
    'ComponentName',
  ),
  attr(COMPONENT_NAME, '<init>(Ljava/lang/String;Ljava/lang/String;)V', '@target', 1, 'class-name', 'ComponentName'),
  attr(COMPONENT_NAME, '<init>(Ljava/lang/String;Ljava/lang/String;)V', '@package', 0, 'text', 'ComponentName'),
  attr(INTENT_FILTER, '<init>(Ljava/lang/String;)V', '@action', 0, 'text', 'IntentFilter'),
  attr(INTENT_FILTER, 'addAction(Ljava/lang/String;)V', '@action', 0, 'text', 'IntentFilter'),
];

const ATTRIBUTES_BY_METHOD: ReadonlyMap<string, readonly IntentAttributeRow[]> = groupRows(
  INTENT_ATTRIBUTES,
  (row) => row.method,
);

export function intentAttributes(signature: string): readonly IntentAttributeRow[] {
  return ATTRIBUTES_BY_METHOD.get(signature) ?? [];
}

/** Which kind of component a sending call addresses, by the Context method's name. */
export function sendKind(name: string): ComponentKind | 'result' | undefined {
  if (name.startsWith('startActivit')) return 'activity';
  if (name === 'startService' || name === 'startForegroundService' || name === 'bindService') return 'service';
  if (name.endsWith('Broadcast') || name.endsWith('BroadcastAsUser')) return 'receiver';
  if (name === 'setResult') return 'result';
  return undefined;
}

/** Where Android hands an intent to a component: method name and descriptor → parameter index of the Intent. */
export const INTENT_CALLBACKS: ReadonlyMap<string, { readonly parameter: number; readonly result: boolean }> = new Map([
  // https://developer.android.com/reference/android/content/BroadcastReceiver#onReceive(android.content.Context,%20android.content.Intent)
  ['onReceive(Landroid/content/Context;Landroid/content/Intent;)V', { parameter: 1, result: false }],
  // https://developer.android.com/reference/android/app/Service#onStartCommand(android.content.Intent,%20int,%20int)
  ['onStartCommand(Landroid/content/Intent;II)I', { parameter: 0, result: false }],
  ['onStart(Landroid/content/Intent;I)V', { parameter: 0, result: false }],
  // https://developer.android.com/reference/android/app/Service#onBind(android.content.Intent)
  ['onBind(Landroid/content/Intent;)Landroid/os/IBinder;', { parameter: 0, result: false }],
  // https://developer.android.com/reference/android/app/IntentService#onHandleIntent(android.content.Intent)
  ['onHandleIntent(Landroid/content/Intent;)V', { parameter: 0, result: false }],
  // https://developer.android.com/reference/android/app/Activity#onNewIntent(android.content.Intent)
  ['onNewIntent(Landroid/content/Intent;)V', { parameter: 0, result: false }],
  // https://developer.android.com/reference/android/app/Activity#onActivityResult(int,%20int,%20android.content.Intent)
  ['onActivityResult(IILandroid/content/Intent;)V', { parameter: 2, result: true }],
]);

/** The calls that start an activity for a result (https://developer.android.com/reference/android/app/Activity#startActivityForResult(android.content.Intent,%20int)). */
export const RESULT_REQUESTS: readonly string[] = [
  'Landroid/app/Activity;->startActivityForResult(Landroid/content/Intent;I)V',
  'Landroid/app/Activity;->startActivityForResult(Landroid/content/Intent;ILandroid/os/Bundle;)V',
];

/**
 * The result an ordered broadcast's receivers pass from one to the next
 * (https://developer.android.com/reference/android/content/BroadcastReceiver#setResultData(java.lang.String)):
 * kept app-wide, since which broadcast a receiver is handling is not known.
 */
const ORDERED_RESULT: ReadonlyMap<string, 'read' | 'write'> = new Map([
  ['setResultData', 'write'],
  ['setResultExtras', 'write'],
  ['setResult', 'write'],
  ['getResultData', 'read'],
  ['getResultExtras', 'read'],
]);
const BROADCAST_RECEIVER = 'Landroid/content/BroadcastReceiver;';

export function orderedBroadcastResult(owner: string, name: string): 'read' | 'write' | undefined {
  return owner === BROADCAST_RECEIVER ? ORDERED_RESULT.get(name) : undefined;
}

/** The framework signatures that read an ordered broadcast's result (their callers are woken when it grows). */
export const ORDERED_RESULT_READS: readonly string[] = [
  `${BROADCAST_RECEIVER}->getResultData()Ljava/lang/String;`,
  `${BROADCAST_RECEIVER}->getResultExtras(Z)Landroid/os/Bundle;`,
];

/** What a sent intent reaches. */
export interface IntentResolution {
  /** App component classes (descriptors) it is delivered to. */
  readonly components: readonly string[];
  /** It may leave the app: the action, package or class it names (undefined: nothing is known). */
  readonly leaves: boolean;
  readonly destination?: string;
}

/** Extras by key (`k:<key>`, `*` for unknown keys) delivered to one component. */
export type Extras = Map<string, Taint>;

const toDescriptor = (name: string): string => `L${name.replace(/\./g, '/')};`;

export class IntentRouter {
  private readonly components: readonly Component[];
  private readonly byClass = new Map<string, Component>();
  private readonly delivered = new Map<string, Extras>();
  private readonly results = new Map<string, Extras>();
  /** Activity class → classes that start it for a result. */
  private readonly requesters = new Map<string, Set<string>>();
  private codeReceivers: Map<string, string[]> | undefined;
  private readonly packageName: string | undefined;

  constructor(
    private readonly program: Program,
    manifest: Manifest | undefined,
    /** Called with a component class whose incoming intents grew. */
    private readonly wake: (component: string) => void,
    /** Methods that name a text: a constant, or a static field holding it for the whole run (static-constants.ts). */
    private readonly namers: (text: string) => ReadonlySet<string>,
  ) {
    this.packageName = manifest?.packageName;
    this.components = (manifest?.components ?? []).filter(
      (component) => component.enabled && component.kind !== 'activity-alias',
    );
    for (const component of this.components) this.byClass.set(toDescriptor(component.name), component);
  }

  /** The component an explicit intent or a class names: the manifest's, or undefined. */
  component(descriptor: string): Component | undefined {
    return this.byClass.get(descriptor);
  }

  resolve(
    kind: ComponentKind,
    target: string | undefined,
    action: string | undefined,
    categories: readonly string[],
    pkg: string | undefined,
  ): IntentResolution {
    if (target !== undefined) {
      const component = this.byClass.get(target);
      if (component !== undefined) return { components: component.kind === kind ? [target] : [], leaves: false };
      // A class of the app that the manifest does not declare: Android starts nothing.
      if (this.program.isAppClass(target)) return { components: [], leaves: false };
      return { components: [], leaves: true, destination: target.slice(1, -1).replace(/\//g, '.') };
    }
    if (pkg !== undefined && pkg !== this.packageName) return { components: [], leaves: true, destination: pkg };
    if (action === undefined) return { components: [], leaves: true };
    const matched: string[] = [];
    for (const component of this.components) {
      if (component.kind !== kind) continue;
      const matches = component.intentFilters.some(
        (filter) =>
          filter.actions.includes(action) &&
          categories.every((category) => filter.categories.includes(category)) &&
          (kind !== 'activity' || filter.categories.includes(CATEGORY_DEFAULT)) &&
          filter.data.length === 0,
      );
      if (matches) matched.push(toDescriptor(component.name));
    }
    if (kind === 'receiver')
      for (const receiver of this.registeredFor(action)) if (!matched.includes(receiver)) matched.push(receiver);
    return matched.length > 0
      ? { components: matched, leaves: false }
      : { components: [], leaves: true, destination: action };
  }

  /**
   * Receivers registered in code for `action`: BroadcastReceiver classes instantiated by a method
   * that calls registerReceiver and names the action (a constant, or a static field holding it).
   */
  private registeredFor(action: string): readonly string[] {
    if (this.codeReceivers === undefined) {
      this.codeReceivers = new Map();
      const code = this.program.code;
      const registering = new Set<string>();
      for (const owner of ['Landroid/content/Context;', 'Landroid/content/ContextWrapper;', 'Landroid/app/Activity;'])
        for (const call of code.callSitesOf(
          `${owner}->registerReceiver(Landroid/content/BroadcastReceiver;Landroid/content/IntentFilter;)Landroid/content/Intent;`,
        ))
          registering.add(call.caller);
      if (registering.size > 0)
        for (const receiver of this.program.descendants('Landroid/content/BroadcastReceiver;')) {
          const makers = code
            .typeUses(receiver)
            .filter((use) => use.kind === 'new-instance' && registering.has(use.caller));
          for (const maker of makers) {
            const list = this.codeReceivers.get(maker.caller) ?? [];
            if (!list.includes(receiver)) list.push(receiver);
            this.codeReceivers.set(maker.caller, list);
          }
        }
    }
    const out: string[] = [];
    if (this.codeReceivers.size === 0) return out;
    for (const caller of this.namers(action))
      for (const receiver of this.codeReceivers.get(caller) ?? []) if (!out.includes(receiver)) out.push(receiver);
    return out;
  }

  /** Extras sent to `component` (or, with `result`, returned to it by an activity it started for a result). */
  deliver(component: string, extras: ReadonlyMap<string, Taint>, result: boolean): void {
    const store = result ? this.results : this.delivered;
    let current = store.get(component);
    let grew = false;
    for (const [key, taint] of extras) {
      if (taint.size === 0) continue;
      current ??= new Map();
      const known = current.get(key) ?? NO_TAINT;
      if (!addsLabels(known, taint)) continue;
      current.set(key, joinTaint(known, taint));
      grew = true;
    }
    if (current !== undefined) store.set(component, current);
    if (grew) this.wake(component);
  }

  /** What reaches `component` (for a result: what the activities it started returned). */
  incoming(component: string, result: boolean): ReadonlyMap<string, Taint> | undefined {
    return (result ? this.results : this.delivered).get(component);
  }

  /** `from` starts `activity` for a result: what `activity` returns with setResult reaches `from`. */
  requestResult(from: string, activity: string): void {
    const set = this.requesters.get(activity) ?? new Set();
    if (set.has(from)) return;
    set.add(from);
    this.requesters.set(activity, set);
    const returned = this.pendingResults.get(activity);
    if (returned !== undefined) this.deliver(from, returned, true);
  }

  private readonly pendingResults = new Map<string, Extras>();

  /** `activity` returns these extras with setResult: to the app's callers, and out of the app when others may start it. */
  returnResult(activity: string, extras: ReadonlyMap<string, Taint>): { leaves: boolean } {
    const pending = this.pendingResults.get(activity) ?? new Map<string, Taint>();
    for (const [key, taint] of extras) pending.set(key, joinTaint(pending.get(key) ?? NO_TAINT, taint));
    this.pendingResults.set(activity, pending);
    for (const from of this.requesters.get(activity) ?? []) this.deliver(from, extras, true);
    const component = this.byClass.get(activity);
    return { leaves: component === undefined || component.exported };
  }

  /** The app methods of `component` where its incoming intent is read (callbacks that receive it, getIntent callers). */
  readers(component: string, result: boolean): string[] {
    const out: string[] = [];
    for (const signature of this.program.methodsOf(component)) {
      const { name, descriptor } = splitSignature(signature);
      const callback = INTENT_CALLBACKS.get(`${name}${descriptor}`);
      if (callback !== undefined && callback.result === result) out.push(signature);
      else if (
        !result &&
        this.program
          .body(signature)
          ?.instructions.some((instruction) =>
            instruction.reference.endsWith('->getIntent()Landroid/content/Intent;'),
          ) === true
      )
        out.push(signature);
    }
    return out;
  }
}
