/**
 * permission-data: every permission that unlocks personal data, mapped to the data
 * categories, plus every other dangerous or privileged permission (without a
 * category). Evidence: the <uses-permission> element in AndroidManifest.xml.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import { manifestEvidence } from '../../findings/evidence.js';
import { arg, defineCodes, emitter } from '../../findings/contract.js';
import { PERMISSION_CATEGORIES, PERMISSION_REFERENCE } from '../../dataflow/data-sources.js';

const ID = 'permission-data';
const SENSITIVE_LEVEL = /\b(dangerous|privileged)\b/;

const PERMISSION_ARGS = {
  /** `android.permission.READ_SMS`. */
  permission: arg.string,
  /** The platform's protection level (API 29 table), or `not a platform permission in API 29`. */
  protectionLevel: arg.string,
  /** The permission's entry in the Android reference. */
  reference: arg.string,
};
const VIEWS = {
  identity: ['permission'],
  headline: ['permission', 'reference'],
  permission: { name: 'permission', protectionLevel: 'protectionLevel' },
} as const;

const CODES = defineCodes({
  unlocks: {
    topic: 'collection',
    summary: 'a requested permission gives access to the data category (one finding per category)',
    args: PERMISSION_ARGS,
    message: (args, { category }) => `Requests ${args.permission}, which gives access to ${category} data`,
    views: VIEWS,
  },
  sensitive: {
    topic: 'collection',
    summary: 'a requested dangerous or privileged permission that unlocks no data category of ours',
    args: PERMISSION_ARGS,
    message: (args) => `Requests ${args.permission} (${args.protectionLevel})`,
    views: VIEWS,
  },
  implied: {
    topic: 'collection',
    summary:
      "a permission Android grants without the app asking (aapt's uses-implied-permission) gives access to the data category",
    args: {
      permission: arg.string,
      /** Why Android grants it: the older target SDK, or the permission it comes with. */
      impliedBecause: arg.string,
      reference: arg.string,
    },
    message: (args, { category }) =>
      `Is granted ${args.permission} without asking for it (${args.impliedBecause}), which gives access to ${category} data`,
    views: {
      identity: ['permission'],
      headline: ['permission', 'reference'],
      permission: { name: 'permission' },
    },
  },
});
const emit = emitter(ID, CODES);

export const rule: Rule = {
  meta: {
    id: ID,
    description: 'Permissions the app requests, mapped to the personal data they unlock',
    categories: [...new Set([...PERMISSION_CATEGORIES.values()].flat())],
    references: [PERMISSION_REFERENCE, 'https://developer.android.com/guide/topics/permissions/overview'],
    codes: CODES,
  },
  run(app: AppModel): Finding[] {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const permission of app.manifest?.usesPermissions ?? []) {
      // fdroidserver/duplicate.permisssions_9999999.apk repeats permissions: one finding per name, first element cited.
      if (seen.has(permission.name)) continue;
      seen.add(permission.name);
      const categories = PERMISSION_CATEGORIES.get(permission.name);
      const level = permission.protectionLevel ?? 'not a platform permission in API 29';
      const evidence = [manifestEvidence(app, permission.element, permission.evidence, 'name')];
      const args = {
        permission: permission.name,
        protectionLevel: level,
        reference: `${PERMISSION_REFERENCE}#${permission.name.replace(/^android\.permission\./, '')}`,
      };
      if (categories) {
        for (const category of categories) {
          findings.push(emit('unlocks', { category, args, confidence: 'medium', evidence }));
        }
      } else if (permission.protectionLevel !== undefined && SENSITIVE_LEVEL.test(permission.protectionLevel)) {
        findings.push(emit('sensitive', { args, confidence: 'medium', evidence }));
      }
    }
    // Permissions Android grants without the app asking (aapt's uses-implied-permission). A split's
    // manifest has no <uses-sdk>: what its own aapt line says is not what Android applies (the base's).
    if (app.manifest?.split === undefined) {
      for (const implied of app.manifest?.impliedPermissions ?? []) {
        if (seen.has(implied.name)) continue;
        seen.add(implied.name);
        const evidence = [manifestEvidence(app, implied.element, implied.evidence)];
        const args = {
          permission: implied.name,
          impliedBecause: implied.reason,
          reference: `${PERMISSION_REFERENCE}#${implied.name.replace(/^android\.permission\./, '')}`,
        };
        for (const category of PERMISSION_CATEGORIES.get(implied.name) ?? [])
          findings.push(emit('implied', { category, args, confidence: 'medium', evidence }));
      }
    }
    return findings;
  },
};
