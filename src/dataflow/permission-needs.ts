/**
 * Which permission a call, a provider URI or a broadcast needs: the permission half of the one
 * table of data sources (data-sources.ts). Rows of that table carry a `needs` list; the calls that
 * need a runtime permission but read no data category of ours (placing a call, a sensor, an
 * activity-recognition client…) are the `permission-use` rows below, in the same table.
 *
 * Every need comes from the Android API reference: the page's `@RequiresPermission` annotation
 * ("Requires android.Manifest.permission.X" in the method's entry) or, for providers and
 * broadcasts, the permission its guide names. A row cites that page. No third-party mapping
 * (PScout, Axplorer, Arcade) is copied here.
 */

/** What one call, URI or broadcast needs of the permissions the app holds. */
export interface PermissionNeed {
  /** Any one of these permissions, short names under `android.permission.` (`ACCESS_FINE_LOCATION`). */
  readonly anyOf: readonly string[];
  /**
   * Without one of them Android refuses the call (SecurityException), returns nothing useful, or
   * never delivers the broadcast. A need that is not strict still counts as a use of the permission
   * (a sensor call may read the heart rate) but a call without it is not a finding.
   */
  readonly strict: boolean;
  /** The need holds only when the app targets at least this API level (a newer permission replaced an older one). */
  readonly targetAtLeast?: number;
  /** The need holds only when the app targets below this API level (a newer permission replaced this one). */
  readonly targetBelow?: number;
  /** The need holds only on devices below this API level (the platform stopped asking): the app's minSdk must be lower. */
  readonly deviceBelow?: number;
}

/** The SDK levels of one app that decide which needs hold (aapt's defaults when the manifest is silent). */
export interface SdkLevels {
  readonly minSdk: number;
  readonly targetSdk: number;
}

/** `need` holds for an app with these SDK levels. */
export function needHolds(need: PermissionNeed, levels: SdkLevels): boolean {
  if (need.targetAtLeast !== undefined && levels.targetSdk < need.targetAtLeast) return false;
  if (need.targetBelow !== undefined && levels.targetSdk >= need.targetBelow) return false;
  if (need.deviceBelow !== undefined && levels.minSdk >= need.deviceBelow) return false;
  return true;
}

/** A `permission-use` row: a call or a code string that needs a permission and reads no data category. */
export interface PermissionUseSource {
  readonly kind: 'permission-use';
  /** `Lclass;->name` (all overloads), or undefined for a string row. */
  readonly api?: string;
  /** A string constant the code loads (an intent action javac inlined: `android.intent.action.CALL`). */
  readonly string?: string;
  /** `string` is the start of the constants that count (a path under `/sdcard`), not the whole constant. */
  readonly prefix?: boolean;
  /** What the call does, for the finding: `places a phone call`. */
  readonly does: string;
  readonly needs: readonly PermissionNeed[];
  readonly reference: string;
}

/** A need on any one of `anyOf`. */
export function need(
  anyOf: readonly string[],
  strict: boolean,
  sdk: Omit<PermissionNeed, 'anyOf' | 'strict'> = {},
): PermissionNeed {
  return { anyOf, strict, ...sdk };
}

/** API 29 introduced ACTIVITY_RECOGNITION and ACCESS_MEDIA_LOCATION; API 31 the Bluetooth permissions; API 33 NEARBY_WIFI_DEVICES and POST_NOTIFICATIONS. */
const API_Q = 29;
export const API_S = 31;
const API_TIRAMISU = 33;
/** API 26: GET_ACCOUNTS no longer lists other apps' accounts. */
export const API_O = 26;

