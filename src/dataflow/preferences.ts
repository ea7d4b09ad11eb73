/**
 * Shared preferences as a channel between the app's own methods and components (issue 14):
 * what `SharedPreferences.Editor.putString(key, v)` stores is what `getString(key, …)` reads
 * back, in this run or a later one (the file persists), from any component of the app.
 *
 * - The file: `Context.getSharedPreferences(name, mode)` names it; `Activity.getPreferences`
 *   is the activity's own file; `PreferenceManager.getDefaultSharedPreferences` the app's
 *   default file; `SharedPreferences.edit()` keeps its file on the Editor. A preferences object
 *   from elsewhere (a parameter) has an unknown file.
 * - The store is a pseudo static field per (file, key): a put adds to it (a weak update: another
 *   run may have stored something else), a get reads it; a get on an unknown file reads what was
 *   stored under the key in any file, a put on an unknown file reaches gets of any file.
 * - A put whose key some app method reads back (a method that calls a getter and names the key)
 *   is a channel, not a flow end: the flow ends where the read value goes, as the DroidBench
 *   README counts inter-component flows ("counted once, at the final sink", SharedPreferences1).
 *   A put whose key nothing in the app reads, or whose key is not a constant, stays a
 *   `preferences` sink (data-sinks.ts): the data is kept on the device, and that is the finding.
 */
import type { Program } from './program.js';

const ANDROID = 'https://developer.android.com/reference/android/';
const PREFERENCES = 'Landroid/content/SharedPreferences;';
const EDITOR = 'Landroid/content/SharedPreferences$Editor;';
/** Prefix of the pseudo static fields of the store; `:I` keeps them free of abstract objects (taint only). */
const STORE = `${PREFERENCES}->@`;
/** A file the analysis cannot name. */
const ANY_FILE = '?';
/** Every file (what a get on an unknown file reads). */
const EVERY_FILE = '*';
/** The file `getDefaultSharedPreferences` opens (`<package>_preferences`; the package is not needed to tell it apart). */
const DEFAULT_FILE = '@default';

interface PreferenceFileRow {
  /** `Lclass;->name(descriptor)` of the call that returns a SharedPreferences. */
  readonly method: string;
  /** Where the file's name comes from: an argument's text, the default file, the calling activity's class. */
  readonly file: { readonly argument: number } | 'default' | 'activity';
  readonly reference: string;
}

/** Calls returning the preferences of a file (each row cites its reference page). */
const PREFERENCE_FILES: readonly PreferenceFileRow[] = [
  {
    method: 'Landroid/content/Context;->getSharedPreferences(Ljava/lang/String;I)Landroid/content/SharedPreferences;',
    file: { argument: 0 },
    reference: `${ANDROID}content/Context#getSharedPreferences(java.lang.String,%20int)`,
  },
  {
    method: 'Landroid/app/Activity;->getPreferences(I)Landroid/content/SharedPreferences;',
    file: 'activity',
    reference: `${ANDROID}app/Activity#getPreferences(int)`,
  },
  {
    method:
      'Landroid/preference/PreferenceManager;->getDefaultSharedPreferences(Landroid/content/Context;)Landroid/content/SharedPreferences;',
    file: 'default',
    reference: `${ANDROID}preference/PreferenceManager#getDefaultSharedPreferences(android.content.Context)`,
  },
  {
    method:
      'Landroidx/preference/PreferenceManager;->getDefaultSharedPreferences(Landroid/content/Context;)Landroid/content/SharedPreferences;',
    file: 'default',
    reference:
      'https://developer.android.com/reference/androidx/preference/PreferenceManager#getDefaultSharedPreferences(android.content.Context)',
  },
];

/** `SharedPreferences.edit()`: the Editor writes the receiver's file. */
export const EDIT = `${PREFERENCES}->edit()${EDITOR}`;

/** The typed getters and putters (https://developer.android.com/reference/android/content/SharedPreferences): key is argument 0. */
const GETTERS = [
  'getString(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;',
  'getStringSet(Ljava/lang/String;Ljava/util/Set;)Ljava/util/Set;',
  'getInt(Ljava/lang/String;I)I',
  'getLong(Ljava/lang/String;J)J',
  'getFloat(Ljava/lang/String;F)F',
  'getBoolean(Ljava/lang/String;Z)Z',
].map((nameAndDescriptor) => `${PREFERENCES}->${nameAndDescriptor}`);
const PUTTERS: ReadonlySet<string> = new Set([
  'putString',
  'putStringSet',
  'putInt',
  'putLong',
  'putFloat',
  'putBoolean',
]);

const FILE_ROWS: ReadonlyMap<string, PreferenceFileRow> = new Map(PREFERENCE_FILES.map((row) => [row.method, row]));

export function preferenceFile(signature: string): PreferenceFileRow | undefined {
  return FILE_ROWS.get(signature);
}

export function isPreferenceGet(signature: string): boolean {
  return GETTERS.includes(signature);
}

export function isPreferencePut(owner: string, name: string): boolean {
  return owner === EDITOR && PUTTERS.has(name);
}

export function defaultPreferenceFile(): string {
  return DEFAULT_FILE;
}

/** The file `Activity.getPreferences` opens for `activity` (Activity#getLocalClassName). */
export function activityPreferenceFile(activity: string): string {
  return activity.slice(1, -1).replace(/\//g, '.');
}

// File names and keys are the app's text: encoded, so no separator of the analysis's paths appears.
const storeField = (file: string, key: string): string =>
  `${STORE}${encodeURIComponent(file)}/${encodeURIComponent(key)}:I`;

/** The store's fields a put under `key` in `file` (undefined: unknown) adds to. */
export function putFields(file: string | undefined, key: string): string[] {
  return [storeField(file ?? ANY_FILE, key), storeField(EVERY_FILE, key)];
}

/** The store's fields a get of `key` in `file` (undefined: unknown) reads. */
export function getFields(file: string | undefined, key: string): string[] {
  return file === undefined ? [storeField(EVERY_FILE, key)] : [storeField(file, key), storeField(ANY_FILE, key)];
}

export function isPreferenceField(field: string): boolean {
  return field.startsWith(STORE);
}

/**
 * Which keys the app reads back: per key, whether a method that calls a getter names the key
 * (a constant, or a static field holding it for the whole run). Remembered per app.
 */
export class PreferenceReaders {
  private getterCallers: Set<string> | undefined;
  private readonly known = new Map<string, boolean>();

  constructor(
    private readonly program: Program,
    /** Methods that name `text`: a const-string, or a read of a static field holding it. */
    private readonly namers: (text: string) => ReadonlySet<string>,
  ) {}

  /** App methods calling a getter (woken when the store grows). */
  readers(): ReadonlySet<string> {
    if (this.getterCallers === undefined) {
      this.getterCallers = new Set();
      for (const getter of GETTERS)
        for (const call of this.program.code.callSitesOf(getter)) this.getterCallers.add(call.caller);
    }
    return this.getterCallers;
  }

  isRead(key: string): boolean {
    let read = this.known.get(key);
    if (read === undefined) {
      const readers = this.readers();
      read = [...this.namers(key)].some((method) => readers.has(method));
      this.known.set(key, read);
    }
    return read;
  }
}
