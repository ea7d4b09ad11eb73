/**
 * English, Russian and Uyghur lexicon terms.
 * Russian stems match at a word start (Russian inflects by endings: паспорт,
 * паспорта, паспортные); glosses from Wiktionary's Russian entries
 * (https://en.wiktionary.org, CC BY-SA) and the Oxford Russian Dictionary.
 * Uyghur is written here in the Arabic-script Uyghur alphabet (UEY), the one
 * Xinjiang apps ship; stems match at a word start because Uyghur adds suffixes
 * (كىملىك "identity card", كىملىكى "his identity card"); glosses from
 * Wiktionary's Uyghur entries and H. G. Schwarz, "An Uyghur–English Dictionary"
 * (Western Washington University, 1992). Short stems are whole words ('=')
 * because دىن is also the ablative suffix "-from" when written attached.
 * English "proxy" is weak: HTTP header names (proxy-authorization) in okhttp/netty.
 * English "visa" is weak, and no term at all in Scandinavian, Latvian and Lithuanian text, where it is
 * "show" or "all" ("Visa alla", "visas vietnes": SystemWebView's sv and lv strings).
 * English "imam" is weak, and no term in Serbian/Croatian/Bosnian/Slovene text ("imam" = "I have").
 * Russian "телефон" is weak: "the phone" (a device: "Открыть на телефоне", Wear and Play Services strings);
 * "номер телефона" is the phone number.
 * The "not about" phrases were found by running the labels rule over the corpus (docs/vocabulary.md).
 */
import { notAbout, terms, type LexiconTerm } from './lexicon-types.js';

