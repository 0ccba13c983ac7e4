import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableKey } from '../../functions/adapters/schema.js';
import { handlerModules } from '../../functions/handlers/index.js';
import { handlerEntry } from '../../lib/bundling.js';
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
/** Modules that do not exist yet are built from an existing file (bundling is skipped). */
const entry = (name: string) => handlerEntry(handlerModules.some((m) => m.name === name) ? name : 'public');
const sealingModules = () => handlerModules.filter((m) => modulePermissions[m.name]?.sealKey === 'sign');

describe('least privilege and key policies', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize();
  });

  it('allows kms:Sign on the seal key only to the roles of modules that seal, and denies everyone else', () => {
    // Prepare
    const signerRoles = sealingModules().map((m) => moduleRoleId(s, m.name));
    const sealKey = resourcesOf(s.template, 'AWS::KMS::Key')[logicalId(s.built.stack.keys.sealKey)];
    // Act
    const statements: any[] = sealKey?.Properties.KeyPolicy.Statement ?? [];
    const allows = statements.filter((st) => st.Effect === 'Allow' && actionsOf(st).includes('kms:Sign'));
    const denies = statements.filter((st) => st.Effect === 'Deny' && actionsOf(st).includes('kms:Sign'));
    // Assess
    expect(sealingModules().map((m) => m.name)).toContain('certificates');
    expect(allows).toHaveLength(1);
    const allowed = asList(allows[0].Principal.AWS);
    expect(allowed).toHaveLength(signerRoles.length);
    for (const role of signerRoles) expect(JSON.stringify(allowed)).toContain(role);
    expect(denies).toHaveLength(1);
    expect(denies[0].Principal).toEqual({ AWS: '*' });
    expect(asList(denies[0].Condition.ArnNotEquals['aws:PrincipalArn'])).toEqual(allowed);
  });

  it('grants kms:Sign in no identity policy but those of sealing roles (and status-list, CA and OFD signers)', () => {
    // Prepare: each of those keys is held to its own signers (status-lists, ofd-keys tests; the root key below).
    // The QR signers are not among them: the QR's data key pairs sign in memory (qr-key test).
    const signs = (m: (typeof handlerModules)[number]) => {
      const declared = modulePermissions[m.name];
      return (
        declared?.statusKey === 'sign' ||
        declared?.rootKey === 'sign' ||
        declared?.ofdSealKey === 'sign' ||
        declared?.ofdMakerKey === 'sign'
      );
    };
    const sealingRoles = [...sealingModules(), ...handlerModules.filter(signs)].map((m) =>
      moduleRoleId(s, m.name),
    );
    // Act
    const signing = iamStatements(s.template).filter(
      ({ statement }) => statement.Effect === 'Allow' && actionsOf(statement).includes('kms:Sign'),
    );
    // Assess
    expect(signing.length).toBeGreaterThan(0);
    for (const { owner } of signing) {
      const roles = JSON.stringify(resourcesOf(s.template, 'AWS::IAM::Policy')[owner]?.Properties.Roles);
      expect(
        sealingRoles.some((role) => roles.includes(role)),
        owner,
      ).toBe(true);
    }
  });

  it('lets only the pki function (CRL, OCSP) and a configured bootstrap principal sign with the root CA key', () => {
    // Prepare
    const rootStatements = (x: Synthesized): any[] =>
      resourcesOf(x.template, 'AWS::KMS::Key')[logicalId(x.built.stack.keys.rootKey)]?.Properties.KeyPolicy
        .Statement ?? [];
    const bootstrap = 'arn:aws-cn:iam::000000000000:role/seal-bootstrap';
    const rootSigners = handlerModules.filter((m) => modulePermissions[m.name]?.rootKey === 'sign');
    const otherRoles = handlerModules
      .filter((m) => !rootSigners.includes(m))
      .map((m) => moduleRoleId(s, m.name));
    // Act
    const withBootstrap = synthesize({ bootstrapPrincipalArn: bootstrap });
    // Assess
    expect(rootSigners.map((m) => m.name)).toEqual(['pki']);
    const signs = (st: any) => actionsOf(st).includes('kms:Sign');
    const allows = rootStatements(s).filter((st) => st.Effect === 'Allow' && signs(st));
    expect(allows).toHaveLength(1);
    const principals = JSON.stringify(allows[0]?.Principal);
    expect(principals).toContain(moduleRoleId(s, 'pki'));
    for (const role of otherRoles) expect(principals).not.toContain(role);
    expect(JSON.stringify(rootStatements(s).find((st) => st.Effect === 'Deny')?.Condition)).toContain(
      moduleRoleId(s, 'pki'),
    );
    const allow = rootStatements(withBootstrap).find((st) => st.Effect === 'Allow' && signs(st));
    expect(JSON.stringify(allow?.Principal)).toContain(bootstrap);
    expect(JSON.stringify(allow?.Principal)).toContain(moduleRoleId(withBootstrap, 'pki'));
  });

  it('has no IAM or key policy statement with a wildcard action', () => {
    // Prepare
    const keyStatements = Object.values(resourcesOf(s.template, 'AWS::KMS::Key')).flatMap(
      (k) => k.Properties.KeyPolicy.Statement,
    );
    const statements = [...iamStatements(s.template).map((x) => x.statement), ...keyStatements];
    // Act
    const wildcards = statements.flatMap(actionsOf).filter((action) => action.includes('*'));
    // Assess
    expect(statements.length).toBeGreaterThan(10);
    expect(wildcards).toEqual([]);
  });

  const STREAM_READ_ACTIONS = new Set([
    'dynamodb:DescribeStream',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:ListStreams',
  ]);

  it('gives each function access to exactly the tables its permissions declare, writes only where declared', () => {
    for (const module of handlerModules) {
      // Prepare
      const declared = modulePermissions[module.name]?.tables ?? {};
      const statements = roleStatements(s, moduleRoleId(s, module.name));
      // Act
      const touched = new Set<string>();
      const written = new Set<string>();
      for (const statement of statements) {
        const actions = actionsOf(statement);
        for (const [key, table] of Object.entries(s.built.stack.data.tables)) {
          if (!JSON.stringify(statement.Resource).includes(logicalId(table))) continue;
          if (!actions.some((a) => a.startsWith('dynamodb:'))) continue;
          // An event source's stream read (the stats-stream function's of the cases table) reads no item.
          if (actions.every((a) => STREAM_READ_ACTIONS.has(a))) continue;
          touched.add(key);
          if (actions.includes('dynamodb:PutItem')) written.add(key);
        }
      }
      // Assess
      expect([...touched].sort(), module.name).toEqual(Object.keys(declared).sort());
      const writable = (Object.entries(declared) as [TableKey, string][]).filter(([, a]) => a !== 'read');
      expect([...written].sort(), module.name).toEqual(writable.map(([k]) => k).sort());
    }
  });

  it('limits the public function to the one seal-chain object of the licences bucket', () => {
    // Act
    const s3Statements = roleStatements(s, moduleRoleId(s, 'public')).filter((st) =>
      actionsOf(st).some((a) => a.startsWith('s3:')),
    );
    // Assess
    expect(s3Statements.flatMap(actionsOf).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    expect(JSON.stringify(s3Statements)).toContain('/pki/seal-chain.pem');
    expect(JSON.stringify(s3Statements)).not.toContain('/*');
  });

  it('reports no unacknowledged cdk-nag finding for the dev stage', () => {
    expect(s.nagFindings).toEqual([]);
  });

  it('fails the synth for a handler module without declared permissions', () => {
    const unknown = { name: 'mystery', routes: [] };
    expect(() => synthesize({}, { modules: [unknown], entry })).toThrow(/lib\/permissions\.ts/);
  });
});

describe('cdk-nag (AwsSolutions + Serverless) on every synth', () => {
  // The other suites assert nagFindings == [] on each stage they synthesize (China, global with WAF + jobs).
  it('fails the synth on a finding that nobody acknowledged', () => {
    // Prepare: a queue without a DLQ or SSL policy added to the real stack
    const addInsecureQueue = (built: { stack: any }) => new sqs.Queue(built.stack, 'Unreviewed');
    // Act & Assess
    expect(() => synthesize({}, {}, { afterBuild: addInsecureQueue })).toThrow(/AwsSolutions-SQS4/);
  });
});
