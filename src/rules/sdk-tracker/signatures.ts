/**
 * Our own list of SDK signatures: Java package prefixes and network hosts of public
 * SDKs, each with the page that documents the SDK (its package/host are facts from
 * that documentation or its published artifacts). Categories say what the SDK itself
 * collects when the app uses it (tracking SDKs: device-id; face SDKs: biometrics…).
 */
import type { DataCategory } from '../../findings/vocabulary.js';

export interface SdkSignature {
  readonly name: string;
  /** Class descriptor prefixes (`Lcom/google/firebase/analytics/`). */
  readonly prefixes: readonly string[];
  readonly hosts: readonly string[];
  readonly kind:
    | 'analytics'
    | 'advertising'
    | 'crash-reporting'
    | 'push'
    | 'location'
    | 'biometrics'
    | 'ocr'
    | 'speech'
    | 'social'
    | 'attribution';
  readonly categories: readonly DataCategory[];
  readonly source: string;
}

function sdk(
  name: string,
  packages: readonly string[],
  hosts: readonly string[],
  kind: SdkSignature['kind'],
  categories: readonly DataCategory[],
  source: string,
): SdkSignature {
  return { name, prefixes: packages.map((pkg) => `L${pkg.replace(/\./g, '/')}/`), hosts, kind, categories, source };
}

