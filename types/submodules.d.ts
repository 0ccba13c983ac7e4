/** Typings for single modules of packages whose index would pull far more into the Lambda bundles. */

/** forge's DER codec on its own (`node-forge`'s index loads every algorithm; only this module is used at runtime). */
declare module 'node-forge/lib/asn1.js' {
  import type forge from 'node-forge';

  const asn1: typeof forge.asn1;
  export default asn1;
}

/** The QR encoder alone (`qrcode`'s index also loads its PNG, SVG and terminal renderers). */
declare module 'qrcode/lib/core/qrcode.js' {
  import type { create as createQr, QRCodeSegment as QRCodeSegmentType, QRCode as QRCodeType } from 'qrcode';

  export const create: typeof createQr;
  export type QRCode = QRCodeType;
  export type QRCodeSegment = QRCodeSegmentType;
}

/** The QR encoder's mask module: the encoder looks `getBestMask` up on it at each call (licence/render/qr-mask.ts). */
declare module 'qrcode/lib/core/mask-pattern.js' {
  const maskPattern: {
    getBestMask(
      matrix: { size: number; data: Uint8Array; reservedBit: Uint8Array },
      setupFormat: (pattern: number) => void,
    ): number;
  };
  export default maskPattern;
}
