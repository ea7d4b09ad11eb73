/**
 * What data passes through framework and library calls the analysis does not read the code
 * of (the app ships no android.jar): one row per method (every overload of `Lclass;->name`,
 * or one descriptor), each naming its reference page.
 *
 * A row lists transfers: data at the `from` places reaches the `to` place.
 * - Places: `receiver` (the object the method is called on: its contents), `return`, or an
 *   argument index (0 = the first declared parameter).
 * - `key`: a keyed container (Map, Bundle, Intent extras, JSONObject, ContentValues): the
 *   value is stored under, or read from, the constant key the call passes in that argument,
 *   so `put("a", imei)` then `get("b")` carries nothing.
 * - `same`: the call returns its receiver (builders: `sb.append(x).append(y)`).
 * - `deep`: the argument's fields count too (serialisers write the whole object).
 * - No transfers: nothing passes (a length, an emptiness test, an equality test).
 * `wraps`: the new object is a stream, reader or writer around the one given in that argument:
 * what is written into it reaches the wrapped one, what is read from it comes from there.
 * Calls with no row keep the default of `defaultTransfers`: the result carries the receiver
 * and the arguments, unless it is a boolean (a test, not the data).
 */
import type { CallPlace } from './data-sinks.js';
import type { Interval } from './domain/values.js';

type ModelPlace = CallPlace | 'return';

export interface Transfer {
  readonly from: readonly CallPlace[];
  readonly to: ModelPlace;
  readonly key?: number;
  readonly same?: true;
  readonly deep?: true;
}

export interface LibraryModel {
  /** `Lclass;->name` (all overloads) or `Lclass;->name(descriptor)ret`. */
  readonly method: string;
  readonly transfers: readonly Transfer[];
  readonly wraps?: number;
  /** The text the call returns when its receiver and arguments are constants (TEXT_OPERATIONS). */
  readonly text?: TextOperation;
  readonly reference: string;
}

/** What is known of a call's inputs for a text operation: exact texts and constant ints (undefined: unknown). */
interface TextInputs {
  readonly receiver: string | undefined;
  readonly texts: readonly (string | undefined)[];
  readonly ints: readonly (number | undefined)[];
  /** The app's string resource `id` in every configuration (undefined when unknown or it differs). */
  readonly resource: (id: number) => string | undefined;
}

/** The text a call returns, computed as the platform does from constant inputs; undefined when it cannot tell. */
export type TextOperation = (inputs: TextInputs) => string | undefined;

const ANDROID = 'https://developer.android.com/reference/';
const JAVA = `${ANDROID}java/`;

type Shape = readonly Transfer[];
/** Result ← receiver. */
const GET: Shape = [{ from: ['receiver'], to: 'return' }];
/** Result ← every argument. */
const FROM_ARGS = (...args: number[]): Shape => [{ from: args, to: 'return' }];
/** Result ← receiver and arguments. */
const FROM_ALL = (...args: number[]): Shape => [{ from: ['receiver', ...args], to: 'return' }];
/** Receiver ← arguments (a setter, an add, a write): what is stored is the whole object, fields included. */
const INTO = (...args: number[]): Shape => [{ from: args, to: 'receiver', deep: true }];
/** Receiver ← arguments, and the call returns the receiver (a builder). */
const BUILD = (...args: number[]): Shape => [
  { from: args, to: 'receiver', deep: true },
  { from: ['receiver'], to: 'return', same: true },
];
/** Keyed store: receiver[key] ← value. */
const PUT = (key: number, value: number): Shape => [{ from: [value], to: 'receiver', key, deep: true }];
/** Keyed store returning the receiver (Intent.putExtra, JSONObject.put). */
const PUT_BUILD = (key: number, value: number): Shape => [
  { from: [value], to: 'receiver', key, deep: true },
  { from: ['receiver'], to: 'return', same: true },
];
/** Keyed read: result ← receiver[key]. */
const LOOKUP = (key: number): Shape => [{ from: ['receiver'], to: 'return', key }];
const NOTHING: Shape = [];

/** `s.substring(begin[, end])` as java.lang.String#substring: indexes in UTF-16 units, out of range throws (unknown here). */
const SUBSTRING: TextOperation = ({ receiver, ints }) => {
  const begin = ints[0];
  const end = ints.length > 1 ? ints[1] : receiver?.length;
  if (receiver === undefined || begin === undefined || end === undefined) return undefined;
  return begin < 0 || end > receiver.length || begin > end ? undefined : receiver.slice(begin, end);
};
const ON_RECEIVER =
  (operation: (text: string) => string): TextOperation =>
  ({ receiver }) =>
    receiver === undefined ? undefined : operation(receiver);
/** Java's trim(): strips code units ≤ U+0020 at both ends (not JavaScript's Unicode whitespace). */
const javaTrim = (text: string): string => text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
const REPLACE: TextOperation = ({ receiver, texts, ints }) => {
  if (receiver === undefined) return undefined;
  const from = texts[0] ?? (ints[0] === undefined ? undefined : String.fromCharCode(ints[0]));
  const to = texts[1] ?? (ints[1] === undefined ? undefined : String.fromCharCode(ints[1]));
  return from === undefined || from === '' || to === undefined ? undefined : receiver.split(from).join(to);
};
/** `getString(int)`/`getText(int)` of a Context or Resources: the app's string resource by id. */
const RESOURCE_TEXT: TextOperation = ({ ints, resource }) => (ints[0] === undefined ? undefined : resource(ints[0]));

function rows(
  owners: readonly string[],
  names: readonly string[],
  transfers: Shape,
  reference: string,
): LibraryModel[] {
  return owners.flatMap((owner) =>
    names.map((name) => ({
      method: `${owner}->${name}`,
      transfers,
      reference: `${reference}#${name.replace(/\(.*$/, '')}`,
    })),
  );
}

function wrapper(owner: string, reference: string, argument = 0): LibraryModel {
  return { method: `${owner}-><init>`, transfers: NOTHING, wraps: argument, reference: `${reference}#${owner}` };
}

