/**
 * Identifiers and curve constants of the Chinese national algorithms (GB/T 32918 SM2, GB/T 32905 SM3,
 * GM/T 0006 object identifiers).
 */

/** GM/T 0009 §10: the signer ID every party uses unless agreed otherwise (KMS SM2DSA RAW uses it too). */
export const SM2_DEFAULT_SIGNER_ID = '1234567812345678';

/** Object identifiers (GM/T 0006-2012). */
export const SM_OIDS = {
  /** The SM2 curve; in an SPKI it is the namedCurve parameter of id-ecPublicKey. */
  sm2Curve: '1.2.156.10197.1.301',
  /** SM3 digest. */
  sm3: '1.2.156.10197.1.401',
  /** SM3withSM2 signature (AlgorithmIdentifier with absent parameters, as OpenSSL and GB/T 38540 write it). */
  sm3WithSm2: '1.2.156.10197.1.501',
  /** RFC 5480 id-ecPublicKey. */
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

/** GB/T 32918.5 recommended curve parameters (sm2p256v1). */
export const SM2_CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
} as const;
