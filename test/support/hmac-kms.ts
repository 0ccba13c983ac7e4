/**
 * A KMS client for in-process apps that have no KMS endpoint: the one instance is mocked (aws-sdk-client-mock)
 * with handlers that really compute — GenerateMac is HMAC-SHA-256 under a random key (holder keys, list cursors,
 * webhook secrets), Sign/GetPublicKey of ECC_NIST_P256 keys are ECDSA with a P-256 key per KeyId made on first
 * use, signed by the local KMS endpoint's own code (offline QR payloads, status lists) — so the adapters run
 * their real code path (KMS has no local emulator; the local runtime's endpoint is tested on its own).
 */
import { createHmac, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { GenerateMacCommand, GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { signWith } from '../../bin/local/kms-signing.js';

export function hmacKmsClient(): KMSClient {
  const client = new KMSClient({ region: 'cn-north-1' });
  const macKey = randomBytes(32);
  const eccKeys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();
  const eccKey = (keyId: string) => {
    let key = eccKeys.get(keyId);
    if (!key) {
      key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      eccKeys.set(keyId, key);
    }
    return key;
  };
  const mock = mockClient(client);
  mock
    .on(GenerateMacCommand)
    .callsFake(async (input: { KeyId: string; MacAlgorithm: string; Message: Uint8Array }) => ({
      KeyId: input.KeyId,
      MacAlgorithm: input.MacAlgorithm,
      Mac: createHmac('sha256', macKey).update(input.Message).digest(),
    }));
  mock
    .on(SignCommand)
    .callsFake(
      async (input: {
        KeyId: string;
        Message: Uint8Array;
        MessageType?: string;
        SigningAlgorithm: string;
      }) => ({
        KeyId: input.KeyId,
        SigningAlgorithm: input.SigningAlgorithm,
        Signature: signWith(
          { keySpec: 'ECC_NIST_P256', privateKey: eccKey(input.KeyId).privateKey },
          {
            Message: Buffer.from(input.Message).toString('base64'),
            MessageType: input.MessageType,
            SigningAlgorithm: input.SigningAlgorithm,
          },
        ),
      }),
    );
  mock.on(GetPublicKeyCommand).callsFake(async (input: { KeyId: string }) => ({
    KeyId: input.KeyId,
    KeySpec: 'ECC_NIST_P256',
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: ['ECDSA_SHA_256'],
    PublicKey: eccKey(input.KeyId).publicKey.export({ format: 'der', type: 'spki' }),
  }));
  return client;
}
