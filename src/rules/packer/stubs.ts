/**
 * Known protector stubs, from APKiD's packer rules (github.com/rednaga/APKiD,
 * apkid/rules/apk/packers.yara and dex/packers.yara): class names of the stub
 * application, native libraries and asset files each protector ships.
 */
export interface ProtectorSignature {
  readonly name: string;
  readonly classes: readonly string[];
  /** Entry names (lib/…/x.so, assets/x) matched by their last path segment. */
  readonly files: readonly RegExp[];
}

export const APKID_PACKERS = 'https://github.com/rednaga/APKiD/blob/master/apkid/rules/apk/packers.yara';

export const PROTECTORS: readonly ProtectorSignature[] = [
  {
    name: 'Jiagu (Qihoo 360)',
    classes: ['Lcom/stub/StubApp;', 'Lcom/qihoo/util/StubApplication;', 'Lcom/qihoo/util/QHClassLoader;'],
    files: [/^libjiagu.*\.so$/, /^libprotectClass\.so$/],
  },
  {
    name: 'Bangcle / SecNeo',
    classes: [
      'Lcom/secneo/apkwrapper/ApplicationWrapper;',
      'Lcom/bangcle/protect/ApplicationWrapper;',
      'Lcom/secshell/shellwrapper/SecAppWrapper;',
    ],
    files: [
      /^libsecexe\.so$/,
      /^libsecmain\.so$/,
      /^libSecShell\.so$/,
      /^bangcle_classes\.jar$/,
      /^libDexHelper.*\.so$/,
    ],
  },
  {
    name: 'Tencent Legu',
    classes: ['Lcom/tencent/StubShell/TxAppEntry;', 'Lcom/tencent/StubShell/ZipUtil;'],
    files: [
      /^libshell[a-z]?\.so$/,
      /^libshella-.*\.so$/,
      /^libshellx-.*\.so$/,
      /^tosversion$/,
      /^0OO00l111l1l$/,
      /^t86$/,
    ],
  },
  {
    name: 'Ijiami',
    classes: ['Lcom/shell/SuperApplication;', 'Ls/h/e/l/l/S;'],
    files: [/^libexec\.so$/, /^libexecmain\.so$/, /^ijiami\.dat$/, /^ijiami\.ajm$/, /^libijmDataEncryption\.so$/],
  },
  {
    name: 'Baidu protector',
    classes: ['Lcom/baidu/protect/StubApplication;', 'Lcom/baidu/protect/A;'],
    files: [/^libbaiduprotect.*\.so$/, /^baiduprotect\d*\.jar$/],
  },
  {
    name: 'Alibaba mobisec',
    classes: ['Lcom/ali/mobisecenhance/StubApplication;', 'Lcom/alibaba/wireless/security/open/SecurityGuardManager;'],
    files: [/^libmobisec.*\.so$/, /^libsgmain\.so$/],
  },
  {
    name: 'DexProtector',
    classes: [],
    files: [/^libdexprotector.*\.so$/, /^dp\.(arm|arm64|x86|x86_64)(-v7a|-v8a)?\.so\.dat$/, /^libdpboot\.so$/],
  },
  { name: 'APKProtect', classes: [], files: [/^libAPKProtect\.so$/, /^apkprotect\.dat$/] },
  { name: 'NetEase Yidun', classes: ['Lcom/netease/nis/wrapper/MyApplication;'], files: [/^libnesec\.so$/] },
  { name: 'Nagapt (Naga)', classes: [], files: [/^libddog\.so$/, /^libfdog\.so$/, /^libchaosvmp\.so$/] },
  {
    name: 'Kiwisec',
    classes: ['Lcom/kiwisec/ProxyApplication;'],
    files: [/^libkwscmm\.so$/, /^libkwscr\.so$/, /^libkwslinker\.so$/],
  },
  { name: 'Nqshield', classes: [], files: [/^libnqshield\.so$/, /^nqshield$/] },
  { name: 'Jiagu Apktoolplus / generic', classes: ['Lcom/jiagu/sdk/ProtectedApplication;'], files: [/^libjgdtc\.so$/] },
  { name: 'AppSealing', classes: ['Lcom/inka/appsealing/AppSealingApplication;'], files: [/^libcovault-appsec\.so$/] },
];
