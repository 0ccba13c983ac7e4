/**
 * DynamoDB tables and S3 buckets, built from the one shared definition (`functions/adapters/schema.ts`) that
 * the local runtime uses too, so the two cannot drift.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  type BucketDefinition,
  type BucketKey,
  buckets,
  type KeyAttribute,
  type TableDefinition,
  type TableKey,
  tables,
} from '../functions/adapters/schema.js';
import { BULK_FILES_RETENTION_DAYS, BULK_PREFIX } from '../functions/core/bulk/model.js';

/** Retention settings for the buckets (from the stage configuration). */
export interface DataStoresProps {
  dataKey: kms.IKey;
  licenceRetentionDays: number;
  materialsRetentionDays: number;
  logRetentionDays: number;
}

const attribute = (key: KeyAttribute): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

/** The tables, the buckets and the bucket that receives their access logs. */
export class DataStores extends Construct {
  readonly tables: Record<TableKey, dynamodb.Table>;
  readonly buckets: Record<BucketKey, s3.Bucket>;
  /** Server access logs of the data buckets and CloudFront's standard logs. */
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: DataStoresProps) {
    super(scope, id);
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3 log delivery only writes to SSE-S3 buckets; CloudFront standard logs need ACLs (owner preferred).
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [
        {
          expiration: Duration.days(props.logRetentionDays),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.tables = Object.fromEntries(
      (Object.entries(tables) as [TableKey, TableDefinition][]).map(([key, def]) => [
        key,
        this.table(def, props.dataKey),
      ]),
    ) as Record<TableKey, dynamodb.Table>;
    this.buckets = Object.fromEntries(
      (Object.entries(buckets) as [BucketKey, BucketDefinition][]).map(([key, def]) => [
        key,
        this.bucket(key, def, props),
      ]),
    ) as Record<BucketKey, s3.Bucket>;
  }

  private table(def: TableDefinition, dataKey: kms.IKey): dynamodb.Table {
    const table = new dynamodb.Table(this, def.logicalName, {
      partitionKey: attribute(def.partitionKey),
      ...(def.sortKey ? { sortKey: attribute(def.sortKey) } : {}),
      ...(def.ttlAttribute ? { timeToLiveAttribute: def.ttlAttribute } : {}),
      ...(def.stream ? { stream: dynamodb.StreamViewType[def.stream] } : {}),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: dataKey,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of def.globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
        projectionType: dynamodb.ProjectionType[index.projection],
      });
    }
    return table;
  }

  private bucket(key: BucketKey, def: BucketDefinition, props: DataStoresProps): s3.Bucket {
    const expireAfterDays = def.expireAfterDays ?? (def.immutable ? undefined : props.materialsRetentionDays);
    return new s3.Bucket(this, def.logicalName, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.dataKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `s3/${key}/`,
      // COMPLIANCE mode: an issued licence cannot be overwritten or deleted by anyone until retention ends.
      ...(def.immutable
        ? {
            objectLockEnabled: true,
            objectLockDefaultRetention: s3.ObjectLockRetention.compliance(
              Duration.days(props.licenceRetentionDays),
            ),
          }
        : {}),
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        ...(expireAfterDays
          ? [{ expiration: Duration.days(expireAfterDays), noncurrentVersionExpiration: Duration.days(7) }]
          : []),
        // Bulk issuance's rows (personal data) and results go sooner than the materials they sit beside.
        ...(key === 'materials'
          ? [
              {
                prefix: BULK_PREFIX,
                expiration: Duration.days(BULK_FILES_RETENTION_DAYS),
                noncurrentVersionExpiration: Duration.days(1),
              },
            ]
          : []),
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
