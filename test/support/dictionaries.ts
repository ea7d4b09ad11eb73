/**
 * The dictionaries a test process's scans share, as a real scanning process shares its own
 * (src/text/dictionaries.ts): CC-CEDICT is read once per test file instead of once per scan.
 */
import { Dictionaries } from '../../src/text/dictionaries.js';

export const dictionaries = new Dictionaries();
