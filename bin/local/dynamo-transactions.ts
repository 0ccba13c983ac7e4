/**
 * TransactWriteItems and TransactGetItems on top of dynalite, which has neither. The caller (the gateway)
 * holds the exclusive lock for a write transaction and a shared one for a read transaction, so nothing else
 * can observe the intermediate states produced here.
 *
 * Write transactions apply each operation as the single-item write it stands for, with its own
 * ConditionExpression, remembering the target item's prior image, and put those images back if any operation
 * fails. Because DynamoDB forbids two operations on one item, every condition sees its item exactly as it was
 * before the transaction, whatever the order of application — so each item's cancellation reason is the one
 * DynamoDB would give.
 *
 * `ClientRequestToken` idempotency is the gateway's (`dynamo-write-fidelity.ts`). Not emulated: ConsumedCapacity
 * and ItemCollectionMetrics in the answer, the 4 MB aggregate size limit, and cancellation reasons other than
 * ConditionalCheckFailed (an operation dynalite rejects outright fails the whole request with dynalite's error).
 */
import {
  type DynaliteConnection,
  DynaliteError,
  errorReply,
  isObject,
  jsonReply,
  validationError,
  type WireObject,
  type WireReply,
} from './dynalite-connection.js';

const MAX_ITEMS = 100;
const EXPRESSION_FIELDS = ['ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'];
const CANCELLED = 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException';
const KINDS = ['ConditionCheck', 'Put', 'Delete', 'Update'] as const;

type Kind = (typeof KINDS)[number];

interface PlannedWrite {
  kind: Kind;
  table: string;
  key: WireObject;
  operation: 'PutItem' | 'UpdateItem' | 'DeleteItem';
  request: WireObject;
  returnOldOnFailure: boolean;
}

/** What it takes to put an item back as it was: its prior image, or nothing if it did not exist. */
interface PriorImage {
  table: string;
  key: WireObject;
  item: WireObject | undefined;
}

const pick = (source: WireObject, fields: readonly string[]): WireObject =>
  Object.fromEntries(fields.filter((f) => source[f] !== undefined).map((f) => [f, source[f]]));

/** Stable identity of an item: attribute order inside `Key` must not make two keys differ. */
const itemIdentity = (table: string, key: WireObject): string =>
  `${table}\n${JSON.stringify(
    Object.keys(key)
      .sort()
      .map((name) => [name, key[name]]),
  )}`;

/** Check the item count, the one-operation-per-entry rule and the one-entry-per-item rule. */
function checkEntries(entries: unknown): WireObject[] | WireReply {
  if (!Array.isArray(entries) || entries.length === 0) {
    return validationError(
      "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
    );
  }
  if (entries.length > MAX_ITEMS) {
    return validationError(
      `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ITEMS}`,
    );
  }
  if (!entries.every(isObject)) return validationError('TransactItems must be a list of objects');
  return entries;
}

async function keyNames(
  db: DynaliteConnection,
  table: string,
  cache: Map<string, string[]>,
): Promise<string[]> {
  const names = cache.get(table) ?? (await db.keyNames(table));
  cache.set(table, names);
  return names;
}

async function planWrite(
  db: DynaliteConnection,
  entry: WireObject,
  cache: Map<string, string[]>,
): Promise<PlannedWrite | WireReply> {
  const present = KINDS.filter((k) => entry[k] !== undefined);
  const kind = present[0];
  const body = kind ? entry[kind] : undefined;
  if (present.length !== 1 || !kind || !isObject(body)) {
    return validationError('TransactItems can only contain one of Check, Put, Update or Delete');
  }
  const table = body.TableName;
  const source = kind === 'Put' ? body.Item : body.Key;
  if (typeof table !== 'string' || !isObject(source)) {
    return validationError(
      `${kind} in TransactItems needs a TableName and ${kind === 'Put' ? 'an Item' : 'a Key'}`,
    );
  }
  const key = kind === 'Put' ? pick(source, await keyNames(db, table, cache)) : source;
  const plan = {
    kind,
    table,
    key,
    returnOldOnFailure: body.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
  };
  const common = { TableName: table, ...pick(body, EXPRESSION_FIELDS) };
  switch (kind) {
    case 'Put':
      return { ...plan, operation: 'PutItem', request: { ...common, Item: source } };
    case 'Delete':
      return { ...plan, operation: 'DeleteItem', request: { ...common, Key: key } };
    case 'Update':
      return {
        ...plan,
        operation: 'UpdateItem',
        request: { ...common, Key: key, ...pick(body, ['UpdateExpression']) },
      };
    case 'ConditionCheck':
      // An UpdateItem without an UpdateExpression evaluates the condition and changes no attribute; if the
      // item did not exist it creates it with just its key, which `applyWrite` removes again at once.
      return { ...plan, operation: 'UpdateItem', request: { ...common, Key: key } };
  }
}

