/**
 * Files as a channel inside the app (issue 14): what the app writes to a file it names by a
 * constant is what it reads back from a file of that name, in this run or a later one
 * (AndroidSpecific/PrivateDataLeak3 writes the IMEI to `out.txt` in onCreate and sends what
 * it reads from `out.txt` by SMS in onResume).
 *
 * - The name: the last segment of the path the stream was opened on, when the analysis knows
 *   it (`openFileOutput("out.txt")`, `new File(getFilesDir(), "out.txt")`); files of the same
 *   name in different folders are not told apart. A file whose name is not known is neither
 *   stored nor read.
 * - The store is a pseudo static field per name (a weak update, as preferences.ts), with a
 *   `call` hop at the write; the stream a read opens on that name holds what was stored, with a
 *   `call` hop where it was opened.
 * - The write stays a `file` sink (data-sinks.ts): unlike shared preferences, which are private
 *   to the app, a file may be on shared storage, backed up or read by other apps; the benchmark
 *   counts both the file and what the read-back reaches (PrivateDataLeak3: 2).
 */
import type { Str } from './domain/values.js';

const ANDROID = 'https://developer.android.com/reference/';
const STORE = 'Ljava/io/File;->@';

export interface FileReadRow {
  /** `Lclass;->name(descriptor)` of the call that opens a file for reading. */
  readonly method: string;
  /** The argument naming the file (a String path or a File). */
  readonly name: number;
  /** The stream is the call's result (a factory) or its receiver (a constructor). */
  readonly stream: 'return' | 'receiver';
  readonly reference: string;
}

const FILE_READS: readonly FileReadRow[] = [
  {
    method: 'Landroid/content/Context;->openFileInput(Ljava/lang/String;)Ljava/io/FileInputStream;',
    name: 0,
    stream: 'return',
    reference: `${ANDROID}android/content/Context#openFileInput(java.lang.String)`,
  },
  ...['Ljava/io/FileInputStream;', 'Ljava/io/FileReader;'].flatMap((owner) =>
    ['Ljava/lang/String;', 'Ljava/io/File;'].map((parameter): FileReadRow => ({
      method: `${owner}-><init>(${parameter})V`,
      name: 0,
      stream: 'receiver',
      reference: `${ANDROID}java/io/${owner.slice(9, -1)}#${owner.slice(9, -1)}(${parameter === 'Ljava/io/File;' ? 'java.io.File' : 'java.lang.String'})`,
    })),
  ),
];

const READS_BY_METHOD: ReadonlyMap<string, FileReadRow> = new Map(FILE_READS.map((row) => [row.method, row]));

export function fileRead(signature: string): FileReadRow | undefined {
  return READS_BY_METHOD.get(signature);
}

/** The last segment of a path whose end the analysis knows: `{…}/out.txt` and `out.txt` → `out.txt`. */
export function fileName(path: Str | undefined): string | undefined {
  if (path === undefined || path.length === 0) return undefined;
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const slash = last.lastIndexOf('/');
  // `{…}out.txt` could be `xout.txt`: the name is known only from a slash or from the whole path.
  if (slash < 0 && path.length > 1) return undefined;
  const name = last.slice(slash + 1);
  return name === '' ? undefined : name;
}

// The name is the app's text: encoded, so no separator of the analysis's paths appears.
export const fileField = (name: string): string => `${STORE}${encodeURIComponent(name)}:I`;

/** The file name a store field stands for, or undefined for another field. */
export function fileOfField(field: string): string | undefined {
  return field.startsWith(STORE) ? decodeURIComponent(field.slice(STORE.length, -2)) : undefined;
}
