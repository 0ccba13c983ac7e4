/**
 * Request units, metered locally the way DynamoDB on-demand bills them — dynalite meters only the base table
 * of single operations and none of what the gateway adds (transactions), and never the global secondary
 * indexes, which on AWS cost as much as the table writes they follow. With metering on, the gateway answers
 * each request with two extra headers, `x-zz-wru` and `x-zz-rru`, which the bench reads
 * (bin/local/request-timings.ts) to put measured units instead of estimates into the cost model.
 *
 * The rules (Amazon DynamoDB Developer Guide, "Read/write capacity mode" and "Item sizes and formats";
 * re:Post "DynamoDB cost for index writes"):
 * - item size = the UTF-8 lengths of attribute names and values; a number ≈ 1 + half its significant digits;
 *   binary its length; null/boolean 1; a list or map 3 plus 1 per element plus its contents;
 * - a write = one WRU per started KB of the larger of the item before and after (at least 1, also when its
 *   condition fails); inside TransactWriteItems twice that;
 * - each global secondary index whose projection changes costs a write of the projected item (KB started),
 *   two when its key changes (delete + put); index propagation happens once, also for a transaction;
 * - a read = one RRU per started 4 KB (a query: of all items it read together), half when eventually
 *   consistent (always for an index); inside TransactGetItems twice that.
 */
import {
  type DynaliteConnection,
  isObject,
  parseObject,
  type WireObject,
  type WireReply,
} from './dynalite-connection.js';

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** Approximate stored size of a number: one byte per two significant digits, plus one. */
function numberBytes(text: string): number {
  const digits = text.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
  const significant = digits.replace(/0+$/, '').length || 1;
  return Math.ceil(significant / 2) + 1;
}

/** Size in bytes of one attribute value, as DynamoDB counts it. */
export function valueBytes(value: AttributeValue): number {
  const [type, content] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return utf8(String(content));
    case 'N':
      return numberBytes(String(content));
    case 'B':
      return Buffer.from(String(content), 'base64').length;
    case 'SS':
      return (content as string[]).reduce((sum, s) => sum + utf8(s), 0);
    case 'NS':
      return (content as string[]).reduce((sum, n) => sum + numberBytes(n), 0);
    case 'BS':
      return (content as string[]).reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
    case 'L':
      return 3 + (content as AttributeValue[]).reduce((sum, v) => sum + 1 + valueBytes(v), 0);
    case 'M':
      return (
        3 + Object.entries(content as Item).reduce((sum, [k, v]) => sum + 1 + utf8(k) + valueBytes(v), 0)
      );
    default: // NULL, BOOL
      return 1;
  }
}

/** Size in bytes of an item: its attribute names and values. */
export const itemBytes = (item: Item): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueBytes(value), 0);

const kbStarted = (bytes: number, unit: number) => Math.max(1, Math.ceil(bytes / unit));

/** A table's keys and indexes, as the units need them. */
export interface TableShape {
  keys: string[];
  indexes: Array<{ keys: string[]; projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; include: string[] }>;
}

const pick = (item: Item, names: string[]): Item =>
  Object.fromEntries(names.flatMap((n) => (item[n] ? [[n, item[n]]] : [])));

