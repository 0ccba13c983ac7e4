/** An in-memory TokenSigner (ES256 over a node:crypto P-256 key) for unit tests of the QR payload. */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { es256JwkOfSpki } from '../../functions/core/qr/jwk.js';
import type { Es256PublicJwk, TokenSigner } from '../../functions/ports/token-signer.js';

export class MemoryEs256Signer implements TokenSigner {
  readonly algorithm = 'ES256' as const;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return sign('sha256', message, { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
  }

  async publicJwk(): Promise<Es256PublicJwk> {
    return es256JwkOfSpki(this.publicKey.export({ format: 'der', type: 'spki' }));
  }
}