export const LOCATION = ['ACCESS_FINE_LOCATION', 'ACCESS_COARSE_LOCATION'];
export const FINE_LOCATION = ['ACCESS_FINE_LOCATION'];
/** Shared storage: any of these lets the app read other apps' files or media (by Android version). */
export const STORAGE = [
  'READ_EXTERNAL_STORAGE',
  'WRITE_EXTERNAL_STORAGE',
  'MANAGE_EXTERNAL_STORAGE',
  'READ_MEDIA_IMAGES',
  'READ_MEDIA_VIDEO',
  'READ_MEDIA_AUDIO',
];
/** TelephonyManager's line number: READ_PHONE_NUMBERS (API 26), READ_SMS, or READ_PHONE_STATE. */
export const PHONE_NUMBERS = ['READ_PHONE_STATE', 'READ_PHONE_NUMBERS', 'READ_SMS'];

const REF = 'https://developer.android.com/reference/';
const GMS = 'https://developers.google.com/android/reference/';

function use(
  owner: string,
  names: readonly string[],
  does: string,
  needs: readonly PermissionNeed[],
  reference: string,
): PermissionUseSource[] {
  return names.map((name) => ({
    kind: 'permission-use',
    api: `${owner}->${name}`,
    does,
    needs,
    reference: `${reference}#${name}`,
  }));
}

function stringUse(
  text: string,
  does: string,
  needs: readonly PermissionNeed[],
  reference: string,
  prefix = false,
): PermissionUseSource {
  return { kind: 'permission-use', string: text, does, needs, reference, ...(prefix ? { prefix } : {}) };
}

