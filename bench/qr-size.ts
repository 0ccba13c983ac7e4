/**
 * The licence QR with its offline payload (`verifyUrl#ZZ1:…`): its QR version at level M and the payload's
 * size, for every catalogue template at its longest (serial 9999999, the longest number prefix, an
 * organisation holder with a long name, a status-list entry near 2^20), under the given public base URLs.
 * The printed code must stay at version 15 or below (core/qr/licence-qr.ts).
 */

import { generateKeyPairSync, sign } from 'node:crypto';
import { catalogueFiles } from '../functions/catalogue/index.js';
import { buildCatalogue } from '../functions/core/catalogue/catalogue.js';
import { buildIdentifier } from '../functions/core/licence/identifier.js';
import { formatLicenceNumber } from '../functions/core/licence/licence-number.js';
import { es256JwkOfSpki } from '../functions/core/qr/jwk.js';
import { type LicenceQrIssuer, MAX_QR_VERSION, qrVersionOf } from '../functions/core/qr/licence-qr.js';
import {
  coseOfPayload,
  licenceQrClaims,
  qrTextOf,
  signLicencePayload,
} from '../functions/core/qr/payload.js';

export interface QrSize {
  baseUrl: string;
  /** The largest over the catalogue's templates. */
  version: number;
  textChars: number;
  payloadChars: number;
  coseBytes: number;
  fits: boolean;
}

function memorySigner(): LicenceQrIssuer['signer'] {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = es256JwkOfSpki(publicKey.export({ format: 'der', type: 'spki' }));
  return {
    algorithm: 'ES256',
    sign: async (message) => sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }),
    publicJwk: async () => jwk,
  };
}

/** The worst case over the catalogue for one public base URL. */
export async function measureQrSize(baseUrl: string): Promise<QrSize> {
  const signer = memorySigner();
  const catalogue = buildCatalogue(catalogueFiles);
  let worst: QrSize | undefined;
  for (const item of catalogue.list()) {
    const template = item.certificate;
    const certificateId = 'CERT-01KBZ3Y5T9QW8D2M4N6P8R0S2T';
    const verifyUrl = `${baseUrl}/verify/${certificateId}?code=ABCDEFGHJKMNPQRSTVWXYZ0123`;
    const licence = {
      certificateId,
      identifier: buildIdentifier({ ...template, serial: 9_999_999, version: 1 }),
      number: formatLicenceNumber({ prefix: template.numberPrefix, year: 2026, serial: 9_999_999 }),
      type: template.type,
      issuer: template.issuer,
      holder: {
        type: 'ORGANIZATION' as const,
        name: '湖南某某医疗器械股份有限公司长沙分公司',
        idType: '001',
      },
      holderKey: 'k'.repeat(43),
      fields: {},
      issuedAt: '2026-12-06T04:00:00.000Z',
      validFrom: '2026-12-06',
      validUntil: '2056-12-05',
      statusList: { listId: '999', idx: 1_048_575 },
    };
    const payload = await signLicencePayload(signer, licenceQrClaims(baseUrl, licence));
    const text = qrTextOf(verifyUrl, payload);
    const version = qrVersionOf(text);
    const size: QrSize = {
      baseUrl,
      version,
      textChars: text.length,
      payloadChars: payload.length,
      coseBytes: coseOfPayload(payload).length,
      fits: version <= MAX_QR_VERSION,
    };
    if (!worst || version > worst.version || (version === worst.version && text.length > worst.textChars))
      worst = size;
  }
  if (!worst) throw new Error('no templates');
  return worst;
}
