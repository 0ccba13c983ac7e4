/**
 * Where a certificate says its revocation status is published: the CRL distribution point URIs
 * (2.5.29.31) and the AIA OCSP responder URIs (1.3.6.1.5.5.7.1.1), read with forge.asn1.
 */
import { children, decodeDer, oidOf, primitiveBytes } from './der.js';

/** HTTP(S) URIs only: an LDAP or file pointer is of no use to a Lambda. */
const httpUri = (bytes: Uint8Array) => {
  const text = Buffer.from(bytes).toString('latin1');
  return /^https?:\/\//.test(text) ? [text] : [];
};

/** The CRL and OCSP URIs in a DER certificate; empty lists when it names none (or cannot be read). */
export function revocationPointersOf(certificate: Uint8Array): { crl: string[]; ocsp: string[] } {
  const out = { crl: [] as string[], ocsp: [] as string[] };
  try {
    const tbs = children(children(decodeDer(certificate))[0]);
    const extensionsNode = tbs.find((node) => node.tagClass === 0x80 && node.type === 3);
    if (!extensionsNode) return out;
    for (const extension of children(children(extensionsNode)[0])) {
      const parts = children(extension);
      const id = oidOf(parts[0]);
      const value = decodeDer(primitiveBytes(parts.at(-1)));
      if (id === '2.5.29.31') {
        for (const point of children(value)) {
          const name = children(point).find((node) => node.tagClass === 0x80 && node.type === 0);
          const fullName = name ? children(name).find((node) => node.type === 0) : undefined;
          for (const general of fullName ? children(fullName) : [])
            if (general.type === 6) out.crl.push(...httpUri(primitiveBytes(general)));
        }
      } else if (id === '1.3.6.1.5.5.7.1.1') {
        for (const access of children(value)) {
          const [method, location] = children(access);
          if (oidOf(method) === '1.3.6.1.5.5.7.48.1' && location?.type === 6)
            out.ocsp.push(...httpUri(primitiveBytes(location)));
        }
      }
    }
  } catch {
    // An unreadable extension gives no pointers: the caller then has nothing to fetch for this certificate.
  }
  return out;
}
