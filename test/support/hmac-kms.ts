/**
 * A KMS client for in-process apps that have no KMS endpoint: the one instance is mocked (aws-sdk-client-mock)
 * with a GenerateMac handler that really computes HMAC-SHA-256 under a random key, so holder keys and list
 * cursors run the adapters' real code path (KMS has no local emulator; the local runtime's endpoint is tested
 * on its own).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';

export function hmacKmsClient(): KMSClient {
  const client = new KMSClient({ region: 'cn-north-1' });
  const key = randomBytes(32);
  mockClient(client)
    .on(GenerateMacCommand)
    .callsFake((input: { KeyId: string; MacAlgorithm: string; Message: Uint8Array }) => ({
      KeyId: input.KeyId,
      MacAlgorithm: input.MacAlgorithm,
      Mac: createHmac('sha256', key).update(input.Message).digest(),
    }));
  return client;
}
