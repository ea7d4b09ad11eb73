/**
 * Which personal data each permission unlocks. Permission semantics from the
 * Android reference (Manifest.permission) and the permissions overview
 * (developer.android.com/guide/topics/permissions/overview).
 */
import type { DataCategory } from '../../findings/vocabulary.js';

const PREFIX = 'android.permission.';
export const PERMISSION_REFERENCE = 'https://developer.android.com/reference/android/Manifest.permission';

const TABLE: ReadonlyArray<readonly [string, readonly DataCategory[]]> = [
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

/** Full permission name → categories. */
export const PERMISSION_CATEGORIES: ReadonlyMap<string, readonly DataCategory[]> = new Map(
  TABLE.map(([name, categories]) => [`${PREFIX}${name}`, categories]),
);
