import { rule } from './index.js';
import { corpusModel, demoModel, fixtureModel } from '../../../test/findings/models.js';
import { testRule } from '../../../test/findings/rule-tester.js';

testRule(rule, {
  invalid: [
    {
      name: 'demo signer named with its certificate hash; no warnings',
      model: demoModel,
      findings: [
        {
          code: 'signing-tampering.signer',
          topic: 'signing',
          args: { certificateSha256: 'f813e65586afe0c27b0c27dd1eeeae0caf5949dc5ad5c732b1443f7ad6db32b5' },
          claim: /^Signed by CN=apkwitness demo TEST KEY.* \(certificate SHA-256 f813e655/,
        },
      ],
    },
    {
      name: 'an unsigned fixture',
      model: () => fixtureModel('fixtures/signing/unsigned.apk'),
      findings: [{ code: 'signing-tampering.unsigned', args: { severity: 'warning' } }],
    },
    {
      name: 'a fixture tampered after signing',
      model: () => fixtureModel('fixtures/signing/tampered-after-signing.apk'),
      includes: [{ code: 'signing-tampering.verification-failed', args: { severity: 'error' } }],
    },
    {
      name: 'Janus (a dex glued before the zip) is a tampering finding',
      needs: ['corpus'],
      model: () => corpusModel('fdroidserver/janus.apk'),
      includes: [
        {
          code: 'signing-tampering.container-anomaly',
          topic: 'tampering',
          args: { diagnostic: 'zip.prefix-bytes' },
          claim: /^The ZIP container has an anomaly \(zip\.prefix-bytes\): /,
        },
      ],
    },
  ],
});
