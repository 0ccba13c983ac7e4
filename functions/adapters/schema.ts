/**
 * The one definition of DynamoDB tables and S3 buckets. The CDK stack and the local runtime both build
 * their tables and buckets from this, so the two cannot drift.
 */

export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  name: string;
  type: AttributeType;
}

export interface GlobalIndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /**
   * What the index copies of each item. Every write that changes an item's copy is billed again, per KB of
   * the copy: an ALL index of a 3 KB case costs 4 WRU more on every case write. A KEYS_ONLY copy (≈ 100 B)
   * changes only when its keys do, so updates cost nothing there; readers get the keys and read the items
   * from the table (`queryIndexedItems`, consistently: they see the current state, not the index's lag).
   */
  projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDefinition {
  /** Logical name; the physical name comes from configuration. */
  logicalName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Attribute holding an epoch-seconds expiry. DynamoDB deletes lazily, so readers must check it too. */
  ttlAttribute?: string;
  /**
   * A DynamoDB stream (AWS): the audit chain's (new images) carries domain events to their consumers
   * (functions/core/events/domain-events.ts; locally they read the chain itself); the cases table's (new and
   * old images) feeds the statistics aggregator (core/stats/case-changes.ts; locally the DynamoDB gateway's
   * change feed, bin/local/dynamo-change-feed.ts).
   */
  stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  globalIndexes: GlobalIndexDefinition[];
}

