/**
 * Other issuers whose sealed documents `POST /v1/verifications` and material uploads accept as genuine
 * (verdict VALID_OTHER_ISSUER). Nothing here is trusted until `loadTrustedIssuers` validated it at start-up.
 * Adding an issuer = a JSON file `{"name","source","certificates":"-----BEGIN CERTIFICATE-----…"}` in this
 * folder and one line below, after checking its roots with the issuer (out of band, never from a document).
 * The deployment ships with none: which other departments to trust is a decision of the operator.
 */

/** Every trusted-issuer file with its file name, so a validation error can name the file to fix. */
export const trustedIssuerFiles: Array<{ file: string; content: unknown }> = [];
