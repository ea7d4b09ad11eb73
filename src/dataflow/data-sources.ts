/**
 * The one table of where personal data comes from: every read the scan maps to a data
 * category. The collection rules (sensitive-api, content-uri, permission-data) report the
 * rows as "the app reads X"; the flow analysis starts its taint at the same rows, so both
 * always agree on what counts as a read and in which category.
 *
 * Rows by kind:
 * - `api`: a framework call (every overload of `Lclass;->name`); `flow` says whether its
 *   return value carries the data (`return`) or the call is only evidence of collection
 *   (`none`: opening the camera, asking for a fingerprint, sending an SMS).
 * - `identifier-field`: a static field that holds an identifier (and the constant javac inlines).
 * - `content-uri` / `content-uri-field`: a provider's content:// prefix or the framework
 *   constant that holds it; a `ContentResolver.query` on it returns a Cursor of that data.
 * - `callback-parameter`: a framework callback whose parameter is the data
 *   (`LocationListener.onLocationChanged(Location)`).
 * - `form-field`: text typed into a form field (`EditText.getText()` on a view found by id);
 *   the category is the field's own (credentials for password fields, identity-document
 *   for ID-number fields, …), read from the layout.
 * - `service-base` / `receiver-action`: classes an app extends and broadcasts it listens for
 *   to be handed data.
 * - `permission`: the categories a permission unlocks.
 * - `permission-use`: a call or string that needs a runtime permission and reads no category of
 *   ours (permission-needs.ts). Rows of the other kinds carry the permissions they need in `needs`.
 * Facts from the Android API reference (developer.android.com/reference); each row names its page.
 */
import type { Confidence } from '../findings/types.js';
import type { DataCategory } from '../findings/vocabulary.js';
import {
  API_O,
  API_S,
  FINE_LOCATION,
  LOCATION,
  PERMISSION_USES,
  PHONE_NUMBERS,
  STORAGE,
  need,
  type PermissionNeed,
  type PermissionUseSource,
} from './permission-needs.js';

/** How the data leaves a source call: in its return value, or not at all (the call is only evidence). */
type SourceFlow = 'return' | 'none';

export interface ApiSource {
  readonly kind: 'api';
  /** `Lclass;->name` (all overloads). */
  readonly api: string;
  readonly category: DataCategory;
  /** What the call reads, for the claim: "reads the IMEI". */
  readonly reads: string;
  readonly confidence: Confidence;
  readonly reference: string;
  /** Verb of the claim ("Reads" unless the call does something else with the data). */
  readonly verb: string;
  readonly flow: SourceFlow;
  /** The permissions the call, URI or broadcast needs (permission-needs.ts); absent: none. */
  readonly needs?: readonly PermissionNeed[];
}

export interface IdentifierFieldSource {
  readonly kind: 'identifier-field';
  /** `Lclass;->NAME:Ltype;` */
  readonly field: string;
  readonly category: DataCategory;
  /** The value javac/d8 inline in place of the field (`"android_id"`), read with `companion`. */
  readonly constant?: string;
  /** `Lclass;->name` of the call that reads the identifier given `constant`. */
  readonly companion?: string;
  readonly reads: string;
  readonly reference: string;
}

export interface ContentUriSource {
  readonly kind: 'content-uri';
  /** Matched case-insensitively against the start of the string, after `content://`. */
  readonly prefix: string;
  readonly category: DataCategory;
  readonly what: string;
  readonly reference: string;
  /** The permissions the call, URI or broadcast needs (permission-needs.ts); absent: none. */
  readonly needs?: readonly PermissionNeed[];
}

export interface ContentUriFieldSource {
  readonly kind: 'content-uri-field';
  /** `Lclass;->FIELD:Landroid/net/Uri;` */
  readonly field: string;
  readonly category: DataCategory;
  readonly what: string;
  readonly reference: string;
  /** The permissions the call, URI or broadcast needs (permission-needs.ts); absent: none. */
  readonly needs?: readonly PermissionNeed[];
}

export interface CallbackParameterSource {
  readonly kind: 'callback-parameter';
  /** The framework method an app overrides: `Lclass;->name(descriptor)ret`. */
  readonly method: string;
  /** Index among the declared parameters (0 = the first; the receiver is not counted). */
  readonly parameter: number;
  readonly category: DataCategory;
  readonly reads: string;
  readonly reference: string;
}

interface FormFieldSource {
  readonly kind: 'form-field';
  /** `Lclass;->name`: the call that returns what was typed into the view it is called on. */
  readonly api: string;
  readonly reads: string;
  readonly reference: string;
}

