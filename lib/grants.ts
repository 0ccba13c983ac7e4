/**
 * Turns a module's declared permissions into explicit IAM statements: named actions on named resources (each
 * table and each of its indexes by ARN), never `*` actions and never the broad `grant*` helpers, whose
 * wildcard actions (`s3:GetObject*`, `kms:ReEncrypt*`) would give more than the code uses.
 */
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { QR_KEY_PURPOSE } from '../functions/adapters/qr-key-names.js';
import type { BucketKey, TableKey } from '../functions/adapters/schema.js';
import { tables as tableDefinitions } from '../functions/adapters/schema.js';
import type { DataAccess, ModulePermissions } from './permissions.js';

/** The resources a module's permissions refer to. */
export interface GrantTargets {
  tables: Record<TableKey, dynamodb.ITable>;
  buckets: Record<BucketKey, s3.IBucket>;
  dataKey: kms.IKey;
  sealKey: kms.IKey;
  macKey: kms.IKey;
  /** The root CA key (`rootKey: 'sign'`: CRL and OCSP signing). */
  rootKey?: kms.IKey;
  /** The token status lists' ES256 key (`statusKey: 'sign'`). */
  statusKey?: kms.IKey;
  /** The licence QR's ES256 key (`qrKey`: its public key) and the key wrapping its data key pairs. */
  qrKey?: kms.IKey;
  qrWrapKey?: kms.IKey;
  /** The OFD seal's and the seal maker's SM2 keys (`ofdSealKey`, `ofdMakerKey`); absent outside the China regions. */
  ofdSealKey?: kms.IKey;
  ofdMakerKey?: kms.IKey;
  smsQueue: sqs.IQueue;
  /** The webhook queue and its dead-letter queue (`webhookQueue: 'consume'`). */
  webhookQueues?: { deadLetters: sqs.IQueue };
}

const tableActions: Record<DataAccess, string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
  readWrite: [],
};
tableActions.readWrite = [...tableActions.read, ...tableActions.write];

const objectActions: Record<DataAccess, string[]> = {
  read: ['s3:GetObject'],
  write: ['s3:PutObject', 's3:DeleteObject'],
  readWrite: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
};

const writes = (access: DataAccess) => access !== 'read';

function tableStatements(permissions: ModulePermissions, targets: GrantTargets): iam.PolicyStatement[] {
  return (Object.entries(permissions.tables) as [TableKey, DataAccess][]).map(([key, access]) => {
    const table = targets.tables[key];
    const indexArns = tableDefinitions[key].globalIndexes.map(
      (i) => `${table.tableArn}/index/${i.indexName}`,
    );
    const indexed = access !== 'write' ? indexArns : [];
    return new iam.PolicyStatement({
      actions: tableActions[access],
      resources: [table.tableArn, ...indexed],
    });
  });
}

function bucketStatements(permissions: ModulePermissions, targets: GrantTargets): iam.PolicyStatement[] {
  return (Object.entries(permissions.buckets) as [BucketKey, DataAccess][]).flatMap(([key, access]) => {
    const bucket = targets.buckets[key];
    const objects = (permissions.objectKeys?.[key] ?? ['*']).map((k) => bucket.arnForObjects(k));
    const aborts = writes(access) && permissions.multipartUploads?.includes(key);
    const actions = [...objectActions[access], ...(aborts ? ['s3:AbortMultipartUpload'] : [])];
    const statements = [new iam.PolicyStatement({ actions, resources: objects })];
    // Without ListBucket a missing key answers 403 instead of 404, and readers could not tell them apart;
    // narrowed grants may list only their own keys.
    if (access !== 'write') {
      const keys = permissions.objectKeys?.[key];
      statements.push(
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          ...(keys ? { conditions: { StringEquals: { 's3:prefix': keys } } } : {}),
        }),
      );
    }
    const created = permissions.createKeys?.[key];
    if (created) {
      statements.push(
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: created.map((k) => bucket.arnForObjects(k)),
        }),
      );
    }
    return statements;
  });
}

