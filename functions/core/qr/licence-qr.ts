/**
 * The QR text a licence is printed with: its verify URL with the signed offline payload in the fragment
 * (payload.ts), signed at issuance by the QR key (KMS, ES256). A QR code above version 15 at level M no
 * longer reads reliably at the printed size (32 mm); should a licence's payload not fit — a public base URL
 * much longer than 30 characters — the code carries the verify URL alone: every camera still opens it, and
 * only the offline check is lost for that licence (`fits: false`).
 */
import type { TokenSigner } from '../../ports/token-signer.js';
import { qrCodeOf } from '../licence/render/page-model.js';
import { licenceQrClaims, type QrLicenceSource, qrTextOf, signLicencePayload } from './payload.js';

/** The largest QR version printed (level M). */
export const MAX_QR_VERSION = 15;

/** Who signs the payloads: the service's public base URL (the `iss` claim) and the QR key. */
export interface LicenceQrIssuer {
  issuerUrl: string;
  signer: TokenSigner;
}

/** The QR version of `text` at level M (as the renderer draws it). */
export const qrVersionOf = (text: string): number => qrCodeOf(text).version;

/** The licence's QR text: `verifyUrl#ZZ1:…` when it fits version 15, else `verifyUrl`. */
export async function licenceQrText(
  issuer: LicenceQrIssuer,
  licence: QrLicenceSource,
  verifyUrl: string,
): Promise<{ text: string; fits: boolean; version: number }> {
  const payload = await signLicencePayload(issuer.signer, licenceQrClaims(issuer.issuerUrl, licence));
  const text = qrTextOf(verifyUrl, payload);
  const version = qrVersionOf(text);
  if (version <= MAX_QR_VERSION) return { text, fits: true, version };
  return { text: verifyUrl, fits: false, version: qrVersionOf(verifyUrl) };
}
