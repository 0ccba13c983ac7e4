/**
 * The ledger's sparse `byStatusList` index (functions/adapters/schema.ts): a licence whose status-list entry
 * is not 0 carries `statusListKey` = `{listId}#{value}` and `statusListIdx`, derived here from its status on
 * every write of the record — so the index follows the ledger in the same write, and a list is built from
 * the few licences not VALID (KEYS_ONLY: about 100 bytes each), never by reading the list's million records.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CertificateRecord } from '../core/certificates/model.js';
import { STATUS_VALUES, statusValueOf } from '../core/status-lists/status-list.js';
import type { StatusListEntries, StatusListEntry } from '../ports/status-lists.js';
import { queryAll } from './dynamodb-query.js';

/** The item stored for `record`: the record with its index keys set, or removed when its entry is 0. */
export function ledgerItem(record: CertificateRecord): Record<string, unknown> {
  const {
    statusListKey: _key,
    statusListIdx: _idx,
    ...item
  } = record as CertificateRecord & {
    statusListKey?: string;
    statusListIdx?: number;
  };
  const value = statusValueOf(record.status);
  if (!record.statusList || value === STATUS_VALUES.VALID) return item;
  return {
    ...item,
    statusListKey: `${record.statusList.listId}#${value}`,
    statusListIdx: record.statusList.idx,
  };
}

export class DynamoStatusListEntries implements StatusListEntries {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async listStatusEntries(listId: string): Promise<StatusListEntry[]> {
    const values = [STATUS_VALUES.INVALID, STATUS_VALUES.SUSPENDED] as const;
    const pages = await Promise.all(
      values.map((value) =>
        queryAll<{ statusListIdx: number }>(this.#client, {
          TableName: this.#tableName,
          IndexName: 'byStatusList',
          KeyConditionExpression: 'statusListKey = :k',
          ExpressionAttributeValues: { ':k': `${listId}#${value}` },
        }).then((items) => items.map((item) => ({ idx: Number(item.statusListIdx), value }))),
      ),
    );
    return pages.flat();
  }
}