interface ServiceBaseSource {
  readonly kind: 'service-base';
  readonly descriptor: string;
  readonly category: DataCategory;
  readonly reads: string;
  readonly reference: string;
}

interface ReceiverActionSource {
  readonly kind: 'receiver-action';
  readonly action: string;
  readonly category: DataCategory;
  readonly reads: string;
  readonly reference: string;
  /** The permissions the call, URI or broadcast needs (permission-needs.ts); absent: none. */
  readonly needs?: readonly PermissionNeed[];
}

interface PermissionSource {
  readonly kind: 'permission';
  /** Full name: `android.permission.READ_SMS`. */
  readonly permission: string;
  readonly categories: readonly DataCategory[];
  readonly reference: string;
}

export type DataSource =
  | ApiSource
  | IdentifierFieldSource
  | ContentUriSource
  | ContentUriFieldSource
  | CallbackParameterSource
  | FormFieldSource
  | ServiceBaseSource
  | ReceiverActionSource
  | PermissionSource
  | PermissionUseSource;

const REF = 'https://developer.android.com/reference/';
const TELEPHONY = 'Landroid/telephony/TelephonyManager;';
const TELEPHONY_REF = `${REF}android/telephony/TelephonyManager`;

function api(
  owner: string,
  names: readonly string[],
  category: DataCategory,
  reads: string,
  reference: string,
  flow: SourceFlow,
  confidence: Confidence = 'high',
  verb = 'Reads',
): ApiSource[] {
  return names.map((name) => ({
    kind: 'api',
    api: `${owner}->${name}`,
    category,
    reads,
    reference: `${reference}#${name}`,
    confidence,
    verb,
    flow,
  }));
}

/** `rows` needing `needs` (only the methods named in `only`, when given). */
function needing(rows: readonly ApiSource[], needs: readonly PermissionNeed[], only?: readonly string[]): ApiSource[] {
  return rows.map((row) =>
    only === undefined || only.some((name) => row.api.endsWith(`->${name}`)) ? { ...row, needs } : row,
  );
}

const PHONE_STATE = need(['READ_PHONE_STATE', 'READ_PRIVILEGED_PHONE_STATE'], true);
const LOCATION_NEED = need(LOCATION, true);

