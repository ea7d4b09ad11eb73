/**
 * permission-data: every permission that unlocks personal data, mapped to the data
 * categories, plus every other dangerous or privileged permission (without a
 * category). Evidence: the <uses-permission> element in AndroidManifest.xml.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import { manifestEvidence } from '../../findings/evidence.js';
import { PERMISSION_CATEGORIES, PERMISSION_REFERENCE } from './permission-table.js';

const ID = 'permission-data';
const SENSITIVE_LEVEL = /\b(dangerous|privileged)\b/;

export const rule: Rule = {
  meta: {
    id: ID,
    description: 'Permissions the app requests, mapped to the personal data they unlock',
    categories: [...new Set([...PERMISSION_CATEGORIES.values()].flat())],
    references: [PERMISSION_REFERENCE, 'https://developer.android.com/guide/topics/permissions/overview'],
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
          findings.push({
            ruleId: ID,
            code: 'permission.unlocks',
            topic: 'collection',
            category,
            claim: `Requests ${permission.name}, which gives access to ${category} data`,
            args,
            confidence: 'medium',
            evidence,
          });
        }
      } else if (permission.protectionLevel !== undefined && SENSITIVE_LEVEL.test(permission.protectionLevel)) {
        findings.push({
          ruleId: ID,
          code: 'permission.sensitive',
          topic: 'collection',
          claim: `Requests ${permission.name} (${permission.protectionLevel})`,
          args,
          confidence: 'medium',
          evidence,
        });
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
        for (const category of PERMISSION_CATEGORIES.get(implied.name) ?? []) {
          findings.push({
            ruleId: ID,
            code: 'permission.implied',
            topic: 'collection',
            category,
            claim: `Is granted ${implied.name} without asking for it (${implied.reason}), which gives access to ${category} data`,
            args,
            confidence: 'medium',
            evidence,
          });
        }
      }
    }
    return findings;
  },
};