const STRING = ['Ljava/lang/String;'];
const BUILDERS = ['Ljava/lang/StringBuilder;', 'Ljava/lang/StringBuffer;'];
const CHAR_SEQUENCES = ['Ljava/lang/CharSequence;', 'Landroid/text/Editable;', 'Landroid/text/SpannableStringBuilder;'];
const BOXES = [
  'Ljava/lang/Integer;',
  'Ljava/lang/Long;',
  'Ljava/lang/Short;',
  'Ljava/lang/Byte;',
  'Ljava/lang/Double;',
  'Ljava/lang/Float;',
  'Ljava/lang/Character;',
  'Ljava/lang/Boolean;',
];
const COLLECTIONS = [
  'Ljava/util/Collection;',
  'Ljava/util/List;',
  'Ljava/util/ArrayList;',
  'Ljava/util/LinkedList;',
  'Ljava/util/Vector;',
  'Ljava/util/Stack;',
  'Ljava/util/Set;',
  'Ljava/util/HashSet;',
  'Ljava/util/LinkedHashSet;',
  'Ljava/util/TreeSet;',
  'Ljava/util/SortedSet;',
  'Ljava/util/Queue;',
  'Ljava/util/Deque;',
  'Ljava/util/ArrayDeque;',
  'Ljava/util/AbstractList;',
  'Ljava/util/AbstractCollection;',
  'Ljava/util/concurrent/CopyOnWriteArrayList;',
  'Ljava/util/concurrent/ConcurrentLinkedQueue;',
  'Ljava/util/concurrent/LinkedBlockingQueue;',
  'Ljava/util/concurrent/BlockingQueue;',
  'Ljava/lang/Iterable;',
];
const MAPS = [
  'Ljava/util/Map;',
  'Ljava/util/HashMap;',
  'Ljava/util/LinkedHashMap;',
  'Ljava/util/TreeMap;',
  'Ljava/util/SortedMap;',
  'Ljava/util/Hashtable;',
  'Ljava/util/AbstractMap;',
  'Ljava/util/concurrent/ConcurrentHashMap;',
  'Ljava/util/concurrent/ConcurrentMap;',
  'Ljava/util/WeakHashMap;',
  'Ljava/util/Properties;',
  'Landroid/util/ArrayMap;',
];
const ITERATORS = ['Ljava/util/Iterator;', 'Ljava/util/ListIterator;', 'Ljava/util/Enumeration;'];
const BUNDLES = ['Landroid/os/Bundle;', 'Landroid/os/BaseBundle;', 'Landroid/os/PersistableBundle;'];
const BUNDLE_TYPES = [
  'String',
  'StringArray',
  'StringArrayList',
  'CharSequence',
  'CharSequenceArray',
  'Int',
  'IntArray',
  'Long',
  'LongArray',
  'Double',
  'DoubleArray',
  'Float',
  'FloatArray',
  'Boolean',
  'BooleanArray',
  'Byte',
  'ByteArray',
  'Char',
  'CharArray',
  'Short',
  'ShortArray',
  'Parcelable',
  'ParcelableArray',
  'ParcelableArrayList',
  'Serializable',
  'Bundle',
  'IntegerArrayList',
];
const OUTPUT_WRITES = [
  'write',
  'append',
  'print',
  'println',
  'printf',
  'format',
  'writeBytes',
  'writeChars',
  'writeUTF',
  'writeInt',
  'writeLong',
  'writeDouble',
  'writeFloat',
  'writeShort',
  'writeChar',
  'writeByte',
  'writeBoolean',
  'newLine',
];
const OUTPUTS = [
  'Ljava/io/OutputStream;',
  'Ljava/io/FileOutputStream;',
  'Ljava/io/ByteArrayOutputStream;',
  'Ljava/io/BufferedOutputStream;',
  'Ljava/io/DataOutputStream;',
  'Ljava/io/FilterOutputStream;',
  'Ljava/io/PrintStream;',
  'Ljava/io/Writer;',
  'Ljava/io/FileWriter;',
  'Ljava/io/OutputStreamWriter;',
  'Ljava/io/BufferedWriter;',
  'Ljava/io/PrintWriter;',
  'Ljava/io/StringWriter;',
  'Ljava/io/CharArrayWriter;',
  'Ljava/io/RandomAccessFile;',
  'Ljava/util/zip/GZIPOutputStream;',
  'Ljava/util/zip/DeflaterOutputStream;',
  'Ljavax/crypto/CipherOutputStream;',
  'Landroid/util/Base64OutputStream;',
];
const INPUTS = [
  'Ljava/io/InputStream;',
  'Ljava/io/ByteArrayInputStream;',
  'Ljava/io/BufferedInputStream;',
  'Ljava/io/DataInputStream;',
  'Ljava/io/ObjectInputStream;',
  'Ljava/io/FilterInputStream;',
  'Ljava/io/Reader;',
  'Ljava/io/InputStreamReader;',
  'Ljava/io/BufferedReader;',
  'Ljava/io/StringReader;',
  'Ljava/util/zip/GZIPInputStream;',
  'Ljavax/crypto/CipherInputStream;',
  'Ljava/util/Scanner;',
];
const INPUT_READS = [
  'read',
  'readLine',
  'readObject',
  'readUTF',
  'readInt',
  'readLong',
  'readDouble',
  'readFully',
  'next',
  'nextLine',
  'lines',
];
const JSON_OBJECT = 'Lorg/json/JSONObject;';
const JSON_ARRAY = 'Lorg/json/JSONArray;';
const JSON_GETTERS = [
  'get',
  'opt',
  'getString',
  'optString',
  'getInt',
  'optInt',
  'getLong',
  'optLong',
  'getDouble',
  'optDouble',
  'getBoolean',
  'optBoolean',
  'getJSONObject',
  'optJSONObject',
  'getJSONArray',
  'optJSONArray',
];
const URI_BUILDER = 'Landroid/net/Uri$Builder;';
const HTTP_URL_BUILDER = 'Lokhttp3/HttpUrl$Builder;';
const REQUEST_BUILDER = 'Lokhttp3/Request$Builder;';
const OKHTTP2 = 'Lcom/squareup/okhttp/';
/** OkHttp 2's Request.Builder: its `url` keeps the request's address (method-analysis stringEffects). */
export const OKHTTP2_REQUEST_BUILDER = `${OKHTTP2}Request$Builder;`;

