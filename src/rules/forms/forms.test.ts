/**
 * Rule `forms` on the demo app's planted survey form (every field with label,
 * hint, choices and category, in the default and zh-rCN locales), checked
 * against aapt (layout elements and lines) and dexdump (the setContentView
 * site), on the hostile fixture (nothing invented), on a hand-built layout
 * with form-library widgets, and on one-byte corruptions of the demo layout.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { readBinaryXml } from '../../formats/axml/index.js';
import { FormatError } from '../../formats/diagnostics.js';
import type { AppModel } from '../../model/app-model.js';
import { decodeInputType, extractForms, fieldKind } from '../../model/forms/index.js';
import { findEntry, readEntry, readZip } from '../../formats/zip/index.js';
import { corpusRoot, repositoryRoot, runTool, needs } from '../../../test/support/corpus.js';
import { deviceConfig } from '../../model/resources/index.js';
import { appModelFromFile } from '../../../test/text/app-model-fixture.js';
import {
  cdata,
  document,
  endElement,
  endNamespace,
  resourceMap,
  startElement,
  startNamespace,
  stringPool,
} from '../../../test/axml/builder.js';
import type { Finding } from '../../findings/types.js';
import { formFieldOf, formOf } from '../../scan/catalogue.js';
import { renderClaim } from '../../report/claim.js';
import { runRule, testRule } from '../../../test/findings/rule-tester.js';
import { rule } from './index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const AAPT = { skip: needs('aapt') };
const DEXDUMP = { skip: needs('dexdump') };
const CORPUS_AAPT_DEXDUMP = { skip: needs('corpus', 'aapt', 'dexdump') };

const DEMO = join(repositoryRoot, 'fixtures/demo/field-survey.apk');
const HOSTILE = join(repositoryRoot, 'fixtures/hostile/hostile-strings.apk');
const demo = appModelFromFile(DEMO);
const demoFindings = runRule(rule, demo);

function fieldFinding(findings: readonly Finding[], field: string): Finding[] {
  return findings.filter((finding) => finding.code === 'forms.field-asks-for' && finding.args.field === field);
}

/** A field finding's texts and choices by where they sit (`label[zh-rCN]`, `choices[]`, each gloss as `<where>.gloss`), and its input type. */
function textsByPlace(finding: Finding): Record<string, string> {
  const view = formFieldOf(finding);
  const out: Record<string, string> = {};
  for (const text of [...(view?.texts ?? []), ...(view?.choices ?? [])]) {
    out[text.where] = text.text;
    if (text.gloss !== undefined) out[`${text.where}.gloss`] = text.gloss;
  }
  if (view?.inputType !== undefined) out.inputType = view.inputType.join('|');
  if (typeof finding.args.choicesResource === 'string') out.choicesResource = finding.args.choicesResource;
  return out;
}

