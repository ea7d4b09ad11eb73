/**
 * native-exec: the app runs programs (Runtime.exec, ProcessBuilder), with the
 * command strings loaded in the same method. Commands such as `pm list packages`,
 * `logcat`, `screencap` or `su` read data no API would give.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import type { DataCategory } from '../../findings/vocabulary.js';
import { codeEvidenceList, javaClassName, splitMember } from '../../findings/evidence.js';
import { arg, defineCodes, emitter } from '../../findings/contract.js';

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

const CODES = defineCodes({
  'runs-command': {
    topic: 'behaviour',
    summary:
      'a method runs a program (Runtime.exec, ProcessBuilder); with a category when a command string reads that data (one finding per category)',
    args: {
      /** The method, smali spelling. */
      method: arg.string,
      /** Distinct non-blank strings the method loads (at most 8, each at most 200 characters): the command candidates. */
      commands: arg.list(arg.text),
    },
    message: (args, { category }) => {
      const { classDescriptor, member } = splitMember(args.method);
      const where = `${javaClassName(classDescriptor)}.${member.split('(')[0] ?? ''}`;
      const quoted =
        args.commands.length > 0
          ? ` with ${args.commands.map((command) => JSON.stringify(command)).join(', ')}`
          : ' (command built at run time)';
      return category === undefined
        ? `Runs a program in ${where}${quoted}`
        : `Runs a program that reads ${category} data in ${where}${quoted}`;
    },
    views: { identity: ['method'] },
  },
});
const emit = emitter(ID, CODES);

export const rule: Rule = {
  meta: {
    id: ID,
    description: 'Programs the app runs (Runtime.exec, ProcessBuilder) and the command strings next to the call',
    categories: [...new Set(COMMAND_CATEGORIES.map(([, category]) => category))],
    references: [
      'https://developer.android.com/reference/java/lang/Runtime#exec(java.lang.String)',
      'https://developer.android.com/reference/java/lang/ProcessBuilder',
    ],
    codes: CODES,
  },
  run(app: AppModel, context): Finding[] {
    const code = app.code;
    if (!code) return [];
    const facts = context.facts(app);
    const sites = EXEC_APIS.flatMap((api) => facts.callSitesByName(api));
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
      const evidence = codeEvidenceList(app, [...sites.filter((site) => site.caller === caller), ...strings]);
      const args = { method: caller, commands };
      if (categories.length === 0)
        findings.push(emit('runs-command', { args, confidence: commands.length > 0 ? 'medium' : 'low', evidence }));
      for (const category of categories)
        findings.push(emit('runs-command', { category, args, confidence: 'medium', evidence }));
    }
    return findings;
  },
};
