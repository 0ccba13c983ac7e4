/**
 * Schemas of what verifiers read: the `Verification` of a licence or an uploaded PDF, and the public key sets
 * of the QR payloads and status lists. They feed /openapi.json like the rest (see schemas.ts).
 */
import * as z from 'zod';
import { VERDICTS } from '../core/certificates/verify-licence.js';

/** A trusted RFC 3161 signature time-stamp of a seal (issue 17). */
const SignatureTimestamp = z
  .object({
    time: z.iso.datetime().describe('The time-stamp token’s genTime (UTC)'),
    tsa: z.string().describe('The time-stamping authority certificate’s CN'),
  })
  .describe('The seal’s signature time-stamp; the seal chain is validated at its time');

export const verificationSchema = z
  .object({
    verdict: z.enum(VERDICTS),
    checkedAt: z.iso.datetime(),
    certificate: z
      .object({
        certificateId: z.string(),
        number: z.string(),
        type: z.string(),
        holderMasked: z.string(),
        issuer: z.string(),
        issuedAt: z.iso.datetime(),
        validFrom: z.string().describe('First day in force (Asia/Shanghai)'),
        validUntil: z.string(),
        status: z.enum(['VALID', 'REVOKED', 'EXPIRED', 'SUSPENDED', 'SUPERSEDED']),
        revokedAt: z.iso.datetime().optional(),
        revocationReason: z.string().optional(),
        supersededByNumber: z.string().optional(),
      })
      .optional(),
    signature: z
      .object({
        signer: z.string(),
        signedAt: z.string().optional(),
        coversWholeDocument: z.boolean(),
        algorithm: z.string(),
        certificateSerial: z.string(),
        level: z
          .enum(['B-B', 'B-T', 'B-LT', 'B-LTA'])
          .optional()
          .describe(
            'PAdES baseline level: B-T with a trusted signature time-stamp, B-LT also with the seal chain’s revocation data in the DSS, B-LTA also with a document time-stamp',
          ),
        timestamp: SignatureTimestamp.optional(),
      })
      .optional(),
    signatures: z
      .array(
        z
          .object({
            field: z.string().describe('Fully qualified signature field name; empty when no field names it'),
            signer: z.string().optional(),
            signedAt: z.string().optional(),
            revision: z.number().int().describe('1-based revision the signature covers (0: none)'),
            coversRevision: z.boolean(),
            intact: z.boolean(),
            coversWholeDocument: z.boolean(),
            signerTrust: z.enum(['OWN_SEAL', 'TRUSTED_ISSUER', 'UNKNOWN']),
            trustedIssuer: z.string().optional(),
            laterChanges: z.enum(['NONE', 'ALLOWED', 'DISALLOWED']),
            docMdp: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
            kind: z.enum(['SIGNATURE', 'DOC_TIMESTAMP']),
            algorithm: z.string().optional(),
            timestamp: SignatureTimestamp.optional(),
          })
          .meta({ id: 'SignatureReport' }),
      )
      .optional()
      .describe('Every signature of an uploaded file, each checked over its own revision'),
    reasons: z.array(z.object({ code: z.string(), message: z.string() })),
  })
  .meta({ id: 'Verification' });

/** The JWK Set of an ES256 key of ours (a KMS ECC_NIST_P256 key; only its public part). */
const es256KeySet = (id: string, kid: string) =>
  z
    .object({
      keys: z.array(
        z.object({
          kty: z.literal('EC'),
          crv: z.literal('P-256'),
          x: z.string(),
          y: z.string(),
          kid: z.string().describe(kid),
          use: z.literal('sig'),
          alg: z.literal('ES256'),
        }),
      ),
    })
    .meta({ id });

/** `GET /.well-known/qr-keys.json`: the JWK Set of the licence QR payloads' ES256 key. */
export const qrKeysSchema = es256KeySet(
  'QrKeys',
  'First 8 bytes of the RFC 7638 thumbprint, base64url; the COSE protected header kid',
);

/** `GET /.well-known/status-list-keys.json`: the JWK Set of the status list tokens' ES256 key. */
export const statusListKeysSchema = es256KeySet('StatusListKeys', "RFC 7638 thumbprint; the tokens' JWS kid");
