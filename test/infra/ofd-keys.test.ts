/**
 * The OFD seal's SM2 keys in the stack: in a China-region stage two retained SM2 SIGN_VERIFY keys — the seal
 * key, whose policy lets only the roles that seal OFDs (certificates, verify) sign, and the seal maker's key,
 * which only the pki function and a configured bootstrap principal may sign with — and their ids in the
 * functions' environment. Outside China no SM2 key and no OFD key ids (the OFD answers OFD_NOT_AVAILABLE).
 */
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerModules } from '../../functions/handlers/index.js';
import { modulePermissions } from '../../lib/permissions.js';
import { readStageConfig } from '../../lib/stage-config.js';
import {
  actionsOf,
  logicalId,
  moduleRoleId,
  resourcesOf,
  roleStatements,
  type Synthesized,
  synthesize,
} from './synth.js';

const declaring = (key: 'ofdSealKey' | 'ofdMakerKey', access: string) =>
  handlerModules.filter((m) => modulePermissions[m.name]?.[key] === access).map((m) => m.name);

describe('the OFD seal’s SM2 keys in a China-region stage', () => {
  let s: Synthesized;
  let sealKeyId: string;
  let makerKeyId: string;
  beforeAll(() => {
    s = synthesize({ region: 'cn-northwest-1' });
    const { ofdSealKey, ofdMakerKey } = s.built.stack.keys;
    if (!ofdSealKey || !ofdMakerKey) throw new Error('a China-region stage must have the SM2 keys');
    sealKeyId = logicalId(ofdSealKey);
    makerKeyId = logicalId(ofdMakerKey);
  });

  const keyPolicy = (id: string): any[] =>
    resourcesOf(s.template, 'AWS::KMS::Key')[id]?.Properties.KeyPolicy.Statement ?? [];
  const signAllows = (id: string) =>
    keyPolicy(id).filter((st) => st.Effect === 'Allow' && actionsOf(st).includes('kms:Sign'));

  it('are retained SM2 SIGN_VERIFY keys', () => {
    for (const id of [sealKeyId, makerKeyId]) {
      const key = resourcesOf(s.template, 'AWS::KMS::Key')[id];
      expect(key?.Properties).toMatchObject({ KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
      expect((key as { DeletionPolicy?: string } | undefined)?.DeletionPolicy).toBe('Retain');
    }
  });

  it('lets only the OFD-sealing roles sign with the seal key, and denies everyone else', () => {
    expect(declaring('ofdSealKey', 'sign').sort()).toEqual(['certificates', 'verify']);
    const allows = signAllows(sealKeyId);
    expect(allows).toHaveLength(1);
    const principals = JSON.stringify(allows[0].Principal);
    for (const name of handlerModules.map((m) => m.name)) {
      expect(principals.includes(moduleRoleId(s, name)), name).toBe(
        ['certificates', 'verify'].includes(name),
      );
    }
    const deny = keyPolicy(sealKeyId).find(
      (st) => st.Effect === 'Deny' && actionsOf(st).includes('kms:Sign'),
    );
    expect(deny?.Principal).toEqual({ AWS: '*' });
  });

  it('lets only the pki function (and a configured bootstrap principal) sign with the maker key', () => {
    expect(declaring('ofdMakerKey', 'sign')).toEqual(['pki']);
    const allows = signAllows(makerKeyId);
    expect(allows).toHaveLength(1);
    const principals = JSON.stringify(allows[0].Principal);
    for (const name of handlerModules.map((m) => m.name)) {
      expect(principals.includes(moduleRoleId(s, name)), name).toBe(name === 'pki');
    }
    const bootstrap = 'arn:aws-cn:iam::000000000000:role/seal-bootstrap';
    const withBootstrap = synthesize({ region: 'cn-northwest-1', bootstrapPrincipalArn: bootstrap });
    const makerKey = withBootstrap.built.stack.keys.ofdMakerKey;
    if (!makerKey) throw new Error('no maker key');
    const statements: any[] =
      resourcesOf(withBootstrap.template, 'AWS::KMS::Key')[logicalId(makerKey)]?.Properties.KeyPolicy
        .Statement ?? [];
    const allow = statements.find((st) => st.Effect === 'Allow' && actionsOf(st).includes('kms:Sign'));
    expect(JSON.stringify(allow?.Principal)).toContain(bootstrap);
  });

  it('grants each role exactly its declared use of the SM2 keys in its identity policy', () => {
    const on = (name: string, id: string) =>
      roleStatements(s, moduleRoleId(s, name))
        .filter((st) => JSON.stringify(st.Resource).includes(id))
        .flatMap(actionsOf)
        .sort();
    for (const { name } of handlerModules) {
      const declared = modulePermissions[name];
      expect(on(name, sealKeyId), name).toEqual(
        declared?.ofdSealKey === 'sign' ? ['kms:GetPublicKey', 'kms:Sign'] : [],
      );
      const maker = declared?.ofdMakerKey;
      expect(on(name, makerKeyId), name).toEqual(
        maker === 'sign'
          ? ['kms:GetPublicKey', 'kms:Sign']
          : maker === 'publicKey'
            ? ['kms:GetPublicKey']
            : [],
      );
    }
  });

  it('gives the functions both key ids (OFD_SEAL_KEY_ID, OFD_MAKER_KEY_ID)', () => {
    const functions = Object.values(resourcesOf(s.template, 'AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.SEAL_KEY_ID,
    );
    expect(functions.length).toBeGreaterThan(0);
    for (const f of functions) {
      const variables = f.Properties.Environment.Variables;
      expect(JSON.stringify(variables.OFD_SEAL_KEY_ID)).toContain(sealKeyId);
      expect(JSON.stringify(variables.OFD_MAKER_KEY_ID)).toContain(makerKeyId);
    }
  });
});

describe('a stage outside the China regions', () => {
  it('has no SM2 key and no OFD key ids: the OFD is left out', () => {
    expect(readStageConfig(new App({ context: { region: 'eu-central-1' } }).node).ofdSeal).toBe(false);
    expect(readStageConfig(new App({ context: { region: 'cn-north-1' } }).node).ofdSeal).toBe(true);
    const s = synthesize({ region: 'eu-central-1' });
    expect(s.built.stack.keys.ofdSealKey).toBeUndefined();
    const keys = Object.values(resourcesOf(s.template, 'AWS::KMS::Key'));
    expect(keys.map((k) => k.Properties.KeySpec)).not.toContain('SM2');
    const variables = Object.values(resourcesOf(s.template, 'AWS::Lambda::Function')).map(
      (f) => f.Properties.Environment?.Variables ?? {},
    );
    expect(variables.some((v) => 'OFD_SEAL_KEY_ID' in v || 'OFD_MAKER_KEY_ID' in v)).toBe(false);
  });
});
