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
    return findings;
  },
};
