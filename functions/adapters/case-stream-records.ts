/**
 * Case changes from DynamoDB stream records of the cases table (view NEW_AND_OLD_IMAGES), as a Lambda event
 * source mapping delivers them on AWS and the local DynamoDB gateway's change feed delivers them locally
 * (bin/local/dynamo-change-feed.ts: the same record shape). Images are in DynamoDB's typed JSON, of items
 * as the case store writes them (most of a case deflated in one attribute: read back the same way).
 */
import { createHash } from 'node:crypto';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CaseChange, CaseImage } from '../core/stats/case-changes.js';
import { caseRecord } from './dynamodb-case-store.js';

type TypedImage = Parameters<typeof unmarshall>[0];

/** The fields of a DynamoDB stream record this reads. */
export interface CaseStreamRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: { SequenceNumber?: string; OldImage?: unknown; NewImage?: unknown };
}

/**
 * A stream event is JSON: binary values (`B`, `BS`) come base64-encoded, where `unmarshall` wants bytes (as
 * the SDK's own responses give them). Maps and lists are walked too.
 */
function typedWithBytes(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const typed = value as Record<string, unknown>;
  if (typeof typed.B === 'string') return { B: Buffer.from(typed.B, 'base64') };
  if (Array.isArray(typed.BS))
    return { BS: typed.BS.map((b) => (typeof b === 'string' ? Buffer.from(b, 'base64') : b)) };
  if (typed.M && typeof typed.M === 'object') return { M: imageWithBytes(typed.M) };
  if (Array.isArray(typed.L)) return { L: typed.L.map(typedWithBytes) };
  return typed;
}

/** An image (attribute name → typed value) with its binary values as bytes. */
const imageWithBytes = (image: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, typedWithBytes(value)]));

const image = (typed: unknown): CaseImage | undefined => {
  if (!typed || typeof typed !== 'object') return undefined;
  // The item as the case store wrote it: compacted (compact-item.ts) or plain.
  return caseRecord(unmarshall(imageWithBytes(typed) as TypedImage)) as CaseImage;
};

/** The change a record carries; `undefined` for a record that is not a case change (then skipped). */
export function caseChangeOfStreamRecord(record: CaseStreamRecord): CaseChange | undefined {
  if (!['INSERT', 'MODIFY', 'REMOVE'].includes(String(record.eventName))) return undefined;
  try {
    const old = image(record.dynamodb?.OldImage);
    const next = image(record.dynamodb?.NewImage);
    if (!old && !next) return undefined;
    return { ...(old ? { old } : {}), ...(next ? { new: next } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * A batch's identity: the SHA-256 of its records' event ids (each unique per stream record), so a delivery of
 * the same records again has the same id, and any other batch (a half after bisecting) another.
 */
export function batchIdOf(records: readonly CaseStreamRecord[]): string {
  const hash = createHash('sha256');
  for (const record of records)
    hash.update(`${record.eventID ?? ''}/${record.dynamodb?.SequenceNumber ?? ''}\n`);
  return hash.digest('base64url').slice(0, 32);
}
