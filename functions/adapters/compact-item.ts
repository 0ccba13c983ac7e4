/**
 * Compact items: DynamoDB bills a write per started KB of the item (twice inside a transaction), attribute
 * names included, so an item keeps at its top level only what DynamoDB itself reads — its keys, the keys of
 * its indexes and the attributes of condition and update expressions — and carries the rest as one binary
 * attribute `z`: the JSON of those attributes, raw-deflated against a fixed dictionary of the names and
 * values they repeat. A ledger record goes from ≈ 1.35 KB to under 1 KB (1 WRU instead of 2), a case of one
 * licence from ≈ 3.4 KB to ≈ 1.5 KB, a case holding a 54-licence batch from ≈ 55 KB to a few KB.
 *
 * Reading accepts both forms, so items written before (plain) stay readable and are compacted at their next
 * write; a top-level attribute wins over the same name inside `z` (a test or a backfill may set one).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** The attribute holding the compacted rest. */
export const COMPACT_ATTRIBUTE = 'z';

/** Format byte ahead of the deflated bytes: names the dictionary, so it can change in a later format. */
const FORMAT_V1 = 1;

/**
 * Names and values the records repeat (JSON-quoted as they appear in the text). Changing this list needs a
 * new format byte: items written with it must stay readable.
 */
const DICTIONARY_V1 = Buffer.from(
  [
    '"clientId":"serviceItemCode":"number":"identifier":"serial":"type":"typeName":"issuer":',
    '"holder":{"type":"ORGANIZATION","PERSON","name":"idType":"001","111","idNumber":"organization":',
    '"fields":{"validFrom":"verificationCode":"sealCertificateSerial":"statusList":{"listId":"idx":',
    '"bytes":"objectKey":"licences/CERT-","replaces":"supersededBy":"reminders":{"versions":[{"sha256":',
    '"kind":"LTA","at":"revokedAt":"revocationReason":"revokedBy":"suspendedAt":"suspensionReason":',
    '"applicant":{"mobile":"form":{"materials":{"materialCode":"status":"ACCEPTED","mediaType":',
    '"application/pdf","objectKey":"materials/","uploadedAt":"decisions":[{"department":"decision":',
    '"APPROVE","certificateIds":["submittedAt":"updatedAt":"dueAtBasis":"OFFICIAL","pendingUploads":{}',
    '"timeLimitWorkingDays":"issuance":{"batchId":"BATCH-","requestHash":"state":"COMMITTED","PREPARING",',
    '"startedAt":"issuedAt":"licences":[{"certificateId":"CERT-","validUntil":"audited":true,',
    '"enterpriseName":"enterpriseNameEn":"address":"creditCode":"productName":"有限公司","2026-","2027-',
  ].join(''),
  'utf8',
);

const deflate = (json: string) =>
  deflateRawSync(Buffer.from(json, 'utf8'), { level: 9, dictionary: DICTIONARY_V1 });

/** `record` as stored: the attributes named in `topLevel` as they are, the rest in `z`. */
export function compactItem(
  record: Record<string, unknown>,
  topLevel: ReadonlySet<string>,
): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined || name === COMPACT_ATTRIBUTE) continue;
    if (topLevel.has(name)) item[name] = value;
    else rest[name] = value;
  }
  if (Object.keys(rest).length === 0) return item;
  const deflated = deflate(JSON.stringify(rest));
  const z = new Uint8Array(deflated.byteLength + 1);
  z[0] = FORMAT_V1;
  z.set(deflated, 1);
  item[COMPACT_ATTRIBUTE] = z;
  return item;
}

/** The record an item holds, compacted or plain (see the module comment). */
export function expandItem<T>(item: Record<string, unknown>): T {
  const z = item[COMPACT_ATTRIBUTE];
  if (!(z instanceof Uint8Array)) return item as T;
  if (z[0] !== FORMAT_V1) throw new Error(`compact item: unknown format ${z[0]}`);
  const json = inflateRawSync(z.subarray(1), { dictionary: DICTIONARY_V1 }).toString('utf8');
  const { [COMPACT_ATTRIBUTE]: _z, ...top } = item;
  return { ...(JSON.parse(json) as Record<string, unknown>), ...top } as T;
}