export const SDK_SIGNATURES: readonly SdkSignature[] = [
  sdk(
    'Google Firebase Analytics',
    ['com.google.firebase.analytics', 'com.google.android.gms.measurement'],
    ['app-measurement.com', 'firebase-settings.crashlytics.com'],
    'analytics',
    ['device-id'],
    'https://firebase.google.com/docs/analytics/get-started?platform=android',
  ),
  sdk(
    'Google Analytics (legacy)',
    ['com.google.android.gms.analytics'],
    ['www.google-analytics.com', 'ssl.google-analytics.com'],
    'analytics',
    ['device-id'],
    'https://developers.google.com/analytics/devguides/collection/android/v4',
  ),
  sdk(
    'Google AdMob / Mobile Ads',
    ['com.google.android.gms.ads'],
    ['googleads.g.doubleclick.net', 'pagead2.googlesyndication.com'],
    'advertising',
    ['device-id'],
    'https://developers.google.com/admob/android/quick-start',
  ),
  sdk(
    'Firebase Crashlytics',
    ['com.google.firebase.crashlytics', 'com.crashlytics.android', 'io.fabric.sdk.android'],
    ['settings.crashlytics.com', 'reports.crashlytics.com'],
    'crash-reporting',
    ['device-id'],
    'https://firebase.google.com/docs/crashlytics/get-started?platform=android',
  ),
  sdk(
    'Firebase Cloud Messaging',
    ['com.google.firebase.messaging'],
    ['fcm.googleapis.com'],
    'push',
    ['device-id'],
    'https://firebase.google.com/docs/cloud-messaging/android/client',
  ),
  sdk(
    'Facebook SDK',
    ['com.facebook.appevents', 'com.facebook.ads'],
    ['graph.facebook.com'],
    'analytics',
    ['device-id'],
    'https://developers.facebook.com/docs/android/',
  ),
  sdk(
    'AppsFlyer',
    ['com.appsflyer'],
    ['appsflyer.com'],
    'attribution',
    ['device-id'],
    'https://dev.appsflyer.com/hc/docs/android-sdk',
  ),
  sdk(
    'Adjust',
    ['com.adjust.sdk'],
    ['app.adjust.com'],
    'attribution',
    ['device-id'],
    'https://github.com/adjust/android_sdk',
  ),
  sdk(
    'Branch',
    ['io.branch.referral'],
    ['api2.branch.io', 'api.branch.io'],
    'attribution',
    ['device-id'],
    'https://help.branch.io/developers-hub/docs/android-basic-integration',
  ),
  sdk(
    'Flurry',
    ['com.flurry'],
    ['data.flurry.com'],
    'analytics',
    ['device-id'],
    'https://developer.yahoo.com/flurry/docs/integrateflurry/android/',
  ),
  sdk(
    'Mixpanel',
    ['com.mixpanel.android'],
    ['api.mixpanel.com'],
    'analytics',
    ['device-id'],
    'https://docs.mixpanel.com/docs/tracking-methods/sdks/android',
  ),
  sdk(
    'Amplitude',
    ['com.amplitude'],
    ['api.amplitude.com', 'api2.amplitude.com'],
    'analytics',
    ['device-id'],
    'https://amplitude.com/docs/sdks/analytics/android/android-kotlin-sdk',
  ),
  sdk(
    'Segment',
    ['com.segment.analytics'],
    ['api.segment.io'],
    'analytics',
    ['device-id'],
    'https://segment.com/docs/connections/sources/catalog/libraries/mobile/kotlin-android/',
  ),
  sdk(
    'OneSignal',
    ['com.onesignal'],
    ['onesignal.com'],
    'push',
    ['device-id'],
    'https://documentation.onesignal.com/docs/android-sdk-setup',
  ),
  sdk(
    'Sentry',
    ['io.sentry'],
    ['sentry.io'],
    'crash-reporting',
    ['device-id'],
    'https://docs.sentry.io/platforms/android/',
  ),
  sdk(
    'Bugsnag',
    ['com.bugsnag'],
    ['notify.bugsnag.com', 'sessions.bugsnag.com'],
    'crash-reporting',
    ['device-id'],
    'https://docs.bugsnag.com/platforms/android/',
  ),
  sdk('ACRA', ['org.acra'], [], 'crash-reporting', ['device-id'], 'https://www.acra.ch/docs/Setup'),
  sdk(
    'Microsoft App Center',
    ['com.microsoft.appcenter'],
    ['in.appcenter.ms'],
    'analytics',
    ['device-id'],
    'https://learn.microsoft.com/en-us/appcenter/sdk/getting-started/android',
  ),
  sdk(
    'Yandex AppMetrica',
    ['com.yandex.metrica', 'io.appmetrica.analytics'],
    ['appmetrica.yandex.net', 'report.appmetrica.yandex.net'],
    'analytics',
    ['device-id', 'location'],
    'https://appmetrica.yandex.com/docs/en/sdk/android/analytics/quick-start',
  ),
  sdk(
    'myTracker (VK)',
    ['com.my.tracker'],
    ['tracker-api.my.com'],
    'analytics',
    ['device-id'],
    'https://tracker.my.com/docs/sdk/android/',
  ),
  sdk(
    'Unity Ads',
    ['com.unity3d.ads'],
    ['unityads.unity3d.com'],
    'advertising',
    ['device-id'],
    'https://docs.unity.com/ads/en-us/manual/InstallingTheAndroidSDK',
  ),
  sdk(
    'AppLovin',
    ['com.applovin'],
    ['applovin.com'],
    'advertising',
    ['device-id'],
    'https://developers.applovin.com/en/android/overview/integration',
  ),
  sdk(
    'ironSource',
    ['com.ironsource'],
    ['ironsrc.mobi'],
    'advertising',
    ['device-id'],
    'https://developers.is.com/ironsource-mobile/android/android-sdk/',
  ),
  sdk(
    'Umeng (友盟)',
    ['com.umeng'],
    ['umeng.com', 'alog.umeng.com'],
    'analytics',
    ['device-id', 'location'],
    'https://developer.umeng.com/docs/119267/detail/118584',
  ),
  sdk(
    'Tencent Bugly',
    ['com.tencent.bugly'],
    ['android.bugly.qq.com'],
    'crash-reporting',
    ['device-id'],
    'https://bugly.qq.com/docs/user-guide/instruction-manual-android/',
  ),
  sdk(
    'Tencent MTA',
    ['com.tencent.stat'],
    ['pingma.qq.com'],
    'analytics',
    ['device-id'],
    'https://mta.qq.com/docs/android_guide.html',
  ),
  sdk(
    'Tencent Location',
    ['com.tencent.map.geolocation'],
    ['apilocate.amap.com'],
    'location',
    ['location', 'wifi', 'cell-info'],
    'https://lbs.qq.com/mobile/androidLocationSDK/androidGeoGuide/androidGeoOverview',
  ),
  sdk(
    'WeChat Open SDK',
    ['com.tencent.mm.opensdk', 'com.tencent.mm.sdk'],
    [],
    'social',
    ['accounts'],
    'https://developers.weixin.qq.com/doc/oplatform/en/Mobile_App/Access_Guide/Android.html',
  ),
  sdk(
    'Baidu Location (百度定位)',
    ['com.baidu.location'],
    ['loc.map.baidu.com'],
    'location',
    ['location', 'wifi', 'cell-info'],
    'https://lbsyun.baidu.com/faq/api?title=android-locsdk',
  ),
  sdk(
    'Baidu Mobile Stat (百度统计)',
    ['com.baidu.mobstat'],
    ['hmma.baidu.com'],
    'analytics',
    ['device-id'],
    'https://mtj.baidu.com/static/userguide/book/android/adconfig/circle/circle.html',
  ),
  sdk(
    'AMap Location (高德定位)',
    ['com.amap.api.location', 'com.loc'],
    ['apilocate.amap.com'],
    'location',
    ['location', 'wifi', 'cell-info'],
    'https://lbs.amap.com/api/android-location-sdk/summary/',
  ),
  sdk(
    'JPush (极光推送)',
    ['cn.jpush', 'cn.jiguang'],
    ['jpush.cn', 'jiguang.cn'],
    'push',
    ['device-id', 'installed-apps'],
    'https://docs.jiguang.cn/jpush/client/Android/android_guide',
  ),
  sdk(
    'Getui (个推)',
    ['com.igexin'],
    ['sdk.open.talk.igexin.com', 'getui.com'],
    'push',
    ['device-id', 'installed-apps'],
    'https://docs.getui.com/getui/mobile/android/overview/',
  ),
  sdk(
    'Xiaomi Push',
    ['com.xiaomi.mipush.sdk', 'com.xiaomi.push'],
    ['api.xmpush.xiaomi.com'],
    'push',
    ['device-id'],
    'https://dev.mi.com/console/doc/detail?pId=41',
  ),
  sdk(
    'Huawei Push (HMS)',
    ['com.huawei.hms.push'],
    ['push-api.cloud.huawei.com'],
    'push',
    ['device-id'],
    'https://developer.huawei.com/consumer/en/hms/huawei-pushkit/',
  ),
  sdk(
    'iFlytek speech (科大讯飞)',
    ['com.iflytek'],
    ['openapi.xfyun.cn', 'dev.voicecloud.cn'],
    'speech',
    ['microphone', 'biometrics'],
    'https://www.xfyun.cn/doc/asr/voicedictation/Android-SDK.html',
  ),
  sdk(
    'Megvii Face++',
    ['com.megvii'],
    ['api-cn.faceplusplus.com', 'api.megvii.com'],
    'biometrics',
    ['biometrics', 'camera'],
    'https://console.faceplusplus.com.cn/documents/5671789',
  ),
  sdk(
    'SenseTime',
    ['com.sensetime'],
    [],
    'biometrics',
    ['biometrics', 'camera'],
    'https://www.sensetime.com/en/product-detail?categoryId=32387',
  ),
  sdk(
    'ArcSoft ArcFace',
    ['com.arcsoft.face'],
    [],
    'biometrics',
    ['biometrics', 'camera'],
    'https://ai.arcsoft.com.cn/manual/docs#/139',
  ),
  sdk(
    'Baidu Face (百度人脸)',
    ['com.baidu.idl.face', 'com.baidu.aip.face'],
    ['aip.baidubce.com'],
    'biometrics',
    ['biometrics', 'camera'],
    'https://ai.baidu.com/ai-doc/FACE/Bk37c1pwu',
  ),
  sdk(
    'Baidu OCR (百度文字识别)',
    ['com.baidu.ocr'],
    ['aip.baidubce.com'],
    'ocr',
    ['identity-document', 'camera'],
    'https://ai.baidu.com/ai-doc/OCR/Yk3h7y2ng',
  ),
  sdk(
    'Intsig ID card OCR (合合信息)',
    ['com.intsig'],
    [],
    'ocr',
    ['identity-document', 'camera'],
    'https://www.intsig.com/',
  ),
  sdk(
    'Google ML Kit text/face',
    ['com.google.mlkit.vision', 'com.google.android.gms.vision'],
    [],
    'ocr',
    ['camera', 'biometrics'],
    'https://developers.google.com/ml-kit/vision/face-detection/android',
  ),
];
