/**
 * Revocation data for the DSS, fetched the way any PAdES B-LT signer fetches it: from the URLs each certificate
 * names (CRL distribution point, AIA OCSP — for our seal and TSA certificates that is our own `GET /pki/root.crl`
 * and `POST /pki/ocsp`; an external TSA's certificate names its CA's). Answers are kept in memory until half
 * their validity has passed, so issuance pays the round trips once per period and process, not per licence.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { DomainError } from '../core/errors.js';
import { crlNextUpdate } from '../core/pki/crl.js';
import { certIdOf, encodeOcspRequest, OCSP_STATUS, readOcspResponse } from '../core/pki/ocsp.js';
import { revocationPointersOf } from '../core/pki/revocation-pointers.js';
import type { ValidationDataSource } from '../ports/validation-data.js';

/** The CA's CRL or OCSP responder did not answer usably: issuance stops cleanly (HTTP 503, retry). */
export class ValidationDataUnavailableError extends DomainError {
  constructor(reason: string, cause?: unknown) {
    super(
      'UNAVAILABLE',
      'REVOCATION_DATA_UNAVAILABLE',
      '证书状态服务暂不可用，请稍后重试',
      'The certificate status service is unavailable',
      { retryAfterSeconds: 2, details: { reason }, ...(cause === undefined ? {} : { cause }) },
    );
    this.name = 'ValidationDataUnavailableError';
  }
}

/** Options of `HttpValidationData`. */
export interface HttpValidationDataOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default 3000 */
  timeoutMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** Kept when an answer says nothing about its validity (should not happen with ours). */
const DEFAULT_KEEP_MS = 60 * 60 * 1000;

/** One OCSP request to make: the responder, the DER request and its key in the answers' cache. */
interface OcspQuery {
  url: string;
  request: Uint8Array;
  key: string;
}

/** What a set of certificates needs fetched (see `#planOf`). */
interface CollectPlan {
  crlUrls: string[];
  ocsp: OcspQuery[];
}

export class HttpValidationData implements ValidationDataSource {
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { bytes: Uint8Array; until: number }>();
  readonly #plans = new Map<string, CollectPlan>();

  constructor(options: HttpValidationDataOptions = {}) {
    this.#fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
    this.#timeoutMs = options.timeoutMs ?? 3000;
    this.#now = options.now ?? Date.now;
  }

  async collect(certificates: Uint8Array[]): Promise<{ ocspResponses: Uint8Array[]; crls: Uint8Array[] }> {
    const plan = this.#planOf(certificates);
    const [ocspResponses, crls] = await Promise.all([
      Promise.all(plan.ocsp.map((query) => this.#ocsp(query))),
      Promise.all(plan.crlUrls.map((url) => this.#crl(url))),
    ]);
    return { ocspResponses, crls };
  }

  /**
   * What to fetch for `certificates`: the same every licence of a seal (its chain and the TSA's), so it is
   * worked out once per set — parsing, issuer matching and OCSP request encoding cost ≈2 ms a licence.
   */
  #planOf(certificates: Uint8Array[]): CollectPlan {
    const digest = createHash('sha256');
    for (const der of certificates) digest.update(`${der.length}:`).update(der);
    const key = digest.digest('base64');
    const known = this.#plans.get(key);
    if (known) return known;
    const parsed = certificates.map((der) => ({ der, x509: new X509Certificate(Buffer.from(der)) }));
    const crlUrls = new Set<string>();
    const ocsp: OcspQuery[] = [];
    for (const { der, x509 } of parsed) {
      if (x509.checkIssued(x509)) continue; // a root is trusted as such, not checked for revocation
      const pointers = revocationPointersOf(der);
      for (const url of pointers.crl) crlUrls.add(url);
      const issuer = parsed.find((candidate) => x509.checkIssued(candidate.x509));
      const [responder] = pointers.ocsp;
      if (issuer && responder) {
        const request = encodeOcspRequest([certIdOf(der, issuer.der)]);
        ocsp.push({
          url: responder,
          request,
          key: `ocsp ${responder} ${Buffer.from(request).toString('base64')}`,
        });
      }
    }
    const plan = { crlUrls: [...crlUrls], ocsp };
    if (this.#plans.size >= 16) this.#plans.clear();
    this.#plans.set(key, plan);
    return plan;
  }

  #crl(url: string): Promise<Uint8Array> {
    return this.#cached(`crl ${url}`, async () => {
      const bytes = await this.#request(url, { method: 'GET' });
      const next = new Date(nextUpdateOfCrl(bytes) ?? this.#now() + 2 * DEFAULT_KEEP_MS).getTime();
      return { bytes, until: this.#now() + (next - this.#now()) / 2 };
    });
  }

  #ocsp({ url, request, key }: OcspQuery): Promise<Uint8Array> {
    return this.#cached(key, async () => {
      const bytes = await this.#request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request' },
        body: Buffer.from(request),
      });
      const read = (() => {
        try {
          return readOcspResponse(bytes);
        } catch (error) {
          throw new ValidationDataUnavailableError('OCSP_MALFORMED', error);
        }
      })();
      if (read.status !== OCSP_STATUS.successful)
        throw new ValidationDataUnavailableError(`OCSP_STATUS_${read.status}`);
      const next = read.nextUpdate?.getTime() ?? this.#now() + 2 * DEFAULT_KEEP_MS;
      return { bytes, until: this.#now() + (next - this.#now()) / 2 };
    });
  }

  async #cached(key: string, load: () => Promise<{ bytes: Uint8Array; until: number }>): Promise<Uint8Array> {
    const hit = this.#cache.get(key);
    if (hit && hit.until > this.#now()) return hit.bytes;
    const loaded = await load();
    if (this.#cache.size > 64) this.#cache.clear();
    this.#cache.set(key, loaded);
    return loaded.bytes;
  }

  async #request(url: string, init: RequestInit): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await this.#fetch(url, { ...init, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (error) {
      throw new ValidationDataUnavailableError('CONNECTION', error);
    }
    if (!response.ok) throw new ValidationDataUnavailableError(`HTTP_${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
}

/** nextUpdate of a DER CRL in ms; undefined when it cannot be read. */
function nextUpdateOfCrl(crl: Uint8Array): number | undefined {
  try {
    return crlNextUpdate(crl)?.getTime();
  } catch {
    return undefined;
  }
}
