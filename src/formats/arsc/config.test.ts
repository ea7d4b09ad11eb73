import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteReader } from '../binary/byte-reader.js';
import { DiagnosticSink } from '../diagnostics.js';
import { packCode, readConfig, unpackCode } from './config.js';
import { qualifierString } from './qualifiers.js';
import { config, type ConfigFields } from '../../../test/arsc/builder.js';

const ascii2 = (text: string): [number, number] => [text.charCodeAt(0), text.charCodeAt(1)];

function qualifiers(fields: ConfigFields): string {
  return qualifierString(readConfig(new ByteReader(config(fields)), new DiagnosticSink()));
}

describe('ResTable_config qualifier strings (ResTable_config::toString)', () => {
  const cases: Array<[string, ConfigFields, string]> = [
    ['default', {}, ''],
    ['language only', { language: ascii2('en') }, 'en'],
    ['language and region', { language: ascii2('zh'), country: ascii2('CN') }, 'zh-rCN'],
    ['Traditional Chinese region', { language: ascii2('zh'), country: ascii2('TW') }, 'zh-rTW'],
    ['explicit script uses the BCP 47 form', { language: ascii2('sr'), script: 'Latn' }, 'b+sr+Latn'],
    ['script and region', { language: ascii2('sr'), script: 'Latn', country: ascii2('RS') }, 'b+sr+Latn+RS'],
    ['variant', { language: ascii2('ca'), country: ascii2('ES'), variant: 'valencia' }, 'b+ca+ES+valencia'],
    ['numbering system', { language: ascii2('ar'), numbering: 'latn' }, 'b+ar+u+nu+latn'],
    ['packed 3-letter language (fil = AD 05)', { language: [0xad, 0x05], country: ascii2('PH') }, 'fil-rPH'],
    ['packed 3-digit region (419 = A4 24)', { language: ascii2('es'), country: [0xa4, 0x24] }, 'es-r419'],
    ['density with implied version', { density: 240, sdkVersion: 4 }, 'hdpi-v4'],
    ['smallest width', { smallestScreenWidthDp: 600, sdkVersion: 13 }, 'sw600dp-v13'],
    ['odd density', { density: 300 }, '300dpi'],
    ['anydpi and nodpi', { density: 0xfffe, sdkVersion: 21 }, 'anydpi-v21'],
    ['nodpi', { density: 0xffff }, 'nodpi'],
    ['orientation then night', { orientation: 2, uiMode: 0x20 }, 'land-night'],
    ['layout direction', { screenLayout: 0x80, sdkVersion: 17 }, 'ldrtl-v17'],
    ['mcc and mnc', { mcc: 310, mnc: 4 }, 'mcc310-mnc4'],
    ['grammatical gender', { language: ascii2('fr'), grammaticalInflection: 2, sdkVersion: 34 }, 'fr-feminine-v34'],
    ['minor version', { sdkVersion: 26, minorVersion: 1 }, 'v26.1'],
    ['unknown orientation value', { orientation: 9 }, 'orientation=9'],
    [
      'every qualifier in aapt order',
      {
        mcc: 310,
        mnc: 260,
        language: ascii2('en'),
        country: ascii2('US'),
        screenLayout: 0x40 | 0x03 | 0x20,
        smallestScreenWidthDp: 600,
        screenWidthDp: 720,
        screenHeightDp: 1024,
        screenLayout2: 0x02,
        colorMode: 0x02 | 0x08,
        orientation: 1,
        uiMode: 0x03 | 0x10,
        density: 320,
        touchscreen: 3,
        inputFlags: 0x02 | 0x08,
        keyboard: 2,
        navigation: 2,
        screenWidth: 480,
        screenHeight: 320,
        sdkVersion: 26,
      },
      'mcc310-mnc260-en-rUS-ldltr-sw600dp-w720dp-h1024dp-large-long-round-widecg-highdr-port-car-notnight-xhdpi-finger-keyshidden-qwerty-navhidden-dpad-480x320-v26',
    ],
  ];
  for (const [name, fields, expected] of cases) {
    test(name, () => assert.equal(qualifiers(fields), expected));
  }
});

