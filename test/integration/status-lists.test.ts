/**
 * Status lists on real parts: the ledger's sparse `byStatusList` index on dynalite follows every write of a
 * record (revoked, superseded, suspended, reinstated), the list is built from it and signed by the local KMS
 * endpoint's ECC_NIST_P256 key through the real @aws-sdk/client-kms (DER → r‖s), and node:crypto verifies
 * the token with the key KMS GetPublicKey returns.
 */
import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPublicKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { getListFromStatusListJWT } from '@sd-jwt/jwt-status-list';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localKmsClient } from '../../bin/local/aws-clients.js';
import { type KmsEndpoint, startKmsEndpoint } from '../../bin/local/kms-endpoint.js';
import { DynamoCounters, DynamoLedger } from '../../functions/adapters/dynamodb-ledger.js';
import { DynamoStatusListEntries } from '../../functions/adapters/dynamodb-status-list-index.js';
import { KmsEs256Signer } from '../../functions/adapters/kms-es256-signer.js';
import type { CertificateRecord } from '../../functions/core/certificates/model.js';
import { STATUS_POSITION_COUNTER } from '../../functions/core/status-lists/status-list.js';
import { createStatusListService } from '../../functions/core/status-lists/status-list-service.js';
import { FixedClock } from '../support/fakes.js';
import { startTestDynamo, type TestDynamo } from '../support/storage.js';

let dynamo: TestDynamo;
let kms: KmsEndpoint;
let kmsClient: KMSClient;
let keyDir: string;

beforeAll(async () => {
  dynamo = await startTestDynamo();
  keyDir = await mkdtemp(join(tmpdir(), 'zz-status-kms-'));
  kms = await startKmsEndpoint({ keyDir });
  kmsClient = localKmsClient(kms.endpoint);
});
afterAll(async () => {
  kmsClient?.destroy();
  await kms?.close();
  await dynamo?.close();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

const record = (n: number, listId: string, idx: number): CertificateRecord => ({
  certificateId: `CERT-SL-${n}`,
  clientId: 'client-1',
  caseId: 'CASE-SL',
  serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
  batchId: 'BATCH-SL',
  status: 'PENDING',
  number: `N-${n}`,
  identifier: `ID-${n}`,
  serial: n,
  type: 'T',
  typeName: 'T',
  issuer: 'I',
  holder: { name: '张三' },
  fields: {},
  issuedAt: '2026-12-06T12:00:00.000Z',
  validFrom: '2026-12-06',
  validUntil: '2031-12-05',
  sha256: n.toString(16).padStart(64, '0'),
  objectKey: `licences/CERT-SL-${n}.pdf`,
  bytes: 1,
  verificationCode: 'X',
  sealCertificateSerial: '0a',
  statusList: { listId, idx },
  version: 1,
});

describe('status lists on dynalite and the local KMS endpoint', () => {
  it('builds the list from the index the ledger writes keep, signed ES256 by KMS', async () => {
    // Prepare: five licences of list 0 and one of list 1, activated.
    const ledger = new DynamoLedger({ client: dynamo.doc, tableName: dynamo.tables.ledger });
    const counters = new DynamoCounters({ client: dynamo.doc, tableName: dynamo.tables.counters });
    await counters.reserve(STATUS_POSITION_COUNTER, 12);
    const records = [0, 1, 2, 3, 4].map((i) => record(i, '0', i)).concat(record(9, '1', 1));
    for (const r of records) {
      await ledger.putPending(r);
      await ledger.activate(r.certificateId, r.batchId);
    }
    const change = async (n: number, status: CertificateRecord['status']) => {
      const current = (await ledger.get(`CERT-SL-${n}`)) as CertificateRecord;
      await ledger.update({ ...current, status, version: current.version + 1 });
    };
    await change(1, 'REVOKED');
    await change(2, 'SUSPENDED');
    await change(3, 'SUSPENDED');
    await change(3, 'VALID'); // reinstated
    await change(4, 'SUPERSEDED');
    await change(9, 'REVOKED'); // another list
    const clock = new FixedClock('2026-12-06T12:00:00Z');
    const lists = createStatusListService({
      entries: new DynamoStatusListEntries({ client: dynamo.doc, tableName: dynamo.tables.ledger }),
      counters,
      signer: new KmsEs256Signer({ client: kmsClient, keyId: kms.keys.status }),
      clock,
      publicBaseUrl: 'https://zz.test',
      ttlSeconds: 300,
      validitySeconds: 86_400,
      size: 8,
    });

    // Act
    const { token } = await lists.token('0');

    // Assess: the list, and a signature node:crypto verifies with the key from KMS GetPublicKey.
    expect(getListFromStatusListJWT(token).statusList.slice(0, 8)).toEqual([0, 1, 2, 0, 1, 0, 0, 0]);
    const { PublicKey } = await kmsClient.send(new GetPublicKeyCommand({ KeyId: kms.keys.status }));
    const key = createPublicKey({ key: Buffer.from(PublicKey ?? []), format: 'der', type: 'spki' });
    const [h, p, s] = token.split('.');
    expect(
      verify(
        'sha256',
        Buffer.from(`${h}.${p}`),
        { key, dsaEncoding: 'ieee-p1363' },
        Buffer.from(s ?? '', 'base64url'),
      ),
    ).toBe(true);
    const second = await lists.token('1');
    expect(getListFromStatusListJWT(second.token).statusList.slice(0, 8)).toEqual([0, 1, 0, 0, 0, 0, 0, 0]);
    // Past the counter (12 positions in lists of 8: lists 0 and 1).
    await expect(lists.token('2')).rejects.toMatchObject({ code: 'STATUS_LIST_NOT_FOUND' });
  });
});