async function planWrites(db: DynaliteConnection, input: WireObject): Promise<PlannedWrite[] | WireReply> {
  const entries = checkEntries(input.TransactItems);
  if (!Array.isArray(entries)) return entries;
  const cache = new Map<string, string[]>();
  const planned: PlannedWrite[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const write = await planWrite(db, entry, cache);
    if (!('kind' in write)) return write;
    const identity = itemIdentity(write.table, write.key);
    if (seen.has(identity)) {
      return validationError('Transaction request cannot include multiple operations on one item');
    }
    seen.add(identity);
    planned.push(write);
  }
  return planned;
}

async function readItem(
  db: DynaliteConnection,
  table: string,
  key: WireObject,
): Promise<WireObject | undefined> {
  const answer = await db.call('GetItem', { TableName: table, Key: key, ConsistentRead: true });
  return isObject(answer.Item) ? answer.Item : undefined;
}

async function restore(db: DynaliteConnection, prior: PriorImage): Promise<void> {
  if (prior.item) await db.call('PutItem', { TableName: prior.table, Item: prior.item });
  else await db.call('DeleteItem', { TableName: prior.table, Key: prior.key });
}

/** Apply one write; answers its cancellation reason and, if it changed something, the image to restore. */
async function applyWrite(
  db: DynaliteConnection,
  write: PlannedWrite,
): Promise<{ reason: WireObject; applied?: PriorImage }> {
  const prior: PriorImage = {
    table: write.table,
    key: write.key,
    item: await readItem(db, write.table, write.key),
  };
  try {
    await db.call(write.operation, write.request);
  } catch (error) {
    if (!(error instanceof DynaliteError && error.conditionFailed)) throw error;
    const item = write.returnOldOnFailure && prior.item ? { Item: prior.item } : {};
    return { reason: { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', ...item } };
  }
  if (write.kind === 'ConditionCheck') {
    await restore(db, prior);
    return { reason: { Code: 'None' } };
  }
  return { reason: { Code: 'None' }, applied: prior };
}

async function rollback(db: DynaliteConnection, applied: PriorImage[]): Promise<void> {
  await Promise.all(applied.map((prior) => restore(db, prior)));
}

/**
 * Execute a TransactWriteItems request all-or-nothing. The caller must hold the gateway's exclusive lock.
 * Answers `{}`, a TransactionCanceledException with one reason per item (in order), a ValidationException,
 * or — after undoing what was applied — dynalite's own error for an operation it rejected outright.
 */
export async function transactWriteItems(db: DynaliteConnection, input: WireObject): Promise<WireReply> {
  const planned = await planWrites(db, input);
  if (!Array.isArray(planned)) return planned;
  // The items are distinct and nobody else can write, so they can be applied concurrently; every one runs
  // even when another fails, so that every failing condition gets its reason.
  const outcomes = await Promise.allSettled(planned.map((write) => applyWrite(db, write)));
  const applied = outcomes.flatMap((o) =>
    o.status === 'fulfilled' && o.value.applied ? [o.value.applied] : [],
  );
  const rejected = outcomes.find((o) => o.status === 'rejected');
  if (rejected) {
    await rollback(db, applied);
    throw rejected.reason;
  }
  const reasons = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.reason : {}));
  if (reasons.every((r) => r.Code === 'None')) return jsonReply(200, {});
  await rollback(db, applied);
  const codes = reasons.map((r) => r.Code).join(', ');
  return jsonReply(400, {
    __type: CANCELLED,
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    CancellationReasons: reasons,
  });
}

/**
 * Execute a TransactGetItems request: strongly consistent reads of up to 100 items. The caller holds the
 * shared lock, which no write can hold at the same time, so the answer is one consistent snapshot.
 */
export async function transactGetItems(db: DynaliteConnection, input: WireObject): Promise<WireReply> {
  const entries = checkEntries(input.TransactItems);
  if (!Array.isArray(entries)) return entries;
  const gets: WireObject[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const get = entry.Get;
    if (!isObject(get) || typeof get.TableName !== 'string' || !isObject(get.Key)) {
      return validationError(
        'TransactItems of TransactGetItems must each hold a Get with a TableName and a Key',
      );
    }
    const identity = itemIdentity(get.TableName, get.Key);
    if (seen.has(identity)) {
      return validationError('Transaction request cannot include multiple operations on one item');
    }
    seen.add(identity);
    gets.push(get);
  }
  const fields = ['TableName', 'Key', 'ProjectionExpression', 'ExpressionAttributeNames'];
  const answers = await Promise.all(
    gets.map((g) => db.call('GetItem', { ...pick(g, fields), ConsistentRead: true })),
  );
  return jsonReply(200, { Responses: answers.map((a) => (isObject(a.Item) ? { Item: a.Item } : {})) });
}

/** The error answer for a failure the gateway did not expect (never dynalite's or a stack trace). */
export const internalError = (): WireReply =>
  errorReply(500, 'com.amazonaws.dynamodb.v20120810#InternalServerError', 'Internal server error');
