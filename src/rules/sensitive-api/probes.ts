/** Calls that ask whether one named package is installed. */
export const PACKAGE_PROBES: readonly string[] = [
  'Landroid/content/pm/PackageManager;->getPackageInfo',
  'Landroid/content/pm/PackageManager;->getApplicationInfo',
  'Landroid/content/pm/PackageManager;->getLaunchIntentForPackage',
];
