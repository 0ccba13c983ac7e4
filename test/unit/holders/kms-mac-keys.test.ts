import { createHmac, randomBytes } from 'node:crypto';
import { GenerateMacCommand, KMSClient, KMSInternalException, NotFoundException } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  HOLDER_INDEX_LABEL,
  KmsDerivedKeys,
  KmsHolderKeys,
  KmsPageCursors,
  MacKeyUnavailableError,
} from '../../../functions/adapters/kms-mac-keys.js';

const kms = mockClient(KMSClient);
const KEY_ID = 'alias/zhengzhao-mac';

describe('KmsHolderKeys and KmsPageCursors (KMS mocked with a GenerateMac handler that really MACs)', () => {
  let kmsKey: Buffer;
  const client = () => new KMSClient({ region: 'cn-north-1' });
  const derived = () => new KmsDerivedKeys({ client: client(), keyId: KEY_ID });

  beforeEach(() => {
    kms.reset();
    kmsKey = randomBytes(32);
    kms
      .on(GenerateMacCommand)
      .callsFake((input: { KeyId: string; MacAlgorithm: string; Message: Uint8Array }) => {
        if (input.MacAlgorithm !== 'HMAC_SHA_256') throw new Error('the adapter must ask for HMAC_SHA_256');
        return {
          KeyId: input.KeyId,
          MacAlgorithm: input.MacAlgorithm,
          Mac: createHmac('sha256', kmsKey).update(input.Message).digest(),
        };
      });
  });

  it('keys a holder with HMAC-SHA-256 under the key KMS derives from the holder-index label, one KMS call per process', async () => {
    // Prepare
    const keys = new KmsHolderKeys({ keys: derived() });
    const indexKey = createHmac('sha256', kmsKey).update(HOLDER_INDEX_LABEL).digest();
    // Act
    const first = await keys.holderKey({ idType: '111', idNumber: '11010519491231002X' });
    const again = await Promise.all(
      [' 11010519491231002x ', '11010519491231002X'].map((idNumber) =>
        keys.holderKey({ idType: '111', idNumber }),
      ),
    );
    // Assess
    expect(first).toBe(createHmac('sha256', indexKey).update('111:11010519491231002X').digest('base64url'));
    expect(again).toEqual([first, first]);
    expect(kms.commandCalls(GenerateMacCommand)).toHaveLength(1);
    expect(kms.commandCalls(GenerateMacCommand)[0]?.args[0].input).toMatchObject({ KeyId: KEY_ID });
    // Never a bare hash of the number: without the KMS key the key cannot be computed.
    expect(first).not.toContain('11010519491231002X');
  });

  it('gives different keys for another document type, another number and another KMS key', async () => {
    // Prepare
    const keys = new KmsHolderKeys({ keys: derived() });
    const person = await keys.holderKey({ idType: '111', idNumber: '11010519491231002X' });
    // Act
    const asCode = await keys.holderKey({ idType: '001', idNumber: '11010519491231002X' });
    const other = await keys.holderKey({ idType: '111', idNumber: '110105194912310021' });
    kmsKey = randomBytes(32);
    const underOtherKey = await new KmsHolderKeys({ keys: derived() }).holderKey({
      idType: '111',
      idNumber: '11010519491231002X',
    });
    // Assess
    expect(new Set([person, asCode, other, underOtherKey]).size).toBe(4);
  });

  it('answers 503 KEY_SERVICE_UNAVAILABLE while KMS is down, and derives the key once it is back', async () => {
    // Prepare
    kms.on(GenerateMacCommand).rejectsOnce(new KMSInternalException({ message: 'down', $metadata: {} }));
    const keys = new KmsHolderKeys({ keys: derived() });
    // Act
    const failed = keys.holderKey({ idType: '111', idNumber: '11010519491231002X' });
    // Assess
    await expect(failed).rejects.toBeInstanceOf(MacKeyUnavailableError);
    await expect(failed).rejects.toMatchObject({ code: 'KEY_SERVICE_UNAVAILABLE', kind: 'UNAVAILABLE' });
    kms.on(GenerateMacCommand).callsFake((input: { Message: Uint8Array }) => ({
      Mac: createHmac('sha256', kmsKey).update(input.Message).digest(),
    }));
    await expect(keys.holderKey({ idType: '111', idNumber: '11010519491231002X' })).resolves.toMatch(
      /^[A-Za-z0-9_-]{43}$/,
    );
  });

  it('fails as a deployment error (not a client error) when the key is missing', async () => {
    // Prepare
    kms.on(GenerateMacCommand).rejects(new NotFoundException({ message: 'no key', $metadata: {} }));
    // Act
    const failed = new KmsHolderKeys({ keys: derived() }).holderKey({ idType: '111', idNumber: '1' });
    // Assess
    await expect(failed).rejects.toThrow(/GenerateMac with alias\/zhengzhao-mac failed: NotFoundException/);
    await expect(failed).rejects.not.toBeInstanceOf(MacKeyUnavailableError);
  });

  it('seals a cursor that opens only for its own list and not once altered', async () => {
    // Prepare
    const cursors = new KmsPageCursors({ keys: derived() });
    const position = 'eyJjYXNlSWQiOiJDQVNFLTEifQ';
    // Act
    const sealed = await cursors.seal('cases|client-a', position);
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[14] = (bytes[14] ?? 0) ^ 1;
    // Assess
    expect(sealed).not.toContain(position);
    await expect(cursors.open('cases|client-a', sealed)).resolves.toBe(position);
    await expect(cursors.open('cases|client-b', sealed)).resolves.toBeUndefined();
    await expect(cursors.open('cases|client-a', bytes.toString('base64url'))).resolves.toBeUndefined();
    await expect(cursors.open('cases|client-a', 'not a cursor!')).resolves.toBeUndefined();
    await expect(cursors.open('cases|client-a', 'AAAA')).resolves.toBeUndefined();
  });
});
