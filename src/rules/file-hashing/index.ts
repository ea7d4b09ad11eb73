/**
 * file-hashing: MessageDigest.getInstance with an MD5/SHA algorithm in a method
 * that also opens a file stream. Hashing files is how surveillance apps match the
 * phone's contents against lists of "forbidden" files (the BXAQ/Fengcai app that
 * border police installed on tourists' phones did exactly this; Süddeutsche Zeitung,
 * Guardian, Motherboard and Ruhr-Universität Bochum, 2019).
 */
import type { AppModel } from '../../model/app-model.js';
import type { Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import type { CodeReference } from '../../model/code-index/index.js';
import { codeEvidenceList, javaClassName, splitMember } from '../../findings/evidence.js';
import { arg, defineCodes, emitter } from '../../findings/contract.js';

const ID = 'file-hashing';
const GET_INSTANCE = 'Ljava/security/MessageDigest;->getInstance';
const ALGORITHM = /^(MD2|MD5|SHA|SHA-?1|SHA-?224|SHA-?256|SHA-?384|SHA-?512(\/2(24|56))?|SHA3-(224|256|384|512))$/i;
/** Ways to read a file's bytes (java.io, java.nio, Okio). */
const FILE_READS = [
  'Ljava/io/FileInputStream;-><init>',
  'Ljava/io/RandomAccessFile;-><init>',
  'Ljava/nio/file/Files;->newInputStream',
  'Ljava/nio/file/Files;->readAllBytes',
  'Ljava/security/DigestInputStream;-><init>',
  'Lokio/Okio;->source',
];

const CODES = defineCodes({
  'hashes-files': {
    topic: 'behaviour',
    summary: 'a method computes MD5/SHA digests and opens a file stream',
    args: {
      /** The digest algorithms named in the method, upper case: `SHA-256`. */
      algorithms: arg.list(arg.string),
      /** The method, smali spelling. */
      method: arg.string,
    },
    message: (args) => {
      const { classDescriptor, member } = splitMember(args.method);
      return `Computes ${args.algorithms.join('/')} hashes of file contents in ${javaClassName(classDescriptor)}.${member.split('(')[0] ?? ''}`;
    },
    views: { identity: ['method'] },
  },
});
const emit = emitter(ID, CODES);

export const rule: Rule = {
  meta: {
    id: ID,
    description: 'Hashing of files (MessageDigest MD5/SHA with a file stream in the same method)',
    categories: ['files'],
    references: [
      'https://developer.android.com/reference/java/security/MessageDigest',
      'https://www.vice.com/en/article/7xgame/at-chinese-border-tourists-forced-to-install-a-text-stealing-piece-of-malware',
    ],
    codes: CODES,
  },
  run(app: AppModel, context): Finding[] {
    const code = app.code;
    if (!code) return [];
    const facts = context.facts(app);
    const digests = facts.callSitesByName(GET_INSTANCE);
    if (digests.length === 0) return [];
    const fileReaders = new Map<string, CodeReference[]>();
    for (const api of FILE_READS)
      for (const site of facts.callSitesByName(api))
        fileReaders.set(site.caller, [...(fileReaders.get(site.caller) ?? []), site]);
    const findings: Finding[] = [];
    for (const caller of new Set(digests.map((site) => site.caller))) {
      const reads = fileReaders.get(caller);
      if (!reads) continue;
      const algorithms = code
        .referencesFrom(caller)
        .filter((reference) => reference.kind === 'string' && ALGORITHM.test(reference.target));
      if (algorithms.length === 0) continue;
      const names = [...new Set(algorithms.map((reference) => reference.target.toUpperCase()))];
      findings.push(
        emit('hashes-files', {
          category: 'files',
          args: { algorithms: names, method: caller },
          confidence: 'medium',
          evidence: codeEvidenceList(app, [
            ...algorithms,
            ...digests.filter((site) => site.caller === caller),
            ...reads,
          ]),
        }),
      );
    }
    return findings;
  },
};