const API_SOURCES: readonly ApiSource[] = [
  ...needing(
    api(
      TELEPHONY,
      ['getDeviceId', 'getImei', 'getMeid'],
      'device-id',
      "the phone's hardware identifier (IMEI/MEID)",
      TELEPHONY_REF,
      'return',
    ),
    [PHONE_STATE],
  ),
  ...needing(
    api(TELEPHONY, ['getSubscriberId'], 'device-id', 'the SIM subscriber identity (IMSI)', TELEPHONY_REF, 'return'),
    [PHONE_STATE],
  ),
  ...needing(
    api(TELEPHONY, ['getSimSerialNumber'], 'device-id', 'the SIM card serial number (ICCID)', TELEPHONY_REF, 'return'),
    [PHONE_STATE],
  ),
  ...needing(
    api(
      TELEPHONY,
      ['getLine1Number', 'getVoiceMailNumber'],
      'phone-number',
      'the phone number',
      TELEPHONY_REF,
      'return',
    ),
    [need(PHONE_NUMBERS, true)],
  ),
  ...needing(
    api(
      TELEPHONY,
      ['getCellLocation', 'getAllCellInfo', 'getNeighboringCellInfo'],
      'cell-info',
      'the mobile cells around the phone',
      TELEPHONY_REF,
      'return',
    ),
    [LOCATION_NEED],
  ),
  ...needing(
    api(
      'Landroid/telephony/SubscriptionManager;',
      ['getActiveSubscriptionInfoList'],
      'phone-number',
      'the SIM subscriptions (numbers, carriers)',
      `${REF}android/telephony/SubscriptionManager`,
      'return',
      'medium',
    ),
    [PHONE_STATE],
  ),
  ...needing(
    api(
      'Landroid/os/Build;',
      ['getSerial'],
      'device-id',
      'the hardware serial number',
      `${REF}android/os/Build`,
      'return',
    ),
    [PHONE_STATE],
  ),
  ...api(
    'Lcom/google/android/gms/ads/identifier/AdvertisingIdClient;',
    ['getAdvertisingIdInfo'],
    'device-id',
    'the advertising id',
    'https://developers.google.com/android/reference/com/google/android/gms/ads/identifier/AdvertisingIdClient',
    'return',
  ),
  ...needing(
    needing(
      needing(
        api(
          'Landroid/net/wifi/WifiManager;',
          ['getScanResults', 'getConnectionInfo', 'getConfiguredNetworks'],
          'wifi',
          'Wi-Fi networks (names, BSSIDs)',
          `${REF}android/net/wifi/WifiManager`,
          'return',
        ),
        [LOCATION_NEED],
        ['getScanResults'],
      ),
      [need(FINE_LOCATION, true)],
      ['getConfiguredNetworks'],
    ),
    [need(LOCATION, false)],
    ['getConnectionInfo'],
  ),
  ...needing(
    api(
      'Landroid/net/wifi/WifiInfo;',
      ['getMacAddress', 'getBSSID', 'getSSID'],
      'wifi',
      'the Wi-Fi network or MAC address',
      `${REF}android/net/wifi/WifiInfo`,
      'return',
      'medium',
    ),
    [need(LOCATION, false)],
  ),
  // startDiscovery only starts a scan: the devices arrive in ACTION_FOUND broadcasts.
  ...needing(
    api(
      'Landroid/bluetooth/BluetoothAdapter;',
      ['getAddress', 'getBondedDevices'],
      'bluetooth',
      'Bluetooth addresses or paired devices',
      `${REF}android/bluetooth/BluetoothAdapter`,
      'return',
    ),
    [need(['BLUETOOTH_CONNECT'], true, { targetAtLeast: API_S })],
  ),
  ...needing(
    api(
      'Landroid/bluetooth/BluetoothAdapter;',
      ['startDiscovery'],
      'bluetooth',
      'Bluetooth addresses or paired devices',
      `${REF}android/bluetooth/BluetoothAdapter`,
      'none',
    ),
    [need(['BLUETOOTH_SCAN'], true, { targetAtLeast: API_S }), need(LOCATION, false, { targetBelow: API_S })],
  ),
  ...needing(
    api(
      'Landroid/location/LocationManager;',
      ['getLastKnownLocation'],
      'location',
      "the phone's location",
      `${REF}android/location/LocationManager`,
      'return',
    ),
    [LOCATION_NEED],
  ),
  // The position arrives later, in the listener's onLocationChanged (a callback-parameter row).
  ...needing(
    api(
      'Landroid/location/LocationManager;',
      ['requestLocationUpdates', 'requestSingleUpdate', 'getCurrentLocation'],
      'location',
      "the phone's location",
      `${REF}android/location/LocationManager`,
      'none',
    ),
    [LOCATION_NEED],
  ),
  // A Task<Location>: its result is the location.
  ...needing(
    api(
      'Lcom/google/android/gms/location/FusedLocationProviderClient;',
      ['getLastLocation'],
      'location',
      "the phone's location",
      'https://developers.google.com/android/reference/com/google/android/gms/location/FusedLocationProviderClient',
      'return',
    ),
    [LOCATION_NEED],
  ),
  ...needing(
    api(
      'Lcom/google/android/gms/location/FusedLocationProviderClient;',
      ['requestLocationUpdates', 'getCurrentLocation'],
      'location',
      "the phone's location",
      'https://developers.google.com/android/reference/com/google/android/gms/location/FusedLocationProviderClient',
      'none',
    ),
    [LOCATION_NEED],
  ),
  ...api(
    'Landroid/content/pm/PackageManager;',
    ['getInstalledPackages', 'getInstalledApplications'],
    'installed-apps',
    'the list of installed apps',
    `${REF}android/content/pm/PackageManager`,
    'return',
  ),
  ...needing(
    api(
      'Landroid/accounts/AccountManager;',
      ['getAccounts', 'getAccountsByType', 'getAccountsByTypeAndFeatures'],
      'accounts',
      'the accounts on the phone (e-mail addresses, app accounts)',
      `${REF}android/accounts/AccountManager`,
      'return',
    ),
    [need(['GET_ACCOUNTS'], true, { deviceBelow: API_O })],
  ),
  ...needing(
    api(
      'Landroid/media/AudioRecord;',
      ['<init>', 'startRecording'],
      'microphone',
      'audio from the microphone',
      `${REF}android/media/AudioRecord`,
      'none',
    ),
    [need(['RECORD_AUDIO'], true)],
  ),
  ...needing(
    api(
      'Landroid/media/MediaRecorder;',
      ['setAudioSource'],
      'microphone',
      'audio from the microphone',
      `${REF}android/media/MediaRecorder`,
      'none',
    ),
    [need(['RECORD_AUDIO'], true)],
  ),
  ...needing(
    api(
      'Landroid/media/MediaRecorder;',
      ['setVideoSource'],
      'camera',
      'video from the camera',
      `${REF}android/media/MediaRecorder`,
      'none',
    ),
    [need(['CAMERA'], true)],
  ),
  ...needing(
    api(
      'Landroid/hardware/Camera;',
      ['open', 'takePicture'],
      'camera',
      'pictures from the camera',
      `${REF}android/hardware/Camera`,
      'none',
    ),
    [need(['CAMERA'], true)],
  ),
  ...needing(
    api(
      'Landroid/hardware/camera2/CameraManager;',
      ['openCamera'],
      'camera',
      'pictures from the camera',
      `${REF}android/hardware/camera2/CameraManager`,
      'none',
    ),
    [need(['CAMERA'], true)],
  ),
  ...api(
    'Landroid/media/projection/MediaProjectionManager;',
    ['createScreenCaptureIntent', 'getMediaProjection'],
    'screen',
    'the screen contents',
    `${REF}android/media/projection/MediaProjectionManager`,
    'none',
  ),
  ...api(
    'Landroid/media/projection/MediaProjection;',
    ['createVirtualDisplay'],
    'screen',
    'the screen contents',
    `${REF}android/media/projection/MediaProjection`,
    'none',
  ),
  ...api(
    'Landroid/content/ClipboardManager;',
    ['getPrimaryClip', 'getText'],
    'clipboard',
    'the clipboard',
    `${REF}android/content/ClipboardManager`,
    'return',
  ),
  ...api(
    'Landroid/text/ClipboardManager;',
    ['getText'],
    'clipboard',
    'the clipboard',
    `${REF}android/text/ClipboardManager`,
    'return',
  ),
  ...api(
    'Landroid/service/notification/NotificationListenerService;',
    ['getActiveNotifications'],
    'notifications',
    "other apps' notifications",
    `${REF}android/service/notification/NotificationListenerService`,
    'return',
  ),
  ...api(
    'Landroid/telephony/SmsMessage;',
    ['createFromPdu', 'getMessageBody', 'getOriginatingAddress', 'getDisplayMessageBody'],
    'sms',
    'incoming SMS messages',
    `${REF}android/telephony/SmsMessage`,
    'return',
  ),
  ...api(
    'Landroid/provider/Telephony$Sms$Intents;',
    ['getMessagesFromIntent'],
    'sms',
    'incoming SMS messages',
    `${REF}android/provider/Telephony.Sms.Intents`,
    'return',
  ),
  // Sending is evidence of SMS use, not a read: for flows these calls are sinks (data-sinks.ts).
  ...needing(
    api(
      'Landroid/telephony/SmsManager;',
      ['sendTextMessage', 'sendMultipartTextMessage', 'sendDataMessage'],
      'sms',
      'SMS messages from the phone',
      `${REF}android/telephony/SmsManager`,
      'none',
      'medium',
      'Sends',
    ),
    [need(['SEND_SMS'], true)],
  ),
  ...api(
    'Landroid/hardware/biometrics/BiometricPrompt;',
    ['authenticate'],
    'biometrics',
    'a fingerprint or face check (the system keeps the biometric data)',
    `${REF}android/hardware/biometrics/BiometricPrompt`,
    'none',
    'low',
    'Asks for',
  ),
  ...api(
    'Landroid/hardware/fingerprint/FingerprintManager;',
    ['authenticate'],
    'biometrics',
    'a fingerprint check (the system keeps the biometric data)',
    `${REF}android/hardware/fingerprint/FingerprintManager`,
    'none',
    'low',
    'Asks for',
  ),
  // A directory path, not the files' contents.
  ...needing(
    api(
      'Landroid/os/Environment;',
      ['getExternalStorageDirectory', 'getExternalStoragePublicDirectory'],
      'files',
      'files in shared storage',
      `${REF}android/os/Environment`,
      'none',
      'low',
      'Locates',
    ),
    [need(STORAGE, false)],
  ),
];

