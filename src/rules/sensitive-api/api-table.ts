/**
 * Android and Play-services APIs that read personal data, by class and method name
 * (every overload counts), with the category each one reads and its reference page.
 * Facts from the Android API reference (developer.android.com/reference).
 */
import type { DataCategory } from '../../findings/vocabulary.js';
import type { Confidence } from '../../findings/types.js';

export interface ApiEntry {
  /** `Lclass;->name` (all overloads). */
  readonly api: string;
  readonly category: DataCategory;
  /** What the call reads, for the claim: "reads the IMEI". */
  readonly reads: string;
  readonly confidence: Confidence;
  readonly reference: string;
  /** Verb of the claim ("Reads" unless the call does something else with the data). */
  readonly verb: string;
}

const REF = 'https://developer.android.com/reference/';
const TELEPHONY = 'Landroid/telephony/TelephonyManager;';
const TELEPHONY_REF = `${REF}android/telephony/TelephonyManager`;

function entries(
  api: string,
  names: readonly string[],
  category: DataCategory,
  reads: string,
  reference: string,
  confidence: Confidence = 'high',
  verb = 'Reads',
): ApiEntry[] {
  return names.map((name) => ({
    api: `${api}->${name}`,
    category,
    reads,
    reference: `${reference}#${name}`,
    confidence,
    verb,
  }));
}

