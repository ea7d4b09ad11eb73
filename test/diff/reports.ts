/** Scan reports of the demo app's two versions, scanned once per test process. */
import { join } from 'node:path';
import { scanApp, type ScanReport } from '../../src/findings/scan.js';
import { repositoryRoot } from '../support/corpus.js';

export const DEMO_V1 = join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk');
export const DEMO_V2 = join(repositoryRoot, 'fixtures', 'demo-v2', 'field-survey-v2.apk');
export const HOSTILE = join(repositoryRoot, 'fixtures', 'hostile', 'hostile-strings.apk');

const cache = new Map<string, ScanReport>();

export function reportOf(path: string): ScanReport {
  let report = cache.get(path);
  if (!report) {
    report = scanApp(path).report;
    cache.set(path, report);
  }
  return report;
}
