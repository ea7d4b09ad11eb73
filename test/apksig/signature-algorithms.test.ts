/**
 * Every v2/v3 signature algorithm id verified with node:crypto against signatures made
 * here with fresh keys (v2 spec, "Signature Algorithm IDs": PSS salt = digest length,
 * MGF1 with the same digest; ECDSA and DSA signatures are DER).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { verifySchemeSignature } from '../../src/formats/apksig/verify-signature.js';
import { signatureAlgorithm } from '../../src/formats/apksig/signature-algorithms.js';

const keys = {
  rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ec: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  dsa: generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }),
};
const spki = (key: KeyObject) => new Uint8Array(key.export({ type: 'spki', format: 'der' }));
const DATA = new TextEncoder().encode('signed data of a v2 signer');

function signWith(id: number, privateKey: KeyObject): Uint8Array {
  const algorithm = signatureAlgorithm(id);
  assert.ok(algorithm !== undefined);
  const options =
    algorithm.padding === constants.RSA_PKCS1_PSS_PADDING
      ? { key: privateKey, padding: algorithm.padding, saltLength: algorithm.saltLength }
      : { key: privateKey };
  return new Uint8Array(sign(algorithm.hash, DATA, options));
}

describe('signature algorithm ids', () => {
  const cases: Array<[number, keyof typeof keys]> = [
    [0x0101, 'rsa'],
    [0x0102, 'rsa'],
    [0x0103, 'rsa'],
    [0x0104, 'rsa'],
    [0x0201, 'ec'],
    [0x0202, 'ec'],
    [0x0301, 'dsa'],
    [0x0421, 'rsa'],
    [0x0423, 'ec'],
    [0x0425, 'dsa'],
  ];
  for (const [id, type] of cases) {
    test(`0x${id.toString(16).padStart(4, '0')} (${type})`, () => {
      const { publicKey, privateKey } = keys[type];
      const signature = signWith(id, privateKey);
      assert.deepEqual(verifySchemeSignature(id, spki(publicKey), DATA, signature), { ok: true });
      const altered = DATA.slice();
      altered[0] = (altered[0] ?? 0) ^ 1;
      const failed = verifySchemeSignature(id, spki(publicKey), altered, signature);
      assert.equal(failed.ok, false);
      assert.ok(/does not verify|could not be checked/.test(failed.reason), JSON.stringify(failed));
    });
  }
  test('PSS with the wrong salt length does not verify', () => {
    const signature = new Uint8Array(
      sign('sha256', DATA, { key: keys.rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 }),
    );
    assert.equal(verifySchemeSignature(0x0101, spki(keys.rsa.publicKey), DATA, signature).ok, false);
  });
  const refused: Array<{ name: string; id: number; key: Uint8Array; reason: RegExp }> = [
    {
      name: 'unknown id',
      id: 0x0999,
      key: spki(keys.rsa.publicKey),
      reason: /unknown algorithm 0x0999 is not supported/,
    },
    { name: 'RSA algorithm with an EC key', id: 0x0103, key: spki(keys.ec.publicKey), reason: /the key is ec/ },
    { name: 'ECDSA algorithm with a DSA key', id: 0x0201, key: spki(keys.dsa.publicKey), reason: /the key is dsa/ },
    {
      name: 'garbage public key',
      id: 0x0103,
      key: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
      reason: /public key unreadable/,
    },
    { name: 'empty public key', id: 0x0103, key: new Uint8Array(0), reason: /public key unreadable/ },
  ];
  for (const { name, id, key, reason } of refused) {
    test(`refused: ${name}`, () => {
      const result = verifySchemeSignature(id, key, DATA, new Uint8Array(256));
      assert.ok(!result.ok && reason.test(result.reason), JSON.stringify(result));
    });
  }
  test('garbage signature bytes give a reason, never an exception', () => {
    for (const [id, type] of [
      [0x0201, 'ec'],
      [0x0301, 'dsa'],
      [0x0101, 'rsa'],
    ] as const) {
      for (const signature of [new Uint8Array(0), new Uint8Array(7).fill(0x30), new Uint8Array(512).fill(0xff)]) {
        const result = verifySchemeSignature(id, spki(keys[type].publicKey), DATA, signature);
        assert.equal(result.ok, false);
      }
    }
  });
});
