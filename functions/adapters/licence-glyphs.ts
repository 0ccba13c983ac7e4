/**
 * The code points the licence fonts can draw, as data derived from their cmaps (scripts/licence-glyphs.ts
 * writes it; a test holds it to the installed fonts). Functions that take text in check against it without
 * carrying the 25 MB of fonts the renderer needs.
 */
import { GlyphCoverage, unpackRanges } from '../core/licence/printable.js';
import data from './licence-glyphs.json' with { type: 'json' };

/** The coverage of the shipped licence fonts (built on first use, then shared). */
let coverage: GlyphCoverage | undefined;
export const licenceGlyphCoverage = (): GlyphCoverage => {
  coverage ??= new GlyphCoverage(unpackRanges(data.packedRanges));
  return coverage;
};
