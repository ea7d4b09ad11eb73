import assert from 'node:assert/strict';
import { rule } from './index.js';
import { corpusModel, demoModel, hostileModel } from '../../../test/findings/models.js';
import { testRule } from '../../../test/findings/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'the demo', model: demoModel },
    { name: 'the hostile app', model: hostileModel },
    {
      name: 'an app whose only hint is the word "su" (dnsfilter runs su but checks nothing)',
      needs: ['corpus'],
      model: () => corpusModel('appmanager-splits/dnsfilter.android.apk'),
    },
  ],
  invalid: [
    {
      name: 'the Crashlytics root check in com.rormix (test-keys, Superuser.apk, /system/xbin/su)',
      needs: ['corpus'],
      model: () => corpusModel('npm/com.rormix.apk'),
      includes: [
        { code: 'root-check.checks-root', confidence: 'high', claim: /^Checks whether the phone is rooted: names / },
      ],
      check: (findings) => {
        const finding = findings.find((candidate) => candidate.code === 'root-check.checks-root');
        assert.ok((finding?.args.indicators as readonly string[]).includes('/system/xbin/su'));
      },
    },
    {
      name: 'libsuperuser shipped by XposedInstaller',
      needs: ['corpus'],
      model: () => corpusModel('mobsf/XposedInstaller_3.1.5.apk'),
      includes: [{ code: 'root-check.library', args: { library: 'eu.chainfire.libsuperuser' } }],
    },
  ],
});