const STRING_REF = `${JAVA}lang/String`;
const BUILDER_REF = `${JAVA}lang/StringBuilder`;
const COLLECTION_REF = `${JAVA}util/Collection`;
const MAP_REF = `${JAVA}util/Map`;
const BUNDLE_REF = `${ANDROID}android/os/Bundle`;
const INTENT_REF = `${ANDROID}android/content/Intent`;
const JSON_REF = `${ANDROID}org/json/JSONObject`;
const OKHTTP_REF = 'https://square.github.io/okhttp/5.x/okhttp/okhttp3/';
const OKHTTP2_REF = 'https://square.github.io/okhttp/2.x/okhttp/com/squareup/okhttp/';
const APACHE_REF = 'https://hc.apache.org/httpcomponents-client-4.5.x/current/httpclient/apidocs/';

/**
 * Calls whose returned text the analysis computes when their inputs are constants, so an
 * intent action or a reflective name built from constants stays known
 * (`"ignore.a.ACTION".substring(7)`, `getString(R.string.class_name)`). Each row carries the
 * data as its generic row does (FROM_ALL for String, nothing for resources).
 */
const TEXT_OPERATIONS: readonly LibraryModel[] = [
  ...(
    [
      ['substring(I)Ljava/lang/String;', SUBSTRING],
      ['substring(II)Ljava/lang/String;', SUBSTRING],
      ['toLowerCase()Ljava/lang/String;', ON_RECEIVER((text) => text.toLowerCase())],
      ['toUpperCase()Ljava/lang/String;', ON_RECEIVER((text) => text.toUpperCase())],
      ['trim()Ljava/lang/String;', ON_RECEIVER(javaTrim)],
      ['intern()Ljava/lang/String;', ON_RECEIVER((text) => text)],
      ['toString()Ljava/lang/String;', ON_RECEIVER((text) => text)],
      ['replace(CC)Ljava/lang/String;', REPLACE],
      ['replace(Ljava/lang/CharSequence;Ljava/lang/CharSequence;)Ljava/lang/String;', REPLACE],
    ] as ReadonlyArray<readonly [string, TextOperation]>
  ).map(([nameAndDescriptor, text]): LibraryModel => ({
    method: `Ljava/lang/String;->${nameAndDescriptor}`,
    transfers: FROM_ALL(0, 1),
    text,
    reference: `${JAVA}lang/String#${nameAndDescriptor.replace(/\(.*$/, '')}`,
  })),
  ...(
    [
      ['Landroid/content/Context;', 'getString(I)Ljava/lang/String;', 'android/content/Context#getString(int)'],
      ['Landroid/content/Context;', 'getText(I)Ljava/lang/CharSequence;', 'android/content/Context#getText(int)'],
      [
        'Landroid/content/res/Resources;',
        'getString(I)Ljava/lang/String;',
        'android/content/res/Resources#getString(int)',
      ],
      [
        'Landroid/content/res/Resources;',
        'getText(I)Ljava/lang/CharSequence;',
        'android/content/res/Resources#getText(int)',
      ],
      ['Landroid/app/Fragment;', 'getString(I)Ljava/lang/String;', 'android/app/Fragment#getString(int)'],
      [
        'Landroidx/fragment/app/Fragment;',
        'getString(I)Ljava/lang/String;',
        'androidx/fragment/app/Fragment#getString(int)',
      ],
    ] as ReadonlyArray<readonly [string, string, string]>
  ).map(([owner, nameAndDescriptor, page]): LibraryModel => ({
    method: `${owner}->${nameAndDescriptor}`,
    transfers: NOTHING,
    text: RESOURCE_TEXT,
    reference: `${ANDROID}${page}`,
  })),
];