export const PERMISSION_USES: readonly PermissionUseSource[] = [
  // Phone: calls and call state.
  ...use(
    'Landroid/telecom/TelecomManager;',
    ['placeCall'],
    'places a phone call',
    [need(['CALL_PHONE'], true)],
    `${REF}android/telecom/TelecomManager`,
  ),
  // The action string is also what a receiver compares getAction() with: a use, not a need.
  stringUse(
    'android.intent.action.CALL',
    'places a phone call (Intent.ACTION_CALL)',
    [need(['CALL_PHONE'], false)],
    `${REF}android/content/Intent#ACTION_CALL`,
  ),
  ...use(
    'Landroid/telecom/TelecomManager;',
    ['acceptRingingCall', 'endCall'],
    'answers or ends phone calls',
    [need(['ANSWER_PHONE_CALLS'], true)],
    `${REF}android/telecom/TelecomManager`,
  ),
  ...use(
    'Landroid/telecom/TelecomManager;',
    ['getCallCapablePhoneAccounts', 'isInCall', 'getLine1Number'],
    'reads the phone accounts and call state',
    [need(['READ_PHONE_STATE'], true)],
    `${REF}android/telecom/TelecomManager`,
  ),
  ...use(
    'Landroid/telephony/TelephonyManager;',
    ['getCallState'],
    'reads whether a call is ringing or under way',
    [need(['READ_PHONE_STATE'], true, { targetAtLeast: API_S })],
    `${REF}android/telephony/TelephonyManager`,
  ),
  ...use(
    'Landroid/telephony/TelephonyManager;',
    ['getDeviceSoftwareVersion', 'getGroupIdLevel1', 'getDataNetworkType', 'getVoiceNetworkType', 'getServiceState'],
    'reads the phone state',
    [need(['READ_PHONE_STATE'], true)],
    `${REF}android/telephony/TelephonyManager`,
  ),
  // listen(): which events need READ_PHONE_STATE or a location permission depends on the flags passed.
  ...use(
    'Landroid/telephony/TelephonyManager;',
    ['listen', 'registerTelephonyCallback'],
    'listens to the phone state',
    [need(['READ_PHONE_STATE', ...LOCATION], false)],
    `${REF}android/telephony/TelephonyManager`,
  ),
  ...use(
    'Landroid/telephony/SubscriptionManager;',
    ['getActiveSubscriptionInfo', 'getActiveSubscriptionInfoCount', 'getActiveSubscriptionInfoForSimSlotIndex'],
    'reads the SIM subscriptions',
    [need(['READ_PHONE_STATE'], true)],
    `${REF}android/telephony/SubscriptionManager`,
  ),
  ...use(
    'Landroid/provider/CallLog$Calls;',
    ['getLastOutgoingCall'],
    'reads the last number called',
    [need(['READ_CALL_LOG'], true)],
    `${REF}android/provider/CallLog.Calls`,
  ),
  ...use(
    'Landroid/net/sip/SipManager;',
    ['open', 'makeAudioCall', 'register'],
    'makes internet (SIP) calls',
    [need(['USE_SIP'], true)],
    `${REF}android/net/sip/SipManager`,
  ),
  // Location beyond the data-source rows: status listeners and the older Play-services API.
  ...use(
    'Landroid/location/LocationManager;',
    ['addGpsStatusListener', 'registerGnssStatusCallback', 'addNmeaListener', 'registerGnssMeasurementsCallback'],
    'follows the satellite fix',
    [need(FINE_LOCATION, true)],
    `${REF}android/location/LocationManager`,
  ),
  ...use(
    'Landroid/location/LocationManager;',
    ['addProximityAlert'],
    'watches for the phone entering an area',
    [need(LOCATION, true)],
    `${REF}android/location/LocationManager`,
  ),
  ...use(
    'Lcom/google/android/gms/location/FusedLocationProviderApi;',
    ['getLastLocation', 'requestLocationUpdates'],
    "asks Play services for the phone's location",
    [need(LOCATION, true)],
    `${GMS}com/google/android/gms/location/FusedLocationProviderApi`,
  ),
  ...use(
    'Lcom/google/android/gms/location/GeofencingClient;',
    ['addGeofences'],
    'watches for the phone entering an area',
    [need(FINE_LOCATION, true)],
    `${GMS}com/google/android/gms/location/GeofencingClient`,
  ),
  ...use(
    'Landroid/net/wifi/WifiManager;',
    ['startScan'],
    'scans for Wi-Fi networks',
    [
      need(LOCATION, false, { targetBelow: API_TIRAMISU }),
      need(['NEARBY_WIFI_DEVICES', ...LOCATION], false, { targetAtLeast: API_TIRAMISU }),
    ],
    `${REF}android/net/wifi/WifiManager`,
  ),
  ...use(
    'Landroid/net/wifi/p2p/WifiP2pManager;',
    ['discoverPeers', 'requestPeers'],
    'looks for Wi-Fi Direct devices nearby',
    [
      need(FINE_LOCATION, true, { targetBelow: API_TIRAMISU }),
      need(['NEARBY_WIFI_DEVICES'], true, { targetAtLeast: API_TIRAMISU }),
    ],
    `${REF}android/net/wifi/p2p/WifiP2pManager`,
  ),
  ...use(
    'Landroid/bluetooth/le/BluetoothLeScanner;',
    ['startScan'],
    'scans for Bluetooth devices nearby',
    [need(LOCATION, true, { targetBelow: API_S }), need(['BLUETOOTH_SCAN'], true, { targetAtLeast: API_S })],
    `${REF}android/bluetooth/le/BluetoothLeScanner`,
  ),
  ...use(
    'Landroid/bluetooth/le/BluetoothLeAdvertiser;',
    ['startAdvertising', 'startAdvertisingSet'],
    'advertises to Bluetooth devices nearby',
    [need(['BLUETOOTH_ADVERTISE'], true, { targetAtLeast: API_S })],
    `${REF}android/bluetooth/le/BluetoothLeAdvertiser`,
  ),
  ...use(
    'Landroid/bluetooth/BluetoothAdapter;',
    ['enable', 'disable', 'getName'],
    'turns Bluetooth on or off, or reads its name',
    [need(['BLUETOOTH_CONNECT'], true, { targetAtLeast: API_S })],
    `${REF}android/bluetooth/BluetoothAdapter`,
  ),
  ...use(
    'Landroid/bluetooth/BluetoothDevice;',
    ['connectGatt', 'createBond', 'getName'],
    'connects to a Bluetooth device',
    [need(['BLUETOOTH_CONNECT'], true, { targetAtLeast: API_S })],
    `${REF}android/bluetooth/BluetoothDevice`,
  ),
  // Body sensors and activity: which sensor is opened is an argument; a call counts as a use, never as a need.
  ...use(
    'Landroid/hardware/SensorManager;',
    ['getDefaultSensor', 'getSensorList'],
    'opens a sensor (heart rate and step counter need a permission)',
    [need(['BODY_SENSORS', 'ACTIVITY_RECOGNITION'], false)],
    `${REF}android/hardware/Sensor#TYPE_HEART_RATE`,
  ),
  ...use(
    'Lcom/google/android/gms/location/ActivityRecognitionClient;',
    ['requestActivityUpdates', 'requestActivityTransitionUpdates', 'requestSleepSegmentUpdates'],
    'recognises walking, driving or sleep',
    [need(['ACTIVITY_RECOGNITION'], true, { targetAtLeast: API_Q })],
    `${GMS}com/google/android/gms/location/ActivityRecognitionClient`,
  ),
  // Microphone and camera besides the data-source rows.
  ...use(
    'Landroid/speech/SpeechRecognizer;',
    ['startListening'],
    'listens through the microphone for speech',
    [need(['RECORD_AUDIO'], false)],
    `${REF}android/speech/SpeechRecognizer`,
  ),
  ...use(
    'Landroid/provider/MediaStore;',
    ['setRequireOriginal'],
    'reads where photos were taken',
    [need(['ACCESS_MEDIA_LOCATION'], true, { targetAtLeast: API_Q })],
    `${REF}android/provider/MediaStore`,
  ),
  // Shared storage by path: the code names the folder (a File on it needs the permission below API 29).
  ...['/sdcard', '/mnt/sdcard', '/storage/emulated/', '/storage/sdcard'].map((path) =>
    stringUse(
      path,
      'names shared storage by path',
      [need(STORAGE, false)],
      `${REF}android/Manifest.permission#READ_EXTERNAL_STORAGE`,
      true,
    ),
  ),
  ...use(
    'Landroid/app/DownloadManager$Request;',
    ['setDestinationInExternalPublicDir'],
    'saves a download to shared storage',
    [need(['WRITE_EXTERNAL_STORAGE'], false, { deviceBelow: API_Q })],
    `${REF}android/app/DownloadManager.Request`,
  ),
  // Broadcasts registered in code: the action string (the receiver also compares it, so a use, not a need).
  stringUse(
    'android.provider.Telephony.SMS_RECEIVED',
    'listens for incoming SMS',
    [need(['RECEIVE_SMS'], false)],
    `${REF}android/provider/Telephony.Sms.Intents#SMS_RECEIVED_ACTION`,
  ),
  stringUse(
    'android.intent.action.NEW_OUTGOING_CALL',
    'listens for outgoing calls',
    [need(['PROCESS_OUTGOING_CALLS'], false)],
    `${REF}android/content/Intent#ACTION_NEW_OUTGOING_CALL`,
  ),
  stringUse(
    'android.intent.action.PHONE_STATE',
    'listens for incoming calls',
    [need(['READ_PHONE_STATE'], false)],
    `${REF}android/telephony/TelephonyManager#ACTION_PHONE_STATE_CHANGED`,
  ),
  // Notifications (API 33): without the permission they are not shown; nothing fails.
  ...use(
    'Landroid/app/NotificationManager;',
    ['notify'],
    'shows notifications',
    [need(['POST_NOTIFICATIONS'], false, { targetAtLeast: API_TIRAMISU })],
    `${REF}android/Manifest.permission#POST_NOTIFICATIONS`,
  ),
  ...use(
    'Landroidx/core/app/NotificationManagerCompat;',
    ['notify'],
    'shows notifications',
    [need(['POST_NOTIFICATIONS'], false, { targetAtLeast: API_TIRAMISU })],
    `${REF}android/Manifest.permission#POST_NOTIFICATIONS`,
  ),
];
