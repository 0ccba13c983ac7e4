/**
 * The digest and signature algorithms of other issuers' CMS (RFC 5652 with RFC 3370, 4055, 5754, 5758, 8419,
 * BSI TR-03111 plain ECDSA), mapped to what node:crypto verifies. An algorithm not listed makes a signature
 * uncheckable — never "tampered".
 */

/** Digest algorithm OID → node:crypto hash name. */
export const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.7': 'sha3-224',
  '2.16.840.1.101.3.4.2.8': 'sha3-256',
  '2.16.840.1.101.3.4.2.9': 'sha3-384',
  '2.16.840.1.101.3.4.2.10': 'sha3-512',
  '1.3.36.3.2.1': 'ripemd160',
  '1.2.840.113549.2.5': 'md5',
};

/** How a signature algorithm is verified: its hash (undefined: the SignerInfo's digest) and key options. */
export interface SignatureScheme {
  name: string;
  hash?: string | null;
  pss?: boolean;
  plain?: boolean;
}

const rsa = (hash?: string): SignatureScheme => ({
  name: `RSASSA-PKCS1-v1_5${hash ? ` ${hash}` : ''}`,
  hash,
});
const ecdsa = (hash?: string, plain = false): SignatureScheme => ({
  name: `${plain ? 'plain-' : ''}ECDSA${hash ? ` ${hash}` : ''}`,
  hash,
  plain,
});

/** Signature algorithm OID → scheme. */
export const SIGNATURES: Record<string, SignatureScheme> = {
  '1.2.840.113549.1.1.1': rsa(),
  '1.2.840.113549.1.1.4': rsa('md5'),
  '1.2.840.113549.1.1.5': rsa('sha1'),
  '1.2.840.113549.1.1.14': rsa('sha224'),
  '1.2.840.113549.1.1.11': rsa('sha256'),
  '1.2.840.113549.1.1.12': rsa('sha384'),
  '1.2.840.113549.1.1.13': rsa('sha512'),
  '2.16.840.1.101.3.4.3.13': rsa('sha3-224'),
  '2.16.840.1.101.3.4.3.14': rsa('sha3-256'),
  '2.16.840.1.101.3.4.3.15': rsa('sha3-384'),
  '2.16.840.1.101.3.4.3.16': rsa('sha3-512'),
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', pss: true },
  '1.2.840.10045.2.1': ecdsa(),
  '1.2.840.10045.4.1': ecdsa('sha1'),
  '1.2.840.10045.4.3.1': ecdsa('sha224'),
  '1.2.840.10045.4.3.2': ecdsa('sha256'),
  '1.2.840.10045.4.3.3': ecdsa('sha384'),
  '1.2.840.10045.4.3.4': ecdsa('sha512'),
  '2.16.840.1.101.3.4.3.9': ecdsa('sha3-224'),
  '2.16.840.1.101.3.4.3.10': ecdsa('sha3-256'),
  '2.16.840.1.101.3.4.3.11': ecdsa('sha3-384'),
  '2.16.840.1.101.3.4.3.12': ecdsa('sha3-512'),
  '0.4.0.127.0.7.1.1.4.1.1': ecdsa('sha1', true),
  '0.4.0.127.0.7.1.1.4.1.2': ecdsa('sha224', true),
  '0.4.0.127.0.7.1.1.4.1.3': ecdsa('sha256', true),
  '0.4.0.127.0.7.1.1.4.1.4': ecdsa('sha384', true),
  '0.4.0.127.0.7.1.1.4.1.5': ecdsa('sha512', true),
  '0.4.0.127.0.7.1.1.4.1.8': ecdsa('sha3-224', true),
  '0.4.0.127.0.7.1.1.4.1.9': ecdsa('sha3-256', true),
  '0.4.0.127.0.7.1.1.4.1.10': ecdsa('sha3-384', true),
  '0.4.0.127.0.7.1.1.4.1.11': ecdsa('sha3-512', true),
  '1.2.840.10040.4.3': { name: 'DSA sha1', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.2': { name: 'DSA sha256', hash: 'sha256' },
  '1.3.101.112': { name: 'Ed25519', hash: null },
  '1.3.101.113': { name: 'Ed448', hash: null },
};
