/**
 * apkwitness's own version, read once from package.json (one level up from src/ and
 * dist/). Reports carry it so that "same APK, same version" means same bytes.
 */
import { readFileSync } from 'node:fs';

let cachedVersion: string | undefined;

export function toolVersion(): string {
  cachedVersion ??= (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return cachedVersion;
}
