/**
 * native-exec: the app runs programs (Runtime.exec, ProcessBuilder), with the
 * command strings loaded in the same method. Commands such as `pm list packages`,
 * `logcat`, `screencap` or `su` read data no API would give.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import type { DataCategory } from '../../findings/vocabulary.js';
import { callSitesByName } from '../shared/app-facts.js';
import { codeEvidenceList, javaClassName, splitMember } from '../../findings/evidence.js';

const ID = 'native-exec';
const EXEC_APIS = [
  'Ljava/lang/Runtime;->exec',
  'Ljava/lang/ProcessBuilder;-><init>',
  'Ljava/lang/ProcessBuilder;->command',
];
const MAX_COMMANDS = 8;
const MAX_COMMAND_LENGTH = 200;
/** Commands whose output is personal data (Android shell tools: pm, dumpsys, logcat, screencap, content). */
const COMMAND_CATEGORIES: ReadonlyArray<readonly [RegExp, DataCategory]> = [
  [/\bpm\s+list\s+packages\b/, 'installed-apps'],
  [/\bdumpsys\s+(package|activity)\b/, 'installed-apps'],
  [/\bscreencap\b|\bscreenrecord\b/, 'screen'],
  [/\bcontent\s+query\s+--uri\s+content:\/\/sms/, 'sms'],
  [/\bcontent\s+query\s+--uri\s+content:\/\/(com\.android\.)?contacts/, 'contacts'],
  [/\bdumpsys\s+location\b/, 'location'],
  [/\bdumpsys\s+wifi\b|\bip\s+addr\b|\bifconfig\b/, 'wifi'],
  [/\bgetprop\b/, 'device-id'],
];

export const rule: Rule = {
  meta: {
    id: ID,
    description: 'Programs the app runs (Runtime.exec, ProcessBuilder) and the command strings next to the call',
    categories: [...new Set(COMMAND_CATEGORIES.map(([, category]) => category))],
    references: [
      'https://developer.android.com/reference/java/lang/Runtime#exec(java.lang.String)',
      'https://developer.android.com/reference/java/lang/ProcessBuilder',
    ],
  },
  run(app: AppModel): Finding[] {
    const code = app.code;
    if (!code) return [];
    const sites = EXEC_APIS.flatMap((api) => callSitesByName(app, api));
    const findings: Finding[] = [];
    for (const caller of new Set(sites.map((site) => site.caller))) {
      const strings = code
        .referencesFrom(caller)
        .filter(
          (reference) =>
            reference.kind === 'string' &&
            reference.target.trim() !== '' &&
            reference.target.length <= MAX_COMMAND_LENGTH,
        );
      const commands = [...new Set(strings.map((reference) => reference.target))].slice(0, MAX_COMMANDS);
      const categories = [
        ...new Set(
          COMMAND_CATEGORIES.filter(([pattern]) => commands.some((command) => pattern.test(command))).map(
            ([, category]) => category,
          ),
        ),
      ];
      const { classDescriptor, member } = splitMember(caller);
      const where = `${javaClassName(classDescriptor)}.${member.split('(')[0] ?? ''}`;
      const evidence = codeEvidenceList(app, [...sites.filter((site) => site.caller === caller), ...strings]);
      const base = {
        ruleId: ID,
        topic: 'behaviour' as const,
        args: { method: caller, commands: commands.join(' | ') },
        evidence,
      };
      const quoted =
        commands.length > 0
          ? ` with ${commands.map((command) => JSON.stringify(command)).join(', ')}`
          : ' (command built at run time)';
      if (categories.length === 0) {
        findings.push({
          ...base,
          code: 'behaviour.runs-command',
          claim: `Runs a program in ${where}${quoted}`,
          confidence: commands.length > 0 ? 'medium' : 'low',
        });
      }
      for (const category of categories) {
        findings.push({
          ...base,
          code: 'behaviour.runs-command',
          category,
          claim: `Runs a program that reads ${category} data in ${where}${quoted}`,
          confidence: 'medium',
        });
      }
    }
    return findings;
  },
};
