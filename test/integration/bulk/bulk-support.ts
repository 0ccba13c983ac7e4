/**
 * Bulk issuance on real local storage (dynalite behind the gateway, s3rver): the job and chunk records, the
 * counters, ledger and audit chain through the real adapters; a fake seal (FakeLicenceFactory) counts the
 * licences produced. A queue that only collects, so tests deliver (and re-deliver) messages themselves.
 */

import { DynamoAuditLog } from '../../../functions/adapters/dynamodb-audit-log.js';
import { DynamoBulkStore } from '../../../functions/adapters/dynamodb-bulk-store.js';
import { DynamoCounters, DynamoLedger } from '../../../functions/adapters/dynamodb-ledger.js';
import { S3BulkObjects } from '../../../functions/adapters/s3-bulk-objects.js';
import { S3ObjectStore } from '../../../functions/adapters/s3-object-store.js';
import { CryptoRandom } from '../../../functions/adapters/system-clock.js';
import type { BulkDependencies } from '../../../functions/core/bulk/context.js';
import type { BulkMessage, BulkRowInput } from '../../../functions/core/bulk/model.js';
import { createRowIssuer } from '../../../functions/core/bulk/row-issuer.js';
import type { Principal } from '../../../functions/core/cases/model.js';
import type { BulkQueue } from '../../../functions/ports/bulk.js';
import type { Ledger } from '../../../functions/ports/ledger.js';
import { daysFromToday, roadBulkRow } from '../../fixtures/cases.js';
import { FakeLicenceFactory, FixedClock, shippedCatalogue } from '../../support/fakes.js';
import { fixedMacKeys } from '../../support/memory-pages.js';
import type { TestDynamo, TestS3 } from '../../support/storage.js';

export const ROAD = 'ROAD_TRANSPORT_BUSINESS_LICENSE';
export const client: Principal = { clientId: 'client-bulk', serviceItems: [ROAD], departments: ['*'] };

/** A valid row of the road transport licence. */
export const roadRow = (n: number): BulkRowInput => roadBulkRow(n);

export class CollectingQueue implements BulkQueue {
  messages: BulkMessage[] = [];
  async send(messages: BulkMessage[]): Promise<void> {
    this.messages.push(...messages);
  }
  take(): BulkMessage[] {
    const taken = this.messages;
    this.messages = [];
    return taken;
  }
}

export interface BulkHarness {
  deps: BulkDependencies;
  /** The production row issuer over these stores, with another ledger (to inject its faults). */
  rowIssuerWith(ledger: Ledger): BulkDependencies['issueRow'];
  queue: CollectingQueue;
  factory: FakeLicenceFactory;
  ledger: DynamoLedger;
  audit: DynamoAuditLog;
}

export function bulkHarness(dynamo: TestDynamo, s3: TestS3, publicBaseUrl = 'https://zz.test'): BulkHarness {
  const clock = new FixedClock(`${daysFromToday(0)}T02:00:00Z`);
  const audit = new DynamoAuditLog({ client: dynamo.doc, tableName: dynamo.tables.audit, clock });
  const ledger = new DynamoLedger({ client: dynamo.doc, tableName: dynamo.tables.ledger, audit });
  const factory = new FakeLicenceFactory();
  const queue = new CollectingQueue();
  const licences = new S3ObjectStore({ client: s3.client, bucket: s3.buckets.licences });
  const rowIssuerWith = (rowLedger: Ledger) =>
    createRowIssuer({
      ledger: rowLedger,
      licences,
      factory,
      holderKeys: fixedMacKeys().holderKeys,
      publicBaseUrl,
    });
  const deps: BulkDependencies = {
    catalogue: shippedCatalogue(),
    clock,
    random: new CryptoRandom(),
    audit,
    counters: new DynamoCounters({ client: dynamo.doc, tableName: dynamo.tables.counters }),
    store: new DynamoBulkStore({
      client: dynamo.doc,
      tableName: dynamo.tables.bulk,
      countersTable: dynamo.tables.counters,
    }),
    objects: new S3BulkObjects({ client: s3.client, bucket: s3.buckets.materials }),
    queue,
    issueRow: rowIssuerWith(ledger),
    publicBaseUrl,
    presignExpiresSeconds: 900,
    concurrency: 4,
  };
  return { deps, rowIssuerWith, queue, factory, ledger, audit };
}
