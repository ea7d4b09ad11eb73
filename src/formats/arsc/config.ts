/**
 * ResTable_config: the configuration (qualifiers) a set of resource values applies to
 * (AOSP ResourceTypes.h struct ResTable_config; ResourceTypes.cpp copyFromDeviceNoSwap,
 * unpackLanguageOrRegion, toString, appendDirLocale).
 */
import { ByteReader } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import * as C from './config-constants.js';

export interface ResourceConfig {
  /** Absolute offset of the config struct (its `size` field). */
  readonly offset: number;
  /** Size the file declares; Android copies min(declared, sizeof) and zero-fills the rest. */
  readonly declaredSize: number;
  readonly mcc: number;
  readonly mnc: number;
  /** Unpacked language: 2 or 3 lowercase letters, or '' for any. */
  readonly language: string;
  /** Unpacked region: 2 letters or 3 digits, or '' for any. */
  readonly country: string;
  /** Raw two-byte language/country fields (packed codes are compared in this form). */
  readonly languageBytes: readonly [number, number];
  readonly countryBytes: readonly [number, number];
  readonly orientation: number;
  readonly touchscreen: number;
  readonly density: number;
  readonly keyboard: number;
  readonly navigation: number;
  readonly inputFlags: number;
  readonly grammaticalInflection: number;
  readonly screenWidth: number;
  readonly screenHeight: number;
  readonly sdkVersion: number;
  readonly minorVersion: number;
  readonly screenLayout: number;
  readonly uiMode: number;
  readonly smallestScreenWidthDp: number;
  readonly screenWidthDp: number;
  readonly screenHeightDp: number;
  readonly localeScript: string;
  readonly localeVariant: string;
  readonly screenLayout2: number;
  readonly colorMode: number;
  readonly localeScriptWasComputed: boolean;
  readonly localeNumberingSystem: string;
  /** Bytes past sizeof(ResTable_config) that are not zero (a newer, unknown field set). */
  readonly hasUnknownFields: boolean;
}

/** Unpacks language or region (ResourceTypes.cpp unpackLanguageOrRegion): base 'a' or '0'. */
export function unpackCode(first: number, second: number, base: number): string {
  if ((first & C.PACKED_CODE_FLAG) !== 0) {
    // Three 5-bit letters: bits 0-4 of byte 1, bits 5-7 of byte 1 + bits 0-1 of byte 0, bits 2-6 of byte 0.
    const letter1 = second & 0x1f;
    const letter2 = ((second & 0xe0) >> 5) + ((first & 0x03) << 3);
    const letter3 = (first & 0x7c) >> 2;
    return String.fromCharCode(letter1 + base, letter2 + base, letter3 + base);
  }
  if (first === 0) return '';
  return String.fromCharCode(first, second);
}

/** Packs a 2- or 3-character code into the two-byte field (ResourceTypes.cpp packLanguageOrRegion). */
export function packCode(code: string, base: number): [number, number] {
  if (code.length === 3) {
    const letter1 = (code.charCodeAt(0) - base) & 0x1f;
    const letter2 = (code.charCodeAt(1) - base) & 0x1f;
    const letter3 = (code.charCodeAt(2) - base) & 0x1f;
    return [C.PACKED_CODE_FLAG | (letter3 << 2) | (letter2 >> 3), ((letter2 & 0x07) << 5) | letter1];
  }
  if (code.length === 2) return [code.charCodeAt(0), code.charCodeAt(1)];
  return [0, 0];
}

const LANGUAGE_BASE = 'a'.charCodeAt(0);
const REGION_BASE = '0'.charCodeAt(0);

function fixedString(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    if (byte === 0) break;
    text += String.fromCharCode(byte);
  }
  return text;
}

/**
 * Reads a ResTable_config at the reader's cursor and advances past its declared size.
 * Like Android (copyFromDeviceNoSwap), a config smaller than the struct is zero-filled
 * and a larger one is truncated to the known fields (newer aapt2 layouts). Real
 * sizes in the corpus: 32 (androguard/Test-debug-unaligned.apk), 36
 * (androguard/TestActivity.apk), 48 (npm/com.rormix.apk), 52
 * (fdroidserver/souch.smsbypass_9.apk), 56 (androguard/hello-world.apk), 64 (the rest).
 */