function keyStatements(permissions: ModulePermissions, targets: GrantTargets): iam.PolicyStatement[] {
  const accesses: DataAccess[] = [
    ...Object.values(permissions.tables),
    ...Object.values(permissions.buckets),
    // Creating an object writes it under the data key like any other write.
    ...Object.keys(permissions.createKeys ?? {}).map(() => 'write' as const),
  ];
  const enqueues = permissions.sms === 'enqueue';
  const encrypts = accesses.some(writes) || enqueues;
  const statements: iam.PolicyStatement[] = [];
  if (accesses.length > 0 || enqueues) {
    const actions = encrypts ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'];
    statements.push(new iam.PolicyStatement({ actions, resources: [targets.dataKey.keyArn] }));
  }
  if (permissions.sealKey) {
    // kms:Sign is also allowed (and only allowed) by the seal key's own policy; see signing.ts.
    const actions = [
      'kms:GetPublicKey',
      'kms:DescribeKey',
      ...(permissions.sealKey === 'sign' ? ['kms:Sign'] : []),
    ];
    statements.push(new iam.PolicyStatement({ actions, resources: [targets.sealKey.keyArn] }));
  }
  if (permissions.rootKey === 'sign') {
    // Like the seal key: kms:Sign is also allowed (and only allowed) by the root key's own policy.
    if (!targets.rootKey) throw new Error('a module signs with the root key, but the stack has none');
    statements.push(
      new iam.PolicyStatement({
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: [targets.rootKey.keyArn],
      }),
    );
  }
  if (permissions.statusKey === 'sign') {
    // Like the seal key: kms:Sign is also allowed (and only allowed) by the key's own policy.
    if (!targets.statusKey) throw new Error('a module signs status lists, but the stack has no status key');
    statements.push(
      new iam.PolicyStatement({
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: [targets.statusKey.keyArn],
      }),
    );
  }
  if (permissions.qrKey) {
    // The KMS QR key only publishes its public key (it signed the QR payloads before data keys; nobody may now).
    if (!targets.qrKey) throw new Error('a module uses the QR key, but the stack has none');
    statements.push(
      new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [targets.qrKey.keyArn] }),
    );
    if (permissions.qrKey === 'sign') {
      // Signing: make and open the QR's data key pairs, with their purpose only (also held by the key policy).
      if (!targets.qrWrapKey)
        throw new Error('a module signs QR payloads, but the stack has no QR wrapping key');
      statements.push(
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKeyPairWithoutPlaintext', 'kms:Decrypt'],
          resources: [targets.qrWrapKey.keyArn],
          conditions: { StringEquals: { 'kms:EncryptionContext:purpose': QR_KEY_PURPOSE } },
        }),
      );
    }
  }
  // The SM2 keys exist only where the stage seals OFDs; elsewhere the module gets no OFD key ids and no grant.
  if (permissions.ofdSealKey === 'sign' && targets.ofdSealKey) {
    // Like the seal key: kms:Sign is also allowed (and only allowed) by the key's own policy.
    statements.push(
      new iam.PolicyStatement({
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: [targets.ofdSealKey.keyArn],
      }),
    );
  }
  if (permissions.ofdMakerKey && targets.ofdMakerKey) {
    const actions =
      permissions.ofdMakerKey === 'sign' ? ['kms:GetPublicKey', 'kms:Sign'] : ['kms:GetPublicKey'];
    statements.push(new iam.PolicyStatement({ actions, resources: [targets.ofdMakerKey.keyArn] }));
  }
  if (permissions.macKey === 'generate') {
    // Derives its keys once per cold start; never VerifyMac, never another key.
    statements.push(
      new iam.PolicyStatement({ actions: ['kms:GenerateMac'], resources: [targets.macKey.keyArn] }),
    );
  }
  return statements;
}

/**
 * Direct SMS (sns:Publish to a phone number) has no resource ARN, so the allow needs `*`; the deny on every
 * topic ARN limits it to SMS, so the role cannot publish to any topic.
 */
export const smsPublishStatements = (): iam.PolicyStatement[] => [
  new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }),
  new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    actions: ['sns:Publish'],
    resources: ['arn:*:sns:*:*:*'],
  }),
];

function smsStatements(permissions: ModulePermissions, targets: GrantTargets): iam.PolicyStatement[] {
  if (permissions.sms === 'publish') return smsPublishStatements();
  if (permissions.sms === 'enqueue') {
    return [
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [targets.smsQueue.queueArn] }),
    ];
  }
  return [];
}

function webhookQueueStatements(
  permissions: ModulePermissions,
  targets: GrantTargets,
): iam.PolicyStatement[] {
  if (permissions.webhookQueue !== 'consume') return [];
  const queues = targets.webhookQueues;
  if (!queues) throw new Error('a module consumes the webhook queue, but the stack has none');
  // Receiving, deleting and ChangeMessageVisibility on the queue come with its event source mapping (the
  // stack's SqsEventSource grants exactly those); deliveries out of attempts go to the DLQ explicitly.
  return [
    new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queues.deadLetters.queueArn] }),
  ];
}

/** Every statement a module's role needs for its data, keys and queue (logs and tracing come separately). */
export function moduleStatements(
  permissions: ModulePermissions,
  targets: GrantTargets,
): iam.PolicyStatement[] {
  return [
    ...tableStatements(permissions, targets),
    ...bucketStatements(permissions, targets),
    ...keyStatements(permissions, targets),
    ...smsStatements(permissions, targets),
    ...webhookQueueStatements(permissions, targets),
  ];
}
