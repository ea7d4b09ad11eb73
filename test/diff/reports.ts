/** Scan reports of the demo app's two versions, scanned once per test process. */
import { join } from 'node:path';
import { scannedReport } from '../support/scanned.js';
import { repositoryRoot } from '../support/corpus.js';

export const DEMO_V1 = join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk');
export const DEMO_V2 = join(repositoryRoot, 'fixtures', 'demo-v2', 'field-survey-v2.apk');
export const HOSTILE = join(repositoryRoot, 'fixtures', 'hostile', 'hostile-strings.apk');

/** The scan report of a fixture, scanned once per test process. */
export const reportOf = scannedReport;
