/**
 * SM3 of package files. Through OpenSSL (node:crypto's `sm3` hash) where the runtime has it — ~3× the speed
 * of the pure-JS SM3 on a 600 KB page — else the pure one (core/sm2); both are GB/T 32905 SM3 (a unit test
 * holds them equal). Only the digest: SM2 signatures never go through node:crypto (empty signer ID).
 */
import { createHash, getHashes } from 'node:crypto';
import { sm3 as pureSm3 } from '../sm2/index.js';

const native = getHashes().includes('sm3');

/** The 32-byte SM3 digest of `bytes`. */
export function sm3(bytes: Uint8Array): Uint8Array {
  return native ? new Uint8Array(createHash('sm3').update(bytes).digest()) : pureSm3(bytes);
}
