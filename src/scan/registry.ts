/** Every rule the scan runs, in report order. */
import type { Rule } from '../rules/types.js';
import { rule as permissionData } from '../rules/permission-data/index.js';
import { rule as sensitiveApi } from '../rules/sensitive-api/index.js';
import { rule as contentUri } from '../rules/content-uri/index.js';
import { rule as fileHashing } from '../rules/file-hashing/index.js';
import { rule as rootCheck } from '../rules/root-check/index.js';
import { rule as nativeExec } from '../rules/native-exec/index.js';
import { rule as networkDestination } from '../rules/network-destination/index.js';
import { rule as trustAllTls } from '../rules/trust-all-tls/index.js';
import { rule as sdkTracker } from '../rules/sdk-tracker/index.js';
import { rule as packer } from '../rules/packer/index.js';
import { rule as assets } from '../rules/assets/index.js';
import { rule as signingTampering } from '../rules/signing-tampering/index.js';
import { rule as forms } from '../rules/forms/index.js';
import { rule as labels } from '../rules/labels/index.js';
import { rule as manifest } from '../rules/manifest/index.js';
import { rule as flows } from '../rules/flows/index.js';
import { rule as permissionUse } from '../rules/permission-use/index.js';

export const CORE_RULES: readonly Rule[] = [
  permissionData,
  sensitiveApi,
  contentUri,
  fileHashing,
  rootCheck,
  nativeExec,
  networkDestination,
  trustAllTls,
  sdkTracker,
  packer,
  assets,
  signingTampering,
  manifest,
  permissionUse,
];

/** Part B of issue 5 (forms from layouts, labels of people and behaviours), maintained beside ours. */
export const ALL_RULES: readonly Rule[] = [...CORE_RULES, forms, labels, flows];
