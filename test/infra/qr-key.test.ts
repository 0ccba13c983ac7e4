/**
 * The licence QR key in the stack: its own ECC_NIST_P256 SIGN_VERIFY key whose policy lets only the
 * certificates function (issuance, reissue) sign, that role limited to Sign/GetPublicKey on it, the verify
 * function (which publishes `/.well-known/qr-keys.json`) to GetPublicKey, and no other function near it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerModules } from '../../functions/handlers/index.js';
import {
  actionsOf,
  logicalId,
  moduleRoleId,
  resourcesOf,
  roleStatements,
  type Synthesized,
  synthesize,
} from './synth.js';

describe('the licence QR key in the stack', () => {
  let s: Synthesized;
  let keyId: string;
  beforeAll(() => {
    s = synthesize();
    keyId = logicalId(s.built.stack.keys.qrKey);
  });

  it('is a retained P-256 SIGN_VERIFY key that only the certificates role may use for kms:Sign', () => {
    // Act
    const key = resourcesOf(s.template, 'AWS::KMS::Key')[keyId];
    const statements: any[] = key?.Properties.KeyPolicy.Statement ?? [];
    const allows = statements.filter((st) => st.Effect === 'Allow' && actionsOf(st).includes('kms:Sign'));
    const denies = statements.filter((st) => st.Effect === 'Deny' && actionsOf(st).includes('kms:Sign'));
    // Assess
    expect(key?.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect((key as { DeletionPolicy?: string } | undefined)?.DeletionPolicy).toBe('Retain');
    expect(allows).toHaveLength(1);
    expect(JSON.stringify(allows[0].Principal)).toContain(moduleRoleId(s, 'certificates'));
    expect(JSON.stringify(allows[0].Principal)).not.toContain(moduleRoleId(s, 'verify'));
    expect(denies[0]?.Principal).toEqual({ AWS: '*' });
  });

  it('lets certificates sign, verify read the public key, and no other role touch it', () => {
    const onKey = (name: string) =>
      roleStatements(s, moduleRoleId(s, name)).filter((st) => JSON.stringify(st.Resource).includes(keyId));
    // Act + Assess
    expect(onKey('certificates').flatMap(actionsOf).sort()).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    expect(onKey('verify').flatMap(actionsOf)).toEqual(['kms:GetPublicKey']);
    for (const { name } of handlerModules.filter((m) => !['certificates', 'verify'].includes(m.name))) {
      expect(onKey(name), name).toEqual([]);
    }
  });

  it('gives every function the key as QR_KEY_ID and routes the key set to the verify function', () => {
    const functions = Object.values(resourcesOf(s.template, 'AWS::Lambda::Function'));
    const withKey = functions.filter((f) => f.Properties.Environment?.Variables?.QR_KEY_ID);
    expect(withKey.length).toBeGreaterThan(0);
    expect(JSON.stringify(withKey[0]?.Properties.Environment.Variables.QR_KEY_ID)).toContain(keyId);
    const routes = Object.values(resourcesOf(s.template, 'AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(routes).toContain('GET /.well-known/qr-keys.json');
  });
});