export const ENGLISH_TERMS: readonly LexiconTerm[] = [
  ...terms('religion', 'en', [
    ['religion', 'religion'],
    ['religious', 'religious'],
    ['mosque', 'mosque'],
    ['prayer', 'prayer'],
    ['quran', 'Quran'],
    ['koran', 'Koran'],
    ['islam', 'Islam'],
    ['muslim', 'Muslim'],
    ['christianity', 'Christianity'],
    ['buddhism', 'Buddhism'],
    ['church', 'church'],
    ['ramadan', 'Ramadan'],
    ['hajj', 'hajj'],
    ['imam?', 'imam', ['sr', 'hr', 'bs', 'sl']],
    ['faith?', 'faith'],
  ]),
  ...terms('ethnicity', 'en', [
    ['ethnicity', 'ethnicity'],
    ['ethnic group', 'ethnic group'],
    ['nationality?', 'nationality'],
    ['uyghur', 'Uyghur'],
    ['uighur', 'Uyghur'],
    ['kazakh', 'Kazakh'],
  ]),
  ...terms('identity-document', 'en', [
    ['id card', 'ID card'],
    ['identity card', 'identity card'],
    ['id number', 'ID number'],
    ['id card number', 'ID card number'],
    ['passport', 'passport'],
    ['passport number', 'passport number'],
    ['national id', 'national ID'],
    ["driver's license", "driver's license"],
    ['identity document', 'identity document'],
  ]),
  ...terms('travel', 'en', [
    ['travel abroad', 'travel abroad'],
    ['travelled abroad', 'travelled abroad'],
    ['traveled abroad', 'traveled abroad'],
    ['abroad', 'abroad'],
    ['visa?', 'visa', ['sv', 'da', 'nb', 'no', 'nn', 'is', 'lv', 'lt']],
    ['border crossing', 'border crossing'],
    ['trip?', 'trip'],
  ]),
  ...terms('vehicle', 'en', [
    ['vehicle', 'vehicle'],
    ['license plate', 'license plate'],
    ['licence plate', 'licence plate'],
    ['plate number', 'plate number'],
    ['car model?', 'car model'],
  ]),
  ...terms('utility-usage', 'en', [
    ['electricity meter', 'electricity meter'],
    ['electricity usage', 'electricity usage'],
    ['electricity consumption', 'electricity consumption'],
    ['water meter', 'water meter'],
    ['power consumption?', 'power consumption'],
  ]),
  ...terms('network-tools', 'en', [
    ['vpn', 'VPN'],
    ['proxy?', 'proxy'],
    ['tor?', 'Tor'],
    ['shadowsocks', 'Shadowsocks'],
    ['v2ray', 'V2Ray'],
    ['psiphon', 'Psiphon'],
    ['telegram?', 'Telegram'],
    ['whatsapp?', 'WhatsApp'],
    ['signal?', 'Signal'],
  ]),
  ...terms('phone-number', 'en', [
    ['phone number', 'phone number'],
    ['mobile number', 'mobile number'],
    ['mobile phone number', 'mobile phone number'],
    ['telephone', 'telephone'],
    ['msisdn', 'MSISDN'],
  ]),
  ...terms('relationships', 'en', [
    ['relatives', 'relatives'],
    ['family member', 'family member'],
    ['next of kin', 'next of kin'],
    ['spouse', 'spouse'],
    ['relationship', 'relationship'],
  ]),
  ...terms('political', 'en', [
    ['party member', 'party member'],
    ['political status', 'political status'],
    ['petition?', 'petition'],
    ['political affiliation', 'political affiliation'],
  ]),
  // The flagging vocabulary (docs/vocabulary.md). "suspicious", "blacklist" and "alert" are weak: a
  // virus scanner's "suspicious app", an SMS blocker's blacklist.
  ...terms('suspicion', 'en', [
    ['suspicious?', 'suspicious'],
    ['suspicious person', 'suspicious person'],
    ['suspicious persons', 'suspicious persons'],
    ['suspect', 'suspect'],
    ['person of interest', 'person of interest'],
    ['abnormal behaviour', 'abnormal behaviour'],
    ['abnormal behavior', 'abnormal behaviour'],
    ['flagged?', 'flagged'],
  ]),
  ...terms('watchlist', 'en', [
    ['watchlist', 'watch list'],
    ['watch list', 'watch list'],
    ['blacklist?', 'blacklist'],
    ['key person', 'key person'],
    ['key persons', 'key persons'],
    ['focus personnel', 'focus personnel'],
    ['wanted person', 'wanted person'],
  ]),
  ...terms('extremism', 'en', [
    ['terrorism', 'terrorism'],
    ['terrorist', 'terrorist'],
    ['extremism', 'extremism'],
    ['extremist', 'extremist'],
    ['separatism', 'separatism'],
    ['separatist', 'separatist'],
    ['jihad', 'jihad'],
    ['radicalisation', 'radicalisation'],
    ['radicalization', 'radicalisation'],
  ]),
  ...terms('health', 'en', [
    ['health', 'health'],
    ['vaccine', 'vaccine'],
    ['vaccination', 'vaccination'],
    ['medical history', 'medical history'],
    ['blood type', 'blood type'],
    ['disease', 'disease'],
    ['disability', 'disability'],
  ]),
  ...terms('finance', 'en', [
    ['bank card', 'bank card'],
    ['bank account', 'bank account'],
    ['income', 'income'],
    ['savings', 'savings'],
    ['salary', 'salary'],
  ]),
  ...terms('biometrics', 'en', [
    ['fingerprint', 'fingerprint'],
    ['face recognition', 'face recognition'],
    ['facial recognition', 'facial recognition'],
    ['voiceprint', 'voiceprint'],
    ['iris scan', 'iris scan'],
    ['biometric', 'biometric'],
  ]),
  ...terms('location', 'en', [
    ['location', 'location'],
    ['home address', 'home address'],
    ['address?', 'address'],
    ['gps', 'GPS'],
    ['latitude', 'latitude'],
    ['longitude', 'longitude'],
  ]),
  ...terms('contacts', 'en', [
    ['contacts', 'contacts'],
    ['address book', 'address book'],
    ['phonebook', 'phone book'],
  ]),
  ...terms('sms', 'en', [
    ['sms', 'SMS'],
    ['text message', 'text message'],
  ]),
  ...terms('call-log', 'en', [
    ['call log', 'call log'],
    ['call history', 'call history'],
  ]),
  ...terms('device-id', 'en', [
    ['imei', 'IMEI'],
    ['imsi', 'IMSI'],
    ['android id', 'Android ID'],
    ['serial number?', 'serial number'],
  ]),
  // Where things are stored or drawn, not where people are (AppManager "Install location", ApiDemos' OpenGL "attrib location").
  ...notAbout('location', 'en', [
    ['install location', 'where an app is installed'],
    ['storage location', 'where files are stored'],
    ['save location', 'where a file is saved'],
    ['download location', 'where downloads go'],
    ['file location', 'where a file is'],
    ['memory location', 'a memory address'],
    ['attrib location', 'OpenGL attribute slot'],
    ['attribute location', 'OpenGL attribute slot'],
    ['uniform location', 'OpenGL uniform slot'],
    ['email address', 'e-mail address'],
    ['e-mail address', 'e-mail address'],
    ['ip address', 'network address'],
    ['web address', 'URL'],
    ['server address', 'server host'],
  ]),
];

