/**
 * The CA's revocation services: the CRL (`GET /pki/{caName}.crl`), generated on demand, signed by the root
 * key and cached in the object store until it is a day old (nextUpdate 7 days on), and OCSP (`POST /pki/ocsp`)
 * answered by the root key for certificates the root issued: `revoked` when the CA revoked it, otherwise
 * `good` (RFC 6960 §2.2: not revoked); a request about another issuer is `unauthorized`.
 */
import type { Clock } from '../../ports/clock.js';
import type { ObjectStore } from '../../ports/object-store.js';
import type { RevokedCertificateStore } from '../../ports/revoked-certificates.js';
import type { SealSigner } from '../../ports/seal-signer.js';
import { DomainError } from '../errors.js';
import { createCrl, crlTimes, REVOCATION_REASONS } from './crl.js';
import {
  type CertStatus,
  createOcspResponse,
  issuedBy,
  OCSP_STATUS,
  OcspRequestError,
  ocspErrorResponse,
  parseOcspRequest,
} from './ocsp.js';
import { ROOT_CA_NAME } from './seal-chain.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** RFC 5280 §5.1.2.5: nextUpdate; relying parties may cache the CRL until then. */
export const CRL_VALIDITY_DAYS = 7;
/** A cached CRL older than this is issued again (well before its nextUpdate). */
const CRL_REFRESH_MS = DAY_MS;
/** OCSP answers are valid a day; a nonce-less answer is reused for an hour. */
const OCSP_VALIDITY_MS = DAY_MS;
const OCSP_REUSE_MS = 60 * 60 * 1000;

export const crlObjectKey = (caName: string) => `pki/crl/${caName}.crl`;

/** What the revocation services need. */
export interface RevocationDependencies {
  /** The root CA certificate (DER): the last of the seal chain. */
  caCertificate: () => Promise<Uint8Array>;
  /** The root key (KMS). */
  caSigner: SealSigner;
  revoked: RevokedCertificateStore;
  /** Where the CRL is cached (the licences bucket). */
  objects: ObjectStore;
  clock: Clock;
}

const unknownCa = (caName: string) =>
  new DomainError('NOT_FOUND', 'CA_NOT_FOUND', '没有这个证书颁发机构', 'No such certification authority', {
    details: { caName: caName.slice(0, 64) },
  });

/** The CRL of `caName` (DER), from the cache while fresh, else issued now and cached. */
export async function currentCrl(deps: RevocationDependencies, caName: string): Promise<Uint8Array> {
  if (caName !== ROOT_CA_NAME) throw unknownCa(caName);
  const now = deps.clock.now();
  const key = crlObjectKey(caName);
  const cached = await deps.objects.get(key);
  const issuedAt = cached ? crlThisUpdate(cached) : undefined;
  if (cached && issuedAt && now.getTime() - issuedAt.getTime() < CRL_REFRESH_MS && issuedAt <= now)
    return cached;
  const crl = await createCrl({
    caCertificate: await deps.caCertificate(),
    signer: deps.caSigner,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + CRL_VALIDITY_DAYS * DAY_MS),
    crlNumber: Math.floor(now.getTime() / 1000),
    revoked: await deps.revoked.list(),
  });
  await deps.objects.put(key, crl, { contentType: 'application/pkix-crl' });
  return crl;
}

/** thisUpdate of a DER CRL we issued; undefined if it cannot be read (then it is issued again). */
function crlThisUpdate(crl: Uint8Array): Date | undefined {
  try {
    return crlTimes(crl).thisUpdate;
  } catch {
    return undefined;
  }
}

/** Answers OCSP requests; keeps nonce-less answers for an hour (each answer is one KMS signature). */
export class OcspResponder {
  readonly #deps: RevocationDependencies;
  readonly #reused = new Map<string, { response: Uint8Array; until: number }>();

  constructor(deps: RevocationDependencies) {
    this.#deps = deps;
  }

  /** The DER OCSPResponse for the DER OCSPRequest `request`; malformed input gets `malformedRequest`. */
  async respond(request: Uint8Array): Promise<Uint8Array> {
    let parsed: ReturnType<typeof parseOcspRequest>;
    try {
      parsed = parseOcspRequest(request);
    } catch (error) {
      if (error instanceof OcspRequestError) return ocspErrorResponse(OCSP_STATUS.malformedRequest);
      throw error;
    }
    const ca = await this.#deps.caCertificate();
    if (!parsed.certIds.every((id) => issuedBy(id, ca))) return ocspErrorResponse(OCSP_STATUS.unauthorized);
    const now = this.#deps.clock.now();
    const cacheKey = parsed.nonce ? undefined : Buffer.from(request).toString('base64');
    const reused = cacheKey ? this.#reused.get(cacheKey) : undefined;
    if (reused && reused.until > now.getTime()) return reused.response;
    const revoked = await this.#deps.revoked.list();
    const answers = parsed.certIds.map((certId) => {
      const serial = Buffer.from(certId.serialNumber)
        .toString('hex')
        .replace(/^0+(?=.)/, '');
      const entry = revoked.find((r) => r.serialNumber.replace(/^0+(?=.)/, '').toLowerCase() === serial);
      const status: CertStatus = entry
        ? { status: 'revoked', revokedAt: entry.revokedAt, reason: REVOCATION_REASONS[entry.reason] }
        : { status: 'good' };
      return { certId, status };
    });
    const response = await createOcspResponse({
      caCertificate: ca,
      signer: this.#deps.caSigner,
      producedAt: now,
      nextUpdate: new Date(now.getTime() + OCSP_VALIDITY_MS),
      answers,
      ...(parsed.nonce ? { nonce: parsed.nonce } : {}),
    });
    if (cacheKey) {
      if (this.#reused.size > 256) this.#reused.clear();
      this.#reused.set(cacheKey, { response, until: now.getTime() + OCSP_REUSE_MS });
    }
    return response;
  }
}