/** Static fields that hold identifiers (javac inlines String constants, so the value string is matched too). */
const IDENTIFIER_FIELDS: readonly IdentifierFieldSource[] = [
  {
    kind: 'identifier-field',
    field: 'Landroid/provider/Settings$Secure;->ANDROID_ID:Ljava/lang/String;',
    category: 'device-id',
    constant: 'android_id',
    companion: 'Landroid/provider/Settings$Secure;->getString',
    reads: 'the Android ID',
    reference: `${REF}android/provider/Settings.Secure#ANDROID_ID`,
  },
  {
    kind: 'identifier-field',
    field: 'Landroid/os/Build;->SERIAL:Ljava/lang/String;',
    category: 'device-id',
    reads: 'the hardware serial number',
    reference: `${REF}android/os/Build#SERIAL`,
  },
];

const PROVIDER_REF = `${REF}android/provider/`;

/**
 * What reading a provider of each category needs (the provider's reference page: "requires the
 * READ_CONTACTS permission"…). Writing needs the WRITE_ twin, which also counts: the code may insert.
 * Media providers show an app its own files without any permission, so a media URI is a use of
 * the storage permissions, never a need.
 */
const PROVIDER_NEEDS: Partial<Record<DataCategory, readonly PermissionNeed[]>> = {
  contacts: [need(['READ_CONTACTS', 'WRITE_CONTACTS'], true)],
  sms: [need(['READ_SMS'], true)],
  'call-log': [need(['READ_CALL_LOG', 'WRITE_CALL_LOG'], true)],
  calendar: [need(['READ_CALENDAR', 'WRITE_CALENDAR'], true)],
  photos: [need(STORAGE, false)],
  files: [need(STORAGE, false)],
};

