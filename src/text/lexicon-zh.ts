/**
 * Chinese lexicon terms. English glosses follow CC-CEDICT senses (CC BY-SA 4.0,
 * see ATTRIBUTION in gloss.ts); the choice of terms follows what public
 * analyses of surveillance apps quote from their forms: Human Rights Watch,
 * "China's Algorithms of Repression" (2019, IJOP app: religion, travel abroad,
 * VPN use, electricity use, vehicle plates, relatives) and the "BXAQ"/Fengcai
 * border app analyses (Guardian/NYT/Süddeutsche/Ruhr-Universität Bochum, 2019).
 * Single characters are avoided (病 is also in 病毒 "virus"); ambiguous words are weak ('?').
 */
import { notAbout, terms, type LexiconTerm } from './lexicon-types.js';

export const CHINESE_TERMS: readonly LexiconTerm[] = [
  ...terms('religion', 'zh', [
    ['宗教', 'religion'], ['宗教信仰', 'religious belief'], ['信仰', 'faith; belief'], ['清真寺', 'mosque'], ['礼拜', 'prayer; religious service'],
    ['做礼拜', 'to attend a religious service'], ['古兰经', 'Koran (Quran)'], ['伊斯兰教', 'Islam'], ['穆斯林', 'Muslim'], ['封斋', 'to fast (Ramadan)'],
    ['斋月', 'Ramadan'], ['朝觐', 'pilgrimage (hajj)'], ['阿訇', 'imam; ahong'], ['伊玛目', 'imam'], ['佛教', 'Buddhism'], ['基督教', 'Christianity'],
    ['天主教', 'Catholicism'], ['教堂', 'church'], ['寺庙', 'temple'], ['念经', 'to recite scripture'], ['宗教活动', 'religious activity'],
    ['宗教人士', 'religious person'], ['法轮功', 'Falun Gong'], ['瓦哈比', 'Wahhabi'], ['宗教极端', 'religious extremism'], ['戴面纱', 'wearing a veil'],
  ]),
  ...terms('ethnicity', 'zh', [
    ['民族', 'ethnicity; nationality'], ['维吾尔', 'Uyghur'], ['维族', 'Uyghur ethnic group'], ['汉族', 'Han ethnic group'], ['哈萨克', 'Kazakh'],
    ['回族', 'Hui ethnic group'], ['藏族', 'Tibetan ethnic group'], ['柯尔克孜', 'Kyrgyz'], ['蒙古族', 'Mongol ethnic group'], ['少数民族', 'ethnic minority'],
  ]),
  ...terms('identity-document', 'zh', [
    ['身份证', 'identity card'], ['身份证号', 'ID card number'], ['身份证号码', 'I.D. number'], ['证件号', 'document number'], ['证件类型', 'document type'],
    ['护照', 'passport'], ['护照号', 'passport number'], ['户口', 'household registration (hukou)'], ['户籍', 'household register'], ['户口本', 'household register booklet'],
    ['居民身份', 'resident identity'], ['驾驶证', "driver's license"], ['港澳通行证', 'Hong Kong/Macau travel permit'], ['实名', 'real-name (registration)'],
  ]),
  ...terms('travel', 'zh', [
    ['出境', 'to leave the country'], ['护照', 'passport'], ['出国', 'to go abroad'], ['签证', 'visa'], ['境外', 'outside the borders; abroad'], ['国外', 'abroad; foreign country'],
    ['入境', 'to enter a country'], ['出入境', 'exit and entry'], ['26个国家', '26 countries (the list of "sensitive" countries)'], ['出行?', 'to travel'],
    ['行程?', 'itinerary'], ['航班?', 'flight'], ['火车票', 'train ticket'], ['外出?', 'to go out; to be away'], ['去向', 'whereabouts'],
  ]),
  ...terms('vehicle', 'zh', [
    ['车牌', 'license plate'], ['车牌号', 'license plate number'], ['车辆', 'vehicle'], ['车型', 'car model'], ['车主', 'car owner'],
    ['机动车', 'motor vehicle'], ['行驶证', 'vehicle registration certificate'], ['车架号', 'vehicle identification number (VIN)'], ['汽车?', 'car'],
  ]),
  ...terms('utility-usage', 'zh', [
    ['电表', 'electricity meter'], ['用电', 'electricity consumption'], ['电量?', 'quantity of electricity (weak: also "battery level", 电量模式 in AppManager config.zh.apk)'], ['水表', 'water meter'], ['用水', 'water consumption'],
    ['燃气', 'gas (fuel)'], ['煤气', 'coal gas'], ['电费', 'electricity bill'], ['水费', 'water bill'],
  ]),
  ...terms('network-tools', 'zh', [
    ['翻墙', 'to breach the Great Firewall'], ['梯子?', 'ladder (slang: circumvention tool)'], ['代理?', 'proxy; agent'], ['代理服务器', 'proxy server'],
    ['科学上网', '"scientific" internet access (circumvention)'], ['加速器?', 'accelerator (circumvention app)'], ['境外网站', 'foreign website'],
    ['微信?', 'WeChat'], ['QQ=?', 'QQ messenger'], ['快连', 'LetsVPN'], ['网络代理', 'network proxy'], ['虚拟专用网', 'virtual private network'],
  ]),
  ...terms('phone-number', 'zh', [
    ['手机号', 'mobile phone number'], ['手机号码', 'mobile phone number'], ['电话', 'telephone'], ['电话号码', 'telephone number'], ['联系电话', 'contact phone number'],
    ['手机?', 'mobile phone'], ['号码?', 'number'],
  ]),
  ...terms('relationships', 'zh', [
    ['亲属', 'relatives; kin'], ['家庭成员', 'family member'], ['关系人', 'associated person'], ['亲戚', 'relative'], ['父亲', 'father'], ['母亲', 'mother'],
    ['配偶', 'spouse'], ['子女', 'children'], ['与本人关系', 'relationship to the person'], ['社会关系', 'social relations'], ['同住人员', 'people living together'],
    ['关系?', 'relation'],
  ]),
  ...terms('political', 'zh', [
    ['党员', 'party member'], ['政治面貌', 'political status'], ['上访', 'to petition higher authorities'], ['共产党', 'Communist Party'], ['团员', 'League member'],
    ['群众?', 'the masses (non-party)'], ['重点人员', 'key person (under surveillance)'], ['可疑?', 'suspicious'], ['维稳', 'stability maintenance'],
    ['暴恐', 'violent terrorism'], ['涉稳', 'stability-related'], ['教育转化', 'education-transformation'], ['职业技能教育', 'vocational skills education'],
  ]),
  ...terms('health', 'zh', [
    ['健康', 'health'], ['体检', 'physical examination'], ['疫苗', 'vaccine'], ['疾病', 'disease'], ['病史', 'medical history'], ['血型', 'blood type'],
    ['核酸', 'nucleic acid (test)'], ['健康码', 'health code'], ['残疾', 'disability'], ['怀孕', 'pregnancy'], ['就医', 'to seek medical treatment'],
  ]),
  ...terms('finance', 'zh', [
    ['银行卡', 'bank card'], ['收入', 'income'], ['存款', 'deposit; savings'], ['银行账号', 'bank account number'], ['银行?', 'bank'], ['转账', 'money transfer'],
    ['贷款', 'loan'], ['工资', 'wages'], ['支付宝', 'Alipay'], ['财产?', 'property; assets'],
  ]),
  ...terms('biometrics', 'zh', [
    ['人脸', 'human face'], ['人脸识别', 'face recognition'], ['指纹', 'fingerprint'], ['声纹', 'voiceprint'], ['虹膜', 'iris'], ['采血', 'blood sampling'],
    ['DNA=', 'DNA'], ['刷脸', 'face scan'], ['面部?', 'face'],
  ]),
  ...terms('location', 'zh', [
    ['位置?', 'position; location (weak: also a UI position, 安装位置 "install location" in AppManager)'], ['定位', 'positioning; to locate'], ['住址', 'address (residence)'], ['地址?', 'address'], ['经纬度', 'longitude and latitude'],
    ['户籍地', 'place of household registration'], ['现住址', 'current address'], ['居住地', 'place of residence'], ['GPS=', 'GPS'],
  ]),
  ...terms('contacts', 'zh', [['联系人', 'contact person'], ['通讯录', 'address book'], ['电话簿', 'phone book']]),
  ...terms('sms', 'zh', [['短信', 'text message (SMS)'], ['短消息', 'short message']]),
  ...terms('call-log', 'zh', [['通话记录', 'call log'], ['通话?', 'phone call'], ['来电?', 'incoming call']]),
  ...terms('device-id', 'zh', [['设备号', 'device number'], ['串号', 'IMEI (serial number)'], ['IMEI=', 'IMEI'], ['MAC地址', 'MAC address']]),
  ...terms('installed-apps', 'zh', [['应用列表', 'list of applications'], ['已安装?', 'installed'], ['安装列表', 'installation list']]),
  ...terms('photos', 'zh', [['相册', 'photo album'], ['照片?', 'photo'], ['图片?', 'picture']]),
  ...terms('microphone', 'zh', [['录音', 'sound recording']]),
  ...terms('wifi', 'zh', [['无线网', 'wireless network'], ['WIFI=', 'Wi-Fi']]),
  // Addresses and places that are not where a person is (com.rormix: 电子邮件地址 "e-mail address"; AppManager: 安装位置 "install location").
  ...notAbout('location', 'zh', [
    ['电子邮件地址', 'e-mail address'], ['邮箱地址', 'mailbox (e-mail) address'], ['邮件地址', 'mail address'], ['IP地址', 'IP address'],
    ['服务器地址', 'server address'], ['网页地址', 'web page address'], ['安装位置', 'install location'], ['存储位置', 'storage location'],
    ['保存位置', 'save location'], ['下载位置', 'download location'],
  ]),
];
