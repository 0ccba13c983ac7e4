/**
 * A TSA's answer to one RFC 3161 request: read the TimeStampReq, refuse what it cannot honour (a digest other
 * than SHA-256: badAlg; unreadable: badDataFormat), otherwise issue a token with a fresh serial at the clock's
 * time. Used by the local runtime's TSA endpoint; an AWS deployment calls an external TSA instead.
 */
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { SealSigner } from '../../ports/seal-signer.js';
import {
  encodeTimeStampResponse,
  PKI_STATUS,
  parseTimeStampRequest,
  TimeStampFormatError,
  TSP_OIDS,
} from './rfc3161.js';
import { createTimeStampToken } from './time-stamp-token.js';

/** The TSA's key, certificate, clock and serial source. */
export interface TsaIdentity {
  signer: SealSigner;
  /** The TSA certificate (DER), with the critical id-kp-timeStamping EKU. */
  certificate: Uint8Array;
  clock: Clock;
  random: Random;
}

/** A TimeStampResp (DER) for the TimeStampReq `requestDer`. Never throws for bad input: it answers rejection. */
export async function answerTimeStampRequest(requestDer: Uint8Array, tsa: TsaIdentity): Promise<Uint8Array> {
  let request: ReturnType<typeof parseTimeStampRequest>;
  try {
    request = parseTimeStampRequest(requestDer);
  } catch (error) {
    if (error instanceof TimeStampFormatError)
      return encodeTimeStampResponse(PKI_STATUS.rejection, undefined, 'badDataFormat');
    throw error;
  }
  if (request.hashAlgorithm !== TSP_OIDS.sha256 || request.digest.length !== 32)
    return encodeTimeStampResponse(PKI_STATUS.rejection, undefined, 'badAlg: only SHA-256');
  const serial = Uint8Array.from(tsa.random.bytes(16));
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const token = await createTimeStampToken({
    digest: request.digest,
    ...(request.nonce ? { nonce: request.nonce } : {}),
    serialNumber: serial,
    genTime: tsa.clock.now(),
    certificate: tsa.certificate,
    certReq: request.certReq,
    signer: tsa.signer,
  });
  return encodeTimeStampResponse(PKI_STATUS.granted, token);
}