export const LIBRARY_MODELS: readonly LibraryModel[] = [
  ...TEXT_OPERATIONS,
  // java.lang.String: immutable; derived strings carry the data, tests of it do not.
  ...rows(STRING, ['<init>'], INTO(0, 1, 2, 3), STRING_REF),
  ...rows(
    STRING,
    [
      'toString',
      'trim',
      'strip',
      'toLowerCase',
      'toUpperCase',
      'substring',
      'subSequence',
      'intern',
      'toCharArray',
      'getBytes',
      'chars',
      'charAt',
      'codePointAt',
      'split',
      'lines',
      'repeat',
      'replace',
      'replaceAll',
      'replaceFirst',
      'concat',
      'codePoints',
    ],
    FROM_ALL(0, 1),
    STRING_REF,
  ),
  ...rows(STRING, ['valueOf', 'copyValueOf', 'format', 'join'], FROM_ARGS(0, 1, 2, 3), STRING_REF),
  ...rows(STRING, ['getChars'], [{ from: ['receiver'], to: 2 }], STRING_REF),
  ...rows(
    STRING,
    [
      'length',
      'isEmpty',
      'isBlank',
      'equals',
      'equalsIgnoreCase',
      'contentEquals',
      'hashCode',
      'compareTo',
      'compareToIgnoreCase',
      'contains',
      'startsWith',
      'endsWith',
      'matches',
      'indexOf',
      'lastIndexOf',
      'regionMatches',
    ],
    NOTHING,
    STRING_REF,
  ),
  ...rows(CHAR_SEQUENCES, ['toString', 'subSequence', 'charAt'], GET, `${JAVA}lang/CharSequence`),
  ...rows(CHAR_SEQUENCES, ['length', 'isEmpty'], NOTHING, `${JAVA}lang/CharSequence`),
  // StringBuilder / StringBuffer: appends go into the builder, which returns itself.
  ...rows(BUILDERS, ['<init>'], INTO(0), BUILDER_REF),
  ...rows(BUILDERS, ['append', 'insert', 'replace', 'setCharAt', 'appendCodePoint'], BUILD(0, 1, 2), BUILDER_REF),
  ...rows(BUILDERS, ['reverse', 'delete', 'deleteCharAt'], BUILD(), BUILDER_REF),
  ...rows(BUILDERS, ['toString', 'substring', 'subSequence', 'charAt', 'chars'], GET, BUILDER_REF),
  ...rows(BUILDERS, ['getChars'], [{ from: ['receiver'], to: 2 }], BUILDER_REF),
  ...rows(BUILDERS, ['length', 'capacity', 'indexOf', 'lastIndexOf', 'setLength'], NOTHING, BUILDER_REF),
  // Boxes and number parsing: the number is the data.
  ...rows(
    BOXES,
    [
      'valueOf',
      'toString',
      'parseInt',
      'parseLong',
      'parseDouble',
      'parseFloat',
      'parseShort',
      'parseByte',
      'parseBoolean',
      'intValue',
      'longValue',
      'doubleValue',
      'floatValue',
      'shortValue',
      'byteValue',
      'charValue',
      'booleanValue',
      'toHexString',
      'toBinaryString',
      'toOctalString',
    ],
    FROM_ALL(0, 1),
    `${JAVA}lang/Integer`,
  ),
  ...rows(['Ljava/lang/Object;'], ['toString'], GET, `${JAVA}lang/Object`),
  ...rows(['Ljava/lang/Object;'], ['equals', 'hashCode', 'getClass'], NOTHING, `${JAVA}lang/Object`),
  // An enum constant's name and position are fixed by its class, never data it was mapped to
  // (a map keyed by an enum gives its entries' values only through getValue).
  ...rows(['Ljava/lang/Enum;'], ['name', 'ordinal', 'compareTo', 'getDeclaringClass'], NOTHING, `${JAVA}lang/Enum`),
  ...rows(
    ['Ljava/util/Objects;'],
    ['toString', 'requireNonNull', 'requireNonNullElse'],
    FROM_ARGS(0, 1),
    `${JAVA}util/Objects`,
  ),
  ...rows(['Ljava/util/Objects;'], ['equals', 'hash', 'hashCode', 'isNull', 'nonNull'], NOTHING, `${JAVA}util/Objects`),
  ...rows(
    ['Landroid/text/TextUtils;'],
    ['join', 'concat', 'htmlEncode', 'substring'],
    FROM_ARGS(0, 1, 2),
    `${ANDROID}android/text/TextUtils`,
  ),
  ...rows(
    ['Landroid/text/TextUtils;'],
    ['isEmpty', 'equals', 'getTrimmedLength', 'isDigitsOnly'],
    NOTHING,
    `${ANDROID}android/text/TextUtils`,
  ),
  // Collections: what goes in comes out; sizes and membership tests carry nothing.
  ...rows(
    COLLECTIONS,
    ['add', 'addAll', 'offer', 'push', 'addFirst', 'addLast', 'offerFirst', 'offerLast', 'put', 'addElement'],
    INTO(0, 1),
    COLLECTION_REF,
  ),
  ...rows(COLLECTIONS, ['set', 'setElementAt', 'insertElementAt'], INTO(0, 1), `${JAVA}util/List`),
  ...rows(COLLECTIONS, ['<init>'], INTO(0), COLLECTION_REF),
  ...rows(
    COLLECTIONS,
    [
      'get',
      'remove',
      'poll',
      'pop',
      'peek',
      'element',
      'first',
      'last',
      'getFirst',
      'getLast',
      'pollFirst',
      'pollLast',
      'peekFirst',
      'peekLast',
      'removeFirst',
      'removeLast',
      'take',
      'elementAt',
      'firstElement',
      'lastElement',
      'iterator',
      'listIterator',
      'descendingIterator',
      'toArray',
      'subList',
      'stream',
      'clone',
      'toString',
      'elements',
    ],
    GET,
    COLLECTION_REF,
  ),
  ...rows(
    COLLECTIONS,
    ['size', 'isEmpty', 'contains', 'containsAll', 'indexOf', 'lastIndexOf', 'clear', 'equals', 'hashCode'],
    NOTHING,
    COLLECTION_REF,
  ),
  ...rows(ITERATORS, ['next', 'previous', 'nextElement'], GET, `${JAVA}util/Iterator`),
  ...rows(
    ITERATORS,
    ['hasNext', 'hasPrevious', 'hasMoreElements', 'nextIndex', 'previousIndex'],
    NOTHING,
    `${JAVA}util/Iterator`,
  ),
  ...rows(
    ['Ljava/util/Collections;'],
    [
      'unmodifiableList',
      'unmodifiableSet',
      'unmodifiableMap',
      'unmodifiableCollection',
      'synchronizedList',
      'synchronizedMap',
      'singletonList',
      'singleton',
      'singletonMap',
      'list',
      'max',
      'min',
    ],
    FROM_ARGS(0, 1),
    `${JAVA}util/Collections`,
  ),
  ...rows(['Ljava/util/Collections;'], ['addAll'], [{ from: [1], to: 0 }], `${JAVA}util/Collections`),
  ...rows(
    ['Ljava/util/Arrays;'],
    ['asList', 'copyOf', 'copyOfRange', 'toString', 'deepToString', 'stream'],
    FROM_ARGS(0),
    `${JAVA}util/Arrays`,
  ),
  ...rows(['Ljava/util/Arrays;'], ['fill'], [{ from: [1, 2, 3], to: 0 }], `${JAVA}util/Arrays`),
  ...rows(['Ljava/util/Arrays;'], ['equals', 'hashCode', 'binarySearch', 'sort'], NOTHING, `${JAVA}util/Arrays`),
  ...rows(['Ljava/lang/System;'], ['arraycopy'], [{ from: [0], to: 2 }], `${JAVA}lang/System`),
  // Maps: values by key.
  ...rows(MAPS, ['put', 'putIfAbsent', 'setProperty'], PUT(0, 1), MAP_REF),
  ...rows(MAPS, ['putAll', '<init>'], INTO(0), MAP_REF),
  ...rows(MAPS, ['get', 'remove', 'getOrDefault', 'getProperty'], LOOKUP(0), MAP_REF),
  ...rows(
    MAPS,
    ['values', 'entrySet', 'keySet', 'clone', 'toString', 'firstEntry', 'lastEntry', 'firstKey', 'lastKey'],
    GET,
    MAP_REF,
  ),
  ...rows(MAPS, ['size', 'isEmpty', 'containsKey', 'containsValue', 'clear'], NOTHING, MAP_REF),
  ...rows(['Ljava/util/Map$Entry;'], ['getValue', 'getKey'], GET, `${JAVA}util/Map.Entry`),
  // android.os.Bundle and Intent extras: by key.
  ...rows(
    BUNDLES,
    BUNDLE_TYPES.map((type) => `put${type}`),
    PUT(0, 1),
    BUNDLE_REF,
  ),
  ...rows(
    BUNDLES,
    BUNDLE_TYPES.map((type) => `get${type}`),
    LOOKUP(0),
    BUNDLE_REF,
  ),
  ...rows(BUNDLES, ['get'], LOOKUP(0), BUNDLE_REF),
  ...rows(BUNDLES, ['putAll', '<init>'], INTO(0), BUNDLE_REF),
  ...rows(BUNDLES, ['size', 'isEmpty', 'containsKey', 'keySet', 'clear'], NOTHING, BUNDLE_REF),
  ...rows(['Landroid/content/Intent;'], ['putExtra'], PUT_BUILD(0, 1), INTENT_REF),
  ...rows(
    ['Landroid/content/Intent;'],
    [
      'putExtras',
      'putStringArrayListExtra',
      'putCharSequenceArrayListExtra',
      'putIntegerArrayListExtra',
      'putParcelableArrayListExtra',
      'setData',
      'setDataAndType',
      'setClipData',
    ],
    BUILD(0, 1),
    INTENT_REF,
  ),
  ...rows(
    ['Landroid/content/Intent;'],
    BUNDLE_TYPES.map((type) => `get${type}Extra`),
    LOOKUP(0),
    INTENT_REF,
  ),
  ...rows(['Landroid/content/Intent;'], ['getData', 'getDataString', 'getClipData'], GET, INTENT_REF),
  // The extras Bundle is read by key like the intent itself: the same keyed contents; setters that name
  // the receiver or set flags return the intent itself (what they name is kept by intents.ts).
  ...rows(
    ['Landroid/content/Intent;'],
    ['getExtras', 'setComponent', 'setClass', 'setFlags', 'addFlags'],
    [{ from: [], to: 'return', same: true }],
    INTENT_REF,
  ),
  ...rows(
    ['Landroid/content/Intent;'],
    ['setAction', 'setType', 'setPackage', 'setClassName', 'setIdentifier', 'addCategory'],
    BUILD(0, 1),
    INTENT_REF,
  ),
  ...rows(
    ['Landroid/content/Intent;'],
    ['getAction', 'getType', 'getPackage', 'getIdentifier', 'getCategories'],
    GET,
    INTENT_REF,
  ),
  ...rows(['Landroid/content/Intent;'], ['hasExtra', 'getComponent', 'getFlags'], NOTHING, INTENT_REF),
  ...rows(['Landroid/content/ContentValues;'], ['put'], PUT(0, 1), `${ANDROID}android/content/ContentValues`),
  ...rows(
    ['Landroid/content/ContentValues;'],
    ['putAll', '<init>'],
    INTO(0),
    `${ANDROID}android/content/ContentValues`,
  ),
  ...rows(
    ['Landroid/content/ContentValues;'],
    ['get', 'getAsString', 'getAsInteger', 'getAsLong'],
    LOOKUP(0),
    `${ANDROID}android/content/ContentValues`,
  ),
  ...rows(
    ['Landroid/os/Parcel;'],
    [
      'writeString',
      'writeInt',
      'writeLong',
      'writeValue',
      'writeBundle',
      'writeParcelable',
      'writeSerializable',
      'writeStringArray',
      'writeByteArray',
      'writeList',
      'writeMap',
      'unmarshall',
      'appendFrom',
    ],
    INTO(0),
    `${ANDROID}android/os/Parcel`,
  ),
  ...rows(
    ['Landroid/os/Parcel;'],
    [
      'readString',
      'readInt',
      'readLong',
      'readValue',
      'readBundle',
      'readParcelable',
      'readSerializable',
      'createStringArray',
      'createByteArray',
      'marshall',
    ],
    GET,
    `${ANDROID}android/os/Parcel`,
  ),
  // org.json and Gson.
  ...rows([JSON_OBJECT], ['put', 'putOpt', 'accumulate', 'append'], PUT_BUILD(0, 1), JSON_REF),
  ...rows([JSON_OBJECT], JSON_GETTERS, LOOKUP(0), JSON_REF),
  ...rows([JSON_OBJECT], ['<init>'], INTO(0), JSON_REF),
  ...rows([JSON_OBJECT], ['toString', 'keys', 'names', 'toJSONArray'], GET, JSON_REF),
  ...rows([JSON_OBJECT], ['has', 'isNull', 'length'], NOTHING, JSON_REF),
  ...rows([JSON_ARRAY], ['put'], BUILD(0, 1), `${ANDROID}org/json/JSONArray`),
  ...rows([JSON_ARRAY], ['<init>'], INTO(0), `${ANDROID}org/json/JSONArray`),
  ...rows([JSON_ARRAY], [...JSON_GETTERS, 'toString', 'join'], GET, `${ANDROID}org/json/JSONArray`),
  ...rows([JSON_ARRAY], ['length', 'isNull'], NOTHING, `${ANDROID}org/json/JSONArray`),
  ...rows(
    ['Lcom/google/gson/Gson;'],
    ['toJson', 'toJsonTree'],
    [
      { from: [0], to: 'return', deep: true },
      { from: [0], to: 1, deep: true },
    ],
    'https://www.javadoc.io/doc/com.google.code.gson/gson/latest/com.google.gson/com/google/gson/Gson.html',
  ),
  ...rows(
    ['Lcom/google/gson/Gson;'],
    ['fromJson'],
    FROM_ARGS(0),
    'https://www.javadoc.io/doc/com.google.code.gson/gson/latest/com.google.gson/com/google/gson/Gson.html',
  ),
  // URIs and URLs: what is built into them is in them.
  ...rows(
    ['Landroid/net/Uri;'],
    ['parse', 'withAppendedPath', 'fromParts', 'fromFile', 'encode', 'decode'],
    FROM_ARGS(0, 1, 2),
    `${ANDROID}android/net/Uri`,
  ),
  ...rows(
    ['Landroid/net/Uri;'],
    [
      'toString',
      'getQuery',
      'getQueryParameter',
      'getPath',
      'getHost',
      'getLastPathSegment',
      'getPathSegments',
      'getEncodedQuery',
      'buildUpon',
      'getSchemeSpecificPart',
      'getFragment',
    ],
    GET,
    `${ANDROID}android/net/Uri`,
  ),
  ...rows(
    [URI_BUILDER],
    [
      'appendQueryParameter',
      'appendPath',
      'appendEncodedPath',
      'encodedPath',
      'path',
      'authority',
      'encodedAuthority',
      'scheme',
      'query',
      'encodedQuery',
      'fragment',
      'opaquePart',
    ],
    BUILD(0, 1),
    `${ANDROID}android/net/Uri.Builder`,
  ),
  ...rows([URI_BUILDER], ['build', 'toString'], GET, `${ANDROID}android/net/Uri.Builder`),
  ...rows(['Ljava/net/URL;', 'Ljava/net/URI;'], ['<init>'], INTO(0, 1, 2, 3), `${JAVA}net/URL`),
  ...rows(['Ljava/net/URI;'], ['create'], FROM_ARGS(0), `${JAVA}net/URI`),
  ...rows(
    ['Ljava/net/URL;', 'Ljava/net/URI;'],
    [
      'toString',
      'toExternalForm',
      'toURI',
      'toURL',
      'getQuery',
      'getPath',
      'getHost',
      'getFile',
      'getRef',
      'openConnection',
      'openStream',
      'resolve',
      'normalize',
    ],
    GET,
    `${JAVA}net/URL`,
  ),
  ...rows(
    ['Ljava/net/URLEncoder;', 'Ljava/net/URLDecoder;'],
    ['encode', 'decode'],
    FROM_ARGS(0),
    `${JAVA}net/URLEncoder`,
  ),
  ...rows(
    ['Ljava/net/URLConnection;', 'Ljava/net/HttpURLConnection;', 'Ljavax/net/ssl/HttpsURLConnection;'],
    ['getURL', 'getOutputStream'],
    GET,
    `${JAVA}net/URLConnection`,
  ),
  ...rows(['Lokhttp3/HttpUrl;'], ['parse', 'get'], FROM_ARGS(0), `${OKHTTP_REF}-http-url/index.html`),
  ...rows(
    ['Lokhttp3/HttpUrl;'],
    ['newBuilder', 'toString', 'url', 'uri', 'query', 'queryParameter'],
    GET,
    `${OKHTTP_REF}-http-url/index.html`,
  ),
  ...rows(
    [HTTP_URL_BUILDER],
    [
      'addQueryParameter',
      'addEncodedQueryParameter',
      'setQueryParameter',
      'addPathSegment',
      'addPathSegments',
      'addEncodedPathSegment',
      'host',
      'scheme',
      'port',
      'query',
      'encodedQuery',
      'fragment',
    ],
    BUILD(0, 1),
    `${OKHTTP_REF}-http-url/-builder/index.html`,
  ),
  ...rows([HTTP_URL_BUILDER], ['build', 'toString'], GET, `${OKHTTP_REF}-http-url/-builder/index.html`),
  // OkHttp requests: the request carries its URL, headers and body to the Call that sends it.
  ...rows(
    [REQUEST_BUILDER],
    ['url', 'header', 'addHeader', 'post', 'put', 'patch', 'delete', 'method', 'headers', 'tag'],
    BUILD(0, 1),
    `${OKHTTP_REF}-request/-builder/index.html`,
  ),
  ...rows([REQUEST_BUILDER], ['build'], GET, `${OKHTTP_REF}-request/-builder/index.html`),
  ...rows(['Lokhttp3/OkHttpClient;'], ['newCall'], FROM_ARGS(0), `${OKHTTP_REF}-ok-http-client/index.html`),
  ...rows(
    ['Lokhttp3/RequestBody;', 'Lokhttp3/RequestBody$Companion;'],
    ['create'],
    FROM_ARGS(0, 1, 2, 3),
    `${OKHTTP_REF}-request-body/index.html`,
  ),
  ...rows(
    ['Lokhttp3/FormBody$Builder;', 'Lokhttp3/MultipartBody$Builder;'],
    ['add', 'addEncoded', 'addFormDataPart', 'addPart'],
    BUILD(0, 1, 2),
    `${OKHTTP_REF}-form-body/-builder/index.html`,
  ),
  ...rows(
    ['Lokhttp3/FormBody$Builder;', 'Lokhttp3/MultipartBody$Builder;'],
    ['build'],
    GET,
    `${OKHTTP_REF}-form-body/-builder/index.html`,
  ),
  // OkHttp 2 (com.squareup.okhttp, before okhttp3): the same shapes under the old names.
  ...rows([`${OKHTTP2}HttpUrl;`], ['parse', 'get'], FROM_ARGS(0), `${OKHTTP2_REF}HttpUrl.html`),
  ...rows(
    [`${OKHTTP2}HttpUrl;`],
    ['newBuilder', 'toString', 'url', 'uri', 'query', 'queryParameter'],
    GET,
    `${OKHTTP2_REF}HttpUrl.html`,
  ),
  ...rows(
    [`${OKHTTP2}HttpUrl$Builder;`],
    [
      'addQueryParameter',
      'addEncodedQueryParameter',
      'setQueryParameter',
      'addPathSegment',
      'addEncodedPathSegment',
      'host',
      'scheme',
      'port',
      'query',
      'encodedQuery',
      'fragment',
    ],
    BUILD(0, 1),
    `${OKHTTP2_REF}HttpUrl.Builder.html`,
  ),
  ...rows([`${OKHTTP2}HttpUrl$Builder;`], ['build', 'toString'], GET, `${OKHTTP2_REF}HttpUrl.Builder.html`),
  ...rows(
    [OKHTTP2_REQUEST_BUILDER],
    ['url', 'header', 'addHeader', 'post', 'put', 'patch', 'delete', 'method', 'headers', 'tag'],
    BUILD(0, 1),
    `${OKHTTP2_REF}Request.Builder.html`,
  ),
  ...rows([OKHTTP2_REQUEST_BUILDER], ['build'], GET, `${OKHTTP2_REF}Request.Builder.html`),
  ...rows([`${OKHTTP2}OkHttpClient;`], ['newCall'], FROM_ARGS(0), `${OKHTTP2_REF}OkHttpClient.html`),
  ...rows([`${OKHTTP2}RequestBody;`], ['create'], FROM_ARGS(0, 1, 2, 3), `${OKHTTP2_REF}RequestBody.html`),
  ...rows(
    [`${OKHTTP2}FormEncodingBuilder;`, `${OKHTTP2}MultipartBuilder;`],
    ['add', 'addEncoded', 'addFormDataPart', 'addPart'],
    BUILD(0, 1, 2),
    `${OKHTTP2_REF}FormEncodingBuilder.html`,
  ),
  ...rows(
    [`${OKHTTP2}FormEncodingBuilder;`, `${OKHTTP2}MultipartBuilder;`],
    ['build'],
    GET,
    `${OKHTTP2_REF}FormEncodingBuilder.html`,
  ),
  // Apache HttpClient (in Android until API 28, and shipped by older apps).
  ...rows(
    [
      'Lorg/apache/http/client/methods/HttpGet;',
      'Lorg/apache/http/client/methods/HttpPost;',
      'Lorg/apache/http/client/methods/HttpPut;',
      'Lorg/apache/http/entity/StringEntity;',
      'Lorg/apache/http/entity/ByteArrayEntity;',
      'Lorg/apache/http/client/entity/UrlEncodedFormEntity;',
      'Lorg/apache/http/message/BasicNameValuePair;',
    ],
    ['<init>'],
    INTO(0, 1),
    `${APACHE_REF}org/apache/http/client/methods/HttpPost.html`,
  ),
  ...rows(
    [
      'Lorg/apache/http/client/methods/HttpPost;',
      'Lorg/apache/http/client/methods/HttpPut;',
      'Lorg/apache/http/client/methods/HttpEntityEnclosingRequestBase;',
    ],
    ['setEntity', 'addHeader', 'setHeader', 'setURI'],
    INTO(0, 1),
    `${APACHE_REF}org/apache/http/client/methods/HttpEntityEnclosingRequestBase.html`,
  ),
  // Streams, readers and writers: writes go in (and on into what they wrap), reads come out.
  ...OUTPUTS.flatMap((owner) => rows([owner], OUTPUT_WRITES, INTO(0, 1, 2), `${JAVA}io/Writer`)),
  ...rows(
    ['Ljava/io/ObjectOutputStream;'],
    ['writeObject'],
    [{ from: [0], to: 'receiver', deep: true }],
    `${JAVA}io/ObjectOutputStream`,
  ),
  ...rows(
    ['Ljava/io/ByteArrayOutputStream;', 'Ljava/io/StringWriter;', 'Ljava/io/CharArrayWriter;'],
    ['toByteArray', 'toString', 'getBuffer', 'toCharArray'],
    GET,
    `${JAVA}io/ByteArrayOutputStream`,
  ),
  ...rows(
    ['Ljava/io/ByteArrayInputStream;', 'Ljava/io/StringReader;', 'Ljava/io/CharArrayReader;'],
    ['<init>'],
    INTO(0),
    `${JAVA}io/ByteArrayInputStream`,
  ),
  ...INPUTS.flatMap((owner) =>
    rows([owner], INPUT_READS, [...GET, { from: ['receiver'], to: 0 }], `${JAVA}io/InputStream`),
  ),
  ...[
    'Ljava/io/BufferedWriter;',
    'Ljava/io/OutputStreamWriter;',
    'Ljava/io/BufferedOutputStream;',
    'Ljava/io/DataOutputStream;',
    'Ljava/io/ObjectOutputStream;',
    'Ljava/io/FilterOutputStream;',
    'Ljava/util/zip/GZIPOutputStream;',
    'Ljava/util/zip/DeflaterOutputStream;',
    'Ljavax/crypto/CipherOutputStream;',
    'Landroid/util/Base64OutputStream;',
    'Ljava/io/InputStreamReader;',
    'Ljava/io/BufferedReader;',
    'Ljava/io/BufferedInputStream;',
    'Ljava/io/DataInputStream;',
    'Ljava/io/ObjectInputStream;',
    'Ljava/io/FilterInputStream;',
    'Ljava/util/zip/GZIPInputStream;',
    'Ljavax/crypto/CipherInputStream;',
    'Ljava/util/Scanner;',
  ].map((owner) => wrapper(owner, `${JAVA}io/FilterOutputStream`)),
  {
    method: 'Ljava/io/PrintWriter;-><init>(Ljava/io/Writer;)V',
    transfers: NOTHING,
    wraps: 0,
    reference: `${JAVA}io/PrintWriter#PrintWriter(java.io.Writer)`,
  },
  {
    method: 'Ljava/io/PrintWriter;-><init>(Ljava/io/Writer;Z)V',
    transfers: NOTHING,
    wraps: 0,
    reference: `${JAVA}io/PrintWriter#PrintWriter(java.io.Writer,%20boolean)`,
  },
  {
    method: 'Ljava/io/PrintWriter;-><init>(Ljava/io/OutputStream;)V',
    transfers: NOTHING,
    wraps: 0,
    reference: `${JAVA}io/PrintWriter#PrintWriter(java.io.OutputStream)`,
  },
  {
    method: 'Ljava/io/PrintWriter;-><init>(Ljava/io/OutputStream;Z)V',
    transfers: NOTHING,
    wraps: 0,
    reference: `${JAVA}io/PrintWriter#PrintWriter(java.io.OutputStream,%20boolean)`,
  },
  {
    method: 'Ljava/io/PrintStream;-><init>(Ljava/io/OutputStream;)V',
    transfers: NOTHING,
    wraps: 0,
    reference: `${JAVA}io/PrintStream#PrintStream(java.io.OutputStream)`,
  },
  {
    method: 'Ljava/io/PrintStream;-><init>(Ljava/io/OutputStream;Z)V',
    transfers: NOTHING,
    wraps: 0,
    reference: `${JAVA}io/PrintStream#PrintStream(java.io.OutputStream,%20boolean)`,
  },
  // java.util.Formatter writes into the Appendable it wraps.
  wrapper('Ljava/util/Formatter;', `${JAVA}util/Formatter`),
  ...rows(['Ljava/util/Formatter;'], ['format'], BUILD(0, 1, 2), `${JAVA}util/Formatter`),
  ...rows(['Ljava/util/Formatter;'], ['toString', 'out'], GET, `${JAVA}util/Formatter`),
  // Exceptions carry their message and cause.
  ...rows(['Ljava/lang/Throwable;'], ['<init>', 'initCause', 'addSuppressed'], INTO(0, 1), `${JAVA}lang/Throwable`),
  ...rows(
    ['Ljava/lang/Throwable;'],
    ['getMessage', 'getLocalizedMessage', 'getCause', 'toString', 'getSuppressed'],
    GET,
    `${JAVA}lang/Throwable`,
  ),
  // A process started with the data in its command line.
  ...rows(['Ljava/lang/ProcessBuilder;'], ['command'], BUILD(0), `${JAVA}lang/ProcessBuilder`),
  ...rows(['Ljava/lang/ProcessBuilder;'], ['<init>'], INTO(0), `${JAVA}lang/ProcessBuilder`),
  // Encodings, ciphers and digests: encoded, encrypted or hashed data is still the data.
  ...rows(
    ['Landroid/util/Base64;'],
    ['encode', 'encodeToString', 'decode'],
    FROM_ARGS(0),
    `${ANDROID}android/util/Base64`,
  ),
  ...rows(
    ['Ljava/util/Base64$Encoder;', 'Ljava/util/Base64$Decoder;'],
    ['encode', 'encodeToString', 'decode'],
    FROM_ARGS(0),
    `${JAVA}util/Base64.Encoder`,
  ),
  ...rows(
    ['Ljavax/crypto/Cipher;', 'Ljava/security/MessageDigest;', 'Ljavax/crypto/Mac;'],
    ['update'],
    [...INTO(0), ...FROM_ALL(0)],
    `${ANDROID}javax/crypto/Cipher`,
  ),
  ...rows(
    ['Ljavax/crypto/Cipher;', 'Ljava/security/MessageDigest;', 'Ljavax/crypto/Mac;'],
    ['doFinal', 'digest'],
    FROM_ALL(0),
    `${ANDROID}javax/crypto/Cipher`,
  ),
  // Where a form's text and a location come out.
  ...rows(
    ['Landroid/widget/EditText;', 'Landroid/widget/TextView;'],
    ['getText'],
    GET,
    `${ANDROID}android/widget/TextView#getText()`,
  ),
  ...rows(
    ['Landroid/location/Location;'],
    ['getLatitude', 'getLongitude', 'getAltitude', 'getAccuracy', 'getSpeed', 'getBearing', 'getTime', 'toString'],
    GET,
    `${ANDROID}android/location/Location`,
  ),
  ...rows(
    ['Landroid/database/Cursor;'],
    ['getString', 'getInt', 'getLong', 'getDouble', 'getFloat', 'getShort', 'getBlob'],
    GET,
    `${ANDROID}android/database/Cursor`,
  ),
  ...rows(
    ['Landroid/database/Cursor;'],
    [
      'moveToFirst',
      'moveToNext',
      'moveToPosition',
      'getCount',
      'getColumnIndex',
      'getColumnIndexOrThrow',
      'close',
      'isNull',
    ],
    NOTHING,
    `${ANDROID}android/database/Cursor`,
  ),
  // android.os.Message: what obtain/obtainMessage are given goes into the Message's fields (handoffs.ts), not the Message itself.
  ...rows(['Landroid/os/Handler;'], ['obtainMessage'], NOTHING, `${ANDROID}android/os/Handler`),
  ...rows(['Landroid/os/Message;'], ['obtain'], NOTHING, `${ANDROID}android/os/Message`),
];

