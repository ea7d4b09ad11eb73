/**
 * Calls that hand an object to Android, which later calls one of its methods: a listener
 * registered for clicks, locations or broadcasts, a Runnable given to a thread, an executor,
 * a Handler or a Timer, a Message sent to a Handler, an AsyncTask executed. One row per
 * framework method (every overload of `Lclass;->name`, one descriptor, or `*->name(…)` for a
 * registration any view class inherits), each naming its reference page.
 *
 * A hand-off row says: a call to `method` hands the object at `object` to Android, which
 * calls `callbacks` on it, in order, with the `parameters` given (the call's receiver or one
 * of its arguments, nothing Android-made the analysis knows of, or what the previous callback
 * returned). The analysis applies the callbacks' summaries at the call site, on the objects
 * the call hands over (app classes only: a framework object runs framework code), so what
 * the callback does with the state the caller built is seen there: the IMEI a thread's
 * constructor stored is logged by its `run`; the location a listener receives is stored in
 * the activity's fields, which `onResume` sends. A parameter that is itself data (the
 * `Location` of `onLocationChanged`) is a callback-parameter source of data-sources.ts.
 *
 * An attachment row says where a call keeps an object the framework will later hand over
 * (the Runnable given to `new Thread(r)`, the Handler a Message is obtained from, a Message's
 * Bundle): it is stored under an `@…` attribute of the receiver or the result (never a field
 * the app can name), or under a real field (`Message.obj`) where the app can read it too.
 */
import type { CallPlace } from './data-sinks.js';
import { groupRows } from './group-rows.js';
import { splitSignature, type Program } from './program.js';

/** The object a call hands over: at a place of the call, the call's argument of that type, or one stored on the receiver. */
export type ObjectPlace = CallPlace | { readonly argumentOfType: string } | { readonly stored: string };

/** What Android hands a callback's parameter: a place of the call, nothing the analysis knows of, or the previous callback's result. */
type HandedValue = CallPlace | 'nothing' | 'previous-result';

interface Callback {
  /** The framework method Android calls, resolved in the handed object's class: `Lclass;->name(descriptor)ret`. */
  readonly method: string;
  readonly parameters: readonly HandedValue[];
}

export interface HandOff {
  readonly method: string;
  readonly object: ObjectPlace;
  readonly callbacks: readonly Callback[];
  /** The last callback's result is the call's result (`submit(Callable)` returns a Future of it). */
  readonly returns?: true;
  /**
   * When the handed object is not known here (a Messenger made from a binder another component
   * returned): Android calls back the app classes whose objects the app gives to this
   * constructor (`Lclass;-><init>(descriptor)V`, argument 0), each as a new object.
   */
  readonly otherwise?: string;
  /** One object per receiver: a registration the same method replaces before it returns is never called (registrations.ts). */
  readonly replaceable?: true;
  readonly reference: string;
}

export interface Attachment {
  readonly method: string;
  /** What is kept: a place of the call, the call's argument of a type, or what is stored on the receiver. */
  readonly from: ObjectPlace;
  /** Where: under `field` of the receiver or of the call's result, or the result itself (no field). */
  readonly to: 'receiver' | 'return';
  readonly field?: string;
  readonly reference: string;
}

const ANDROID = 'https://developer.android.com/reference/';
const JAVA = `${ANDROID}java/`;

const RUNNABLE = 'Ljava/lang/Runnable;';
const RUN = 'Ljava/lang/Runnable;->run()V';
const CALL = 'Ljava/util/concurrent/Callable;->call()Ljava/lang/Object;';
const HANDLE_MESSAGE = 'Landroid/os/Handler;->handleMessage(Landroid/os/Message;)V';
const CALLBACK_HANDLE_MESSAGE = 'Landroid/os/Handler$Callback;->handleMessage(Landroid/os/Message;)Z';
const MESSAGE_OBJ = 'Landroid/os/Message;->obj:Ljava/lang/Object;';
const MESSAGE_ARG1 = 'Landroid/os/Message;->arg1:I';
const MESSAGE_ARG2 = 'Landroid/os/Message;->arg2:I';
/** Attributes the analysis keeps on framework objects (never a field name the dex can hold). */
const RUNNABLE_ATTRIBUTE = '@runnable';
const CALLBACK_ATTRIBUTE = '@callback';
const TARGET_ATTRIBUTE = '@target';
const DATA_ATTRIBUTE = '@data';
const HANDLER_ATTRIBUTE = '@handler';
const MESSENGER = 'Landroid/os/Messenger;';
const MESSENGER_OF_HANDLER = `${MESSENGER}-><init>(Landroid/os/Handler;)V`;

