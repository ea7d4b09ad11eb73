/**
 * The APKs of one app as rules see them: a base APK and its splits are scanned
 * together (runRules passes them all), and Android loads them as one app, so a
 * split's native library is loaded by the base's code and a base layout shows
 * strings that only a language split carries
 * (https://developer.android.com/guide/app-bundle#split_apks).
 */
import type { AppModel } from '../../model/app-model.js';
import type { RuleContext } from '../types.js';

/** `app` first, then the other APKs scanned with it that belong to the same package. */
export function apksOfSameApp(app: AppModel, context: RuleContext): AppModel[] {
  const packageName = app.manifest?.packageName;
  const others = context.apks.filter(
    (other) => other !== app && (packageName === undefined || other.manifest?.packageName === packageName),
  );
  return [app, ...others];
}