function providerNeeds(category: DataCategory): { needs?: readonly PermissionNeed[] } {
  const needs = PROVIDER_NEEDS[category];
  return needs ? { needs } : {};
}

function uriPrefix(prefix: string, category: DataCategory, what: string, reference: string): ContentUriSource {
  return { kind: 'content-uri', prefix, category, what, reference, ...providerNeeds(category) };
}

const CONTENT_URIS: readonly ContentUriSource[] = [
  uriPrefix('sms', 'sms', 'SMS messages', `${PROVIDER_REF}Telephony.Sms`),
  uriPrefix('mms-sms', 'sms', 'SMS/MMS conversations', `${PROVIDER_REF}Telephony.MmsSms`),
  uriPrefix('mms', 'sms', 'MMS messages', `${PROVIDER_REF}Telephony.Mms`),
  uriPrefix(
    'icc/adn',
    'contacts',
    'contacts stored on the SIM card',
    'https://android.googlesource.com/platform/frameworks/opt/telephony/+/refs/heads/main/src/java/com/android/internal/telephony/IccProvider.java',
  ),
  uriPrefix('call_log', 'call-log', 'the call log', `${PROVIDER_REF}CallLog.Calls`),
  uriPrefix('com.android.contacts', 'contacts', 'contacts', `${PROVIDER_REF}ContactsContract`),
  uriPrefix('contacts', 'contacts', 'contacts', `${PROVIDER_REF}Contacts`),
  uriPrefix('com.android.calendar', 'calendar', 'calendar events', `${PROVIDER_REF}CalendarContract`),
  uriPrefix('calendar', 'calendar', 'calendar events', `${PROVIDER_REF}CalendarContract`),
  uriPrefix('media/external/images', 'photos', 'photos', `${PROVIDER_REF}MediaStore.Images.Media`),
  uriPrefix('media/external/video', 'photos', 'videos', `${PROVIDER_REF}MediaStore.Video.Media`),
  uriPrefix('media/external/file', 'files', 'files in shared storage', `${PROVIDER_REF}MediaStore.Files`),
  uriPrefix('media/external/audio', 'files', 'audio files', `${PROVIDER_REF}MediaStore.Audio.Media`),
  uriPrefix(
    'telephony/carriers',
    'cell-info',
    'the mobile network (APN) settings',
    `${PROVIDER_REF}Telephony.Carriers`,
  ),
  uriPrefix(
    'browser/bookmarks',
    'network-tools',
    'browser history and bookmarks',
    'https://developer.android.com/about/versions/marshmallow/android-6.0-changes#behavior-bookmark-browser',
  ),
];

function uriField(
  owner: string,
  field: string,
  category: DataCategory,
  what: string,
  page: string,
): ContentUriFieldSource {
  return {
    kind: 'content-uri-field',
    field: `Landroid/provider/${owner};->${field}:Landroid/net/Uri;`,
    category,
    what,
    reference: `${PROVIDER_REF}${page}#${field}`,
    // The owner's profile is a contact: READ_CONTACTS (READ_PROFILE was folded into it in API 23).
    ...(owner === 'ContactsContract$Profile' ? { needs: PROVIDER_NEEDS.contacts } : providerNeeds(category)),
  };
}