/** One row per name: `owner->name` for every overload. */
function named(
  owner: string,
  names: readonly string[],
  object: ObjectPlace,
  callbacks: readonly Callback[],
  reference: string,
  returns = false,
): HandOff[] {
  return names.map((name) => ({
    method: `${owner}->${name}`,
    object,
    callbacks,
    ...(returns ? { returns: true as const } : {}),
    reference: `${reference}#${name.replace(/\(.*$/, '')}`,
  }));
}

const run: Callback = { method: RUN, parameters: [] };
const byType = (type: string): ObjectPlace => ({ argumentOfType: type });

/** View listeners: `setOn…Listener(listener)` on any view; Android calls the listener with the view. */
function viewListener(setter: string, listener: string, callback: string, parameters: readonly HandedValue[]): HandOff {
  return {
    method: `*->${setter}(${listener})V`,
    object: 0,
    callbacks: [{ method: `${listener}->${callback}`, parameters }],
    replaceable: true,
    reference: `${ANDROID}android/view/View#${setter}`,
  };
}

const HAND_OFFS: readonly HandOff[] = [
  // ---- Threads and deferred work ----
  // Thread.start runs the thread's run(): a subclass's own, or the Runnable given to the constructor.
  {
    method: 'Ljava/lang/Thread;->start()V',
    object: 'receiver',
    callbacks: [{ method: 'Ljava/lang/Thread;->run()V', parameters: [] }],
    reference: `${JAVA}lang/Thread#start()`,
  },
  {
    method: 'Ljava/lang/Thread;->start()V',
    object: { stored: RUNNABLE_ATTRIBUTE },
    callbacks: [run],
    reference: `${JAVA}lang/Thread#Thread(java.lang.Runnable)`,
  },
  ...named('Ljava/util/concurrent/Executor;', ['execute'], 0, [run], `${JAVA}util/concurrent/Executor`),
  ...named(
    'Ljava/util/concurrent/ExecutorService;',
    [
      'submit(Ljava/lang/Runnable;)Ljava/util/concurrent/Future;',
      'submit(Ljava/lang/Runnable;Ljava/lang/Object;)Ljava/util/concurrent/Future;',
    ],
    0,
    [run],
    `${JAVA}util/concurrent/ExecutorService`,
  ),
  ...named(
    'Ljava/util/concurrent/ExecutorService;',
    ['submit(Ljava/util/concurrent/Callable;)Ljava/util/concurrent/Future;'],
    0,
    [{ method: CALL, parameters: [] }],
    `${JAVA}util/concurrent/ExecutorService`,
    true,
  ),
  ...named(
    'Ljava/util/concurrent/ScheduledExecutorService;',
    ['schedule', 'scheduleAtFixedRate', 'scheduleWithFixedDelay'],
    byType(RUNNABLE),
    [run],
    `${JAVA}util/concurrent/ScheduledExecutorService`,
  ),
  ...named(
    'Ljava/util/concurrent/ScheduledExecutorService;',
    ['schedule'],
    byType('Ljava/util/concurrent/Callable;'),
    [{ method: CALL, parameters: [] }],
    `${JAVA}util/concurrent/ScheduledExecutorService`,
    true,
  ),
  ...named(
    'Ljava/util/Timer;',
    ['schedule', 'scheduleAtFixedRate'],
    byType('Ljava/util/TimerTask;'),
    [{ method: 'Ljava/util/TimerTask;->run()V', parameters: [] }],
    `${JAVA}util/Timer`,
  ),
  ...named(
    'Landroid/os/Handler;',
    ['post', 'postDelayed', 'postAtTime', 'postAtFrontOfQueue'],
    byType(RUNNABLE),
    [run],
    `${ANDROID}android/os/Handler`,
  ),
  // A Message sent to a Handler reaches its handleMessage, or the Handler.Callback given to its constructor.
  ...named(
    'Landroid/os/Handler;',
    ['sendMessage', 'sendMessageDelayed', 'sendMessageAtTime', 'sendMessageAtFrontOfQueue', 'dispatchMessage'],
    'receiver',
    [{ method: HANDLE_MESSAGE, parameters: [0] }],
    `${ANDROID}android/os/Handler`,
  ),
  ...named(
    'Landroid/os/Handler;',
    ['sendMessage', 'sendMessageDelayed', 'sendMessageAtTime', 'sendMessageAtFrontOfQueue', 'dispatchMessage'],
    { stored: CALLBACK_ATTRIBUTE },
    [{ method: CALLBACK_HANDLE_MESSAGE, parameters: [0] }],
    `${ANDROID}android/os/Handler#Handler(android.os.Looper,%20android.os.Handler.Callback)`,
  ),
  ...named(
    'Landroid/os/Handler;',
    ['sendEmptyMessage', 'sendEmptyMessageDelayed', 'sendEmptyMessageAtTime'],
    'receiver',
    [{ method: HANDLE_MESSAGE, parameters: ['nothing'] }],
    `${ANDROID}android/os/Handler`,
  ),
  // A Message sent through a Messenger reaches the handleMessage of the Handler the Messenger was made
  // for, in this component or (through the binder a bound service returns) in another one.
  {
    method: `${MESSENGER}->send(Landroid/os/Message;)V`,
    object: { stored: HANDLER_ATTRIBUTE },
    callbacks: [{ method: HANDLE_MESSAGE, parameters: [0] }],
    otherwise: MESSENGER_OF_HANDLER,
    reference: `${ANDROID}android/os/Messenger#send(android.os.Message)`,
  },
  {
    method: 'Landroid/os/Message;->sendToTarget()V',
    object: { stored: TARGET_ATTRIBUTE },
    callbacks: [{ method: HANDLE_MESSAGE, parameters: ['receiver'] }],
    reference: `${ANDROID}android/os/Message#sendToTarget()`,
  },
  // AsyncTask: onPreExecute, doInBackground(params), onPostExecute(its result); publishProgress → onProgressUpdate.
  ...[
    ['execute([Ljava/lang/Object;)Landroid/os/AsyncTask;', 0],
    ['executeOnExecutor(Ljava/util/concurrent/Executor;[Ljava/lang/Object;)Landroid/os/AsyncTask;', 1],
  ].map(([name, params]): HandOff => ({
    method: `Landroid/os/AsyncTask;->${name as string}`,
    object: 'receiver',
    callbacks: [
      { method: 'Landroid/os/AsyncTask;->onPreExecute()V', parameters: [] },
      {
        method: 'Landroid/os/AsyncTask;->doInBackground([Ljava/lang/Object;)Ljava/lang/Object;',
        parameters: [params as number],
      },
      { method: 'Landroid/os/AsyncTask;->onPostExecute(Ljava/lang/Object;)V', parameters: ['previous-result'] },
    ],
    reference: `${ANDROID}android/os/AsyncTask#${(name as string).replace(/\(.*$/, '')}`,
  })),
  {
    method: 'Landroid/os/AsyncTask;->execute(Ljava/lang/Runnable;)V',
    object: 0,
    callbacks: [run],
    reference: `${ANDROID}android/os/AsyncTask#execute(java.lang.Runnable)`,
  },
  {
    method: 'Landroid/os/AsyncTask;->publishProgress([Ljava/lang/Object;)V',
    object: 'receiver',
    callbacks: [{ method: 'Landroid/os/AsyncTask;->onProgressUpdate([Ljava/lang/Object;)V', parameters: [0] }],
    reference: `${ANDROID}android/os/AsyncTask#publishProgress(Progress...)`,
  },
  ...named('Landroid/app/Activity;', ['runOnUiThread'], 0, [run], `${ANDROID}android/app/Activity`),
  ...named(
    'Landroid/view/View;',
    ['post', 'postDelayed', 'postOnAnimation', 'postOnAnimationDelayed'],
    0,
    [run],
    `${ANDROID}android/view/View`,
  ),
  // Kotlin coroutines (the shapes in the corpus): the block of launch/async/withContext/runBlocking runs.
  ...named(
    'Lkotlinx/coroutines/BuildersKt;',
    ['launch', 'launch$default', 'async', 'async$default', 'withContext', 'runBlocking', 'runBlocking$default'],
    byType('Lkotlin/jvm/functions/Function2;'),
    [
      {
        method: 'Lkotlin/jvm/functions/Function2;->invoke(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;',
        parameters: ['nothing', 'nothing'],
      },
    ],
    'https://kotlinlang.org/api/kotlinx.coroutines/kotlinx-coroutines-core/kotlinx.coroutines/launch.html',
    true,
  ),

  // ---- Listeners registered in code ----
  viewListener('setOnClickListener', 'Landroid/view/View$OnClickListener;', 'onClick(Landroid/view/View;)V', [
    'receiver',
  ]),
  viewListener(
    'setOnLongClickListener',
    'Landroid/view/View$OnLongClickListener;',
    'onLongClick(Landroid/view/View;)Z',
    ['receiver'],
  ),
  viewListener(
    'setOnTouchListener',
    'Landroid/view/View$OnTouchListener;',
    'onTouch(Landroid/view/View;Landroid/view/MotionEvent;)Z',
    ['receiver', 'nothing'],
  ),
  viewListener(
    'setOnFocusChangeListener',
    'Landroid/view/View$OnFocusChangeListener;',
    'onFocusChange(Landroid/view/View;Z)V',
    ['receiver', 'nothing'],
  ),
  viewListener(
    'setOnKeyListener',
    'Landroid/view/View$OnKeyListener;',
    'onKey(Landroid/view/View;ILandroid/view/KeyEvent;)Z',
    ['receiver', 'nothing', 'nothing'],
  ),
  viewListener(
    'setOnCheckedChangeListener',
    'Landroid/widget/CompoundButton$OnCheckedChangeListener;',
    'onCheckedChanged(Landroid/widget/CompoundButton;Z)V',
    ['receiver', 'nothing'],
  ),
  viewListener(
    'setOnItemClickListener',
    'Landroid/widget/AdapterView$OnItemClickListener;',
    'onItemClick(Landroid/widget/AdapterView;Landroid/view/View;IJ)V',
    ['receiver', 'nothing', 'nothing', 'nothing'],
  ),
  viewListener(
    'setOnItemSelectedListener',
    'Landroid/widget/AdapterView$OnItemSelectedListener;',
    'onItemSelected(Landroid/widget/AdapterView;Landroid/view/View;IJ)V',
    ['receiver', 'nothing', 'nothing', 'nothing'],
  ),
  viewListener(
    'setOnEditorActionListener',
    'Landroid/widget/TextView$OnEditorActionListener;',
    'onEditorAction(Landroid/widget/TextView;ILandroid/view/KeyEvent;)Z',
    ['receiver', 'nothing', 'nothing'],
  ),
  ...['afterTextChanged(Landroid/text/Editable;)V', 'onTextChanged(Ljava/lang/CharSequence;III)V'].map(
    (callback): HandOff => ({
      method: '*->addTextChangedListener(Landroid/text/TextWatcher;)V',
      object: 0,
      callbacks: [
        {
          method: `Landroid/text/TextWatcher;->${callback}`,
          parameters: callback.startsWith('after') ? ['nothing'] : ['nothing', 'nothing', 'nothing', 'nothing'],
        },
      ],
      reference: `${ANDROID}android/widget/TextView#addTextChangedListener(android.text.TextWatcher)`,
    }),
  ),
  // Location: the position arrives in the listener (its parameter is a callback-parameter source).
  ...named(
    'Landroid/location/LocationManager;',
    ['requestLocationUpdates', 'requestSingleUpdate'],
    byType('Landroid/location/LocationListener;'),
    [
      {
        method: 'Landroid/location/LocationListener;->onLocationChanged(Landroid/location/Location;)V',
        parameters: ['nothing'],
      },
    ],
    `${ANDROID}android/location/LocationManager`,
  ),
  ...named(
    'Lcom/google/android/gms/location/FusedLocationProviderClient;',
    ['requestLocationUpdates'],
    byType('Lcom/google/android/gms/location/LocationCallback;'),
    [
      {
        method:
          'Lcom/google/android/gms/location/LocationCallback;->onLocationResult(Lcom/google/android/gms/location/LocationResult;)V',
        parameters: ['nothing'],
      },
    ],
    'https://developers.google.com/android/reference/com/google/android/gms/location/FusedLocationProviderClient',
  ),
  ...[
    'onCallStateChanged(ILjava/lang/String;)V',
    'onCellLocationChanged(Landroid/telephony/CellLocation;)V',
    'onServiceStateChanged(Landroid/telephony/ServiceState;)V',
    'onSignalStrengthsChanged(Landroid/telephony/SignalStrength;)V',
  ].map((callback): HandOff => ({
    method: 'Landroid/telephony/TelephonyManager;->listen(Landroid/telephony/PhoneStateListener;I)V',
    object: 0,
    callbacks: [
      {
        method: `Landroid/telephony/PhoneStateListener;->${callback}`,
        parameters: callback.startsWith('onCallState') ? ['nothing', 'nothing'] : ['nothing'],
      },
    ],
    reference: `${ANDROID}android/telephony/TelephonyManager#listen(android.telephony.PhoneStateListener,%20int)`,
  })),
  ...named(
    'Landroid/hardware/SensorManager;',
    ['registerListener'],
    byType('Landroid/hardware/SensorEventListener;'),
    [
      {
        method: 'Landroid/hardware/SensorEventListener;->onSensorChanged(Landroid/hardware/SensorEvent;)V',
        parameters: ['nothing'],
      },
    ],
    `${ANDROID}android/hardware/SensorManager`,
  ),
  // A receiver registered in code gets the broadcasts its filter matches.
  ...named(
    'Landroid/content/Context;',
    ['registerReceiver'],
    0,
    [
      {
        method: 'Landroid/content/BroadcastReceiver;->onReceive(Landroid/content/Context;Landroid/content/Intent;)V',
        parameters: ['receiver', 'nothing'],
      },
    ],
    `${ANDROID}android/content/Context`,
  ),
  ...[
    'Landroid/support/v4/content/LocalBroadcastManager;',
    'Landroidx/localbroadcastmanager/content/LocalBroadcastManager;',
  ].flatMap((owner) =>
    named(
      owner,
      ['registerReceiver'],
      0,
      [
        {
          method: 'Landroid/content/BroadcastReceiver;->onReceive(Landroid/content/Context;Landroid/content/Intent;)V',
          parameters: ['nothing', 'nothing'],
        },
      ],
      `${ANDROID}androidx/localbroadcastmanager/content/LocalBroadcastManager`,
    ),
  ),
  ...named(
    'Landroid/content/SharedPreferences;',
    ['registerOnSharedPreferenceChangeListener'],
    0,
    [
      {
        method:
          'Landroid/content/SharedPreferences$OnSharedPreferenceChangeListener;->onSharedPreferenceChanged(Landroid/content/SharedPreferences;Ljava/lang/String;)V',
        parameters: ['receiver', 'nothing'],
      },
    ],
    `${ANDROID}android/content/SharedPreferences`,
  ),
  ...named(
    'Landroid/content/ClipboardManager;',
    ['addPrimaryClipChangedListener'],
    0,
    [
      {
        method: 'Landroid/content/ClipboardManager$OnPrimaryClipChangedListener;->onPrimaryClipChanged()V',
        parameters: [],
      },
    ],
    `${ANDROID}android/content/ClipboardManager`,
  ),
];

