/**
 * The licence QR keys in the stack: the KMS ECC_NIST_P256 key that signed the payloads before data keys is
 * retained with its public key readable and nobody allowed kms:Sign; the wrapping key under which KMS makes the
 * QR's data key pairs lets only the QR signers (certificates, bulk worker) make and open pairs, with the QR
 * purpose as encryption context, and denies everyone else; the verify function (which publishes
 * `/.well-known/qr-keys.json`) only reads the KMS key's public key; no other function comes near either key.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { QR_KEY_PURPOSE } from '../../functions/adapters/qr-key-names.js';
import { handlerModules } from '../../functions/handlers/index.js';
import { modulePermissions } from '../../lib/permissions.js';
import {
  actionsOf,
  logicalId,
  moduleRoleId,
  resourcesOf,
  roleStatements,
  type Synthesized,
  synthesize,
} from './synth.js';

const QR_WRAP_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKeyPairWithoutPlaintext'];

describe('the licence QR keys in the stack', () => {
  let s: Synthesized;
  let keyId: string;
  let wrapKeyId: string;
  const qrSigners = handlerModules
    .filter((m) => modulePermissions[m.name]?.qrKey === 'sign')
    .map((m) => m.name);
  beforeAll(() => {
    s = synthesize();
    keyId = logicalId(s.built.stack.keys.qrKey);
    wrapKeyId = logicalId(s.built.stack.keys.qrWrapKey);
  });

  it('retains the P-256 SIGN_VERIFY key and lets nobody sign with it any more', () => {
    // Act
    const key = resourcesOf(s.template, 'AWS::KMS::Key')[keyId];
    const statements: any[] = key?.Properties.KeyPolicy.Statement ?? [];
    const allows = statements.filter((st) => st.Effect === 'Allow' && actionsOf(st).includes('kms:Sign'));
    const denies = statements.filter((st) => st.Effect === 'Deny' && actionsOf(st).includes('kms:Sign'));
    // Assess
    expect(key?.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect((key as { DeletionPolicy?: string } | undefined)?.DeletionPolicy).toBe('Retain');
    expect(allows).toEqual([]);
    expect(denies).toHaveLength(1);
    expect(denies[0]?.Principal).toEqual({ AWS: '*' });
    expect(denies[0]?.Condition).toBeUndefined();
  });

  it('lets only the QR signers make and open data key pairs, for the QR purpose, and denies everyone else', () => {
    // Act
    const key = resourcesOf(s.template, 'AWS::KMS::Key')[wrapKeyId];
    const statements: any[] = key?.Properties.KeyPolicy.Statement ?? [];
    const allows = statements.filter(
      (st) => st.Effect === 'Allow' && actionsOf(st).includes('kms:GenerateDataKeyPairWithoutPlaintext'),
    );
    const denies = statements.filter((st) => st.Effect === 'Deny');
    // Assess
    expect(key?.Properties).toMatchObject({ EnableKeyRotation: true });
    expect((key as { DeletionPolicy?: string } | undefined)?.DeletionPolicy).toBe('Retain');
    expect(qrSigners).toContain('certificates');
    expect(allows).toHaveLength(1);
    expect(actionsOf(allows[0]).sort()).toEqual(QR_WRAP_ACTIONS);
    expect(allows[0].Condition).toEqual({
      StringEquals: { 'kms:EncryptionContext:purpose': QR_KEY_PURPOSE },
    });
    for (const name of qrSigners)
      expect(JSON.stringify(allows[0].Principal)).toContain(moduleRoleId(s, name));
    expect(JSON.stringify(allows[0].Principal)).not.toContain(moduleRoleId(s, 'verify'));
    expect(actionsOf(denies[0]).sort()).toEqual(QR_WRAP_ACTIONS);
    expect(denies[0]?.Principal).toEqual({ AWS: '*' });
  });

  it('gives the QR signers the pairs and the public key, verify the public key only, and nobody else either key', () => {
    const onKey = (name: string, id: string) =>
      roleStatements(s, moduleRoleId(s, name)).filter((st) => JSON.stringify(st.Resource).includes(id));
    // Act + Assess
    for (const name of qrSigners) {
      expect(onKey(name, keyId).flatMap(actionsOf), name).toEqual(['kms:GetPublicKey']);
      const wrap = onKey(name, wrapKeyId);
      expect(wrap.flatMap(actionsOf).sort(), name).toEqual(QR_WRAP_ACTIONS);
      expect(wrap[0]?.Condition).toEqual({
        StringEquals: { 'kms:EncryptionContext:purpose': QR_KEY_PURPOSE },
      });
    }
    expect(onKey('verify', keyId).flatMap(actionsOf)).toEqual(['kms:GetPublicKey']);
    expect(onKey('verify', wrapKeyId)).toEqual([]);
    for (const { name } of handlerModules.filter((m) => ![...qrSigners, 'verify'].includes(m.name))) {
      expect(onKey(name, keyId), name).toEqual([]);
      expect(onKey(name, wrapKeyId), name).toEqual([]);
    }
  });

  it('gives every function the keys as QR_KEY_ID and QR_WRAP_KEY_ID and routes the key set to verify', () => {
    const functions = Object.values(resourcesOf(s.template, 'AWS::Lambda::Function'));
    const withKey = functions.filter((f) => f.Properties.Environment?.Variables?.QR_KEY_ID);
    expect(withKey.length).toBeGreaterThan(0);
    const variables = withKey[0]?.Properties.Environment.Variables;
    expect(JSON.stringify(variables.QR_KEY_ID)).toContain(keyId);
    expect(JSON.stringify(variables.QR_WRAP_KEY_ID)).toContain(wrapKeyId);
    const routes = Object.values(resourcesOf(s.template, 'AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(routes).toContain('GET /.well-known/qr-keys.json');
  });
});