const CONTENT_URI_FIELDS: readonly ContentUriFieldSource[] = [
  uriField('ContactsContract$Contacts', 'CONTENT_URI', 'contacts', 'contacts', 'ContactsContract.Contacts'),
  uriField('ContactsContract$RawContacts', 'CONTENT_URI', 'contacts', 'contacts', 'ContactsContract.RawContacts'),
  uriField('ContactsContract$Data', 'CONTENT_URI', 'contacts', 'contact details', 'ContactsContract.Data'),
  uriField(
    'ContactsContract$CommonDataKinds$Phone',
    'CONTENT_URI',
    'contacts',
    "contacts' phone numbers",
    'ContactsContract.CommonDataKinds.Phone',
  ),
  uriField(
    'ContactsContract$CommonDataKinds$Email',
    'CONTENT_URI',
    'contacts',
    "contacts' e-mail addresses",
    'ContactsContract.CommonDataKinds.Email',
  ),
  uriField(
    'ContactsContract$PhoneLookup',
    'CONTENT_FILTER_URI',
    'contacts',
    'contacts by phone number',
    'ContactsContract.PhoneLookup',
  ),
  uriField(
    'ContactsContract$Profile',
    'CONTENT_URI',
    'phone-number',
    "the owner's own profile",
    'ContactsContract.Profile',
  ),
  uriField('Contacts$People', 'CONTENT_URI', 'contacts', 'contacts', 'Contacts.People'),
  uriField('CallLog$Calls', 'CONTENT_URI', 'call-log', 'the call log', 'CallLog.Calls'),
  uriField('Telephony$Sms', 'CONTENT_URI', 'sms', 'SMS messages', 'Telephony.Sms'),
  uriField('Telephony$Sms$Inbox', 'CONTENT_URI', 'sms', 'received SMS messages', 'Telephony.Sms.Inbox'),
  uriField('Telephony$Sms$Sent', 'CONTENT_URI', 'sms', 'sent SMS messages', 'Telephony.Sms.Sent'),
  uriField('Telephony$Sms$Conversations', 'CONTENT_URI', 'sms', 'SMS conversations', 'Telephony.Sms.Conversations'),
  uriField('Telephony$Mms', 'CONTENT_URI', 'sms', 'MMS messages', 'Telephony.Mms'),
  uriField('Telephony$MmsSms', 'CONTENT_CONVERSATIONS_URI', 'sms', 'SMS/MMS conversations', 'Telephony.MmsSms'),
  uriField('CalendarContract$Events', 'CONTENT_URI', 'calendar', 'calendar events', 'CalendarContract.Events'),
  uriField('CalendarContract$Calendars', 'CONTENT_URI', 'calendar', 'calendars', 'CalendarContract.Calendars'),
  uriField('CalendarContract$Attendees', 'CONTENT_URI', 'calendar', 'event attendees', 'CalendarContract.Attendees'),
  uriField('MediaStore$Images$Media', 'EXTERNAL_CONTENT_URI', 'photos', 'photos', 'MediaStore.Images.Media'),
  uriField('MediaStore$Video$Media', 'EXTERNAL_CONTENT_URI', 'photos', 'videos', 'MediaStore.Video.Media'),
  uriField('MediaStore$Audio$Media', 'EXTERNAL_CONTENT_URI', 'files', 'audio files', 'MediaStore.Audio.Media'),
];

const CALLBACK_PARAMETERS: readonly CallbackParameterSource[] = [
  {
    kind: 'callback-parameter',
    method: 'Landroid/location/LocationListener;->onLocationChanged(Landroid/location/Location;)V',
    parameter: 0,
    category: 'location',
    reads: "the phone's location",
    reference: `${REF}android/location/LocationListener#onLocationChanged(android.location.Location)`,
  },
  {
    kind: 'callback-parameter',
    method: 'Landroid/location/LocationListener;->onLocationChanged(Ljava/util/List;)V',
    parameter: 0,
    category: 'location',
    reads: "the phone's location",
    reference: `${REF}android/location/LocationListener#onLocationChanged(java.util.List%3Candroid.location.Location%3E)`,
  },
  {
    kind: 'callback-parameter',
    method:
      'Lcom/google/android/gms/location/LocationCallback;->onLocationResult(Lcom/google/android/gms/location/LocationResult;)V',
    parameter: 0,
    category: 'location',
    reads: "the phone's location",
    reference:
      'https://developers.google.com/android/reference/com/google/android/gms/location/LocationCallback#onLocationResult(com.google.android.gms.location.LocationResult)',
  },
];