function attach(
  method: string,
  from: ObjectPlace,
  to: 'receiver' | 'return',
  field: string | undefined,
  reference: string,
): Attachment {
  return { method, from, to, ...(field === undefined ? {} : { field }), reference };
}

const HANDLER = `${ANDROID}android/os/Handler`;
const MESSAGE_REF = `${ANDROID}android/os/Message`;

const ATTACHMENTS: readonly Attachment[] = [
  attach(
    'Ljava/lang/Thread;-><init>',
    byType(RUNNABLE),
    'receiver',
    RUNNABLE_ATTRIBUTE,
    `${JAVA}lang/Thread#Thread(java.lang.Runnable)`,
  ),
  attach(
    'Landroid/os/Handler;-><init>',
    byType('Landroid/os/Handler$Callback;'),
    'receiver',
    CALLBACK_ATTRIBUTE,
    `${HANDLER}#Handler(android.os.Handler.Callback)`,
  ),
  // A Message obtained from a Handler goes back to it (sendToTarget), with what obtainMessage put in it.
  attach('Landroid/os/Handler;->obtainMessage', 'receiver', 'return', TARGET_ATTRIBUTE, `${HANDLER}#obtainMessage()`),
  attach(
    'Landroid/os/Handler;->obtainMessage(ILjava/lang/Object;)Landroid/os/Message;',
    1,
    'return',
    MESSAGE_OBJ,
    `${HANDLER}#obtainMessage(int,%20java.lang.Object)`,
  ),
  attach(
    'Landroid/os/Handler;->obtainMessage(IIILjava/lang/Object;)Landroid/os/Message;',
    3,
    'return',
    MESSAGE_OBJ,
    `${HANDLER}#obtainMessage(int,%20int,%20int,%20java.lang.Object)`,
  ),
  attach(
    'Landroid/os/Handler;->obtainMessage(III)Landroid/os/Message;',
    1,
    'return',
    MESSAGE_ARG1,
    `${HANDLER}#obtainMessage(int,%20int,%20int)`,
  ),
  attach(
    'Landroid/os/Handler;->obtainMessage(III)Landroid/os/Message;',
    2,
    'return',
    MESSAGE_ARG2,
    `${HANDLER}#obtainMessage(int,%20int,%20int)`,
  ),
  attach(
    'Landroid/os/Handler;->obtainMessage(IIILjava/lang/Object;)Landroid/os/Message;',
    1,
    'return',
    MESSAGE_ARG1,
    `${HANDLER}#obtainMessage(int,%20int,%20int,%20java.lang.Object)`,
  ),
  attach(
    'Landroid/os/Handler;->obtainMessage(IIILjava/lang/Object;)Landroid/os/Message;',
    2,
    'return',
    MESSAGE_ARG2,
    `${HANDLER}#obtainMessage(int,%20int,%20int,%20java.lang.Object)`,
  ),
  attach(
    'Landroid/os/Message;->obtain',
    byType('Landroid/os/Handler;'),
    'return',
    TARGET_ATTRIBUTE,
    `${MESSAGE_REF}#obtain(android.os.Handler)`,
  ),
  attach(
    'Landroid/os/Message;->obtain(Landroid/os/Handler;ILjava/lang/Object;)Landroid/os/Message;',
    2,
    'return',
    MESSAGE_OBJ,
    `${MESSAGE_REF}#obtain(android.os.Handler,%20int,%20java.lang.Object)`,
  ),
  attach(
    'Landroid/os/Message;->obtain(Landroid/os/Handler;IIILjava/lang/Object;)Landroid/os/Message;',
    4,
    'return',
    MESSAGE_OBJ,
    `${MESSAGE_REF}#obtain(android.os.Handler,%20int,%20int,%20int,%20java.lang.Object)`,
  ),
  attach(
    'Landroid/os/Message;->obtain(Landroid/os/Handler;III)Landroid/os/Message;',
    2,
    'return',
    MESSAGE_ARG1,
    `${MESSAGE_REF}#obtain(android.os.Handler,%20int,%20int,%20int)`,
  ),
  attach(
    'Landroid/os/Message;->obtain(Landroid/os/Handler;III)Landroid/os/Message;',
    3,
    'return',
    MESSAGE_ARG2,
    `${MESSAGE_REF}#obtain(android.os.Handler,%20int,%20int,%20int)`,
  ),
  // A Messenger made for a Handler keeps it, and so does the binder it returns to the clients of a bound service.
  attach(
    MESSENGER_OF_HANDLER,
    0,
    'receiver',
    HANDLER_ATTRIBUTE,
    `${ANDROID}android/os/Messenger#Messenger(android.os.Handler)`,
  ),
  attach(
    `${MESSENGER}->getBinder()Landroid/os/IBinder;`,
    { stored: HANDLER_ATTRIBUTE },
    'return',
    HANDLER_ATTRIBUTE,
    `${ANDROID}android/os/Messenger#getBinder()`,
  ),
  // Message.setData/getData: the same Bundle object comes back (its extras keep their keys).
  attach(
    'Landroid/os/Message;->setData(Landroid/os/Bundle;)V',
    0,
    'receiver',
    DATA_ATTRIBUTE,
    `${MESSAGE_REF}#setData(android.os.Bundle)`,
  ),
  attach(
    'Landroid/os/Message;->getData()Landroid/os/Bundle;',
    { stored: DATA_ATTRIBUTE },
    'return',
    undefined,
    `${MESSAGE_REF}#getData()`,
  ),
  attach(
    'Landroid/os/Message;->peekData()Landroid/os/Bundle;',
    { stored: DATA_ATTRIBUTE },
    'return',
    undefined,
    `${MESSAGE_REF}#peekData()`,
  ),
];

