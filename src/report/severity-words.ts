/**
 * Severity as words, for every format: the name itself (never a colour alone) and what each level
 * means, as docs/vocabulary.md ("Severity") defines it.
 */
import type { Severity } from '../scan/severity.js';

/** Most severe first, with what puts a finding there. */
export const SEVERITY_MEANINGS: ReadonlyArray<{ readonly severity: Severity; readonly meaning: string }> = [
  {
    severity: 'critical',
    meaning: 'labels or asks about people in sensitive categories, hash lists, commands as root',
  },
  { severity: 'major', meaning: 'code reads personal data, or data leaves the device in cleartext' },
  { severity: 'moderate', meaning: 'weakens protection or hides code: trust-all TLS, trackers called, debuggable' },
  { severity: 'minor', meaning: 'the app could: a permission, a named host, an SDK present' },
  { severity: 'info', meaning: 'context: the signer, files, encrypted hosts named' },
];