const FORM_FIELDS: readonly FormFieldSource[] = [
  {
    kind: 'form-field',
    api: 'Landroid/widget/EditText;->getText',
    reads: 'the text typed into the field',
    reference: `${REF}android/widget/EditText#getText()`,
  },
  {
    kind: 'form-field',
    api: 'Landroid/widget/TextView;->getText',
    reads: 'the text typed into the field',
    reference: `${REF}android/widget/TextView#getText()`,
  },
];

const SERVICE_BASES: readonly ServiceBaseSource[] = [
  {
    kind: 'service-base',
    descriptor: 'Landroid/accessibilityservice/AccessibilityService;',
    category: 'screen',
    reads: 'what other apps show and type, as an accessibility service',
    reference: `${REF}android/accessibilityservice/AccessibilityService`,
  },
  {
    kind: 'service-base',
    descriptor: 'Landroid/service/notification/NotificationListenerService;',
    category: 'notifications',
    reads: 'every notification, as a notification listener',
    reference: `${REF}android/service/notification/NotificationListenerService`,
  },
];

const RECEIVER_ACTIONS: readonly ReceiverActionSource[] = [
  {
    kind: 'receiver-action',
    action: 'android.provider.Telephony.SMS_RECEIVED',
    needs: [need(['RECEIVE_SMS'], true)],
    category: 'sms',
    reads: 'incoming SMS messages',
    reference: `${REF}android/provider/Telephony.Sms.Intents#SMS_RECEIVED_ACTION`,
  },
  {
    kind: 'receiver-action',
    action: 'android.provider.Telephony.SMS_DELIVER',
    needs: [need(['RECEIVE_SMS'], true)],
    category: 'sms',
    reads: 'incoming SMS messages (as the default SMS app)',
    reference: `${REF}android/provider/Telephony.Sms.Intents#SMS_DELIVER_ACTION`,
  },
  {
    kind: 'receiver-action',
    action: 'android.provider.Telephony.WAP_PUSH_RECEIVED',
    needs: [need(['RECEIVE_MMS', 'RECEIVE_WAP_PUSH'], true)],
    category: 'sms',
    reads: 'incoming MMS messages',
    reference: `${REF}android/provider/Telephony.Sms.Intents#WAP_PUSH_RECEIVED_ACTION`,
  },
  {
    kind: 'receiver-action',
    action: 'android.intent.action.NEW_OUTGOING_CALL',
    needs: [need(['PROCESS_OUTGOING_CALLS'], true)],
    category: 'call-log',
    reads: 'numbers of outgoing calls',
    reference: `${REF}android/content/Intent#ACTION_NEW_OUTGOING_CALL`,
  },
  {
    kind: 'receiver-action',
    action: 'android.intent.action.PHONE_STATE',
    needs: [need(['READ_PHONE_STATE'], true)],
    category: 'call-log',
    reads: 'incoming calls and their numbers',
    reference: `${REF}android/telephony/TelephonyManager#ACTION_PHONE_STATE_CHANGED`,
  },
];

const PERMISSION_PREFIX = 'android.permission.';
export const PERMISSION_REFERENCE = 'https://developer.android.com/reference/android/Manifest.permission';

