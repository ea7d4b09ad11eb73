/**
 * Scans shared by the report tests: the demo app and the two hostile fixtures,
 * each scanned once per test process.
 */
import { join } from 'node:path';
import { scannedReport } from '../support/scanned.js';
import { repositoryRoot } from '../support/corpus.js';

export const DEMO_APK = join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk');
export const HOSTILE_STRINGS_APK = join(repositoryRoot, 'fixtures', 'hostile', 'hostile-strings.apk');
export const HOSTILE_IDENTIFIERS_APK = join(repositoryRoot, 'fixtures', 'hostile', 'hostile-identifiers.apk');
export const GOLDEN_DIR = join(repositoryRoot, 'test', 'fixtures', 'golden');
export const SARIF_SCHEMA = join(repositoryRoot, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');

/** The scan report of a fixture, scanned once per test process. */
export const scanned = scannedReport;