/** The rows by method: static tables, built once at load. */
const HAND_OFFS_BY_METHOD: ReadonlyMap<string, readonly HandOff[]> = groupRows(HAND_OFFS, (row) => row.method);
const ATTACHMENTS_BY_METHOD: ReadonlyMap<string, readonly Attachment[]> = groupRows(ATTACHMENTS, (row) => row.method);
/** Method names some row names: a call of any other name has no row on any class. */
const ROW_NAMES: ReadonlySet<string> = new Set(
  [...HAND_OFFS_BY_METHOD.keys(), ...ATTACHMENTS_BY_METHOD.keys()].map((key) => splitSignature(key).name),
);
const NO_ROWS: { handOffs: readonly HandOff[]; attachments: readonly Attachment[] } = { handOffs: [], attachments: [] };

/** The two tables compiled into lookups by framework method, through its supertypes (nearest first). */
export class HandOffTables {
  private readonly handOffs = HAND_OFFS_BY_METHOD;
  private readonly attachments = ATTACHMENTS_BY_METHOD;
  private readonly cache = new Map<string, { handOffs: readonly HandOff[]; attachments: readonly Attachment[] }>();

  private readonly madeFor = new Map<string, readonly string[]>();

  constructor(private readonly program: Program) {}

  /**
   * App classes whose objects the app passes to `constructor` (argument 0): the classes a method
   * calling it instantiates that are subtypes of the parameter's type.
   */
  classesGivenTo(constructor: string): readonly string[] {
    let cached = this.madeFor.get(constructor);
    if (cached !== undefined) return cached;
    const parameter = /^[^(]*\((L[^;]*;)/.exec(constructor)?.[1];
    const makers = new Set(this.program.code.callSitesOf(constructor).map((call) => call.caller));
    const out = new Set<string>();
    if (parameter !== undefined)
      for (const type of this.program.descendants(parameter))
        if (
          this.program.isAppClass(type) &&
          this.program.code.typeUses(type).some((use) => use.kind === 'new-instance' && makers.has(use.caller))
        )
          out.add(type);
    cached = [...out];
    this.madeFor.set(constructor, cached);
    return cached;
  }

  /** Rows for a call of the framework method `signature` (empty lists for most calls). */
  at(signature: string): { handOffs: readonly HandOff[]; attachments: readonly Attachment[] } {
    let cached = this.cache.get(signature);
    if (cached !== undefined) return cached;
    const { owner, name, descriptor } = splitSignature(signature);
    if (!ROW_NAMES.has(name)) {
      this.cache.set(signature, NO_ROWS);
      return NO_ROWS;
    }
    const find = <T>(table: ReadonlyMap<string, readonly T[]>): readonly T[] => {
      for (const ancestor of this.program.ancestors(owner)) {
        const rows = [
          ...(table.get(`${ancestor}->${name}${descriptor}`) ?? []),
          ...(table.get(`${ancestor}->${name}`) ?? []),
        ];
        if (rows.length > 0) return rows;
      }
      return table.get(`*->${name}${descriptor}`) ?? [];
    };
    cached = { handOffs: find(this.handOffs), attachments: find(this.attachments) };
    this.cache.set(signature, cached);
    return cached;
  }
}
