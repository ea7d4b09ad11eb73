/**
 * apkwitness's own version, read once from package.json (one level up from src/ and
 * dist/). Reports carry it so that "same APK, same version" means same bytes.
 */
import { readFileSync } from 'node:fs';

/** Read when the module loads: a constant of this build. */
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

export function toolVersion(): string {
  return VERSION;
}
