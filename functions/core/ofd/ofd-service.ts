/**
 * The OFD rendition of an issued licence, made lazily: the first request renders and seals it and stores it
 * beside the PDF (`licences/{id}.ofd`, If-None-Match, so concurrent first requests keep one file); later
 * requests serve the stored file once its seal checks out. Issuance does no OFD work at all.
 *
 * The seal object (Seal.esl) is made once per seal and key by the seal maker and stored
 * (`seals/sm2/{esID}.esl`, If-None-Match): an SM2 signature is randomised, so every licence must reuse the
 * stored bytes rather than a seal made afresh.
 */
import type { Clock } from '../../ports/clock.js';
import { ObjectExistsError, type ObjectStore } from '../../ports/object-store.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { CertificateRecord } from '../certificates/model.js';
import { verifyUrlOf } from '../certificates/view.js';
import { DomainError } from '../errors.js';
import { makeSeal } from '../ses/make-seal.js';
import { ofdNotAvailable, type Sm2SealKeys } from '../sm2/seal-keys.js';
import type { OfdLicenceInput, OfdRenderer } from './render-ofd.js';
import { sealIdOf, sealInfoFor } from './seal-object.js';
import { sealOfd } from './seal-ofd.js';
import { verifyOfdSeal } from './verify-ofd.js';

/** The SM2 keys of the OFD seal: the seal holder's (signs each licence) and the seal maker's (the root). */
export type OfdSealKeys = Sm2SealKeys;

export interface OfdDependencies {
  licences: ObjectStore;
  catalogue: Pick<Catalogue, 'require'>;
  clock: Clock;
  publicBaseUrl: string;
  renderer: () => Promise<OfdRenderer>;
  /** The stage's SM2 seal, or undefined where the stage has none (OFD_NOT_AVAILABLE). */
  sealKeys: () => Promise<OfdSealKeys | undefined>;
}

/** The stored OFD's key, beside the PDF's `licences/{id}.pdf`. */
export const ofdKeyOf = (certificateId: string) => `licences/${certificateId}.ofd`;

export { ofdNotAvailable };

const integrityError = () =>
  new DomainError(
    'UNAVAILABLE',
    'LICENCE_INTEGRITY_ERROR',
    '存储的 OFD 文件未通过完整性校验',
    'The stored OFD file failed its integrity check',
  );

/** What the OFD prints for a ledger record (the same fields the PDF was rendered from). */
export function ofdInputOf(
  deps: Pick<OfdDependencies, 'catalogue' | 'publicBaseUrl'>,
  record: CertificateRecord,
): OfdLicenceInput {
  const item = deps.catalogue.require(record.serviceItemCode);
  return {
    template: item.certificate,
    certificateId: record.certificateId,
    number: record.number,
    identifier: record.identifier,
    holder: record.holder,
    ...(record.holder.idType ? { holderIdType: record.holder.idType } : {}),
    fields: record.fields,
    issuedAt: new Date(record.issuedAt),
    validFrom: new Date(`${record.validFrom}T00:00:00+08:00`),
    validUntil: new Date(`${record.validUntil}T00:00:00+08:00`),
    // The verify URL alone: the offline payload is signed per rendering (ES256) and the PDF carries it.
    verifyUrl: verifyUrlOf(deps.publicBaseUrl, record.certificateId, record.verificationCode),
  };
}

/** Seals made or read by this process, by esID (the stored bytes, never a second seal). */
const sealCache = new Map<string, Promise<Uint8Array>>();

/** Where the seal object of `esId` is stored (beside the licences, in their bucket). */
export const sealObjectKey = (esId: string) => `seals/sm2/${esId}.esl`;

const sealNotReady = (cause: unknown) =>
  new DomainError(
    'UNAVAILABLE',
    'OFD_SEAL_NOT_READY',
    '电子印章尚未制作完成，请稍后再试',
    'The electronic seal has not been made yet; try again later',
    { cause, retryAfterSeconds: 60 },
  );

/**
 * Makes and stores the seal object of (issuer, purpose) unless stored: the seal maker's signature, so only a
 * principal that may sign with the maker key can (on AWS the bootstrap and pki; locally the runtime).
 * Returns the stored bytes (another writer's, if it won the If-None-Match race).
 */