/** Which personal data each permission unlocks (Manifest.permission; the permissions overview). */
const PERMISSIONS: ReadonlyArray<readonly [string, readonly DataCategory[]]> = [
  ['READ_PHONE_STATE', ['device-id', 'phone-number', 'cell-info']],
  ['READ_PRIVILEGED_PHONE_STATE', ['device-id']],
  ['READ_PHONE_NUMBERS', ['phone-number']],
  ['READ_CONTACTS', ['contacts']],
  ['WRITE_CONTACTS', ['contacts']],
  ['GET_ACCOUNTS', ['accounts', 'contacts']],
  ['GET_ACCOUNTS_PRIVILEGED', ['accounts']],
  ['READ_SMS', ['sms']],
  ['RECEIVE_SMS', ['sms']],
  ['RECEIVE_MMS', ['sms']],
  ['RECEIVE_WAP_PUSH', ['sms']],
  ['SEND_SMS', ['sms']],
  ['READ_CELL_BROADCASTS', ['sms']],
  ['READ_CALL_LOG', ['call-log']],
  ['WRITE_CALL_LOG', ['call-log']],
  ['PROCESS_OUTGOING_CALLS', ['call-log']],
  ['ANSWER_PHONE_CALLS', ['call-log']],
  ['READ_CALENDAR', ['calendar']],
  ['WRITE_CALENDAR', ['calendar']],
  ['ACCESS_FINE_LOCATION', ['location', 'cell-info', 'wifi']],
  ['ACCESS_COARSE_LOCATION', ['location', 'cell-info', 'wifi']],
  ['ACCESS_BACKGROUND_LOCATION', ['location']],
  ['ACCESS_MEDIA_LOCATION', ['location', 'photos']],
  ['NEARBY_WIFI_DEVICES', ['wifi']],
  ['BLUETOOTH_SCAN', ['bluetooth']],
  ['BLUETOOTH_CONNECT', ['bluetooth']],
  ['LOCAL_MAC_ADDRESS', ['wifi', 'bluetooth']],
  ['QUERY_ALL_PACKAGES', ['installed-apps']],
  ['PACKAGE_USAGE_STATS', ['installed-apps']],
  ['READ_EXTERNAL_STORAGE', ['files', 'photos']],
  ['WRITE_EXTERNAL_STORAGE', ['files', 'photos']],
  ['MANAGE_EXTERNAL_STORAGE', ['files', 'photos']],
  ['READ_MEDIA_IMAGES', ['photos']],
  ['READ_MEDIA_VIDEO', ['photos']],
  ['READ_MEDIA_AUDIO', ['files']],
  ['CAMERA', ['camera']],
  ['RECORD_AUDIO', ['microphone']],
  ['CAPTURE_AUDIO_OUTPUT', ['microphone']],
  ['CAPTURE_VIDEO_OUTPUT', ['screen']],
  ['CAPTURE_SECURE_VIDEO_OUTPUT', ['screen']],
  ['READ_FRAME_BUFFER', ['screen']],
  ['BIND_ACCESSIBILITY_SERVICE', ['screen']],
  ['BIND_NOTIFICATION_LISTENER_SERVICE', ['notifications']],
  ['ACCESS_NOTIFICATIONS', ['notifications']],
  ['READ_CLIPBOARD_IN_BACKGROUND', ['clipboard']],
  ['USE_BIOMETRIC', ['biometrics']],
  ['USE_FINGERPRINT', ['biometrics']],
  ['BODY_SENSORS', ['health']],
  ['BODY_SENSORS_BACKGROUND', ['health']],
  ['ACTIVITY_RECOGNITION', ['health']],
  ['READ_LOGS', ['installed-apps']],
];

const PERMISSION_SOURCES: readonly PermissionSource[] = PERMISSIONS.map(([name, categories]) => ({
  kind: 'permission',
  permission: `${PERMISSION_PREFIX}${name}`,
  categories,
  reference: `${PERMISSION_REFERENCE}#${name}`,
}));

/** The table. Order matters only for output order (rules report in table order). */
const DATA_SOURCES: readonly DataSource[] = [
  ...API_SOURCES,
  ...IDENTIFIER_FIELDS,
  ...CONTENT_URIS,
  ...CONTENT_URI_FIELDS,
  ...CALLBACK_PARAMETERS,
  ...FORM_FIELDS,
  ...SERVICE_BASES,
  ...RECEIVER_ACTIONS,
  ...PERMISSION_SOURCES,
  ...PERMISSION_USES,
];

/** The rows of one kind, in table order. */
export function sourcesOfKind<K extends DataSource['kind']>(kind: K): ReadonlyArray<Extract<DataSource, { kind: K }>> {
  return DATA_SOURCES.filter((row): row is Extract<DataSource, { kind: K }> => row.kind === kind);
}

/** Full permission name → categories. */
export const PERMISSION_CATEGORIES: ReadonlyMap<string, readonly DataCategory[]> = new Map(
  PERMISSION_SOURCES.map((row) => [row.permission, row.categories]),
);

const CONTENT_SCHEME = 'content://';
/** A URI string longer than this is not a constant a developer wrote. */
const MAX_URI_LENGTH = 300;

/** The table row for `content://…` (longest prefix first, ending at a path boundary). */
export function matchContentUri(text: string): ContentUriSource | undefined {
  // Most of an app's strings are not URIs: reject them before lower-casing (seeding reads every string).
  if (text.length > MAX_URI_LENGTH || text.length < CONTENT_SCHEME.length || (text.charCodeAt(0) | 0x20) !== 0x63)
    return undefined;
  if (!text.toLowerCase().startsWith(CONTENT_SCHEME)) return undefined;
  const rest = text.slice(CONTENT_SCHEME.length).toLowerCase();
  let best: ContentUriSource | undefined;
  for (const entry of CONTENT_URIS) {
    const boundary = rest.length === entry.prefix.length || '/?#'.includes(rest[entry.prefix.length] ?? '');
    if (rest.startsWith(entry.prefix) && boundary && (!best || entry.prefix.length > best.prefix.length)) best = entry;
  }
  return best;
}
