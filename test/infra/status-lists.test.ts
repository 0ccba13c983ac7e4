/**
 * The token status lists in the stack: their own ECC_NIST_P256 SIGN_VERIFY key whose policy lets only the
 * status-lists function sign (everyone else denied), that function's role limited to Sign/GetPublicKey on
 * that key and to reads of the ledger and counters, and its public routes on the API.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  logicalId,
  moduleRoleId,
  resourcesOf,
  roleStatements,
  type Synthesized,
  synthesize,
} from './synth.js';

describe('status lists in the stack', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize();
  });

  it('signs with a P-256 key that only the status-lists role may use for kms:Sign', () => {
    // Prepare
    const keyId = logicalId(s.built.stack.keys.statusKey);
    const role = moduleRoleId(s, 'status-lists');
    // Act
    const key = resourcesOf(s.template, 'AWS::KMS::Key')[keyId];
    const statements: any[] = key?.Properties.KeyPolicy.Statement ?? [];
    const allows = statements.filter((st) => st.Effect === 'Allow' && actionsOf(st).includes('kms:Sign'));
    const denies = statements.filter((st) => st.Effect === 'Deny' && actionsOf(st).includes('kms:Sign'));
    // Assess
    expect(key?.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(allows).toHaveLength(1);
    expect(JSON.stringify(allows[0].Principal)).toContain(role);
    expect(JSON.stringify(allows[0].Principal)).not.toContain(moduleRoleId(s, 'certificates'));
    expect(denies[0]?.Principal).toEqual({ AWS: '*' });
  });

  it('gives the status-lists role Sign and GetPublicKey on its key only, and reads of ledger and counters', () => {
    // Act
    const statements = roleStatements(s, moduleRoleId(s, 'status-lists'));
    const kms = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('kms:')));
    const dynamo = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('dynamodb:')));
    // Assess
    const signing = kms.find((st) => actionsOf(st).includes('kms:Sign'));
    expect(actionsOf(signing ?? {}).sort()).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    expect(JSON.stringify(signing?.Resource)).toContain(logicalId(s.built.stack.keys.statusKey));
    expect(JSON.stringify(kms)).not.toContain(logicalId(s.built.stack.keys.sealKey));
    for (const st of dynamo) expect(actionsOf(st).some((a) => /Put|Update|Delete|Write/.test(a))).toBe(false);
    const tables = JSON.stringify(dynamo.map((st) => st.Resource));
    expect(tables).toContain(logicalId(s.built.stack.data.tables.ledger));
    expect(tables).toContain(logicalId(s.built.stack.data.tables.counters));
    expect(tables).not.toContain(logicalId(s.built.stack.data.tables.cases));
  });

  it('routes GET /status-lists/{listId} and the key set to the status-lists function', () => {
    const routes = Object.values(resourcesOf(s.template, 'AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(routes).toContain('GET /status-lists/{listId}');
    expect(routes).toContain('GET /.well-known/status-list-keys.json');
  });
});
