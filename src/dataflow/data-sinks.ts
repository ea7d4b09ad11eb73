/**
 * Where data leaves the app, by kind: the calls that send, log, store or hand data to
 * another app or process. A flow ends at one of these.
 *
 * Two row shapes:
 * - `call`: a call of `Lclass;->name` (every overload, or one descriptor) sends what its
 *   `leaks` places hold (arguments by index, the receiver object).
 * - `stream`: objects made by `origin` (a constructor, or the return of a method) are
 *   endpoints: data written into them, or into a stream or writer wrapped around them
 *   (library-models.ts `wraps`), leaves at the write.
 * The arguments of an app's own `native` methods are sinks of kind `native` (no row: the
 * analysis reads the method's access flags).
 * Facts from the Android and Java API references; each row names its page.
 */

export type SinkKind = 'network' | 'sms' | 'log' | 'file' | 'preferences' | 'intent' | 'ipc' | 'native' | 'other';

/** A value at a call: the receiver object or an argument (0 = the first declared parameter). */
export type CallPlace = 'receiver' | number;

export interface CallSink {
  readonly shape: 'call';
  /** `Lclass;->name` (all overloads) or `Lclass;->name(descriptor)ret`. */
  readonly method: string;
  readonly kind: SinkKind;
  /** Places whose data leaves; `arguments` is every argument. */
  readonly leaks: 'arguments' | readonly CallPlace[];
  /** Where the destination (URL, number, file, action) of the call is read from, when it has one. */
  readonly destination?: CallPlace;
  /** Only when the receiver holds this static field's value (`System.out`, not any PrintStream). */
  readonly receiverField?: string;
  /** What the call does, for the claim: "sends an SMS". */
  readonly does: string;
  readonly reference: string;
}

export interface StreamSink {
  readonly shape: 'stream';
  /** `Lclass;-><init>` (a new object) or `Lclass;->name` (the object the call returns). */
  readonly origin: string;
  readonly kind: SinkKind;
  /** Where the destination is read from: a constructor argument, or the receiver of `origin`. */
  readonly destination?: CallPlace;
  readonly does: string;
  readonly reference: string;
}

export type DataSink = CallSink | StreamSink;

const ANDROID = 'https://developer.android.com/reference/';
const JAVA = `${ANDROID}java/`;

function calls(
  owner: string,
  names: readonly string[],
  kind: SinkKind,
  leaks: CallSink['leaks'],
  does: string,
  reference: string,
  extra: Partial<Pick<CallSink, 'destination' | 'receiverField'>> = {},
): CallSink[] {
  return names.map((name) => ({
    shape: 'call',
    method: `${owner}->${name}`,
    kind,
    leaks,
    does,
    reference: `${reference}#${name.replace(/\(.*$/, '')}`,
    ...extra,
  }));
}

function stream(origin: string, kind: SinkKind, does: string, reference: string, destination?: CallPlace): StreamSink {
  return { shape: 'stream', origin, kind, does, reference, ...(destination === undefined ? {} : { destination }) };
}

const LOG_LEVELS = ['v', 'd', 'i', 'w', 'e', 'wtf', 'println'];
const PRINT_METHODS = ['print', 'println', 'printf', 'format', 'write', 'append'];
const CONTEXT_CLASSES = ['Landroid/content/Context;', 'Landroid/content/ContextWrapper;', 'Landroid/app/Activity;'];

