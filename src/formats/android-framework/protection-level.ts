/**
 * android:protectionLevel decoding (frameworks/base/core/java/android/content/pm/PermissionInfo.java:
 * PROTECTION_* base values in the low 4 bits, PROTECTION_FLAG_* above them).
 */
import { PLATFORM_PERMISSION_LEVELS } from './permissions.js';

const PROTECTION_MASK_BASE = 0xf;
const BASE_NAMES: Record<number, string> = {
  0: 'normal',
  1: 'dangerous',
  2: 'signature',
  3: 'signatureOrSystem',
  4: 'internal',
};
const FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x10, 'privileged'],
  [0x20, 'development'],
  [0x40, 'appop'],
  [0x80, 'pre23'],
  [0x100, 'installer'],
  [0x200, 'verifier'],
  [0x400, 'preinstalled'],
  [0x800, 'setup'],
  [0x1000, 'instant'],
  [0x2000, 'runtime'],
  [0x4000, 'oem'],
  [0x8000, 'vendorPrivileged'],
  [0x10000, 'textClassifier'],
  [0x20000, 'wellbeing'],
  [0x40000, 'documenter'],
  [0x80000, 'configurator'],
  [0x100000, 'incidentReportApprover'],
  [0x200000, 'appPredictor'],
  [0x800000, 'companion'],
  [0x1000000, 'retailDemo'],
  [0x2000000, 'recents'],
  [0x4000000, 'role'],
  [0x8000000, 'knownSigner'],
];

/** e.g. 0x12 → "signature|privileged". */
export function formatProtectionLevel(level: number): string {
  const parts = [BASE_NAMES[level & PROTECTION_MASK_BASE] ?? `base${level & PROTECTION_MASK_BASE}`];
  for (const [bit, name] of FLAG_NAMES) if ((level & bit) !== 0) parts.push(name);
  return parts.join('|');
}

/**
 * Platform permissions added after API 29 (absent from Debian's framework-res), with their
 * protection level from the AOSP core/res/AndroidManifest.xml of the API that added them
 * (developer.android.com/reference/android/Manifest.permission lists the same levels).
 */
const LATER_PLATFORM_PERMISSIONS: ReadonlyMap<string, number> = new Map([
  ['android.permission.MANAGE_EXTERNAL_STORAGE', 0x2 | 0x40 | 0x400], // API 30
  ['android.permission.QUERY_ALL_PACKAGES', 0x0], // API 30
  ['android.permission.BLUETOOTH_SCAN', 0x1], // API 31
  ['android.permission.BLUETOOTH_CONNECT', 0x1], // API 31
  ['android.permission.BLUETOOTH_ADVERTISE', 0x1], // API 31
  ['android.permission.UWB_RANGING', 0x1], // API 31
  ['android.permission.SCHEDULE_EXACT_ALARM', 0x2 | 0x40], // API 31
  ['android.permission.POST_NOTIFICATIONS', 0x1], // API 33
  ['android.permission.NEARBY_WIFI_DEVICES', 0x1], // API 33
  ['android.permission.READ_MEDIA_IMAGES', 0x1], // API 33
  ['android.permission.READ_MEDIA_VIDEO', 0x1], // API 33
  ['android.permission.READ_MEDIA_AUDIO', 0x1], // API 33
  ['android.permission.BODY_SENSORS_BACKGROUND', 0x1], // API 33
  ['android.permission.READ_MEDIA_VISUAL_USER_SELECTED', 0x1], // API 34
]);

/** Protection level of a platform permission, or undefined for app-defined/unknown ones. */
export function platformPermissionLevel(name: string): number | undefined {
  return PLATFORM_PERMISSION_LEVELS.get(name) ?? LATER_PLATFORM_PERMISSIONS.get(name);
}