/**
 * What passes through a call with no row: the receiver and every argument into the result,
 * unless it returns a boolean (a test, not the data); a constructor keeps its arguments in
 * the new object (`new PointF(x, y)`).
 */
export function defaultTransfers(
  argumentCount: number,
  returnType: string,
  isStatic: boolean,
  constructor = false,
): readonly Transfer[] {
  if (constructor) {
    const args: number[] = [];
    for (let index = 0; index < argumentCount; index++) args.push(index);
    return args.length === 0 ? NOTHING : [{ from: args, to: 'receiver' }];
  }
  if (returnType === 'V' || returnType === 'Z') return NOTHING;
  const from: CallPlace[] = isStatic ? [] : ['receiver'];
  for (let index = 0; index < argumentCount; index++) from.push(index);
  return [{ from, to: 'return' }];
}

/**
 * Calls whose int result has a known range, so a branch that cannot be taken on it is not
 * followed: `Random.nextInt(n)` is in [0, n) (java.util.Random#nextInt(int)); `nextInt(a, b)`
 * in [a, b) (API 35).
 */
export const INT_RESULTS: ReadonlyMap<string, (args: ReadonlyArray<Interval | undefined>) => Interval | undefined> =
  new Map([
    [
      'Ljava/util/Random;->nextInt',
      (args: ReadonlyArray<Interval | undefined>): Interval | undefined => {
        const [first, second] = args;
        if (args.length === 1 && first !== undefined && first.lo > 0) return { lo: 0, hi: first.hi - 1 };
        if (args.length === 2 && first !== undefined && second !== undefined && second.hi > first.lo)
          return { lo: first.lo, hi: second.hi - 1 };
        return undefined;
      },
    ],
  ]);