export const API_TABLE: readonly ApiEntry[] = [
  ...entries(
    TELEPHONY,
    ['getDeviceId', 'getImei', 'getMeid'],
    'device-id',
    "the phone's hardware identifier (IMEI/MEID)",
    TELEPHONY_REF,
  ),
  ...entries(TELEPHONY, ['getSubscriberId'], 'device-id', 'the SIM subscriber identity (IMSI)', TELEPHONY_REF),
  ...entries(TELEPHONY, ['getSimSerialNumber'], 'device-id', 'the SIM card serial number (ICCID)', TELEPHONY_REF),
  ...entries(TELEPHONY, ['getLine1Number', 'getVoiceMailNumber'], 'phone-number', 'the phone number', TELEPHONY_REF),
  ...entries(
    TELEPHONY,
    ['getCellLocation', 'getAllCellInfo', 'getNeighboringCellInfo'],
    'cell-info',
    'the mobile cells around the phone',
    TELEPHONY_REF,
  ),
  ...entries(
    'Landroid/telephony/SubscriptionManager;',
    ['getActiveSubscriptionInfoList'],
    'phone-number',
    'the SIM subscriptions (numbers, carriers)',
    `${REF}android/telephony/SubscriptionManager`,
    'medium',
  ),
  ...entries('Landroid/os/Build;', ['getSerial'], 'device-id', 'the hardware serial number', `${REF}android/os/Build`),
  ...entries(
    'Lcom/google/android/gms/ads/identifier/AdvertisingIdClient;',
    ['getAdvertisingIdInfo'],
    'device-id',
    'the advertising id',
    'https://developers.google.com/android/reference/com/google/android/gms/ads/identifier/AdvertisingIdClient',
  ),
  ...entries(
    'Landroid/net/wifi/WifiManager;',
    ['getScanResults', 'getConnectionInfo', 'getConfiguredNetworks'],
    'wifi',
    'Wi-Fi networks (names, BSSIDs)',
    `${REF}android/net/wifi/WifiManager`,
  ),
  ...entries(
    'Landroid/net/wifi/WifiInfo;',
    ['getMacAddress', 'getBSSID', 'getSSID'],
    'wifi',
    'the Wi-Fi network or MAC address',
    `${REF}android/net/wifi/WifiInfo`,
    'medium',
  ),
  ...entries(
    'Landroid/bluetooth/BluetoothAdapter;',
    ['getAddress', 'getBondedDevices', 'startDiscovery'],
    'bluetooth',
    'Bluetooth addresses or paired devices',
    `${REF}android/bluetooth/BluetoothAdapter`,
  ),
  ...entries(
    'Landroid/location/LocationManager;',
    ['getLastKnownLocation', 'requestLocationUpdates', 'requestSingleUpdate', 'getCurrentLocation'],
    'location',
    "the phone's location",
    `${REF}android/location/LocationManager`,
  ),
  ...entries(
    'Lcom/google/android/gms/location/FusedLocationProviderClient;',
    ['getLastLocation', 'requestLocationUpdates', 'getCurrentLocation'],
    'location',
    "the phone's location",
    'https://developers.google.com/android/reference/com/google/android/gms/location/FusedLocationProviderClient',
  ),
  ...entries(
    'Landroid/content/pm/PackageManager;',
    ['getInstalledPackages', 'getInstalledApplications'],
    'installed-apps',
    'the list of installed apps',
    `${REF}android/content/pm/PackageManager`,
  ),
  ...entries(
    'Landroid/accounts/AccountManager;',
    ['getAccounts', 'getAccountsByType', 'getAccountsByTypeAndFeatures'],
    'accounts',
    'the accounts on the phone (e-mail addresses, app accounts)',
    `${REF}android/accounts/AccountManager`,
  ),
  ...entries(
    'Landroid/media/AudioRecord;',
    ['<init>', 'startRecording'],
    'microphone',
    'audio from the microphone',
    `${REF}android/media/AudioRecord`,
  ),
  ...entries(
    'Landroid/media/MediaRecorder;',
    ['setAudioSource'],
    'microphone',
    'audio from the microphone',
    `${REF}android/media/MediaRecorder`,
  ),
  ...entries(
    'Landroid/media/MediaRecorder;',
    ['setVideoSource'],
    'camera',
    'video from the camera',
    `${REF}android/media/MediaRecorder`,
  ),
  ...entries(
    'Landroid/hardware/Camera;',
    ['open', 'takePicture'],
    'camera',
    'pictures from the camera',
    `${REF}android/hardware/Camera`,
  ),
  ...entries(
    'Landroid/hardware/camera2/CameraManager;',
    ['openCamera'],
    'camera',
    'pictures from the camera',
    `${REF}android/hardware/camera2/CameraManager`,
  ),
  ...entries(
    'Landroid/media/projection/MediaProjectionManager;',
    ['createScreenCaptureIntent', 'getMediaProjection'],
    'screen',
    'the screen contents',
    `${REF}android/media/projection/MediaProjectionManager`,
  ),
  ...entries(
    'Landroid/media/projection/MediaProjection;',
    ['createVirtualDisplay'],
    'screen',
    'the screen contents',
    `${REF}android/media/projection/MediaProjection`,
  ),
  ...entries(
    'Landroid/content/ClipboardManager;',
    ['getPrimaryClip', 'getText'],
    'clipboard',
    'the clipboard',
    `${REF}android/content/ClipboardManager`,
  ),
  ...entries(
    'Landroid/text/ClipboardManager;',
    ['getText'],
    'clipboard',
    'the clipboard',
    `${REF}android/text/ClipboardManager`,
  ),
  ...entries(
    'Landroid/service/notification/NotificationListenerService;',
    ['getActiveNotifications'],
    'notifications',
    "other apps' notifications",
    `${REF}android/service/notification/NotificationListenerService`,
  ),
  ...entries(
    'Landroid/telephony/SmsMessage;',
    ['createFromPdu', 'getMessageBody', 'getOriginatingAddress', 'getDisplayMessageBody'],
    'sms',
    'incoming SMS messages',
    `${REF}android/telephony/SmsMessage`,
  ),
  ...entries(
    'Landroid/provider/Telephony$Sms$Intents;',
    ['getMessagesFromIntent'],
    'sms',
    'incoming SMS messages',
    `${REF}android/provider/Telephony.Sms.Intents`,
  ),
  ...entries(
    'Landroid/telephony/SmsManager;',
    ['sendTextMessage', 'sendMultipartTextMessage', 'sendDataMessage'],
    'sms',
    'SMS messages from the phone',
    `${REF}android/telephony/SmsManager`,
    'medium',
    'Sends',
  ),
  ...entries(
    'Landroid/hardware/biometrics/BiometricPrompt;',
    ['authenticate'],
    'biometrics',
    'a fingerprint or face check (the system keeps the biometric data)',
    `${REF}android/hardware/biometrics/BiometricPrompt`,
    'low',
    'Asks for',
  ),
  ...entries(
    'Landroid/hardware/fingerprint/FingerprintManager;',
    ['authenticate'],
    'biometrics',
    'a fingerprint check (the system keeps the biometric data)',
    `${REF}android/hardware/fingerprint/FingerprintManager`,
    'low',
    'Asks for',
  ),
  ...entries(
    'Landroid/os/Environment;',
    ['getExternalStorageDirectory', 'getExternalStoragePublicDirectory'],
    'files',
    'files in shared storage',
    `${REF}android/os/Environment`,
    'low',
    'Locates',
  ),
];

