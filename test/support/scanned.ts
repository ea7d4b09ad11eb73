/** Scan reports of fixture apps, each scanned once per test process. */
import { scanApp, type ScanReport } from '../../src/scan/scan.js';
import { dictionaries } from './dictionaries.js';

const cache = new Map<string, ScanReport>();

export function scannedReport(path: string): ScanReport {
  let report = cache.get(path);
  if (!report) {
    report = scanApp(path, { dictionaries }).report;
    cache.set(path, report);
  }
  return report;
}