export const DATA_SINKS: readonly DataSink[] = [
  // sms
  ...calls(
    'Landroid/telephony/SmsManager;',
    ['sendTextMessage', 'sendMultipartTextMessage', 'sendDataMessage'],
    'sms',
    'arguments',
    'sends an SMS',
    `${ANDROID}android/telephony/SmsManager`,
    { destination: 0 },
  ),
  ...calls(
    'Landroid/telephony/gsm/SmsManager;',
    ['sendTextMessage', 'sendMultipartTextMessage', 'sendDataMessage'],
    'sms',
    'arguments',
    'sends an SMS',
    `${ANDROID}android/telephony/gsm/SmsManager`,
    { destination: 0 },
  ),
  // log
  ...calls(
    'Landroid/util/Log;',
    LOG_LEVELS,
    'log',
    'arguments',
    'writes to the system log',
    `${ANDROID}android/util/Log`,
  ),
  ...['Ljava/lang/System;->out:Ljava/io/PrintStream;', 'Ljava/lang/System;->err:Ljava/io/PrintStream;'].flatMap(
    (field) =>
      calls(
        'Ljava/io/PrintStream;',
        PRINT_METHODS,
        'log',
        'arguments',
        'prints to standard output (the system log on Android)',
        `${JAVA}io/PrintStream`,
        { receiverField: field },
      ),
  ),
  // file
  stream('Ljava/io/FileOutputStream;-><init>', 'file', 'writes to a file', `${JAVA}io/FileOutputStream`, 0),
  stream('Ljava/io/FileWriter;-><init>', 'file', 'writes to a file', `${JAVA}io/FileWriter`, 0),
  stream('Ljava/io/RandomAccessFile;-><init>', 'file', 'writes to a file', `${JAVA}io/RandomAccessFile`, 0),
  stream('Ljava/io/PrintWriter;-><init>(Ljava/lang/String;)V', 'file', 'writes to a file', `${JAVA}io/PrintWriter`, 0),
  stream('Ljava/io/PrintWriter;-><init>(Ljava/io/File;)V', 'file', 'writes to a file', `${JAVA}io/PrintWriter`, 0),
  stream('Ljava/io/PrintStream;-><init>(Ljava/lang/String;)V', 'file', 'writes to a file', `${JAVA}io/PrintStream`, 0),
  stream('Ljava/io/PrintStream;-><init>(Ljava/io/File;)V', 'file', 'writes to a file', `${JAVA}io/PrintStream`, 0),
  ...CONTEXT_CLASSES.map((owner) =>
    stream(
      `${owner}->openFileOutput`,
      'file',
      'writes to a file',
      `${ANDROID}android/content/Context#openFileOutput`,
      0,
    ),
  ),
  ...calls(
    'Ljava/nio/file/Files;',
    ['write', 'writeString'],
    'file',
    'arguments',
    'writes to a file',
    `${JAVA}nio/file/Files`,
    { destination: 0 },
  ),
  // preferences
  ...calls(
    'Landroid/content/SharedPreferences$Editor;',
    ['putString', 'putStringSet', 'putInt', 'putLong', 'putFloat', 'putBoolean'],
    'preferences',
    'arguments',
    'stores in the shared preferences',
    `${ANDROID}android/content/SharedPreferences.Editor`,
  ),
  // network
  ...calls(
    'Ljava/net/URL;',
    ['openConnection', 'openStream', 'getContent'],
    'network',
    ['receiver'],
    'opens a connection to a URL',
    `${JAVA}net/URL`,
    { destination: 'receiver' },
  ),
  ...['Ljava/net/URLConnection;', 'Ljava/net/HttpURLConnection;', 'Ljavax/net/ssl/HttpsURLConnection;'].flatMap(
    (owner) =>
      calls(
        owner,
        ['setRequestProperty', 'addRequestProperty'],
        'network',
        'arguments',
        'sends an HTTP header',
        `${JAVA}net/URLConnection`,
        { destination: 'receiver' },
      ),
  ),
  ...['Ljava/net/URLConnection;', 'Ljava/net/HttpURLConnection;', 'Ljavax/net/ssl/HttpsURLConnection;'].map((owner) =>
    stream(
      `${owner}->getOutputStream`,
      'network',
      'sends in an HTTP request body',
      `${JAVA}net/URLConnection#getOutputStream()`,
      'receiver',
    ),
  ),
  stream('Ljava/net/Socket;->getOutputStream', 'network', 'sends over a socket', `${JAVA}net/Socket`, 'receiver'),
  ...calls(
    'Ljava/net/DatagramSocket;',
    ['send'],
    'network',
    'arguments',
    'sends a UDP datagram',
    `${JAVA}net/DatagramSocket`,
  ),
  ...calls(
    'Landroid/webkit/WebView;',
    ['loadUrl', 'postUrl', 'evaluateJavascript', 'loadData', 'loadDataWithBaseURL'],
    'network',
    'arguments',
    'loads in a WebView',
    `${ANDROID}android/webkit/WebView`,
    { destination: 0 },
  ),
  ...calls(
    'Lokhttp3/Call;',
    ['execute', 'enqueue'],
    'network',
    ['receiver'],
    'sends an HTTP request (OkHttp)',
    'https://square.github.io/okhttp/5.x/okhttp/okhttp3/-call/index.html',
    { destination: 'receiver' },
  ),
  ...calls(
    'Lcom/squareup/okhttp/Call;',
    ['execute', 'enqueue'],
    'network',
    ['receiver'],
    'sends an HTTP request (OkHttp 2)',
    'https://square.github.io/okhttp/2.x/okhttp/com/squareup/okhttp/Call.html',
    { destination: 'receiver' },
  ),
  ...calls(
    'Lorg/apache/http/client/HttpClient;',
    ['execute'],
    'network',
    'arguments',
    'sends an HTTP request (Apache HttpClient)',
    'https://hc.apache.org/httpcomponents-client-4.5.x/current/httpclient/apidocs/org/apache/http/client/HttpClient.html',
    { destination: 0 },
  ),
  ...calls(
    'Lorg/apache/http/impl/client/DefaultHttpClient;',
    ['execute'],
    'network',
    'arguments',
    'sends an HTTP request (Apache HttpClient)',
    'https://hc.apache.org/httpcomponents-client-4.5.x/current/httpclient/apidocs/org/apache/http/impl/client/DefaultHttpClient.html',
    { destination: 0 },
  ),
  ...calls(
    'Lcom/android/volley/RequestQueue;',
    ['add'],
    'network',
    'arguments',
    'sends an HTTP request (Volley)',
    'https://google.github.io/volley/',
    { destination: 0 },
  ),
  // intent: data handed to whatever component receives the intent
  ...CONTEXT_CLASSES.flatMap((owner) =>
    calls(
      owner,
      [
        'startActivity',
        'startActivities',
        'startActivityForResult',
        'startService',
        'startForegroundService',
        'bindService',
        'sendBroadcast',
        'sendOrderedBroadcast',
        'sendStickyBroadcast',
      ],
      'intent',
      [0],
      'sends an Intent',
      `${ANDROID}android/content/Context`,
      { destination: 0 },
    ),
  ),
  ...calls(
    'Landroid/app/Activity;',
    ['setResult'],
    'intent',
    [1],
    'returns an Intent to the calling app',
    `${ANDROID}android/app/Activity`,
  ),
  // ipc
  ...calls(
    'Landroid/content/ContentResolver;',
    ['insert', 'bulkInsert', 'update', 'call'],
    'ipc',
    'arguments',
    'writes to a content provider',
    `${ANDROID}android/content/ContentResolver`,
    { destination: 0 },
  ),
  ...calls(
    'Landroid/os/Messenger;',
    ['send'],
    'ipc',
    'arguments',
    'sends a Message to a service',
    `${ANDROID}android/os/Messenger`,
  ),
  // other
  ...calls(
    'Ljava/lang/ProcessBuilder;',
    ['start'],
    'other',
    ['receiver'],
    'runs a program with it',
    `${JAVA}lang/ProcessBuilder`,
  ),
  ...calls('Ljava/lang/Runtime;', ['exec'], 'other', 'arguments', 'runs a program with it', `${JAVA}lang/Runtime`),
  ...calls(
    'Landroid/content/ClipboardManager;',
    ['setPrimaryClip', 'setText'],
    'other',
    'arguments',
    'puts it on the clipboard',
    `${ANDROID}android/content/ClipboardManager`,
  ),
];

/** The rows of one shape, in table order. */
