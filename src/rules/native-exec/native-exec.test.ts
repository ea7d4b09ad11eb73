import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, hostileModel } from '../../../test/findings/models.js';
import { argText, testRule } from '../../../test/findings/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'the demo runs nothing', model: demoModel },
    { name: 'the hostile app runs nothing', model: hostileModel },
  ],
  invalid: [
    {
      name: 'dnsfilter runs su with its command strings',
      needs: ['corpus'],
      model: () => corpusModel('appmanager-splits/dnsfilter.android.apk'),
      includes: [{ code: 'native-exec.runs-command', args: { method: /runOSCommand/ } }],
      check: (findings) => {
        const run = findings.find((finding) => argText(finding.args.method).includes('runOSCommand'));
        assert.ok((run?.args.commands as readonly string[]).includes('su'));
        assert.ok(
          run?.evidence.some(
            (evidence) => evidence.kind === 'code' && evidence.target.startsWith('Ljava/lang/Runtime;->exec'),
          ),
        );
      },
    },
  ],
});