const same = (a: Item | undefined, b: Item | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** The index's copy of `item`, or undefined when the item lacks one of the index's keys (sparse index). */
function projected(shape: TableShape, index: TableShape['indexes'][number], item: Item | undefined) {
  if (!item || index.keys.some((k) => !item[k])) return undefined;
  if (index.projection === 'ALL') return item;
  const names = [...shape.keys, ...index.keys, ...(index.projection === 'INCLUDE' ? index.include : [])];
  return pick(item, [...new Set(names)]);
}

/** WRU of one write that turned `before` into `after` (either may be absent). */
export function writeUnits(
  shape: TableShape,
  before: Item | undefined,
  after: Item | undefined,
  transactional = false,
): number {
  const larger = Math.max(before ? itemBytes(before) : 0, after ? itemBytes(after) : 0);
  let units = kbStarted(larger, 1024) * (transactional ? 2 : 1);
  if (same(before, after)) return units; // a failed condition or a no-op changes no index
  for (const index of shape.indexes) {
    const old = projected(shape, index, before);
    const next = projected(shape, index, after);
    if (!old && !next) continue;
    const sameKey = old && next && same(pick(old, index.keys), pick(next, index.keys));
    if (old && next && sameKey) {
      if (!same(old, next)) units += kbStarted(Math.max(itemBytes(old), itemBytes(next)), 1024);
    } else {
      if (old) units += kbStarted(itemBytes(old), 1024);
      if (next) units += kbStarted(itemBytes(next), 1024);
    }
  }
  return units;
}

/** RRU of reading `items` in one request (a get: one item or none). */
export function readUnits(items: Item[], consistent: boolean, transactional = false): number {
  const bytes = items.reduce((sum, item) => sum + itemBytes(item), 0);
  return (kbStarted(bytes, 4096) * (transactional ? 2 : 1)) / (consistent ? 1 : 2);
}

/** One item a write names: its table and key. */
interface Target {
  table: string;
  key: Item;
}

const WRITE_KINDS = ['Put', 'Update', 'Delete', 'ConditionCheck'] as const;

/**
 * Meters the requests the gateway answers: `write` wraps a single write or a transaction (it reads the
 * items before and after, under the lock the caller holds), `read` meters an answered read.
 */
export class DynamoMeter {
  private readonly shapes = new Map<string, Promise<TableShape>>();

  constructor(private readonly db: DynaliteConnection) {}

  private shape(table: string): Promise<TableShape> {
    let shape = this.shapes.get(table);
    if (!shape) {
      shape = this.db.call('DescribeTable', { TableName: table }).then((answer) => {
        const t = (answer.Table ?? {}) as WireObject;
        const names = (schema: unknown) =>
          Array.isArray(schema) ? schema.map((k) => String((k as WireObject).AttributeName)) : [];
        const indexes = Array.isArray(t.GlobalSecondaryIndexes)
          ? (t.GlobalSecondaryIndexes as WireObject[])
          : [];
        return {
          keys: names(t.KeySchema),
          indexes: indexes.map((i) => {
            const projection = (i.Projection ?? {}) as WireObject;
            return {
              keys: names(i.KeySchema),
              projection: (projection.ProjectionType ?? 'ALL') as TableShape['indexes'][number]['projection'],
              include: Array.isArray(projection.NonKeyAttributes)
                ? projection.NonKeyAttributes.map(String)
                : [],
            };
          }),
        };
      });
      shape.catch(() => this.shapes.delete(table));
      this.shapes.set(table, shape);
    }
    return shape;
  }

  private async target(table: unknown, key: unknown, item: unknown): Promise<Target | undefined> {
    if (typeof table !== 'string') return undefined;
    if (isObject(key)) return { table, key: key as Item };
    if (!isObject(item)) return undefined;
    const shape = await this.shape(table).catch(() => undefined);
    return shape ? { table, key: pick(item as Item, shape.keys) } : undefined;
  }

  private async image(target: Target): Promise<Item | undefined> {
    const answer = await this.db
      .call('GetItem', { TableName: target.table, Key: target.key, ConsistentRead: true })
      .catch(() => ({}) as WireObject);
    return isObject(answer.Item) ? (answer.Item as Item) : undefined;
  }

  /** The items a write request names (one, or each of a transaction's). */
  private async targets(operation: string, input: WireObject): Promise<Target[]> {
    if (operation === 'BatchWriteItem') {
      const requests = Object.entries(isObject(input.RequestItems) ? input.RequestItems : {}).flatMap(
        ([table, writes]) =>
          (Array.isArray(writes) ? (writes as WireObject[]) : []).map((w) => {
            const put = (w.PutRequest ?? {}) as WireObject;
            const del = (w.DeleteRequest ?? {}) as WireObject;
            return this.target(table, del.Key, put.Item);
          }),
      );
      return (await Promise.all(requests)).filter((t): t is Target => t !== undefined);
    }
    if (operation !== 'TransactWriteItems') {
      const target = await this.target(input.TableName, input.Key, input.Item);
      return target ? [target] : [];
    }
    const entries = Array.isArray(input.TransactItems) ? (input.TransactItems as WireObject[]) : [];
    const targets = await Promise.all(
      entries.map((entry) => {
        const kind = WRITE_KINDS.find((k) => isObject(entry[k]));
        const op = (kind ? entry[kind] : {}) as WireObject;
        return this.target(op.TableName, op.Key, op.Item);
      }),
    );
    return targets.filter((t): t is Target => t !== undefined);
  }

  /** Runs the write `run` and adds the WRU it consumed to its answer. */
  async write(operation: string, input: WireObject | undefined, run: () => Promise<WireReply>) {
    const targets = input ? await this.targets(operation, input) : [];
    const before = await Promise.all(targets.map((t) => this.image(t)));
    const reply = await run();
    const after = await Promise.all(targets.map((t) => this.image(t)));
    // A cancelled transaction still pays for preparing its items: once each, not twice.
    const twice = operation === 'TransactWriteItems' && reply.status === 200;
    let units = 0;
    const detail: string[] = [];
    for (const [i, t] of targets.entries()) {
      // A table that cannot be described (the write failed for it) is metered without its indexes.
      const shape = await this.shape(t.table).catch(() => ({ keys: [], indexes: [] }));
      const its = writeUnits(shape, before[i], after[i], twice);
      units += its;
      detail.push(`${t.table}=${its}`);
    }
    // Per item written (`table=units,…`), for the bench's breakdown of where the units go.
    return withUnits(reply, { wru: units, detail: detail.join(',') });
  }

  /** Adds the RRU of an answered read to its answer. */
  read(operation: string, input: WireObject | undefined, reply: WireReply): WireReply {
    if (reply.status !== 200 || !input) return reply;
    const answer = parseObject(reply.body) ?? {};
    const consistent = input.ConsistentRead === true && typeof input.IndexName !== 'string';
    let units = 0;
    if (operation === 'GetItem')
      units = readUnits(isObject(answer.Item) ? [answer.Item as Item] : [], consistent);
    else if (operation === 'Query' || operation === 'Scan')
      units = readUnits(Array.isArray(answer.Items) ? (answer.Items as Item[]) : [], consistent);
    else if (operation === 'TransactGetItems') {
      const responses = Array.isArray(answer.Responses) ? (answer.Responses as WireObject[]) : [];
      units = responses.reduce(
        (sum, r) => sum + readUnits(isObject(r.Item) ? [r.Item as Item] : [], true, true),
        0,
      );
    } else if (operation === 'BatchGetItem') {
      const requested = isObject(input.RequestItems) ? input.RequestItems : {};
      for (const [table, items] of Object.entries(isObject(answer.Responses) ? answer.Responses : {})) {
        const tableConsistent = (requested[table] as WireObject | undefined)?.ConsistentRead === true;
        for (const item of items as Item[]) units += readUnits([item], tableConsistent);
      }
    }
    return withUnits(reply, { rru: units });
  }
}

const withUnits = (reply: WireReply, units: { wru?: number; rru?: number; detail?: string }): WireReply => ({
  ...reply,
  headers: {
    ...reply.headers,
    ...(units.detail ? { 'x-zz-wru-items': units.detail } : {}),
    ...(units.wru !== undefined ? { 'x-zz-wru': String(units.wru) } : {}),
    ...(units.rru !== undefined ? { 'x-zz-rru': String(units.rru) } : {}),
  },
});
