/**
 * Per-item write locks for the local DynamoDB gateway. DynamoDB isolates each single-item write, and
 * serialises transactions against the items they touch; it does not stop the world for either. The gateway
 * therefore lets single-item writes (and batch writes, item by item on AWS too) run side by side with reads and
 * with each other, one at a time per item — so a write's before and after images (metering, the change feed,
 * the old item of a failed condition) are exactly its own — while a transaction, which dynalite cannot apply
 * atomically (the gateway applies it item by item and may undo a step), still runs alone.
 */
import type { DynaliteConnection, WireObject } from './dynalite-connection.js';
import { isObject } from './dynalite-connection.js';
import { KeyedMutex } from './locks.js';

/** The item keys a single-item or batch write names, as `table␟key` strings; undefined when not known. */
export class ItemLocks {
  readonly #mutex = new KeyedMutex();
  readonly #schemas = new Map<string, Promise<string[]>>();

  constructor(private readonly db: DynaliteConnection) {}

  /** Runs `work` holding the lock of every item `keys` names (taken in sorted order: no deadlock). */
  run<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort().reverse();
    const locked = sorted.reduce<() => Promise<T>>((inner, key) => () => this.#mutex.run(key, inner), work);
    return locked();
  }

  /** The items a PutItem/UpdateItem/DeleteItem/BatchWriteItem names; undefined if one cannot be told. */
  async keysOf(operation: string, input: WireObject | undefined): Promise<string[] | undefined> {
    if (!input) return undefined;
    if (operation === 'BatchWriteItem') {
      const requests = Object.entries(isObject(input.RequestItems) ? input.RequestItems : {}).flatMap(
        ([table, writes]) =>
          (Array.isArray(writes) ? (writes as WireObject[]) : []).map((w) => {
            const put = (w.PutRequest ?? {}) as WireObject;
            const del = (w.DeleteRequest ?? {}) as WireObject;
            return this.#keyOf(table, del.Key, put.Item);
          }),
      );
      const keys = await Promise.all(requests);
      return keys.every((k): k is string => k !== undefined) ? keys : undefined;
    }
    const key = await this.#keyOf(input.TableName, input.Key, input.Item);
    return key === undefined ? undefined : [key];
  }

  async #keyOf(table: unknown, key: unknown, item: unknown): Promise<string | undefined> {
    if (typeof table !== 'string') return undefined;
    let named: WireObject | undefined;
    if (isObject(key)) named = key;
    else if (isObject(item)) {
      const names = await this.#keyNames(table).catch(() => undefined);
      if (!names || names.length === 0 || names.some((n) => !(n in item))) return undefined;
      named = Object.fromEntries(names.map((n) => [n, item[n]]));
    }
    if (!named) return undefined;
    const sorted = Object.keys(named)
      .sort()
      .map((n) => [n, named[n]]);
    return `${table}\u241f${JSON.stringify(sorted)}`;
  }

  #keyNames(table: string): Promise<string[]> {
    let names = this.#schemas.get(table);
    if (!names) {
      names = this.db.call('DescribeTable', { TableName: table }).then((answer) => {
        const schema = ((answer.Table ?? {}) as WireObject).KeySchema;
        return Array.isArray(schema) ? schema.map((k) => String((k as WireObject).AttributeName)) : [];
      });
      names.catch(() => this.#schemas.delete(table));
      this.#schemas.set(table, names);
    }
    return names;
  }
}
