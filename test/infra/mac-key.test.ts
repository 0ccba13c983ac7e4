/**
 * The HMAC key behind holder lookup keys and list cursors, who may use it, and the two list indexes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerModules } from '../../functions/handlers/index.js';
import { modulePermissions } from '../../lib/permissions.js';
import {
  actionsOf,
  iamStatements,
  logicalId,
  moduleRoleId,
  resourcesOf,
  roleStatements,
  type Synthesized,
  synthesize,
} from './synth.js';

const asList = (value: unknown): unknown[] => ([] as unknown[]).concat(value);
const macModules = () => handlerModules.filter((m) => modulePermissions[m.name]?.macKey === 'generate');

describe('the HMAC key and the list indexes', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize();
  });

  it('is an HMAC_256 GENERATE_VERIFY_MAC key, retained, whose policy allows GenerateMac only to the modules that derive keys', () => {
    // Prepare
    const id = logicalId(s.built.stack.keys.macKey);
    const key = s.template.findResources('AWS::KMS::Key')[id];
    const users = macModules().map((m) => moduleRoleId(s, m.name));
    // Act
    const statements: any[] = key?.Properties.KeyPolicy.Statement ?? [];
    const allows = statements.filter(
      (st) => st.Effect === 'Allow' && actionsOf(st).includes('kms:GenerateMac'),
    );
    const denies = statements.filter(
      (st) => st.Effect === 'Deny' && actionsOf(st).includes('kms:GenerateMac'),
    );
    // Assess
    expect(key?.Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(key?.DeletionPolicy).toBe('Retain');
    expect(
      macModules()
        .map((m) => m.name)
        .sort(),
      // bulk-worker: a bulk row's licence gets its holder key at issuance (the holder list finds it).
    ).toEqual(['bulk-worker', 'cases', 'certificates', 'webhook-deliveries', 'webhooks']);
    expect(allows).toHaveLength(1);
    const allowed = asList(allows[0].Principal.AWS);
    expect(allowed).toHaveLength(users.length);
    for (const role of users) expect(JSON.stringify(allowed)).toContain(role);
    expect(denies).toHaveLength(1);
    expect(denies[0].Principal).toEqual({ AWS: '*' });
    expect(asList(denies[0].Condition.ArnNotEquals['aws:PrincipalArn'])).toEqual(allowed);
  });

  it('grants kms:GenerateMac on that key alone, only in the roles of those modules, and nowhere VerifyMac or a wildcard', () => {
    // Prepare
    const keyId = logicalId(s.built.stack.keys.macKey);
    // Act
    const macStatements = iamStatements(s.template).filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith('kms:') && /mac|\*/i.test(a)),
    );
    // Assess
    for (const module of handlerModules) {
      const grants = roleStatements(s, moduleRoleId(s, module.name)).filter((st) =>
        actionsOf(st).includes('kms:GenerateMac'),
      );
      if (modulePermissions[module.name]?.macKey !== 'generate') {
        expect(grants, module.name).toEqual([]);
        continue;
      }
      expect(grants, module.name).toHaveLength(1);
      expect(actionsOf(grants[0] ?? {})).toEqual(['kms:GenerateMac']);
      expect(JSON.stringify(grants[0]?.Resource)).toContain(keyId);
      expect(asList(grants[0]?.Resource)).toHaveLength(1);
    }
    for (const { statement } of macStatements) expect(actionsOf(statement)).toEqual(['kms:GenerateMac']);
  });

  it('gives every function the key as MAC_KEY_ID', () => {
    // Act
    const functions = Object.values(resourcesOf(s.template, 'AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.SEAL_KEY_ID,
    );
    // Assess
    expect(functions.length).toBeGreaterThan(0);
    for (const f of functions) {
      expect(JSON.stringify(f.Properties.Environment.Variables.MAC_KEY_ID)).toContain(
        logicalId(s.built.stack.keys.macKey),
      );
    }
  });

  it('indexes licences by holder key and cases by client, newest first, keys only', () => {
    // Act
    const tables = Object.values(resourcesOf(s.template, 'AWS::DynamoDB::Table'));
    const indexes = tables.flatMap((t) => t.Properties.GlobalSecondaryIndexes ?? []);
    // Assess
    expect(indexes).toContainEqual({
      IndexName: 'byHolder',
      KeySchema: [
        { AttributeName: 'holderKey', KeyType: 'HASH' },
        { AttributeName: 'issuedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    });
    expect(indexes).toContainEqual({
      IndexName: 'byClient',
      KeySchema: [
        { AttributeName: 'clientId', KeyType: 'HASH' },
        { AttributeName: 'createdAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    });
  });
});
