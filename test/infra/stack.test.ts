import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buckets, tables } from '../../functions/adapters/schema.js';
import { handlerModules } from '../../functions/handlers/index.js';
import { deployedRoutes } from '../../lib/api.js';
import { modulePermissions } from '../../lib/permissions.js';
import { resourcesOf, type Synthesized, synthesize } from './synth.js';

const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);

describe('ZhengzhaoStack (China region stage, bundling skipped)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({ stage: 'prod', licenceRetentionDays: 42 });
  });

  it('sends SMS asynchronously: the sms function consumes the queue with partial batch failures', () => {
    // Prepare
    const smsQueue = logicalId(s.built.stack.notifications.smsQueue);
    const mappings = Object.values(resourcesOf(s.template, 'AWS::Lambda::EventSourceMapping')).filter((m) =>
      JSON.stringify(m.Properties.EventSourceArn).includes(smsQueue),
    );
    const sms = s.built.stack.handlers.functions.get('sms');
    // Assess
    expect(mappings).toHaveLength(1);
    expect(JSON.stringify(mappings[0]?.Properties.FunctionName)).toContain(logicalId(sms as IConstruct));
    expect(JSON.stringify(mappings[0]?.Properties.EventSourceArn)).toContain(
      logicalId(s.built.stack.notifications.smsQueue),
    );
    expect(mappings[0]?.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it('validates presigned uploads when they land: the materials bucket notifies the uploads function', () => {
    // Prepare
    const notifications = Object.values(resourcesOf(s.template, 'Custom::S3BucketNotifications'));
    const uploads = s.built.stack.handlers.functions.get('uploads');
    // Act
    const configs = notifications.flatMap(
      (n) =>
        (n.Properties.NotificationConfiguration?.LambdaFunctionConfigurations ?? []) as Array<
          Record<string, unknown>
        >,
    );
    // Assess
    expect(configs).toHaveLength(1);
    expect(JSON.stringify(configs[0]?.LambdaFunctionArn)).toContain(logicalId(uploads as IConstruct));
    expect(JSON.stringify(configs[0]?.Filter)).toContain('cases/');
    expect(JSON.stringify(notifications[0]?.Properties.BucketName)).toContain(
      logicalId(s.built.stack.data.buckets.materials),
    );
  });

  it('routes every deployed route of every handler module to that module’s function', () => {
    // Prepare
    const routes = Object.values(resourcesOf(s.template, 'AWS::ApiGatewayV2::Route'));
    const integrations = resourcesOf(s.template, 'AWS::ApiGatewayV2::Integration');
    const expected = handlerModules.flatMap((m) =>
      deployedRoutes(m).map((r) => ({ m, key: `${r.method} ${r.path}` })),
    );
    // Act
    const byKey = new Map(routes.map((r) => [r.Properties.RouteKey as string, r]));
    // Assess
    expect(expected.length).toBeGreaterThan(0);
    expect(byKey.size).toBe(expected.length);
    for (const { m, key } of expected) {
      const route = byKey.get(key);
      expect(route, key).toBeDefined();
      const target = JSON.stringify(route?.Properties.Target);
      const integrationId = Object.keys(integrations).find((id) => target.includes(id));
      expect(integrationId, `integration of ${key}`).toBeDefined();
      const uri = JSON.stringify(integrations[integrationId as string]?.Properties.IntegrationUri);
      const fn = s.built.stack.handlers.functions.get(m.name);
      expect(uri).toContain(logicalId(fn as IConstruct));
    }
  });

  it('never deploys a route marked local', () => {
    // Prepare
    const local = {
      name: 'public',
      routes: [
        ...(handlerModules.find((m) => m.name === 'public')?.routes ?? []),
        { ...(handlerModules[0]?.routes[0] as any), method: 'GET', path: '/local/sms', access: 'local' },
      ],
    };
    // Act
    const synthesized = synthesize({}, { modules: [local as any] });
    // Assess
    const keys = Object.values(resourcesOf(synthesized.template, 'AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(keys).toContain('GET /health');
    expect(keys).not.toContain('GET /local/sms');
  });

  it('runs every handler module as an arm64 nodejs22.x function with active tracing and explicit limits', () => {
    // Prepare
    const functions = s.built.stack.handlers.functions;
    // Act
    const resources = resourcesOf(s.template, 'AWS::Lambda::Function');
    // Assess
    expect([...functions.keys()].sort()).toEqual(handlerModules.map((m) => m.name).sort());
    for (const [name, fn] of functions) {
      const props = resources[logicalId(fn)]?.Properties;
      expect(props?.Runtime, name).toBe('nodejs22.x');
      expect(props?.Architectures, name).toEqual(['arm64']);
      expect(props?.TracingConfig, name).toEqual({ Mode: 'Active' });
      expect(props?.MemorySize, name).toBe(modulePermissions[name]?.memoryMb);
      expect(props?.Timeout, name).toBe(modulePermissions[name]?.timeoutSeconds);
      expect(props?.Handler, name).toBe('index.handler');
      expect(props?.LoggingConfig?.LogFormat, name).toBe('JSON');
    }
  });

  it('gives every function the environment that functions/config.ts requires', () => {
    // Prepare
    const required = [
      ...Object.keys(tables).map((k) => `TABLE_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`),
      ...Object.keys(buckets).map((k) => `BUCKET_${k.toUpperCase()}`),
      'PUBLIC_BASE_URL',
      'SEAL_KEY_ID',
      'ROOT_KEY_ID',
    ];
    // Act
    const resources = Object.values(resourcesOf(s.template, 'AWS::Lambda::Function')).filter((r) =>
      String(r.Properties.Description ?? '').startsWith('Zhengzhao'),
    );
    // Assess
    expect(resources).toHaveLength(handlerModules.length);
    for (const r of resources) {
      expect(Object.keys(r.Properties.Environment.Variables)).toEqual(expect.arrayContaining(required));
    }
  });

  it('builds each table of schema.ts with its keys, indexes, TTL, PITR, KMS encryption and deletion protection', () => {
    for (const def of Object.values(tables)) {
      // Prepare
      const keySchema = [
        { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
        ...('sortKey' in def && def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' }] : []),
      ];
      const indexes = def.globalIndexes.map((i) =>
        Match.objectLike({
          IndexName: i.indexName,
          KeySchema: [
            { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
            ...('sortKey' in i && i.sortKey ? [{ AttributeName: i.sortKey.name, KeyType: 'RANGE' }] : []),
          ],
          Projection: { ProjectionType: i.projection },
        }),
      );
      // Act & Assess
      s.template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: keySchema,
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        DeletionProtectionEnabled: true,
        ...(indexes.length > 0
          ? { GlobalSecondaryIndexes: indexes }
          : { GlobalSecondaryIndexes: Match.absent() }),
        TimeToLiveSpecification:
          'ttlAttribute' in def && def.ttlAttribute
            ? { AttributeName: def.ttlAttribute, Enabled: true }
            : Match.absent(),
      });
    }
    expect(Object.keys(resourcesOf(s.template, 'AWS::DynamoDB::Table'))).toHaveLength(
      Object.keys(tables).length,
    );
  });

  it('locks issued licences in COMPLIANCE mode for the configured retention', () => {
    // Act
    const licences = resourcesOf(s.template, 'AWS::S3::Bucket')[
      logicalId(s.built.stack.data.buckets.licences)
    ];
    // Assess
    expect(licences?.Properties.ObjectLockEnabled).toBe(true);
    expect(licences?.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 42 } },
    });
  });

  it('keeps materials without object lock and expires them after the stage’s retention', () => {
    // Act
    const materials = resourcesOf(s.template, 'AWS::S3::Bucket')[
      logicalId(s.built.stack.data.buckets.materials)
    ];
    // Assess
    expect(materials?.Properties.ObjectLockEnabled).toBeUndefined();
    expect(materials?.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ ExpirationInDays: 1095, Status: 'Enabled' })]),
    );
  });

  it('blocks public access, versions, logs and encrypts every data bucket with the data key, SSL only', () => {
    const dataKeyId = logicalId(s.built.stack.keys.dataKey);
    for (const [key, bucket] of Object.entries(s.built.stack.data.buckets)) {
      // Act
      const props = resourcesOf(s.template, 'AWS::S3::Bucket')[logicalId(bucket)]?.Properties;
      // Assess
      expect(props?.PublicAccessBlockConfiguration, key).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(props?.VersioningConfiguration, key).toEqual({ Status: 'Enabled' });
      expect(props?.LoggingConfiguration?.DestinationBucketName, key).toBeDefined();
      const sse = props?.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
      expect(sse.SSEAlgorithm, key).toBe('aws:kms');
      expect(JSON.stringify(sse.KMSMasterKeyID), key).toContain(dataKeyId);
      s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('makes the seal key RSA_3072 SIGN_VERIFY, the root key asymmetric and rotates the data key', () => {
    s.template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY' });
    s.template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'RSA_4096', KeyUsage: 'SIGN_VERIFY' });
    const dataKey = resourcesOf(s.template, 'AWS::KMS::Key')[logicalId(s.built.stack.keys.dataKey)];
    expect(dataKey?.Properties.EnableKeyRotation).toBe(true);
  });

  it('throttles the API stage and writes JSON access logs', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId"') },
    });
  });

  it('reports no unacknowledged cdk-nag finding (AwsSolutions, Serverless)', () => {
    expect(s.nagFindings).toEqual([]);
  });

  it('keeps logs for the stage’s retention', () => {
    for (const group of Object.values(resourcesOf(s.template, 'AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(365);
    }
  });
});
