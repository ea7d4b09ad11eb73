/**
 * The short glossary every report ends with (issue 15 point 8): the words and notations a reader
 * meets in it — severity and confidence, the rules' ids, how evidence is written — each explained
 * once, and only those the report uses.
 */
import type { Finding } from '../findings/types.js';
import type { ScanReport } from '../scan/scan.js';
import { ALL_RULES } from '../scan/registry.js';
import { SEVERITY_MEANINGS } from './severity-words.js';

export interface GlossaryEntry {
  readonly term: string;
  readonly meaning: string;
}

const TOPIC_MEANINGS: Readonly<Record<string, string>> = {
  collection: 'personal data the app reads, or a permission that lets it',
  form: 'input fields people fill in',
  labels: 'categories of people and behaviours named in the app’s strings and files',
  destination: 'hosts, URLs and addresses data may go to, and how the connection is protected',
  sdk: 'third-party libraries and trackers',
  asset: 'files shipped in the app',
  obfuscation: 'packers and obfuscators: what static analysis may miss',
  behaviour: 'what the app does on the device: root checks, commands run, files hashed',
  exposure: 'what the manifest opens to other apps, debuggers and backups',
  signing: 'who signed the app and whether the signatures hold',
  tampering: 'anomalies in the file itself',
};

const usesEvidence = (report: ScanReport, kind: string): boolean =>
  report.findings.some((finding) => finding.evidence.some((evidence) => evidence.kind === kind));
const anyArgument = (report: ScanReport, test: (finding: Finding) => boolean): boolean => report.findings.some(test);

/** The glossary of `report`: fixed terms first, then the topics and rules the report names. */
export function glossary(report: ScanReport): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [
    {
      term: 'severity',
      meaning: `how much a finding matters to the people the app is used on — ${SEVERITY_MEANINGS.map((entry) => `${entry.severity}: ${entry.meaning}`).join('; ')} (docs/vocabulary.md)`,
    },
    {
      term: 'confidence',
      meaning:
        'how sure the evidence makes us, apart from severity — high: the code does it; medium: the app can do it (a permission, an SDK present); low: a hint',
    },
  ];
  if (usesEvidence(report, 'code'))
    entries.push({
      term: '|0012 @0x15a4 → target',
      meaning:
        'an instruction 0x12 16-bit code units from its method’s start (dexdump’s |0012: column), at byte 0x15a4 of the dex file, and what it references',
    });
  if (usesEvidence(report, 'xml'))
    entries.push({
      term: 'line 16 <uses-permission name> @0x99c',
      meaning: 'an element (and attribute) of a binary XML file, at aapt’s line number and byte offset in the entry',
    });
  if (usesEvidence(report, 'resource'))
    entries.push({
      term: '0x7f040005 string/label [ru]',
      meaning: 'a resource id, its type/name and the locale of the value (none: the default)',
    });
  if (usesEvidence(report, 'bytes'))
    entries.push({
      term: 'bytes 0x10–0x40, at byte 0x10',
      meaning: 'a byte range of the entry (end excluded), or one position in it; (file) is the APK file itself',
    });
  if (anyArgument(report, (finding) => typeof finding.args.protectionLevel === 'string'))
    entries.push({
      term: 'dangerous, signature|privileged',
      meaning:
        'a permission’s protection level: dangerous = the user grants it at run time; signature = only apps signed with the same key; privileged = preinstalled system apps; | joins levels',
    });
  if (report.findings.some((finding) => finding.topic === 'destination'))
    entries.push({
      term: 'cleartext',
      meaning: 'unencrypted traffic (http, ws, ftp…): anyone on the network path can read and change it',
    });
  if (report.app.labels.some((label) => label.gloss !== undefined) || report.findings.some((f) => f.topic === 'labels'))
    entries.push({
      term: 'gloss',
      meaning:
        'a word-by-word English rendering of an app string (CC-CEDICT and the apkwitness glossary), not a translation',
    });
  const topics = new Set(report.findings.map((finding) => finding.topic as string));
  for (const [topic, meaning] of Object.entries(TOPIC_MEANINGS))
    if (topics.has(topic)) entries.push({ term: `${topic} (topic)`, meaning });
  const rules = new Set(report.findings.map((finding) => finding.ruleId));
  for (const rule of ALL_RULES)
    if (rules.has(rule.meta.id)) entries.push({ term: `${rule.meta.id} (rule)`, meaning: rule.meta.description });
  return entries;
}