export const tables = {
  /** Cases, with their checklist state and decisions. Optimistic locking on `version`. */
  cases: {
    logicalName: 'Cases',
    partitionKey: { name: 'caseId', type: 'S' },
    stream: 'NEW_AND_OLD_IMAGES',
    globalIndexes: [
      {
        indexName: 'byServiceItem',
        partitionKey: { name: 'serviceItemCode', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      /** Sparse: only cases awaiting decisions carry `slaQueue`, so the deadline job reads just those, by due date. */
      {
        indexName: 'bySla',
        partitionKey: { name: 'slaQueue', type: 'S' },
        sortKey: { name: 'dueAt', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      /**
       * Sparse: only cases awaiting decisions whose deadline was counted on the provisional (statutory-rules)
       * calendar carry `provisionalQueue`; the job that recomputes them once a notice is loaded reads just those.
       */
      {
        indexName: 'byProvisionalDue',
        partitionKey: { name: 'provisionalQueue', type: 'S' },
        sortKey: { name: 'dueAt', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      /**
       * Sparse: only cases holding a PREPARING issuance batch carry `preparingQueue`, by the batch's last sign
       * of life; the job that voids abandoned batches reads just those older than its threshold.
       */
      {
        indexName: 'byPreparingBatch',
        partitionKey: { name: 'preparingQueue', type: 'S' },
        sortKey: { name: 'preparingSince', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      /**
       * A client's own cases, newest first (`GET /v1/cases`). Every case carries both keys from its creation,
       * so the index covers cases older than itself without a backfill.
       */
      {
        indexName: 'byClient',
        partitionKey: { name: 'clientId', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
        projection: 'KEYS_ONLY',
      },
    ],
  },
  /** Hash-chained audit log: one chain (`chain`), strictly increasing `seq`. */
  audit: {
    logicalName: 'Audit',
    partitionKey: { name: 'chain', type: 'S' },
    sortKey: { name: 'seq', type: 'N' },
    stream: 'NEW_IMAGE',
    globalIndexes: [
      {
        indexName: 'bySubject',
        partitionKey: { name: 'subject', type: 'S' },
        sortKey: { name: 'seq', type: 'N' },
        // Entries are written once and never change, and are under 1 KB: the whole entry costs no more
        // than its keys, and the trail of a subject reads in one query.
        projection: 'ALL',
      },
    ],
  },
  /** Idempotency records, per client and key. */
  idempotency: {
    logicalName: 'Idempotency',
    partitionKey: { name: 'id', type: 'S' },
    ttlAttribute: 'expiresAtEpoch',
    globalIndexes: [],
  },
  /** Upstream API clients, keyed by the SHA-256 of their API key (the key itself is never stored). */
  apiClients: {
    logicalName: 'ApiClients',
    partitionKey: { name: 'keyHash', type: 'S' },
    globalIndexes: [],
  },
  /** The certificate ledger. */
  ledger: {
    logicalName: 'Ledger',
    partitionKey: { name: 'certificateId', type: 'S' },
    // No index by case: a case's licences are its `certificateIds` and their reissues (case-licences.ts); the
    // copy of every licence in such an index cost a write each (issue 19; docs/DEPLOY.md removes it).
    globalIndexes: [
      /**
       * Sparse: the one queue of the ledger's date-driven jobs (issue 19: it replaced `byExpiry` and
       * `byArchiveDue`, one index copy per licence instead of two). A licence that may still expire or whose
       * next document time-stamp is to come carries `dueQueue` and `dueAt`, the first day a job has work on it:
       * the earlier of its reminder window's start (`validUntil` − 90 days) and its `archiveDue`
       * (dynamodb-ledger.ts `dueKeys`). Each job reads what is due and keeps its own (`listExpiring`,
       * `listArchiveDue`).
       */
      {
        indexName: 'byDue',
        partitionKey: { name: 'dueQueue', type: 'S' },
        sortKey: { name: 'dueAt', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      /** Verification of an uploaded PDF finds its record by the SHA-256 of the whole file. */
      {
        indexName: 'bySha256',
        partitionKey: { name: 'sha256', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      /**
       * Licences by holder, newest first (`GET /v1/certificates?holder…`, licence reuse, prefill): keyed by
       * `holderKey`, an HMAC of the holder's document number — the index never holds the number itself.
       */
      {
        indexName: 'byHolder',
        partitionKey: { name: 'holderKey', type: 'S' },
        sortKey: { name: 'issuedAt', type: 'S' },
        projection: 'KEYS_ONLY',
      },
      /**
       * Sparse: only licences whose token-status-list entry is not 0 (revoked, superseded, suspended) carry
       * `statusListKey` (`{listId}#{value}`), derived at every write (dynamodb-status-list-index.ts); a list's
       * token is built from these few keys.
       */
      {
        indexName: 'byStatusList',
        partitionKey: { name: 'statusListKey', type: 'S' },
        sortKey: { name: 'statusListIdx', type: 'N' },
        projection: 'KEYS_ONLY',
      },
    ],
  },
  /** SMS links: one per licence and recipient, keyed by the SHA-256 of the token (the token is never stored). */
  smsLinks: {
    logicalName: 'SmsLinks',
    partitionKey: { name: 'tokenHash', type: 'S' },
    ttlAttribute: 'expiresAtEpoch',
    globalIndexes: [
      {
        indexName: 'byCertificate',
        partitionKey: { name: 'certificateId', type: 'S' },
        sortKey: { name: 'createdAt', type: 'S' },
        // A link is small and written once: its whole copy costs no more than its keys.
        projection: 'ALL',
      },
    ],
  },
  /**
   * Named monotonic counters (licence serials), the statistics' counters and the aggregator's batch markers
   * (which expire: functions/adapters/dynamodb-stats-aggregates.ts).
   */
  counters: {
    logicalName: 'Counters',
    partitionKey: { name: 'name', type: 'S' },
    ttlAttribute: 'expiresAtEpoch',
    globalIndexes: [],
  },
  /** Webhook registrations: one per upstream client, the secret sealed (functions/core/webhooks). */
  webhooks: {
    logicalName: 'Webhooks',
    partitionKey: { name: 'clientId', type: 'S' },
    globalIndexes: [],
  },
  /** The webhook delivery log, per client newest last (`createdAt#eventId`); expires after its TTL. */
  webhookDeliveries: {
    logicalName: 'WebhookDeliveries',
    partitionKey: { name: 'clientId', type: 'S' },
    sortKey: { name: 'deliveryKey', type: 'S' },
    ttlAttribute: 'expiresAtEpoch',
    globalIndexes: [
      /** Sparse: only deliveries still to be tried carry `dueQueue`; the local delivery loop reads them by time. */
      {
        indexName: 'byDue',
        partitionKey: { name: 'dueQueue', type: 'S' },
        sortKey: { name: 'nextAttemptAt', type: 'S' },
        projection: 'KEYS_ONLY',
      },
    ],
  },
  /**
   * Follow-ups of cases (functions/ports/follow-ups.ts), a table of its own rather than a sixth index on
   * cases (one new index per table per deployment, and cases took `byClient` in this release): the queue of
   * cases with deferred materials (容缺受理) and each client's pledge checks (事后核查), keyed by queue and
   * `{dueAt}#{caseId}` so a job or a list reads just the due ones; and the pledge bars of holders
   * (`PLEDGE_BAR#{holderKey}`, by item), which expire after their bar.
   */
  caseFollowUps: {
    logicalName: 'CaseFollowUps',
    partitionKey: { name: 'queue', type: 'S' },
    sortKey: { name: 'entryKey', type: 'S' },
    ttlAttribute: 'expiresAtEpoch',
    globalIndexes: [],
  },
  /**
   * Bulk issuance (functions/core/bulk): per job one `JOB` item (status, counts, the set of counted chunks)
   * and one `CHUNK#{index}` item per chunk of ≤ 99 rows (its durable state: reservation, audit claim, DONE).
   */
  bulk: {
    logicalName: 'Bulk',
    partitionKey: { name: 'bulkId', type: 'S' },
    sortKey: { name: 'part', type: 'S' },
    globalIndexes: [],
  },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof tables;

export interface BucketDefinition {
  logicalName: string;
  /** Licences are immutable once written (object lock on AWS). */
  immutable: boolean;
  /** Days after which objects are expired (undefined: keep). */
  expireAfterDays?: number;
}

export const buckets = {
  /** Applicants' uploaded materials. */
  materials: { logicalName: 'Materials', immutable: false },
  /** Issued, sealed licences. */
  licences: { logicalName: 'Licences', immutable: true },
} as const satisfies Record<string, BucketDefinition>;

export type BucketKey = keyof typeof buckets;

/**
 * The objects whose creation invokes the `uploads` function (presigned uploads landing): an S3 event
 * notification on AWS (lib/zhengzhao-stack.ts), s3rver's events in the local runtime (bin/local/upload-events.ts).
 */
export const uploadNotification = { bucket: 'materials', prefix: 'cases/' } as const satisfies {
  bucket: BucketKey;
  prefix: string;
};