/** Framework classes an app extends to receive data (each subclass is evidence). */
export const SERVICE_BASES: ReadonlyArray<{
  readonly descriptor: string;
  readonly category: DataCategory;
  readonly reads: string;
  readonly reference: string;
}> = [
  {
    descriptor: 'Landroid/accessibilityservice/AccessibilityService;',
    category: 'screen',
    reads: 'what other apps show and type, as an accessibility service',
    reference: `${REF}android/accessibilityservice/AccessibilityService`,
  },
  {
    descriptor: 'Landroid/service/notification/NotificationListenerService;',
    category: 'notifications',
    reads: 'every notification, as a notification listener',
    reference: `${REF}android/service/notification/NotificationListenerService`,
  },
];

/** Static fields that hold identifiers (javac inlines String constants, so the value string is matched too). */
export const IDENTIFIER_FIELDS: ReadonlyArray<{
  readonly field: string;
  readonly constant?: string;
  readonly companion?: string;
  readonly reads: string;
  readonly reference: string;
}> = [
  {
    field: 'Landroid/provider/Settings$Secure;->ANDROID_ID:Ljava/lang/String;',
    constant: 'android_id',
    companion: 'Landroid/provider/Settings$Secure;->getString',
    reads: 'the Android ID',
    reference: `${REF}android/provider/Settings.Secure#ANDROID_ID`,
  },
  {
    field: 'Landroid/os/Build;->SERIAL:Ljava/lang/String;',
    reads: 'the hardware serial number',
    reference: `${REF}android/os/Build#SERIAL`,
  },
];

/** Broadcasts a receiver declares to be handed data (Telephony.Sms.Intents, TelephonyManager, Intent). */
export const RECEIVER_ACTIONS: ReadonlyArray<{
  readonly action: string;
  readonly category: DataCategory;
  readonly reads: string;
  readonly reference: string;
}> = [
  {
    action: 'android.provider.Telephony.SMS_RECEIVED',
    category: 'sms',
    reads: 'incoming SMS messages',
    reference: `${REF}android/provider/Telephony.Sms.Intents#SMS_RECEIVED_ACTION`,
  },
  {
    action: 'android.provider.Telephony.SMS_DELIVER',
    category: 'sms',
    reads: 'incoming SMS messages (as the default SMS app)',
    reference: `${REF}android/provider/Telephony.Sms.Intents#SMS_DELIVER_ACTION`,
  },
  {
    action: 'android.provider.Telephony.WAP_PUSH_RECEIVED',
    category: 'sms',
    reads: 'incoming MMS messages',
    reference: `${REF}android/provider/Telephony.Sms.Intents#WAP_PUSH_RECEIVED_ACTION`,
  },
  {
    action: 'android.intent.action.NEW_OUTGOING_CALL',
    category: 'call-log',
    reads: 'numbers of outgoing calls',
    reference: `${REF}android/content/Intent#ACTION_NEW_OUTGOING_CALL`,
  },
  {
    action: 'android.intent.action.PHONE_STATE',
    category: 'call-log',
    reads: 'incoming calls and their numbers',
    reference: `${REF}android/telephony/TelephonyManager#ACTION_PHONE_STATE_CHANGED`,
  },
];

export { NETWORK_TOOL_PACKAGES } from '../shared/network-tools.js';

/** Calls that ask whether one named package is installed. */
export const PACKAGE_PROBES: readonly string[] = [
  'Landroid/content/pm/PackageManager;->getPackageInfo',
  'Landroid/content/pm/PackageManager;->getApplicationInfo',
  'Landroid/content/pm/PackageManager;->getLaunchIntentForPackage',
];
