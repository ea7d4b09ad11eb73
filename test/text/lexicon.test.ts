/**
 * The multilingual lexicon: each language finds its terms, unrelated text
 * finds nothing, entries are well-formed facts, offsets are those of the
 * original text, and matching stays linear on big and hostile inputs.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isDataCategory } from '../../src/findings/vocabulary.js';
import {
  classifyText,
  LEXICON,
  localeLanguage,
  matchLexicon,
  MAX_MATCH_LENGTH,
  primaryCategory,
} from '../../src/text/index.js';

describe('lexicon entries', () => {
  test('every entry is a fact: known category, language, English gloss; no duplicates', () => {
    const seen = new Set<string>();
    for (const entry of LEXICON) {
      assert.ok(isDataCategory(entry.category), `${entry.term}: ${entry.category}`);
      assert.ok(['zh', 'en', 'ru', 'ug'].includes(entry.language), entry.term);
      assert.ok(entry.english.trim().length > 0, `${entry.term} has an English gloss`);
      assert.ok(entry.term.length > 0 && entry.term === entry.term.trim(), `"${entry.term}" is trimmed`);
      assert.ok(!/[?=]$/.test(entry.term), `${entry.term}: marker characters stripped`);
      const key = `${entry.language}\0${entry.term.toLowerCase()}\0${entry.category}`;
      assert.ok(!seen.has(key), `duplicate ${entry.language} ${entry.term}`);
      seen.add(key);
    }
    const languages = new Set(LEXICON.map((entry) => entry.language));
    assert.deepEqual([...languages].sort(), ['en', 'ru', 'ug', 'zh']);
  });

  test('the automaton finds every term in itself (no term lost while building)', () => {
    for (const entry of LEXICON) {
      const found = matchLexicon(entry.term).some(
        (match) => match.entry === entry && match.start === 0 && match.end === entry.term.length,
      );
      assert.ok(found, `${entry.language} ${entry.term}`);
    }
  });
});

describe('classification', () => {
  const positive: Array<[string, string]> = [
    // Chinese
    ['宗教信仰', 'religion'],
    ['是否去过清真寺', 'religion'],
    ['每天做礼拜吗', 'religion'],
    ['古兰经', 'religion'],
    ['民族', 'ethnicity'],
    ['维吾尔族', 'ethnicity'],
    ['身份证号码', 'identity-document'],
    ['请输入护照号', 'identity-document'],
    ['是否出境', 'travel'],
    ['签证类型', 'travel'],
    ['车牌号', 'vehicle'],
    ['本月用电量', 'utility-usage'],
    ['电表读数', 'utility-usage'],
    ['是否翻墙', 'network-tools'],
    ['是否使用VPN', 'network-tools'],
    ['手机号码', 'phone-number'],
    ['家庭成员', 'relationships'],
    ['政治面貌', 'political'],
    // The flagging vocabulary (docs/vocabulary.md): Chinese, English, Russian, Uyghur
    ['可疑人员', 'suspicion'],
    ['异常行为', 'suspicion'],
    ['预警人员', 'suspicion'],
    ['重点人员', 'watchlist'],
    ['关注人员名单', 'watchlist'],
    ['涉恐人员', 'extremism'],
    ['涉稳', 'extremism'],
    ['暴恐', 'extremism'],
    ['Suspicious person', 'suspicion'],
    ['Watch list', 'watchlist'],
    ['terrorism', 'extremism'],
    ['подозрительное лицо', 'suspicion'],
    ['в розыске', 'watchlist'],
    ['терроризм', 'extremism'],
    ['экстремистские материалы', 'extremism'],
    ['گۇمانلىق كىشى', 'suspicion'],
    ['قارا تىزىملىك', 'watchlist'],
    ['تېرورلۇق', 'extremism'],
    ['ئەسەبىيلىك', 'extremism'],
    // Judged on the whole phrase: the weak word qualifies the strong one after it.
    ['正在检测手机联系人', 'contacts'],
    ['护照号码', 'identity-document'],
    ['是否上访', 'political'],
    ['体检结果', 'health'],
    ['疫苗接种', 'health'],
    ['银行卡号', 'finance'],
    ['人脸识别', 'biometrics'],
    ['采集指纹', 'biometrics'],
    ['现住址', 'location'],
    ['读取通讯录', 'contacts'],
    ['短信验证码', 'sms'],
    ['通话记录', 'call-log'],
    // English
    ['Religion', 'religion'],
    ['ID card number', 'identity-document'],
    ['Passport', 'identity-document'],
    ['Has travelled abroad', 'travel'],
    ['Uses a VPN', 'network-tools'],
    ['Mobile phone number', 'phone-number'],
    ['Vehicle plate number', 'vehicle'],
    ['Mosques', 'religion'],
    // Russian (inflected forms)
    ['Вероисповедание', 'religion'],
    ['Номер паспорта', 'identity-document'],
    ['Выезжал за границу', 'travel'],
    ['Религия', 'religion'],
    ['посещает мечеть', 'religion'],
    ['Номерной знак автомобиля', 'vehicle'],
    // Uyghur (Arabic script)
    ['دىن', 'religion'],
    ['مەسچىتكە بارامسىز', 'religion'],
    ['كىملىك نومۇرى', 'identity-document'],
    ['پاسپورت', 'identity-document'],
    ['مىللىتى', 'ethnicity'],
    ['چەت ئەلگە چىققانمۇ', 'travel'],
  ];
  for (const [text, category] of positive) {
    test(`${text} → ${category}`, () => {
      assert.equal(
        primaryCategory(text)?.category,
        category,
        JSON.stringify(classifyText(text).map((item) => [item.category, item.weakOnly])),
      );
    });
  }

  const negative: string[] = [
    '',
    'Settings',
    'Download the latest version',
    'Tornado warning',
    'valid input',
    'Добро пожаловать',
    'Сохранить',
    '病毒扫描',
    '设置',
    '关于我们',
    '检查更新',
    '确定',
    'ئۇلىنىش',
    'ئۆيدىن چىقتى', // "from the house": attached ablative suffix -دىن is not دىن "religion"
    'com.android.vending',
    '%1$s of %2$d',
    '<script>alert(1)</script>',
    'vpnservice',
    // Flagging words that are ordinary elsewhere stay weak: an error message, a weather alert, a call-block list.
    '网络异常',
    '天气预警',
    '黑名单',
    'Suspicious app detected',
  ];
  for (const text of negative) {
    test(`no category: ${JSON.stringify(text)}`, () => {
      assert.equal(
        primaryCategory(text),
        undefined,
        JSON.stringify(classifyText(text).map((item) => [item.category, item.matches.map((m) => m.entry.term)])),
      );
    });
  }

  test('weak terms alone do not classify (代理 is also "agent")', () => {
    const result = classifyText('代理');
    assert.equal(result[0]?.weakOnly, true);
    assert.equal(primaryCategory('代理'), undefined);
    assert.equal(primaryCategory('代理服务器')?.category, 'network-tools');
  });

  test('a shorter term inside a longer term of another category does not count (号码 in 身份证号码)', () => {
    assert.deepEqual(
      classifyText('身份证号码').map((item) => item.category),
      ['identity-document'],
    );
  });

  test('a weak term that only qualifies a strong term of another category does not count (手机 in 手机联系人, 号码 in 护照号码)', () => {
    const table: ReadonlyArray<readonly [string, readonly string[]]> = [
      ['正在检测手机联系人', ['contacts']],
      ['读取手机联系人', ['contacts']],
      ['phone contacts', ['contacts']],
      ['护照号码', ['identity-document']],
      ['请输入护照号码', ['identity-document']],
      // the strong term before a weak one does not cancel it, and strong terms stay
      ['联系人电话', ['contacts', 'phone-number']],
      ['手机号码', ['phone-number']],
    ];
    for (const [text, categories] of table)
      assert.deepEqual(
        classifyText(text).map((item) => item.category),
        categories,
        text,
      );
  });

  test('offsets are those of the original text, case-insensitively', () => {
    const text = 'İİ Passport 护照';
    const matches = matchLexicon(text);
    for (const match of matches)
      assert.equal(text.slice(match.start, match.end).toLowerCase(), match.entry.term.toLowerCase());
    assert.deepEqual([...new Set(matches.map((match) => match.entry.term))], ['passport', '护照']);
  });
});

describe('bounds', () => {
  test('100,000 app strings are matched quickly', () => {
    const strings = Array.from({ length: 100_000 }, (_, index) =>
      index % 10 === 0 ? `请输入身份证号码 ${index}` : `Button label number ${index} 设置`,
    );
    const started = performance.now();
    let hits = 0;
    for (const text of strings) if (matchLexicon(text).length > 0) hits++;
    const elapsed = performance.now() - started;
    console.log(`lexicon: ${strings.length} strings in ${Math.round(elapsed)} ms`);
    assert.equal(hits, 10_000);
    assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
  });

  test('a 1,000,000-character hostile string is scanned only up to MAX_MATCH_LENGTH', () => {
    const text = '身份证'.repeat(333_334);
    const started = performance.now();
    const matches = matchLexicon(text);
    assert.ok(performance.now() - started < 1000);
    assert.ok(matches.every((match) => match.end <= MAX_MATCH_LENGTH));
    assert.ok(matches.length <= 256);
  });
});

describe('identifiers and names are not labels', () => {
  const cases = [
    'android.permission.ACCESS_FINE_LOCATION',
    'My_Last_Location',
    'android:activate_vpn',
    '© 2020 Muntashir Al-Islam',
    'Visa alla',
  ];
  for (const text of cases) {
    test(`no strong category: ${text}`, () => assert.equal(primaryCategory(text), undefined));
  }
  test('but a hyphen after a space or digit still starts a word', () => {
    assert.equal(primaryCategory('2019 - religion')?.category, 'religion');
    assert.equal(primaryCategory('VPN-Dienst')?.category, 'network-tools');
  });
});

describe('claim text', () => {
  test('control, bidi and line-separator characters are shown escaped; other text unchanged', async () => {
    const { claimText } = await import('../../src/text/index.js');
    assert.equal(claimText('invoice\u202egpj.exe'), 'invoice\\u{202e}gpj.exe');
    assert.equal(claimText('line1\nline2\u2028x\u001b[31m'), 'line1\\u{a}line2\\u{2028}x\\u{1b}[31m');
    assert.equal(claimText('身份证号码 Номер دىن'), '身份证号码 Номер دىن');
  });
});

describe('phrases that are not about their category (reviewed on the corpus)', () => {
  const cases: Array<[string, string | undefined]> = [
    ['Install location', undefined],
    ['Email address invalid', undefined],
    ['电子邮件地址无效', undefined],
    ['安装位置', undefined],
    ['Could not get attrib location for uMVPMatrix', undefined],
    ['Open on phone: Открыть на телефоне', undefined],
    ['Dozvoli sajtovima da proveravaju da li imam sačuvane', undefined],
    // the terms still count outside those phrases
    ['Location', 'location'],
    ['Home address', 'location'],
    ['现住址', 'location'],
    ['Номер телефона', 'phone-number'],
    ['The imam of the mosque', 'religion'],
    ['Send your location and email address', 'location'],
  ];
  for (const [text, category] of cases) {
    test(`${text} → ${category ?? 'nothing'}`, () =>
      assert.equal(primaryCategory(text)?.category, category, JSON.stringify(classifyText(text))));
  }
});

describe("false friends: a term that is another word in the string's language", () => {
  test('localeLanguage reads resource qualifiers', () => {
    assert.deepEqual(
      ['', 'sv', 'zh-rCN', 'b+sr+Latn', 'fil', 'en-rUS'].map((locale) => localeLanguage(locale)),
      [undefined, 'sv', 'zh', 'sr', 'fil', 'en'],
    );
  });
  test('"visa" in Swedish text is no term; in English text it is', () => {
    assert.deepEqual(classifyText('Visa alla', 'sv'), []);
    assert.equal(classifyText('Visa alla', 'en')[0]?.category, 'travel');
    assert.equal(classifyText('Visa alla')[0]?.category, 'travel');
  });
});
