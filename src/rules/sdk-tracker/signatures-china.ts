/**
 * SDK signatures, third part: SDKs published in China — push channels of the phone makers and
 * push services, analytics, advertising, maps, one-tap login by the carriers (they read the SIM's
 * phone number), risk control (device fingerprints), ID-card and face SDKs, speech, instant
 * messaging and cloud storage. Same facts and sourcing as signatures.ts: package prefixes and hosts
 * from each vendor's public integration guide or published artifact, `source` is that page.
 */
import { sdk, type SdkSignature } from './signature.js';

// prettier-ignore
export const CHINA_SDK_SIGNATURES: readonly SdkSignature[] = [
  // Push: the phone makers' channels and the push services.
  sdk('OPPO Push (HeyTap 推送)', ['com.heytap.msp', 'com.coloros.mcssdk', 'com.heytap.mcssdk'], [], 'push', ['device-id'], 'https://open.oppomobile.com/new/developmentDoc/info?id=11221'),
  sdk('vivo Push (vivo 推送)', ['com.vivo.push'], [], 'push', ['device-id'], 'https://dev.vivo.com.cn/documentCenter/doc/365'),
  sdk('Meizu Push (魅族推送)', ['com.meizu.cloud.pushsdk'], [], 'push', ['device-id'], 'https://github.com/MEIZUPUSH/PushDemo'),
  sdk('Honor Push (荣耀推送)', ['com.hihonor.push'], [], 'push', ['device-id'], 'https://developer.honor.com/cn/docs/11002/guides/intro'),
  sdk('Baidu Cloud Push (百度云推送)', ['com.baidu.android.pushservice'], ['api.tuisong.baidu.com'], 'push', ['device-id'], 'https://push.baidu.com/doc/android/api'),
  sdk('Alibaba Cloud Push (阿里云推送)', ['com.alibaba.sdk.android.push'], ['cloudpush.aliyuncs.com'], 'push', ['device-id'], 'https://help.aliyun.com/document_detail/30064.html'),
  sdk('Tencent TPNS / XG Push (腾讯信鸽)', ['com.tencent.android.tpush', 'com.tencent.tpns'], ['tpns.tencent.com', 'xg.qq.com'], 'push', ['device-id'], 'https://cloud.tencent.com/document/product/548/36652'),
  sdk('Umeng Push (友盟推送)', ['com.umeng.message'], ['msg.umeng.com'], 'push', ['device-id', 'installed-apps'], 'https://developer.umeng.com/docs/67966/detail/98581'),
  sdk('MobTech MobPush', ['com.mob.pushsdk'], [], 'push', ['device-id', 'installed-apps'], 'https://www.mob.com/wiki/detailed?wiki=MobPush_android_jichujicheng&id=136'),
  sdk('Jiguang JAnalytics (极光统计)', ['cn.jiguang.analytics'], [], 'analytics', ['device-id', 'installed-apps'], 'https://docs.jiguang.cn/janalytics/client/android_guide/'),
  sdk('Jiguang JShare (极光分享)', ['cn.jiguang.share'], [], 'social', ['accounts'], 'https://docs.jiguang.cn/jshare/client/Android/android_guide/'),
  // Analytics and crash reporting.
  sdk('TalkingData', ['com.tendcloud'], ['talkingdata.com', 'tenddata.com'], 'analytics', ['device-id', 'location', 'installed-apps'], 'https://doc.talkingdata.com/posts/35'),
  sdk('GrowingIO', ['com.growingio'], ['growingio.com'], 'analytics', ['device-id'], 'https://github.com/growingio/growingio-sdk-android-autotracker'),
  sdk('Sensors Data (神策分析)', ['com.sensorsdata.analytics'], ['sensorsdata.cn'], 'analytics', ['device-id'], 'https://github.com/sensorsdata/sa-sdk-android'),
  sdk('Zhuge IO (诸葛io)', ['com.zhuge.analysis'], ['zhugeio.com'], 'analytics', ['device-id'], 'https://github.com/zhugesdk/zhuge-android-sdk'),
  sdk('Tencent Beacon (腾讯灯塔)', ['com.tencent.beacon'], [], 'analytics', ['device-id'], 'https://beacon.qq.com/'),
  sdk('Alibaba UserTrack (阿里统计)', ['com.ut.mini', 'com.alibaba.mtl'], [], 'analytics', ['device-id'], 'https://help.aliyun.com/document_detail/59979.html'),
  sdk('ByteDance AppLog (火山引擎增长分析)', ['com.bytedance.applog'], [], 'analytics', ['device-id'], 'https://www.volcengine.com/docs/6285/65980'),
  sdk('Xiaomi Statistics (小米统计)', ['com.xiaomi.mistatistic'], [], 'analytics', ['device-id'], 'https://dev.mi.com/console/doc/detail?pId=1306'),
  sdk('Tingyun APM (听云)', ['com.networkbench.agent'], ['tingyun.com', 'networkbench.com'], 'crash-reporting', ['device-id'], 'https://doc.tingyun.com/'),
  sdk('Bonree APM (博睿)', ['com.bonree'], ['bonree.com'], 'crash-reporting', ['device-id'], 'https://www.bonree.com/'),
  sdk('OneAPM', ['com.oneapm'], ['oneapm.com'], 'crash-reporting', ['device-id'], 'https://www.oneapm.com/'),
  sdk('Umeng Share (友盟分享)', ['com.umeng.socialize'], [], 'social', ['accounts'], 'https://developer.umeng.com/docs/128606/detail/193879'),
  sdk('Umeng Smart Verify (友盟智能认证)', ['com.umeng.umverify'], [], 'login', ['phone-number'], 'https://developer.umeng.com/docs/143070/detail/144780'),
  // Advertising.
  sdk('Pangle / CSJ (穿山甲, ByteDance)', ['com.bytedance.sdk.openadsdk', 'com.bytedance.pangle'], ['pangolin-sdk-toutiao.com', 'pangle.io'], 'advertising', ['device-id', 'installed-apps', 'location'], 'https://www.csjplatform.com/supportcenter/5373'),
  sdk('Tencent GDT / Youlianghui (腾讯优量汇)', ['com.qq.e'], ['gdt.qq.com'], 'advertising', ['device-id', 'installed-apps', 'location'], 'https://developers.adnet.qq.com/doc/android/access_doc'),
  sdk('Baidu Mobile Ads (百度百青藤)', ['com.baidu.mobads'], ['mobads.baidu.com'], 'advertising', ['device-id', 'installed-apps', 'location'], 'https://union.baidu.com/miniappblog/2020/08/25/androidSDK/'),
  sdk('Kuaishou Ads (快手联盟)', ['com.kwad.sdk'], [], 'advertising', ['device-id', 'installed-apps'], 'https://u.kuaishou.com/'),
  sdk('Sigmob', ['com.sigmob'], ['sigmob.cn'], 'advertising', ['device-id', 'installed-apps'], 'https://docs.sigmob.com/'),
  sdk('Xiaomi Ads (小米广告 MiMo)', ['com.miui.zeus', 'com.xiaomi.ad'], [], 'advertising', ['device-id'], 'https://dev.mi.com/distribute/doc/details?pId=1140'),
  sdk('Youmi Ads (有米)', ['net.youmi.android'], ['youmi.net'], 'advertising', ['device-id', 'installed-apps'], 'https://www.youmi.net/'),
  sdk('Domob Ads (多盟)', ['cn.domob'], ['domob.cn'], 'advertising', ['device-id', 'location'], 'https://www.domob.cn/'),
  // Maps and location.
  sdk('Baidu Map SDK (百度地图)', ['com.baidu.mapapi', 'com.baidu.mapsdkplatform', 'com.baidu.platform.comapi'], ['api.map.baidu.com'], 'maps', ['location'], 'https://lbsyun.baidu.com/index.php?title=androidsdk'),
  sdk('AMap Map SDK (高德地图)', ['com.amap.api.maps', 'com.amap.api.mapcore', 'com.autonavi.amap'], ['restapi.amap.com'], 'maps', ['location'], 'https://lbs.amap.com/api/android-sdk/summary'),
  sdk('AMap Search (高德搜索)', ['com.amap.api.services'], ['restsdk.amap.com'], 'maps', ['location'], 'https://lbs.amap.com/api/android-sdk/guide/map-data/poi'),
  sdk('AMap Navigation (高德导航)', ['com.amap.api.navi'], [], 'maps', ['location'], 'https://lbs.amap.com/api/android-navi-sdk/summary'),
  sdk('Tencent Map SDK (腾讯地图)', ['com.tencent.tencentmap.mapsdk', 'com.tencent.mapsdk'], ['apis.map.qq.com'], 'maps', ['location'], 'https://lbs.qq.com/mobile/androidMapSDK/developerGuide/androidSummary'),
  // Social login, sharing and payment.
  sdk('Tencent QQ Connect (QQ 互联)', ['com.tencent.connect', 'com.tencent.tauth', 'com.tencent.open'], ['graph.qq.com', 'openmobile.qq.com'], 'social', ['accounts'], 'https://wiki.connect.qq.com/'),
  sdk('Sina Weibo SDK (微博)', ['com.sina.weibo.sdk'], ['api.weibo.com'], 'social', ['accounts'], 'https://github.com/sinaweibosdk/weibo_android_sdk'),
  sdk('Douyin Open SDK (抖音开放平台)', ['com.bytedance.sdk.open'], ['open.douyin.com'], 'social', ['accounts'], 'https://developer.open-douyin.com/docs/resource/zh-CN/dop/develop/sdk/mobile-app/sdk-overview'),
  sdk('MobTech ShareSDK', ['cn.sharesdk', 'com.mob.tools', 'com.mob.commons'], ['mob.com'], 'social', ['accounts', 'device-id', 'installed-apps'], 'https://www.mob.com/wiki/detailed?wiki=ShareSDK_Android_Title_ksjc&id=14'),
  sdk('Alipay SDK (支付宝)', ['com.alipay.sdk'], ['mclient.alipay.com', 'mobilegw.alipay.com'], 'payment', ['finance', 'device-id'], 'https://opendocs.alipay.com/open/204/105296'),
  sdk('UnionPay (银联)', ['com.unionpay'], ['95516.com'], 'payment', ['finance'], 'https://open.unionpay.com/tjweb/acproduct/list?apiservId=450'),
  // One-tap login: the carrier reads the number of the SIM in the phone.
  sdk('China Mobile one-tap login (中国移动认证)', ['com.cmic.sso.sdk', 'com.cmic.gen.sdk'], ['cmpassport.com'], 'login', ['phone-number', 'device-id'], 'https://dev.10086.cn/numIdentific'),
  sdk('China Telecom one-tap login (天翼账号)', ['cn.com.chinatelecom.account'], ['id6.me'], 'login', ['phone-number', 'device-id'], 'https://id.189.cn/'),
  sdk('Chuanglan Shanyan (创蓝闪验)', ['com.chuanglan.shanyan_sdk'], ['253.com'], 'login', ['phone-number', 'device-id'], 'https://shanyan.253.com/document/details?lid=519&cid=93'),
  sdk('Alibaba Cloud number auth (阿里云号码认证)', ['com.mobile.auth.gatewayauth'], ['dypnsapi.aliyuncs.com'], 'login', ['phone-number', 'device-id'], 'https://help.aliyun.com/document_detail/144231.html'),
  sdk('Jiguang JVerification (极光认证)', ['cn.jiguang.verifysdk'], [], 'login', ['phone-number', 'device-id'], 'https://docs.jiguang.cn/jverification/client/android_guide/'),
  sdk('GeeTest OneLogin (极验一键登录)', ['com.geetest.onelogin'], ['onelogin.geetest.com'], 'login', ['phone-number', 'device-id'], 'https://docs.geetest.com/onelogin/deploy/android'),
  sdk('GeeTest captcha (极验验证)', ['com.geetest.sdk', 'com.geetest.captcha'], ['api.geetest.com'], 'fingerprinting', ['device-id'], 'https://docs.geetest.com/gt4/deploy/client/android'),
  sdk('NetEase Yidun (网易易盾)', ['com.netease.nis', 'com.netease.mobsec'], ['dun.163.com', 'dun.163yun.com'], 'fingerprinting', ['phone-number', 'device-id'], 'https://support.dun.163.com/documents/287305921855672320'),
  // Risk control: device fingerprints and fraud scores.
  sdk('Tongdun (同盾)', ['cn.tongdun'], ['tongdun.net', 'tongdun.cn'], 'fingerprinting', ['device-id', 'location', 'installed-apps'], 'https://www.tongdun.cn/'),
  sdk('Shumei (数美)', ['com.ishumei'], ['fengkongcloud.com', 'ishumei.com'], 'fingerprinting', ['device-id', 'installed-apps'], 'https://help.ishumei.com/docs/tj/sdk/android/developDoc'),
  sdk('Alibaba Security Guard (阿里聚安全)', ['com.alibaba.wireless.security', 'com.taobao.wireless.security'], [], 'fingerprinting', ['device-id'], 'https://help.aliyun.com/document_detail/140218.html'),
  sdk('Dingxiang risk control (顶象)', ['com.dx.mobile'], ['dingxiang-inc.com'], 'fingerprinting', ['device-id'], 'https://www.dingxiang-inc.com/docs/'),
  // Face, ID-card and document SDKs.
  sdk('Megvii FaceID ID-card OCR (旷视身份证识别)', ['com.megvii.idcardquality', 'com.megvii.idcardlib'], [], 'ocr', ['identity-document', 'camera'], 'https://faceid.com/pages/documents/10881005'),
  sdk('Megvii MegLive liveness (旷视活体)', ['com.megvii.meglive_sdk', 'com.megvii.livenessdetection'], [], 'biometrics', ['biometrics', 'camera'], 'https://faceid.com/pages/documents/37661898'),
  sdk('Tencent Cloud FaceID (腾讯云慧眼)', ['com.tencent.cloud.huiyansdkface', 'com.webank.facelight'], ['faceid.qq.com', 'kyc.qcloud.com'], 'biometrics', ['biometrics', 'identity-document', 'camera'], 'https://cloud.tencent.com/document/product/1007/35866'),
  sdk('Tencent Cloud OCR SDK (腾讯云文字识别)', ['com.tencent.ocr.sdk'], ['ocr.tencentcloudapi.com'], 'ocr', ['identity-document', 'camera'], 'https://cloud.tencent.com/document/product/866/56236'),
  sdk('Tencent YouTu (腾讯优图)', ['com.tencent.youtu'], ['youtu.qq.com'], 'biometrics', ['biometrics', 'identity-document', 'camera'], 'https://open.youtu.qq.com/'),
  sdk('Alibaba Real-person Verification (阿里实人认证)', ['com.alibaba.security.realidentity', 'com.alibaba.security.rp', 'com.alibaba.security.biometrics'], ['cloudauth.aliyuncs.com'], 'identity-verification', ['biometrics', 'identity-document', 'camera'], 'https://help.aliyun.com/document_detail/127551.html'),
  sdk('Kernal passport / ID-card and plate OCR', ['com.kernal.passportreader', 'com.kernal.passport', 'kernal.idcard', 'com.kernal.plateid'], [], 'ocr', ['identity-document', 'vehicle', 'camera'], 'https://www.kernal.cn/'),
  sdk('CloudWalk (云从科技)', ['cn.cloudwalk'], ['cloudwalk.cn'], 'biometrics', ['biometrics', 'identity-document', 'camera'], 'https://www.cloudwalk.com/'),
  sdk('LinkFace (商汤 Linkface)', ['com.linkface'], ['linkface.cn'], 'ocr', ['identity-document', 'biometrics', 'camera'], 'https://www.linkface.cn/'),
  sdk('SenseTime SenseID (商汤身份验证)', ['com.sensetime.senseid', 'com.sensetime.liveness'], [], 'biometrics', ['biometrics', 'identity-document', 'camera'], 'https://www.sensetime.com/en/product-detail?categoryId=1145'),
  sdk('Baidu Speech (百度语音)', ['com.baidu.speech', 'com.baidu.tts'], ['vop.baidu.com', 'tsn.baidu.com'], 'speech', ['microphone'], 'https://ai.baidu.com/ai-doc/SPEECH/Ok4o0bhcm'),
  sdk('AISpeech (思必驰)', ['com.aispeech'], ['aispeech.com'], 'speech', ['microphone'], 'https://www.duiopen.com/docs/'),
  sdk('Unisound (云知声)', ['com.unisound'], ['hivoice.cn', 'unisound.com'], 'speech', ['microphone'], 'https://ai.unisound.com/'),
  // Instant messaging, calls and customer service (message content goes through their servers).
  sdk('NetEase Yunxin IM (网易云信)', ['com.netease.nimlib', 'com.netease.nim'], ['netease.im'], 'communication', ['contacts'], 'https://doc.yunxin.163.com/messaging/docs/home-page?platform=android'),
  sdk('Tencent Cloud IM (腾讯云即时通信)', ['com.tencent.imsdk'], ['im.qcloud.com'], 'communication', [], 'https://cloud.tencent.com/document/product/269/32679'),
  sdk('RongCloud IM (融云)', ['io.rong.imlib', 'io.rong.imkit'], ['ronghub.com', 'rongcloud.cn'], 'communication', [], 'https://doc.rongcloud.cn/im/Android/5.X/guide/private/intro'),
  sdk('Easemob IM (环信)', ['com.hyphenate', 'com.easemob'], ['easemob.com'], 'communication', [], 'https://docs-im.easemob.com/im/android/sdk/import'),
  sdk('NetEase Qiyu customer service (网易七鱼)', ['com.qiyukf'], ['qiyukf.com'], 'customer-support', ['device-id'], 'https://qiyukf.com/docs/guide/android/'),
  sdk('Meiqia customer service (美洽)', ['com.meiqia'], ['meiqia.com'], 'customer-support', ['device-id'], 'https://github.com/Meiqia/MeiqiaSDK-Android'),
  // Cloud storage (where uploads go).
  sdk('Alibaba Cloud OSS (阿里云对象存储)', ['com.alibaba.sdk.android.oss'], [], 'cloud-storage', [], 'https://github.com/aliyun/aliyun-oss-android-sdk'),
  sdk('Tencent Cloud COS (腾讯云对象存储)', ['com.tencent.cos'], ['myqcloud.com'], 'cloud-storage', [], 'https://github.com/tencentyun/qcloud-sdk-android'),
  sdk('Qiniu Cloud storage (七牛云)', ['com.qiniu.android'], ['qiniu.com', 'qbox.me', 'qiniup.com'], 'cloud-storage', [], 'https://github.com/qiniu/android-sdk'),
  sdk('Baidu Cloud BOS (百度智能云对象存储)', ['com.baidubce'], ['bcebos.com'], 'cloud-storage', [], 'https://cloud.baidu.com/doc/BOS/s/4jwvyry1p'),
  sdk('Upyun (又拍云)', ['com.upyun'], ['upyun.com'], 'cloud-storage', [], 'https://github.com/upyun/android-sdk'),
  // Browser engine that reports device data (Tencent X5 / TBS).
  sdk('Tencent X5 WebView (TBS 腾讯浏览服务)', ['com.tencent.smtt'], ['tbs.imtt.qq.com'], 'analytics', ['device-id'], 'https://x5.tencent.com/docs/access.html'),
];
