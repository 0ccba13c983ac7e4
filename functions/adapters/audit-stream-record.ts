/**
 * An audit entry from a DynamoDB stream record of the audit table, as an EventBridge Pipe puts it on the
 * webhook queue (the record's JSON is the message body; attribute values in DynamoDB's typed JSON). Only the
 * fields an event needs are read; `details` comes from the stored canonical `detailsJson`.
 */
import type { RecordedEntry } from '../core/events/domain-events.js';

type Typed = { S?: unknown; N?: unknown } | undefined;

const str = (value: Typed) => (typeof value?.S === 'string' ? value.S : undefined);

/** The entry a queued stream record carries, or `undefined` for anything else (then dropped). */
export function entryOfStreamRecord(body: string): RecordedEntry | undefined {
  let record: { eventName?: unknown; dynamodb?: { NewImage?: Record<string, Typed> } };
  try {
    record = JSON.parse(body) as typeof record;
  } catch {
    return undefined;
  }
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return undefined;
  const seq = Number(image.seq?.N);
  const [at, action, subject, actor, hash, detailsJson] = [
    str(image.at),
    str(image.action),
    str(image.subject),
    str(image.actor),
    str(image.hash),
    str(image.detailsJson),
  ];
  if (!Number.isSafeInteger(seq) || !at || !action || !subject || !actor || !hash || !detailsJson)
    return undefined;
  let details: unknown;
  try {
    details = JSON.parse(detailsJson);
  } catch {
    return undefined;
  }
  if (!details || typeof details !== 'object' || Array.isArray(details)) return undefined;
  return { seq, at, action, subject, actor, hash, details: details as Record<string, unknown> };
}