describe('forms on the demo app', () => {
  const planted: Array<{ field: string; widget: string; category?: string; args: Record<string, string | RegExp> }> = [
    { field: 'id/edit_name', widget: 'EditText', args: {} },
    {
      field: 'id/edit_id_number',
      widget: 'EditText',
      category: 'identity-document',
      args: {
        'label[]': 'ID card number',
        'label[zh-rCN]': '身份证号码',
        'label[zh-rCN].gloss': /I\.D\. number/,
        'hint[]': '身份证号码',
        inputType: 'number',
      },
    },
    {
      field: 'id/edit_phone',
      widget: 'EditText',
      category: 'phone-number',
      args: { 'label[zh-rCN]': '手机号码', 'hint[]': '手机号码', inputType: 'phone' },
    },
    {
      field: 'id/edit_plate',
      widget: 'EditText',
      category: 'vehicle',
      args: { 'label[]': 'Vehicle plate number', 'label[zh-rCN]': '车牌号', 'hint[]': '车牌号' },
    },
    {
      field: 'id/spinner_religion',
      widget: 'Spinner',
      category: 'religion',
      args: {
        'label[]': 'Religion',
        'label[zh-rCN]': '宗教信仰',
        'label[ru]': 'Вероисповедание',
        'choices[]': 'None / Islam / Buddhism / Christianity / Other',
        'choices[zh-rCN]': '无 / 伊斯兰教 / 佛教 / 基督教 / 其他',
        'choices[zh-rCN].gloss': /Islam \/ Buddhism \/ Christianity/,
        choicesResource: 'array/religion_choices',
      },
    },
    {
      field: 'id/spinner_travel_abroad',
      widget: 'Spinner',
      category: 'travel',
      args: {
        'label[]': 'Has travelled abroad',
        'label[zh-rCN]': '是否出境',
        'choices[]': 'Yes / No',
        'choices[zh-rCN]': '是 / 否',
        choicesResource: 'array/travel_abroad',
      },
    },
    {
      field: 'id/check_uses_vpn',
      widget: 'CheckBox',
      category: 'network-tools',
      args: { 'label[]': 'Uses a VPN', 'label[zh-rCN]': '是否使用VPN' },
    },
  ];
  for (const { field, widget, category, args } of planted) {
    test(`${field} (${widget}) ${category ?? 'asks for no vocabulary category'}`, () => {
      const findings = fieldFinding(demoFindings, field);
      if (category === undefined) {
        assert.equal(findings.length, 0, JSON.stringify(findings.map((finding) => finding.category)));
        return;
      }
      assert.deepEqual(
        findings.map((finding) => finding.category),
        [category],
      );
      const finding = findings[0]!;
      assert.equal(finding.args.widget, widget);
      assert.equal(finding.args.screen, 'org.apkwitness.demo.fieldsurvey.MainActivity');
      const texts = textsByPlace(finding);
      for (const [key, expected] of Object.entries(args)) {
        const actual = String(texts[key]);
        if (expected instanceof RegExp) assert.match(actual, expected, key);
        else assert.equal(actual, expected, key);
      }
      assert.equal(finding.evidence[0]?.kind, 'xml');
      assert.ok(
        finding.evidence.some((item) => item.kind === 'resource' && item.locale === 'zh-rCN'),
        'zh-rCN string cited',
      );
      assert.ok(finding.evidence.every((item) => item.apkSha256 === demo.apk.sha256));
    });
  }

  test('one form finding lists all seven fields and the categories', () => {
    const forms = demoFindings.filter((finding) => finding.code === 'forms.form');
    assert.equal(forms.length, 1);
    assert.equal(forms[0]!.args.fieldCount, 7);
    assert.deepEqual(forms[0]!.args.categories, [
      'identity-document',
      'network-tools',
      'phone-number',
      'religion',
      'travel',
      'vehicle',
    ]);
    const fields = formOf(forms[0]!)?.fields ?? [];
    assert.match(fields.find((item) => item.field === 'id/edit_name')?.shows?.text ?? '', /Name/);
    assert.equal(
      renderClaim(forms[0]!),
      'Layout survey_form (shown by org.apkwitness.demo.fieldsurvey.MainActivity) is a form with 7 input field(s) asking for identity-document, network-tools, phone-number, religion, travel, vehicle',
    );
  });

  test('a field claim quotes what the field shows, glossed', () => {
    const [finding] = fieldFinding(demoFindings, 'id/spinner_religion');
    assert.equal(
      finding === undefined ? '' : renderClaim(finding),
      'The form survey_form (shown by org.apkwitness.demo.fieldsurvey.MainActivity) asks for religion: choice field id/spinner_religion "Religion"',
    );
  });

  test('layout elements and lines match aapt dump xmltree', AAPT, () => {
    const dump = runTool('aapt', ['dump', 'xmltree', DEMO, 'res/layout/survey_form.xml']);
    assert.equal(dump.status, 0, dump.stderr);
    const aaptFields = [...dump.stdout.matchAll(/E: (\S+) \(line=(\d+)\)/g)]
      .filter((match) => fieldKind(match[1]!) !== undefined)
      .map((match) => `${match[1]}@${match[2]}`);
    const ours = extractForms(demo).flatMap((form) => form.fields.map((field) => `${field.element}@${field.line}`));
    console.log(`forms: ${ours.length} fields compared with aapt xmltree`);
    assert.deepEqual(ours, aaptFields);
  });

  test('the screen evidence is the setContentView site dexdump shows, after const 0x7f020000', DEXDUMP, () => {
    const screen = extractForms(demo)[0]!.screens[0]!;
    const dump = runTool('dexdump', ['-d', DEMO]);
    assert.equal(dump.status, 0, dump.stderr);
    const offset = screen.fileOffset.toString(16).padStart(6, '0');
    const line = dump.stdout.split('\n').find((text) => text.startsWith(`${offset}:`));
    assert.match(
      line ?? '',
      new RegExp(`\\|${screen.codeOffset.toString(16).padStart(4, '0')}: invoke-virtual .*setContentView`),
    );
    const lines = dump.stdout.split('\n');
    const previous = lines[lines.indexOf(line!) - 1] ?? '';
    assert.match(previous, /const v\d+, .*#7f020000/);
  });
});

describe('forms: negatives and adversarial input', () => {
  test('the hostile fixture: fields found, no category invented', () => {
    const findings = runRule(rule, appModelFromFile(HOSTILE));
    const forms = findings.filter((finding) => finding.code === 'forms.form');
    assert.equal(forms.length, 1);
    assert.equal(forms[0]!.args.fieldCount, 6);
    assert.deepEqual(
      findings.filter((finding) => finding.category !== undefined).map((finding) => finding.category),
      [],
    );
  });

  test('a layout with form-library widgets (TextInputLayout hint, MaterialEditText floating label, MaterialSpinner) and android:labelFor', () => {
    // Strings 0..2 carry attribute resource ids (android:hint, android:inputType, app met_floatingLabelText).
    const strings = [
      'hint',
      'inputType',
      'met_floatingLabelText',
      'id',
      'labelFor',
      'text',
      'http://schemas.android.com/apk/res/android',
      'android',
      'LinearLayout',
      'com.google.android.material.textfield.TextInputLayout',
      'com.google.android.material.textfield.TextInputEditText',
      'com.rengwuxian.materialedittext.MaterialEditText',
      'fr.ganfra.materialspinner.MaterialSpinner',
      '护照号码',
      '宗教活动',
      'a.b.c',
      'Password',
      'EditText',
      'TextView',
      '民族',
    ];
    const ANDROID = 6;
    const FIELD_ID = 0x7f0a0001;
    // Strings 0..5 carry attribute resource ids: android:hint, android:inputType, app met_floatingLabelText, android:id, android:labelFor, android:text.
    const bytes = document(
      stringPool(strings),
      resourceMap([0x01010150, 0x01010220, 0x7f010000, 0x010100d0, 0x010103c6, 0x0101014f]),
      startNamespace(7, ANDROID, 1),
      startElement(8, [], 2),
      startElement(9, [{ ns: ANDROID, name: 0, raw: 13, type: 0x03, data: 13 }], 3),
      startElement(10, [{ ns: ANDROID, name: 1, type: 0x11, data: 0x81 }], 4),
      endElement(10, 4),
      endElement(9, 5),
      startElement(11, [{ name: 2, raw: 14, type: 0x03, data: 14 }], 6),
      endElement(11, 6),
      startElement(12, [], 7),
      endElement(12, 7),
      startElement(15, [{ ns: ANDROID, name: 0, raw: 16, type: 0x03, data: 16 }], 8),
      cdata(16, 8),
      endElement(15, 8),
      // An EditText labelled by a TextView that comes after it and names it with android:labelFor.
      startElement(17, [{ ns: ANDROID, name: 3, type: 0x01, data: FIELD_ID }], 9),
      endElement(17, 9),
      startElement(
        18,
        [
          { ns: ANDROID, name: 4, type: 0x01, data: FIELD_ID },
          { ns: ANDROID, name: 5, raw: 19, type: 0x03, data: 19 },
        ],
        10,
      ),
      endElement(18, 10),
      endElement(8, 11),
      endNamespace(7, ANDROID, 12),
    );
    const app: AppModel = {
      ...demo,
      resources: undefined,
      code: undefined,
      dexSources: [],
      xmlResources: [{ entry: 'res/layout/library.xml', document: readBinaryXml(bytes).value }],
    };
    const forms = extractForms(app);
    assert.equal(forms.length, 1);
    assert.deepEqual(
      forms[0]!.fields.map((field) => [
        field.kind,
        field.element.slice(field.element.lastIndexOf('.') + 1),
        field.label?.source ?? '',
      ]),
      [
        ['text', 'TextInputEditText', 'text-input-layout'],
        ['text', 'MaterialEditText', ''],
        ['choice', 'MaterialSpinner', ''],
        ['text', 'EditText', 'label-for'],
      ],
    );
    assert.deepEqual(forms[0]!.fields[0]!.inputType?.names, ['textPassword']);
    const categories = runRule(rule, app)
      .filter((finding) => finding.code === 'forms.field-asks-for')
      .map((finding) => [finding.args.widget, finding.category]);
    // The first field is labelled as an ID number and typed as a password: it holds both.
    assert.deepEqual(categories, [
      ['com.google.android.material.textfield.TextInputEditText', 'identity-document'],
      ['com.google.android.material.textfield.TextInputEditText', 'credentials'],
      ['com.rengwuxian.materialedittext.MaterialEditText', 'religion'],
      ['EditText', 'ethnicity'],
    ]);
  });

  test('one-byte corruptions of the demo layout never throw anything but FormatError', () => {
    const archive = readZip(new Uint8Array(readFileSync(DEMO))).value;
    const layout = readEntry(archive, findEntry(archive, 'res/layout/survey_form.xml')!).value!;
    let parsed = 0;
    for (let position = 0; position < layout.length; position++) {
      const corrupted = layout.slice();
      corrupted[position] = corrupted[position]! ^ 0xff;
      let documentValue;
      try {
        documentValue = readBinaryXml(corrupted).value;
      } catch (error) {
        if (error instanceof FormatError) continue;
        throw error;
      }
      parsed++;
      const app: AppModel = {
        ...demo,
        xmlResources: [{ entry: 'res/layout/survey_form.xml', document: documentValue }],
      };
      runRule(rule, app);
    }
    console.log(`forms: ${parsed} of ${layout.length} one-byte corruptions parsed and scanned`);
    assert.ok(parsed > layout.length / 2);
  });
});

describe('widgets and input types', () => {
  const kinds: Array<[string, string | undefined]> = [
    ['EditText', 'text'],
    ['androidx.appcompat.widget.AppCompatEditText', 'text'],
    ['AutoCompleteTextView', 'text'],
    ['Spinner', 'choice'],
    ['androidx.appcompat.widget.AppCompatSpinner', 'choice'],
    ['com.jaredrummler.materialspinner.MaterialSpinner', 'choice'],
    ['CheckBox', 'checkbox'],
    ['RadioButton', 'radio'],
    ['RadioGroup', 'radio-group'],
    ['Switch', 'switch'],
    ['androidx.appcompat.widget.SwitchCompat', 'switch'],
    ['ToggleButton', 'toggle'],
    ['DatePicker', 'date'],
    ['TimePicker', 'time'],
    ['RatingBar', 'rating'],
    ['SeekBar', 'slider'],
    ['TextView', undefined],
    ['Button', undefined],
    ['com.google.android.material.textfield.TextInputLayout', undefined],
    ['', undefined],
  ];
  for (const [element, kind] of kinds)
    test(`${element || '(empty)'} → ${kind ?? 'not a field'}`, () => assert.equal(fieldKind(element), kind));

  const inputTypes: Array<[number, string[]]> = [
    [0x00000061, ['textPersonName']],
    [0x00000002, ['number']],
    [0x00000003, ['phone']],
    [0x00000081, ['textPassword']],
    [0x00003002, ['number', 'numberSigned', 'numberDecimal']],
    [0x00000012, ['numberPassword']],
    [0x00000014, ['date']],
    [0x00020001, ['text', 'textMultiLine']],
    [0x00000071, ['textPostalAddress']],
    [0, ['none']],
    [0xffffffff, ['class-0xf']],
  ];
  for (const [value, names] of inputTypes)
    test(`inputType 0x${value.toString(16)}`, () => assert.deepEqual(decodeInputType(value).names, names));
});

describe('screens through <include> on a corpus app', () => {
  test(
    'androguard/app-prod-debug.apk: content_main is shown by MainActivity via activity_main (checked with aapt and dexdump)',
    CORPUS_AAPT_DEXDUMP,
    () => {
      const path = join(corpusRoot, 'androguard/app-prod-debug.apk');
      const app = appModelFromFile(path);
      const form = extractForms(app).find((candidate) => candidate.layoutName === 'content_main');
      assert.ok(form !== undefined);
      const screen = form.screens.find((candidate) => candidate.viaLayout === 'activity_main');
      assert.equal(screen?.className, 'com.greenaddress.abcore.MainActivity');
      const outerId = app.resources!.idOf('layout/activity_main')!;
      const outerEntry = app.resources!.resolve(outerId, deviceConfig()).text!;
      const xmltree = runTool('aapt', ['dump', 'xmltree', path, outerEntry]);
      assert.equal(xmltree.status, 0, xmltree.stderr);
      const innerId = form.layoutIds[0]!;
      assert.match(
        xmltree.stdout,
        new RegExp(`E: include[\\s\\S]*?A: layout=@0x${innerId.toString(16).padStart(8, '0')}`),
      );
      const dump = runTool('dexdump', ['-d', path]);
      const lines = dump.stdout.split('\n');
      const index = lines.findIndex((text) => text.startsWith(`${screen.fileOffset.toString(16).padStart(6, '0')}:`));
      assert.match(lines[index] ?? '', /setContentView/);
      const before = lines.slice(Math.max(0, index - 20), index).join('\n');
      assert.match(before, new RegExp(`#${outerId.toString(16)}`));
    },
  );
});

testRule(rule, {
  valid: [
    {
      name: 'an app without layouts',
      model: () => ({ ...demo, xmlResources: [] }),
    },
  ],
  invalid: [
    {
      name: 'the demo survey form',
      model: () => demo,
      includes: [
        { code: 'forms.form', args: { layout: 'survey_form', fieldCount: 7 } },
        {
          code: 'forms.field-asks-for',
          category: 'religion',
          args: {
            field: 'id/spinner_religion',
            widget: 'Spinner',
            kind: 'choice',
            choicesResource: 'array/religion_choices',
            glossSource: /CC-CEDICT/,
          },
        },
      ],
    },
  ],
});
