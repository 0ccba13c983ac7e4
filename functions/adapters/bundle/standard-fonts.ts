/**
 * Stands in for `@pdf-lib/standard-fonts` in the Lambda bundles (lib/bundling.ts aliases it). That package is
 * the metrics of PDF's 14 standard fonts (127 KB), which pdf-lib needs only for `embedStandardFont` and form
 * fields: a licence embeds its own fonts (Noto) and has no form fields, so nothing here is ever loaded. If a
 * change ever does, it fails at once with this message — and test/infra/bundling.test.ts renders and
 * seals a licence with the bundled code to prove it does not.
 */
export enum FontNames {
  Courier = 'Courier',
  CourierBold = 'Courier-Bold',
  CourierOblique = 'Courier-Oblique',
  CourierBoldOblique = 'Courier-BoldOblique',
  Helvetica = 'Helvetica',
  HelveticaBold = 'Helvetica-Bold',
  HelveticaOblique = 'Helvetica-Oblique',
  HelveticaBoldOblique = 'Helvetica-BoldOblique',
  TimesRoman = 'Times-Roman',
  TimesRomanBold = 'Times-Bold',
  TimesRomanItalic = 'Times-Italic',
  TimesRomanBoldItalic = 'Times-BoldItalic',
  Symbol = 'Symbol',
  ZapfDingbats = 'ZapfDingbats',
}

const notBundled = (): never => {
  throw new Error('the PDF standard fonts are not in this bundle: licences embed their own fonts');
};

export const Encodings = {};

export const Font = { load: notBundled };