describe('ResTable_config sizes (copyFromDeviceNoSwap)', () => {
  test('an old 28-byte config ignores the bytes after it', () => {
    const bytes = new Uint8Array(64).fill(0x11);
    bytes.set(config({ size: 28, language: ascii2('zh'), country: ascii2('CN'), sdkVersion: 4 }));
    const reader = new ByteReader(bytes, 1000);
    const parsed = readConfig(reader, new DiagnosticSink());
    assert.equal(qualifierString(parsed), 'zh-rCN-v4');
    assert.equal(parsed.screenLayout, 0);
    assert.equal(parsed.offset, 1000);
    assert.equal(reader.position, 28);
  });
  test('a 36-byte config keeps screen size dp and drops the script', () => {
    const parsed = readConfig(
      new ByteReader(config({ size: 36, screenWidthDp: 820, script: 'Latn', language: ascii2('sr') })),
      new DiagnosticSink(),
    );
    assert.equal(qualifierString(parsed), 'sr-w820dp');
  });
  test('a larger config with zero extra bytes is silent; non-zero extra bytes are reported', () => {
    const quiet = new Uint8Array(72);
    quiet.set(config({ size: 72, density: 480 }).subarray(0, 64));
    new DataView(quiet.buffer).setUint32(0, 72, true);
    const sinkQuiet = new DiagnosticSink();
    const parsedQuiet = readConfig(new ByteReader(quiet), sinkQuiet);
    assert.equal(qualifierString(parsedQuiet), 'xxhdpi');
    assert.equal(parsedQuiet.hasUnknownFields, false);
    assert.equal(sinkQuiet.diagnostics.length, 0);
    const loud = quiet.slice();
    loud[70] = 1;
    const sinkLoud = new DiagnosticSink();
    assert.equal(readConfig(new ByteReader(loud), sinkLoud).hasUnknownFields, true);
    assert.deepEqual(
      sinkLoud.diagnostics.map((d) => d.code),
      ['arsc.config-unknown-fields'],
    );
  });
  test('a config claiming more bytes than exist is read as far as it goes', () => {
    const bytes = config({ size: 64, language: ascii2('de') }).subarray(0, 40);
    const sink = new DiagnosticSink();
    const parsed = readConfig(new ByteReader(bytes), sink);
    assert.equal(parsed.language, 'de');
    assert.deepEqual(
      sink.diagnostics.map((d) => d.code),
      ['arsc.config-size-overrun'],
    );
  });
  test('a config declaring fewer than 28 bytes is reported and zero-filled', () => {
    const sink = new DiagnosticSink();
    const parsed = readConfig(new ByteReader(config({ size: 12, language: ascii2('ja'), density: 160 })), sink);
    assert.equal(qualifierString(parsed), 'ja');
    assert.deepEqual(
      sink.diagnostics.map((d) => d.code),
      ['arsc.config-size-small'],
    );
  });
});

describe('packed language and region codes (packLanguageOrRegion)', () => {
  const cases: Array<[string, number, [number, number]]> = [
    ['fil', 'a'.charCodeAt(0), [0xad, 0x05]],
    ['419', '0'.charCodeAt(0), [0xa4, 0x24]],
    ['en', 'a'.charCodeAt(0), [0x65, 0x6e]],
  ];
  for (const [code, base, bytes] of cases) {
    test(`${code} packs to ${bytes.map((b) => b.toString(16)).join(',')} and back`, () => {
      assert.deepEqual(packCode(code, base), bytes);
      assert.equal(unpackCode(bytes[0], bytes[1], base), code);
    });
  }
  test('an empty code is two zero bytes', () => assert.equal(unpackCode(0, 0, 0x61), ''));
});