export const RUSSIAN_TERMS: readonly LexiconTerm[] = [
  ...terms('religion', 'ru', [
    ['религи', 'religion'],
    ['вероисповедан', 'religious denomination'],
    ['мечет', 'mosque'],
    ['намаз', 'namaz (prayer)'],
    ['молитв', 'prayer'],
    ['коран', 'Quran'],
    ['ислам', 'Islam'],
    ['мусульман', 'Muslim'],
    ['церков', 'church'],
    ['христиан', 'Christian'],
    ['буддизм', 'Buddhism'],
  ]),
  ...terms('ethnicity', 'ru', [
    ['национальност', 'nationality (ethnicity)'],
    ['этническ', 'ethnic'],
    ['уйгур', 'Uyghur'],
    ['казах', 'Kazakh'],
  ]),
  ...terms('identity-document', 'ru', [
    ['паспорт', 'passport'],
    ['удостоверени', 'identity certificate'],
    ['удостоверения личности', 'of the identity card'],
    ['ИНН=', 'taxpayer number (INN)'],
    ['СНИЛС=', 'pension insurance number (SNILS)'],
  ]),
  ...terms('travel', 'ru', [
    ['за границ', 'abroad'],
    ['заграниц', 'abroad'],
    ['виза=', 'visa'],
    ['визы=', 'visa'],
    ['выезд', 'departure (exit)'],
    ['выезжал', 'travelled (out)'],
  ]),
  ...terms('vehicle', 'ru', [
    ['автомобил', 'car'],
    ['номерной знак', 'license plate'],
    ['транспортн', 'vehicle; transport'],
  ]),
  ...terms('utility-usage', 'ru', [
    ['электросчётчик', 'electricity meter'],
    ['электросчетчик', 'electricity meter'],
    ['потребление электроэнерги', 'electricity consumption'],
    ['счётчик вод', 'water meter'],
    ['счетчик вод', 'water meter'],
  ]),
  ...terms('network-tools', 'ru', [
    ['впн=', 'VPN'],
    ['прокси', 'proxy'],
  ]),
  ...terms('phone-number', 'ru', [
    ['номер телефона', 'telephone number'],
    ['мобильного телефона', 'of the mobile phone'],
    ['телефон?', 'telephone'],
  ]),
  ...terms('relationships', 'ru', [
    ['родственник', 'relative'],
    ['член семьи', 'family member'],
    ['члены семьи', 'family members'],
    ['супруг', 'spouse'],
  ]),
  ...terms('political', 'ru', [
    ['партийн', 'party (political)'],
    ['политическ', 'political'],
  ]),
  ...terms('suspicion', 'ru', [
    ['подозрительн?', 'suspicious'],
    ['подозрительное лицо', 'suspicious person'],
    ['подозреваем', 'suspect'],
  ]),
  ...terms('watchlist', 'ru', [
    ['черный список?', 'blacklist'],
    ['чёрный список?', 'blacklist'],
    ['в розыске', 'wanted (by the police)'],
    ['розыск', 'search (for a wanted person)'],
    ['профилактический учет', 'preventive police register'],
    ['профилактический учёт', 'preventive police register'],
  ]),
  ...terms('extremism', 'ru', [
    ['террор', 'terror'],
    ['экстремис', 'extremism; extremist'],
    ['сепаратис', 'separatism; separatist'],
    ['джихад', 'jihad'],
  ]),
  ...terms('health', 'ru', [
    ['здоровь', 'health'],
    ['вакцин', 'vaccine'],
    ['прививк', 'vaccination'],
    ['заболевани', 'disease'],
    ['группа крови', 'blood type'],
  ]),
  ...terms('finance', 'ru', [
    ['банковск', 'bank (adjective)'],
    ['доход', 'income'],
    ['зарплат', 'salary'],
  ]),
  ...terms('biometrics', 'ru', [
    ['отпечат', 'imprint (fingerprint)'],
    ['биометри', 'biometrics'],
    ['распознавание лиц', 'face recognition'],
  ]),
  ...terms('location', 'ru', [
    ['местоположени', 'location'],
    ['адрес?', 'address'],
    ['геолокаци', 'geolocation'],
  ]),
  ...terms('contacts', 'ru', [['контакт', 'contacts']]),
  ...terms('sms', 'ru', [
    ['СМС=', 'SMS'],
    ['сообщени?', 'message'],
  ]),
  ...terms('call-log', 'ru', [
    ['журнал звонков', 'call log'],
    ['звонк?', 'calls'],
  ]),
];

