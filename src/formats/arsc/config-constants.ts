/**
 * Named values of ResTable_config fields (AOSP libs/androidfw/include/androidfw/ResourceTypes.h,
 * struct ResTable_config). Kept apart from the reader so the qualifier printer and
 * the matcher share one spelling of each constant.
 */

/** Byte offsets inside ResTable_config (ResourceTypes.h field order). */
export const CONFIG_OFFSET = {
  size: 0,
  mcc: 4,
  mnc: 6,
  language: 8,
  country: 10,
  orientation: 12,
  touchscreen: 13,
  density: 14,
  keyboard: 16,
  navigation: 17,
  inputFlags: 18,
  /** Android 14 `grammaticalInflection` lives in the old inputPad0 byte. */
  grammaticalInflection: 19,
  screenWidth: 20,
  screenHeight: 22,
  sdkVersion: 24,
  minorVersion: 26,
  screenLayout: 28,
  uiMode: 29,
  smallestScreenWidthDp: 30,
  screenWidthDp: 32,
  screenHeightDp: 34,
  localeScript: 36,
  localeVariant: 40,
  screenLayout2: 48,
  colorMode: 49,
  localeScriptWasComputed: 52,
  localeNumberingSystem: 53,
} as const;

/** sizeof(ResTable_config) in Android 14 (61 bytes of fields padded to 64). */
export const RES_TABLE_CONFIG_SIZE = 64;
/** The oldest layout (through sdkVersion/minorVersion) aapt ever wrote. */
export const RES_TABLE_CONFIG_MIN_SIZE = 28;
export const LOCALE_SCRIPT_LENGTH = 4;
export const LOCALE_VARIANT_LENGTH = 8;
export const LOCALE_NUMBERING_SYSTEM_LENGTH = 8;

export const ORIENTATION_ANY = 0;
export const ORIENTATION_PORT = 1;
export const ORIENTATION_LAND = 2;
export const ORIENTATION_SQUARE = 3;

export const TOUCHSCREEN_ANY = 0;
export const TOUCHSCREEN_NOTOUCH = 1;
export const TOUCHSCREEN_STYLUS = 2;
export const TOUCHSCREEN_FINGER = 3;

export const DENSITY_DEFAULT = 0;
export const DENSITY_LOW = 120;
export const DENSITY_MEDIUM = 160;
export const DENSITY_TV = 213;
export const DENSITY_HIGH = 240;
export const DENSITY_XHIGH = 320;
export const DENSITY_XXHIGH = 480;
export const DENSITY_XXXHIGH = 640;
export const DENSITY_ANY = 0xfffe;
export const DENSITY_NONE = 0xffff;

export const KEYBOARD_ANY = 0;
export const KEYBOARD_NOKEYS = 1;
export const KEYBOARD_QWERTY = 2;
export const KEYBOARD_12KEY = 3;

export const NAVIGATION_ANY = 0;
export const NAVIGATION_NONAV = 1;
export const NAVIGATION_DPAD = 2;
export const NAVIGATION_TRACKBALL = 3;
export const NAVIGATION_WHEEL = 4;

export const MASK_KEYSHIDDEN = 0x03;
export const KEYSHIDDEN_NO = 0x01;
export const KEYSHIDDEN_YES = 0x02;
export const KEYSHIDDEN_SOFT = 0x03;
export const MASK_NAVHIDDEN = 0x0c;
export const NAVHIDDEN_NO = 0x04;
export const NAVHIDDEN_YES = 0x08;

export const MASK_SCREENSIZE = 0x0f;
export const SCREENSIZE_SMALL = 0x01;
export const SCREENSIZE_NORMAL = 0x02;
export const SCREENSIZE_LARGE = 0x03;
export const SCREENSIZE_XLARGE = 0x04;
export const MASK_SCREENLONG = 0x30;
export const SCREENLONG_NO = 0x10;
export const SCREENLONG_YES = 0x20;
export const MASK_LAYOUTDIR = 0xc0;
export const LAYOUTDIR_LTR = 0x40;
export const LAYOUTDIR_RTL = 0x80;

export const MASK_UI_MODE_TYPE = 0x0f;
export const UI_MODE_TYPE_NORMAL = 0x01;
export const UI_MODE_TYPE_DESK = 0x02;
export const UI_MODE_TYPE_CAR = 0x03;
export const UI_MODE_TYPE_TELEVISION = 0x04;
export const UI_MODE_TYPE_APPLIANCE = 0x05;
export const UI_MODE_TYPE_WATCH = 0x06;
export const UI_MODE_TYPE_VR_HEADSET = 0x07;
export const MASK_UI_MODE_NIGHT = 0x30;
export const UI_MODE_NIGHT_NO = 0x10;
export const UI_MODE_NIGHT_YES = 0x20;

export const MASK_SCREENROUND = 0x03;
export const SCREENROUND_NO = 0x01;
export const SCREENROUND_YES = 0x02;

export const MASK_WIDE_COLOR_GAMUT = 0x03;
export const WIDE_COLOR_GAMUT_NO = 0x01;
export const WIDE_COLOR_GAMUT_YES = 0x02;
export const MASK_HDR = 0x0c;
export const HDR_NO = 0x04;
export const HDR_YES = 0x08;

export const GRAMMATICAL_INFLECTION_GENDER_MASK = 0x03;
export const GRAMMATICAL_GENDER_NEUTER = 1;
export const GRAMMATICAL_GENDER_FEMININE = 2;
export const GRAMMATICAL_GENDER_MASCULINE = 3;

/** High bit of language[0]/country[0]: a packed 3-letter code (ResourceTypes.cpp packLanguageOrRegion). */
export const PACKED_CODE_FLAG = 0x80;
