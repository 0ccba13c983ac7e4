/** Names the QR's data key pairs are kept and bound under (data-key-es256-signer.ts; the stack's grants). */

/** Where the periods' key records are kept (licences bucket). */
export const QR_KEYS_PREFIX = 'pki/qr-keys/';
/** The encryption context's purpose: a ciphertext made for anything else does not open as a QR key. */
export const QR_KEY_PURPOSE = 'zhengzhao-qr-es256';