export const UYGHUR_TERMS: readonly LexiconTerm[] = [
  ...terms('religion', 'ug', [
    ['دىن=', 'religion'],
    ['دىنى', 'religion (possessive); religious'],
    ['دىنىي', 'religious'],
    ['مەسچىت', 'mosque'],
    ['ناماز', 'prayer (namaz)'],
    ['قۇرئان', 'Quran'],
    ['ئىسلام', 'Islam'],
    ['روزا', 'fasting (Ramadan)'],
    ['ھەج=', 'hajj'],
    ['ئىمام', 'imam'],
    ['ئېتىقاد', 'belief; faith'],
  ]),
  ...terms('ethnicity', 'ug', [
    ['مىللەت', 'nationality; ethnic group'],
    ['مىللىت', 'nationality (stem before a suffix: مىللىتى)'],
    ['ئۇيغۇر', 'Uyghur'],
    ['خەنزۇ', 'Han Chinese'],
    ['قازاق', 'Kazakh'],
  ]),
  ...terms('identity-document', 'ug', [
    ['كىملىك', 'identity card'],
    ['پاسپورت', 'passport'],
    ['كىنىشكا', 'certificate; ID booklet'],
  ]),
  ...terms('travel', 'ug', [
    ['چەت ئەل', 'abroad; foreign country'],
    ['ۋىزا', 'visa'],
    ['چېگرا', 'border'],
  ]),
  ...terms('vehicle', 'ug', [
    ['ماشىنا', 'car; vehicle'],
    ['نومۇر تاختىسى', 'number plate'],
  ]),
  ...terms('utility-usage', 'ug', [
    ['توك=', 'electricity'],
    ['سۇ ھېسابلىغۇچ', 'water meter'],
  ]),
  ...terms('network-tools', 'ug', [
    ['ۋىپىئېن', 'VPN'],
    ['تام ئاتلاش', 'wall climbing (circumvention)'],
  ]),
  ...terms('phone-number', 'ug', [
    ['تېلېفون', 'telephone'],
    ['يانفون', 'mobile phone'],
  ]),
  ...terms('relationships', 'ug', [
    ['ئائىلە', 'family'],
    ['تۇغقان', 'relative'],
    ['ئۇرۇق-تۇغقان', 'relatives and kin'],
  ]),
  ...terms('suspicion', 'ug', [
    ['گۇمانلىق', 'suspicious'],
    ['گۇمانلىق كىشى', 'suspicious person'],
  ]),
  ...terms('watchlist', 'ug', [
    ['قارا تىزىملىك', 'blacklist'],
    ['نۇقتىلىق نوپۇس', 'key population'],
  ]),
  ...terms('extremism', 'ug', [
    ['تېرور', 'terror'],
    ['ئەسەبىي', 'extremist; extremism'],
    ['بۆلگۈنچى', 'separatist; separatism'],
    ['جىھاد', 'jihad'],
  ]),
  ...terms('health', 'ug', [
    ['ساغلاملىق', 'health'],
    ['ۋاكسىنا', 'vaccine'],
    ['كېسەل', 'illness'],
  ]),
  ...terms('biometrics', 'ug', [
    ['بارماق ئىزى', 'fingerprint'],
    ['چىراي?', 'face'],
  ]),
  ...terms('location', 'ug', [
    ['ئادرېس', 'address'],
    ['ئورۇن?', 'location; place'],
  ]),
];
