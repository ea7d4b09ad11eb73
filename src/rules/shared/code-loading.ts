/** Calls that load code at run time: what a static scan of the APK cannot see. */

/** Calls that load code the static analysis did not see (DexClassLoader and friends). */
export const DYNAMIC_LOADERS = [
  'Ldalvik/system/DexClassLoader;-><init>',
  'Ldalvik/system/InMemoryDexClassLoader;-><init>',
  'Ldalvik/system/PathClassLoader;-><init>',
  'Ldalvik/system/DexFile;->loadDex',
  'Ldalvik/system/BaseDexClassLoader;-><init>',
];
