/**
 * Loads the licence fonts from the npm packages that ship them (TTF, SIL OFL 1.1); see docs/fonts.md.
 * Read once per cold start; the renderer parses them once.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { LicenceFonts } from '../core/licence/render/fonts.js';

const require = createRequire(import.meta.url);

/** Noto Serif SC: all of GB 18030's Han incl. Extension A (喆 堃 䶮); the face of the whole licence. */
export const PRIMARY_FONT = '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf';

/**
 * Noto Serif HK: ~1,700 Extension B ideographs (HKSCS) that Noto Serif SC lacks (e.g. 𠇔 U+201D4), in the
 * same serif design; used only per character where the primary font has no glyph.
 */
export const FALLBACK_FONTS = ['@expo-google-fonts/noto-serif-hk/400Regular/NotoSerifHK_400Regular.ttf'];

/** Reads the primary and fallback font files from node_modules (or wherever the bundle put them). */
export async function loadLicenceFonts(): Promise<LicenceFonts> {
  const read = async (specifier: string) => new Uint8Array(await readFile(require.resolve(specifier)));
  const [primary, ...fallbacks] = await Promise.all([PRIMARY_FONT, ...FALLBACK_FONTS].map(read));
  return { primary: primary as Uint8Array, fallbacks };
}
