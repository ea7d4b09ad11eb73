/**
 * The curated override table of the gloss (docs/gloss.md, "Overrides"): a few words that matter in
 * the apps we document, where CC-CEDICT's first sense misleads or where CC-CEDICT has no entry.
 * Each row names its source. Two kinds:
 * - PREFERRED_SENSES: which of CC-CEDICT's own senses an app means (the text stays CC-CEDICT's);
 *   found by sense prefix.
 * - OWN_GLOSSES: words CC-CEDICT lacks (it has 车主 "vehicle owner" but not 机主); the gloss is
 *   ours, built from CC-CEDICT's senses of the parts, with the usage it is taken from. They are
 *   also words for the segmenter (机主 is one word, not 机 | 主 "machine | owner").
 */

export interface PreferredSense {
  /** Start of the CC-CEDICT sense to show first. */
  readonly sense: string;
  readonly source: string;
}

export interface OwnGloss {
  readonly english: string;
  /** Numbered pinyin in CC-CEDICT's style (Latin letters spelled out as CC-CEDICT does for TF卡). */
  readonly pinyin: string;
  readonly source: string;
}

const CEDICT = 'CC-CEDICT, its own sense';

export const PREFERRED_SENSES: ReadonlyMap<string, PreferredSense> = new Map([
  // Form vocabulary: 请输入… is "please input…", not "to ask to import…" (demo app hint_name: 请输入身份证上的姓名).
  ['输入', { sense: 'to input', source: CEDICT }],
  ['輸入', { sense: 'to input', source: CEDICT }],
  ['请', { sense: 'please', source: CEDICT }],
  ['請', { sense: 'please', source: CEDICT }],
  ['号', { sense: '(after a numeral) number', source: CEDICT }],
  ['號', { sense: '(after a numeral) number', source: CEDICT }],
  ['无', { sense: 'none', source: CEDICT }],
  ['無', { sense: 'none', source: CEDICT }],
  // An app's 文件 is a file on the phone (文件管理 file manager, 文件夹 folder), not a government document.
  ['文件', { sense: 'file', source: `${CEDICT} (second of "document/file")` }],
  // 户口 on a form is the household registration (hukou), not a population count.
  ['户口', { sense: 'registered residence', source: `${CEDICT} (second of four)` }],
  ['戶口', { sense: 'registered residence', source: `${CEDICT} (second of four)` }],
  // 人员 in 可疑人员, 重点人员: persons, not a company's staff.
  ['人员', { sense: 'personnel', source: `${CEDICT} (third of "staff/crew/personnel")` }],
  ['人員', { sense: 'personnel', source: `${CEDICT} (third of "staff/crew/personnel")` }],
]);

const CARD = 'CC-CEDICT 卡 "(loanword) card", as in its TF卡 "microSD card"';
const SHE = 'CC-CEDICT 涉 "to be involved; to concern", as in its 涉黑 "gang-related"';
const PUBLIC_SECURITY =
  'Human Rights Watch, "China\'s Algorithms of Repression" (2019), on the police categories of people the IJOP app flags';

export const OWN_GLOSSES: ReadonlyMap<string, OwnGloss> = new Map([
  ['SIM卡', { english: 'SIM card', pinyin: 'S I M ka3', source: CARD }],
  ['USIM卡', { english: 'USIM card', pinyin: 'U S I M ka3', source: CARD }],
  ['UIM卡', { english: 'UIM card (CDMA SIM)', pinyin: 'U I M ka3', source: CARD }],
  ['SD卡', { english: 'SD card', pinyin: 'S D ka3', source: CARD }],
  ['IC卡', { english: 'IC card (chip card)', pinyin: 'I C ka3', source: CARD }],
  [
    '机主',
    {
      english: 'owner of the phone (the subscriber the number is registered to)',
      pinyin: 'ji1 zhu3',
      source:
        'CC-CEDICT 机 in 手机 "mobile phone" and 主 "owner", as in its 车主 "vehicle owner"; the carriers\' real-name registration forms (机主姓名, 机主身份证号码)',
    },
  ],
  [
    '機主',
    {
      english: 'owner of the phone (the subscriber the number is registered to)',
      pinyin: 'ji1 zhu3',
      source: 'traditional form of 机主 (same sources)',
    },
  ],
  [
    '身份证号',
    {
      english: 'ID card number',
      pinyin: 'shen1 fen4 zheng4 hao4',
      source: 'CC-CEDICT 身份证号码 "I.D. number", 码 left out',
    },
  ],
  [
    '手机号',
    {
      english: 'mobile phone number',
      pinyin: 'shou3 ji1 hao4',
      source: 'CC-CEDICT 手机 "mobile phone" and 号 "(after a numeral) number"; 手机号码 on the same forms',
    },
  ],
  ['涉恐', { english: 'terrorism-related', pinyin: 'she4 kong3', source: `${SHE}; 恐 for 恐怖 "terror"` }],
  [
    '涉稳',
    {
      english: 'stability-related (seen as a threat to social stability)',
      pinyin: 'she4 wen3',
      source: `${SHE}; 稳 for CC-CEDICT 维稳 "to maintain social stability"`,
    },
  ],
  ['涉暴', { english: 'violence-related', pinyin: 'she4 bao4', source: `${SHE}; 暴 for 暴力 "violence"` }],
  ['涉毒', { english: 'drug-related', pinyin: 'she4 du2', source: `${SHE}; 毒 for 毒品 "narcotics"` }],
  [
    '重点人员',
    {
      english: 'key persons (people the police keep under watch)',
      pinyin: 'zhong4 dian3 ren2 yuan2',
      source: `CC-CEDICT 重点 "key; focus" and 人员 "personnel"; ${PUBLIC_SECURITY}`,
    },
  ],
  [
    '重点人口',
    {
      english: 'key population (people registered for police watch)',
      pinyin: 'zhong4 dian3 ren2 kou3',
      source: `CC-CEDICT 重点 "key; focus" and 人口 "population"; ${PUBLIC_SECURITY}`,
    },
  ],
  [
    '关注人员',
    {
      english: 'persons of concern (to the police)',
      pinyin: 'guan1 zhu4 ren2 yuan2',
      source: `CC-CEDICT 关注 "to follow sth closely" and 人员 "personnel"; ${PUBLIC_SECURITY}`,
    },
  ],
  [
    '管控人员',
    {
      english: 'persons under control (police measures)',
      pinyin: 'guan3 kong4 ren2 yuan2',
      source: `CC-CEDICT 管 and 控 "to control", 人员 "personnel"; ${PUBLIC_SECURITY}`,
    },
  ],
]);
