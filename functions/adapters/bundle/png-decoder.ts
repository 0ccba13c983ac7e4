/**
 * Stands in for `@pdf-lib/upng` in the Lambda bundles (lib/bundling.ts aliases it): pdf-lib's PNG decoder
 * (25 KB), needed only by `embedPng`. Licences draw the seal and the QR code as vectors and embed no image,
 * so nothing here is ever called; if a change ever does, it fails at once with this message — and
 * test/infra/bundling.test.ts renders and seals a licence with the bundled code to prove it does not.
 */
const notBundled = (): never => {
  throw new Error('the PNG decoder is not in this bundle: licences embed no images');
};

export default { decode: notBundled, toRGBA8: notBundled };
