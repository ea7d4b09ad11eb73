import { rule } from './index.js';
import { corpusModel, demoModel, hostileModel } from '../../../test/findings/models.js';
import { testRule } from '../../../test/findings/rule-tester.js';

testRule(rule, {
  valid: [
    {
      name: 'digests of strings only (Crashlytics in com.rormix)',
      needs: ['corpus'],
      model: () => corpusModel('npm/com.rormix.apk'),
    },
    { name: 'the demo', model: demoModel },
    { name: 'the hostile app', model: hostileModel },
  ],
  invalid: [
    {
      name: 'ABCore hashes downloaded files with SHA-256 (MessageDigest + FileInputStream in one method)',
      needs: ['corpus'],
      model: () => corpusModel('androguard/app-prod-debug.apk'),
      findings: [
        {
          code: 'file-hashing.hashes-files',
          category: 'files',
          args: { algorithms: ['SHA-256'] },
          claim: /^Computes SHA-256 hashes of file contents in [\w.$]+$/,
        },
      ],
    },
  ],
});
