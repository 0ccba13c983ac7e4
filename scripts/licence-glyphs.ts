/**
 * Writes functions/adapters/licence-glyphs.json: the code points the licence fonts (primary and fallbacks,
 * see functions/adapters/font-files.ts) have glyphs for, which case intake checks text against without
 * bundling 25 MB of fonts into every function. Run after changing or updating a font:
 *
 *   npx tsx scripts/licence-glyphs.ts && npx biome check --write functions/adapters/licence-glyphs.json
 *
 * test/unit/licence/printable.test.ts fails while the file and the installed fonts disagree.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { FALLBACK_FONTS, loadLicenceFonts, PRIMARY_FONT } from '../functions/adapters/font-files.js';
import { packRanges, rangesOf } from '../functions/core/licence/printable.js';

/** The data file's content for the installed fonts. */
export async function licenceGlyphData(): Promise<{ fonts: string[]; packedRanges: number[] }> {
  const { primary, fallbacks } = await loadLicenceFonts();
  const codePoints = [primary, ...fallbacks].flatMap((bytes) => {
    const font = fontkit.create(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    ) as fontkit.Font;
    return font.characterSet;
  });
  return { fonts: [PRIMARY_FONT, ...FALLBACK_FONTS], packedRanges: packRanges(rangesOf(codePoints)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../functions/adapters/licence-glyphs.json', import.meta.url));
  await writeFile(target, `${JSON.stringify(await licenceGlyphData())}\n`);
  process.stdout.write(`wrote ${target}\n`);
}
