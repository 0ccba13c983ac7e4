/**
 * Bulk issuance's dependencies (functions/core/bulk), built from what the composition already has: the rows
 * go through the same licence production as a case's licences (factory, licences bucket, ledger, holder
 * keys, QR signer). Its queue is the `bulkQueue` part on AWS (SQS); the local runtime puts its worker pool in.
 */

import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoBulkStore } from '../adapters/dynamodb-bulk-store.js';
import { S3BulkObjects } from '../adapters/s3-bulk-objects.js';
import type { Config } from '../config.js';
import type { BulkDependencies } from '../core/bulk/context.js';
import { createRowIssuer } from '../core/bulk/row-issuer.js';
import type { IssuanceDependencies } from '../core/certificates/issue-certificates.js';
import type { BulkQueue } from '../ports/bulk.js';

export function composeBulk(
  config: Config,
  shared: {
    doc: DynamoDBDocumentClient;
    s3: S3Client;
    /** Presigns the rows uploads (composition.ts `createPresignS3Client`: no checksum in the URL). */
    presignS3: S3Client;
    certificates: IssuanceDependencies;
  },
  queue: BulkQueue | undefined,
): BulkDependencies {
  const { certificates } = shared;
  return {
    catalogue: certificates.catalogue,
    clock: certificates.clock,
    random: certificates.random,
    audit: certificates.audit,
    counters: certificates.counters,
    store: new DynamoBulkStore({
      client: shared.doc,
      tableName: config.tables.bulk,
      countersTable: config.tables.counters,
    }),
    // Rows uploads, chunks and results live in the materials bucket under `bulk/` (not the immutable one).
    objects: new S3BulkObjects({
      client: shared.s3,
      presignClient: shared.presignS3,
      bucket: config.buckets.materials,
    }),
    queue: queue ?? {
      send: async () => {
        throw new Error('composition part missing: bulkQueue (BULK_QUEUE_URL, or the local worker pool)');
      },
    },
    issueRow: createRowIssuer({
      ledger: certificates.ledger,
      licences: certificates.licences,
      factory: certificates.factory,
      holderKeys: certificates.holderKeys,
      publicBaseUrl: certificates.publicBaseUrl,
      ...(certificates.qr ? { qr: certificates.qr } : {}),
    }),
    publicBaseUrl: config.publicBaseUrl,
    presignExpiresSeconds: config.presignExpiresSeconds,
    ...(certificates.glyphs ? { glyphs: certificates.glyphs } : {}),
    ...(certificates.concurrency ? { concurrency: certificates.concurrency } : {}),
    ...(certificates.statusListSize ? { statusListSize: certificates.statusListSize } : {}),
  };
}
