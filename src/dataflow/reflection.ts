/**
 * Reflection and code loaded at run time (issue 14, point 4): the calls through which an app
 * names a class or a method by a string, one row each with its reference.
 *
 * The method analysis (method-analysis.ts `reflect`) keeps what these calls name on the
 * objects they return, in attributes the rest of the analysis never reads as data:
 * - a `Class` object: `@class` (its descriptor), or `@dynamic` when a class loader of code
 *   loaded at run time made it;
 * - a `Method` or `Constructor` object: `@class`, `@name` (`<init>` for a constructor),
 *   `@params` (the parameter part of the descriptor, `(Ljava/lang/String;)`) when every
 *   parameter type is known, `@arity` when only their number is;
 * - a class loader over code loaded at run time (`DexClassLoader`, `PathClassLoader`,
 *   `InMemoryDexClassLoader`): `@dynamic`; so do the objects made from its classes.
 * `Method.invoke` and `newInstance` on a name resolved this way are call edges to the app
 * method (or the framework method, whose source, sink and model rows then apply); what cannot
 * be resolved, and any call on an object of a class loaded at run time, ends the flow at the
 * call with sink `other`, saying so.
 */

export type ReflectionKind =
  | 'forName'
  | 'loadClass'
  | 'getClass'
  | 'className'
  | 'getMethod'
  | 'getConstructor'
  | 'newInstance'
  | 'construct'
  | 'invoke'
  | 'methodName'
  | 'declaringClass'
  | 'parameterTypes'
  | 'loader';

export interface ReflectionRow {
  /** `Lclass;->name` (every overload). */
  readonly method: string;
  readonly kind: ReflectionKind;
  readonly reference: string;
}

const JAVA = 'https://developer.android.com/reference/java/lang/';
const DALVIK = 'https://developer.android.com/reference/dalvik/system/';
const CLASS = 'Ljava/lang/Class;';
const METHOD = 'Ljava/lang/reflect/Method;';
const CONSTRUCTOR = 'Ljava/lang/reflect/Constructor;';

function row(owner: string, name: string, kind: ReflectionKind, page: string): ReflectionRow {
  return { method: `${owner}->${name}`, kind, reference: `${page}#${name}` };
}

/** Class loaders over code the app loads at run time (not in its dex files). */
const DYNAMIC_LOADERS: readonly string[] = [
  'Ldalvik/system/DexClassLoader;',
  'Ldalvik/system/PathClassLoader;',
  'Ldalvik/system/InMemoryDexClassLoader;',
  'Ldalvik/system/BaseDexClassLoader;',
];

export const REFLECTION_ROWS: readonly ReflectionRow[] = [
  row(CLASS, 'forName', 'forName', `${JAVA}Class`),
  row('Ljava/lang/ClassLoader;', 'loadClass', 'loadClass', `${JAVA}ClassLoader`),
  ...DYNAMIC_LOADERS.map((owner) => row(owner, 'loadClass', 'loadClass', `${JAVA}ClassLoader`)),
  row('Ljava/lang/Object;', 'getClass', 'getClass', `${JAVA}Object`),
  row(CLASS, 'getName', 'className', `${JAVA}Class`),
  row(CLASS, 'getMethod', 'getMethod', `${JAVA}Class`),
  row(CLASS, 'getDeclaredMethod', 'getMethod', `${JAVA}Class`),
  row(CLASS, 'getConstructor', 'getConstructor', `${JAVA}Class`),
  row(CLASS, 'getDeclaredConstructor', 'getConstructor', `${JAVA}Class`),
  row(CLASS, 'newInstance', 'newInstance', `${JAVA}Class`),
  row(CONSTRUCTOR, 'newInstance', 'construct', `${JAVA}reflect/Constructor`),
  row(METHOD, 'invoke', 'invoke', `${JAVA}reflect/Method`),
  row(METHOD, 'getName', 'methodName', `${JAVA}reflect/Method`),
  row(METHOD, 'getDeclaringClass', 'declaringClass', `${JAVA}reflect/Method`),
  row(CONSTRUCTOR, 'getDeclaringClass', 'declaringClass', `${JAVA}reflect/Constructor`),
  row(METHOD, 'getParameterTypes', 'parameterTypes', `${JAVA}reflect/Method`),
  row(CONSTRUCTOR, 'getParameterTypes', 'parameterTypes', `${JAVA}reflect/Constructor`),
  ...DYNAMIC_LOADERS.map((owner) => row(owner, '<init>', 'loader', `${DALVIK}${owner.slice(15, -1)}`)),
];

const BY_METHOD: ReadonlyMap<string, ReflectionRow> = new Map(REFLECTION_ROWS.map((entry) => [entry.method, entry]));

/** The reflection row of a call of `ownerAndName` (`owner->name`; Object.getClass by any receiver class). */
export function reflectionRow(ownerAndName: string, name: string, descriptor: string): ReflectionRow | undefined {
  if (name === 'getClass' && descriptor === '()Ljava/lang/Class;') return BY_METHOD.get('Ljava/lang/Object;->getClass');
  return BY_METHOD.get(ownerAndName);
}

/** Java binary names as `Class.forName` takes them (JLS 13.1): identifiers separated by `.`, `$` for nesting. */
const BINARY_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** `com.a.B$C` → `Lcom/a/B$C;`; undefined for text that is no class name. */
export function descriptorOfName(name: string): string | undefined {
  if (name.length > 1024) return undefined;
  if (BINARY_NAME.test(name)) return `L${name.replace(/\./g, '/')};`;
  // Array classes are named by their descriptor with dots (Class.getName of String[] is "[Ljava.lang.String;").
  if (/^\[+(L[\w$.]+;|[ZBCSIJFD])$/.test(name)) return name.replace(/\./g, '/');
  return undefined;
}

/** `Lcom/a/B$C;` → `com.a.B$C` (what Class.getName returns). */
export function nameOfDescriptor(descriptor: string): string {
  return descriptor.startsWith('L') && descriptor.endsWith(';')
    ? descriptor.slice(1, -1).replace(/\//g, '.')
    : descriptor.replace(/\//g, '.');
}

/** True for a type descriptor (what `const-class` names). */
export function isTypeDescriptor(text: string): boolean {
  return /^\[*(L[^;]+;|[ZBCSIJFDV])$/.test(text);
}

/** What the finding says when data reaches a reflective call that cannot be resolved. */
export const UNRESOLVED_CALL = {
  kind: 'other',
  does: 'passes it to a method called by reflection that the analysis could not resolve',
  reference: `${JAVA}reflect/Method#invoke(java.lang.Object,%20java.lang.Object[])`,
} as const;

/** What the finding says when data reaches code the app loads at run time. */
export const DYNAMIC_CALL = {
  kind: 'other',
  does: 'passes it to code the app loads at run time (not in its dex files)',
  reference: `${DALVIK}DexClassLoader`,
} as const;