export function readConfig(reader: ByteReader, sink: DiagnosticSink): ResourceConfig {
  const start = reader.position;
  const offset = reader.absolute;
  const declaredSize = reader.u32At(start);
  const available = Math.min(declaredSize, reader.length - start);
  if (declaredSize < C.RES_TABLE_CONFIG_MIN_SIZE) {
    sink.add(
      'arsc.config-size-small',
      offset,
      `ResTable_config declares ${declaredSize} bytes (< ${C.RES_TABLE_CONFIG_MIN_SIZE})`,
    );
  }
  if (declaredSize > reader.length - start) {
    sink.add(
      'arsc.config-size-overrun',
      offset,
      `ResTable_config declares ${declaredSize} bytes, only ${reader.length - start} remain`,
      'error',
    );
  }
  const raw = new Uint8Array(C.RES_TABLE_CONFIG_SIZE);
  raw.set(reader.bytesAt(start, Math.min(available, C.RES_TABLE_CONFIG_SIZE)));
  let hasUnknownFields = false;
  if (available > C.RES_TABLE_CONFIG_SIZE) {
    hasUnknownFields = reader
      .bytesAt(start + C.RES_TABLE_CONFIG_SIZE, available - C.RES_TABLE_CONFIG_SIZE)
      .some((b) => b !== 0);
    if (hasUnknownFields) {
      sink.add(
        'arsc.config-unknown-fields',
        offset + C.RES_TABLE_CONFIG_SIZE,
        `ResTable_config of ${declaredSize} bytes has non-zero fields this reader does not know`,
        'info',
      );
    }
  }
  const fields = new ByteReader(raw, offset);
  const O = C.CONFIG_OFFSET;
  const languageBytes: [number, number] = [fields.u8At(O.language), fields.u8At(O.language + 1)];
  const countryBytes: [number, number] = [fields.u8At(O.country), fields.u8At(O.country + 1)];
  reader.seek(start + Math.max(available, 4));
  return {
    offset,
    declaredSize,
    mcc: fields.u16At(O.mcc),
    mnc: fields.u16At(O.mnc),
    language: unpackCode(languageBytes[0], languageBytes[1], LANGUAGE_BASE),
    country: unpackCode(countryBytes[0], countryBytes[1], REGION_BASE),
    languageBytes,
    countryBytes,
    orientation: fields.u8At(O.orientation),
    touchscreen: fields.u8At(O.touchscreen),
    density: fields.u16At(O.density),
    keyboard: fields.u8At(O.keyboard),
    navigation: fields.u8At(O.navigation),
    inputFlags: fields.u8At(O.inputFlags),
    grammaticalInflection: fields.u8At(O.grammaticalInflection),
    screenWidth: fields.u16At(O.screenWidth),
    screenHeight: fields.u16At(O.screenHeight),
    sdkVersion: fields.u16At(O.sdkVersion),
    minorVersion: fields.u16At(O.minorVersion),
    screenLayout: fields.u8At(O.screenLayout),
    uiMode: fields.u8At(O.uiMode),
    smallestScreenWidthDp: fields.u16At(O.smallestScreenWidthDp),
    screenWidthDp: fields.u16At(O.screenWidthDp),
    screenHeightDp: fields.u16At(O.screenHeightDp),
    localeScript: fixedString(fields.bytesAt(O.localeScript, C.LOCALE_SCRIPT_LENGTH)),
    localeVariant: fixedString(fields.bytesAt(O.localeVariant, C.LOCALE_VARIANT_LENGTH)),
    screenLayout2: fields.u8At(O.screenLayout2),
    colorMode: fields.u8At(O.colorMode),
    localeScriptWasComputed: fields.u8At(O.localeScriptWasComputed) !== 0,
    localeNumberingSystem: fixedString(fields.bytesAt(O.localeNumberingSystem, C.LOCALE_NUMBERING_SYSTEM_LENGTH)),
    hasUnknownFields,
  };
}

/** A config with every field "any" (the default configuration), for building requests. */
export function defaultConfig(overrides: Partial<ResourceConfig> = {}): ResourceConfig {
  const base: ResourceConfig = {
    offset: -1,
    declaredSize: C.RES_TABLE_CONFIG_SIZE,
    mcc: 0,
    mnc: 0,
    language: '',
    country: '',
    languageBytes: [0, 0],
    countryBytes: [0, 0],
    orientation: 0,
    touchscreen: 0,
    density: 0,
    keyboard: 0,
    navigation: 0,
    inputFlags: 0,
    grammaticalInflection: 0,
    screenWidth: 0,
    screenHeight: 0,
    sdkVersion: 0,
    minorVersion: 0,
    screenLayout: 0,
    uiMode: 0,
    smallestScreenWidthDp: 0,
    screenWidthDp: 0,
    screenHeightDp: 0,
    localeScript: '',
    localeVariant: '',
    screenLayout2: 0,
    colorMode: 0,
    localeScriptWasComputed: false,
    localeNumberingSystem: '',
    hasUnknownFields: false,
  };
  const merged = { ...base, ...overrides };
  return {
    ...merged,
    languageBytes: overrides.languageBytes ?? packCode(merged.language, LANGUAGE_BASE),
    countryBytes: overrides.countryBytes ?? packCode(merged.country, REGION_BASE),
  };
}