export async function ensureSealObject(
  deps: Pick<OfdDependencies, 'licences' | 'renderer' | 'clock'>,
  keys: OfdSealKeys,
  seal: { issuer: string; purpose: string },
): Promise<Uint8Array> {
  const key = sealObjectKey(sealIdOf({ ...seal, sealCertificate: keys.seal.certificate }));
  const stored = await deps.licences.get(key);
  if (stored) return stored;
  const info = sealInfoFor(await deps.renderer(), {
    ...seal,
    sealCertificate: keys.seal.certificate,
    createdAt: deps.clock.now(),
  });
  const made = await makeSeal(keys.maker, info);
  try {
    await deps.licences.put(key, made, { contentType: 'application/octet-stream', ifNoneMatch: true });
    return made;
  } catch (error) {
    if (!(error instanceof ObjectExistsError)) throw error;
    return (await deps.licences.get(key)) ?? made;
  }
}

/**
 * Makes every seal object the catalogue's templates need (one per distinct issuer and seal purpose): for the
 * principal that holds the maker key (on AWS the SM2 bootstrap or pki), so the OFD functions only read them.
 */
export async function ensureCatalogueSealObjects(
  deps: Pick<OfdDependencies, 'licences' | 'renderer' | 'clock'>,
  keys: OfdSealKeys,
  catalogue: Pick<Catalogue, 'list'>,
): Promise<string[]> {
  const seals = new Map<string, { issuer: string; purpose: string }>();
  for (const item of catalogue.list()) {
    const { issuer, sealPurpose: purpose } = item.certificate;
    seals.set(`${issuer}\u0000${purpose}`, { issuer, purpose });
  }
  const made: string[] = [];
  for (const seal of seals.values()) {
    await ensureSealObject(deps, keys, seal);
    made.push(sealObjectKey(sealIdOf({ ...seal, sealCertificate: keys.seal.certificate })));
  }
  return made;
}

/**
 * The stored seal object of this seal and key, cached per process. Where it is missing and this principal may
 * not sign with the maker key (on AWS the seal objects are made at bootstrap), 503 OFD_SEAL_NOT_READY.
 */
async function sealObject(
  deps: OfdDependencies,
  keys: OfdSealKeys,
  issuer: string,
  purpose: string,
): Promise<Uint8Array> {
  const esId = sealIdOf({ issuer, purpose, sealCertificate: keys.seal.certificate });
  let pending = sealCache.get(esId);
  if (!pending) {
    pending = ensureSealObject(deps, keys, { issuer, purpose }).catch((error: unknown) => {
      sealCache.delete(esId);
      throw error instanceof DomainError ? error : sealNotReady(error);
    });
    sealCache.set(esId, pending);
  }
  return pending;
}

/** A stored OFD is served only if its seal is ours, intact, and it names this licence. */
function checkStored(bytes: Uint8Array, keys: OfdSealKeys, certificateId: string): void {
  const check = verifyOfdSeal(bytes, { roots: [keys.maker.certificate] });
  if (check.status !== 'VALID' || check.customDatas.certificateId !== certificateId) throw integrityError();
}

/** The licence's OFD: the stored one, or rendered, sealed and stored now. */
export async function licenceOfd(deps: OfdDependencies, record: CertificateRecord): Promise<Uint8Array> {
  const keys = await deps.sealKeys();
  if (!keys) throw ofdNotAvailable();
  const key = ofdKeyOf(record.certificateId);
  const stored = await deps.licences.get(key);
  if (stored) {
    checkStored(stored, keys, record.certificateId);
    return stored;
  }
  const input = ofdInputOf(deps, record);
  const renderer = await deps.renderer();
  const seal = await sealObject(deps, keys, input.template.issuer, input.template.sealPurpose);
  const ofd = await sealOfd(
    renderer.render(input),
    { signer: keys.seal.signer, certificate: keys.seal.certificate, seal },
    deps.clock.now(),
  );
  try {
    await deps.licences.put(key, ofd, { contentType: 'application/ofd', ifNoneMatch: true });
    return ofd;
  } catch (error) {
    if (!(error instanceof ObjectExistsError)) throw error;
    // Another request stored it first: everyone serves that one.
    const winner = await deps.licences.get(key);
    if (!winner) throw error;
    checkStored(winner, keys, record.certificateId);
    return winner;
  }
}
