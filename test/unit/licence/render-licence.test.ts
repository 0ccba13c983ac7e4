import { inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLicenceFonts } from '../../../functions/adapters/font-files.js';
import { DomainError } from '../../../functions/core/errors.js';
import {
  createLicenceRenderer,
  type LicenceRenderer,
  type LicenceRenderInput,
} from '../../../functions/core/licence/render/render-licence.js';
import { foodTemplate } from '../../fixtures/licence.js';

const template = foodTemplate([
  { key: 'productName', label: '产品名称' },
  { key: 'categories', label: '食品类别' },
]);

const input = (overrides: Partial<LicenceRenderInput> = {}): LicenceRenderInput => ({
  template,
  certificateId: 'cert-0001',
  number: '湘食SC20260326001',
  identifier: '1.2.156.3005.2.SC01.11430000MB1234567X.2026032600001.7',
  holder: { name: '张小三', idNumber: '430102199001011234', organization: '长沙某某食品有限公司' },
  fields: { productName: '芝麻香油', categories: ['食用油', '调味品'] },
  issuedAt: new Date('2026-03-26T02:00:00Z'),
  validFrom: new Date('2026-03-26T02:00:00Z'),
  validUntil: new Date('2031-03-25T15:59:59Z'),
  verifyUrl: 'https://zz.example.gov.cn/verify/cert-0001?code=AB12CD34',
  ...overrides,
});

/** BaseFont names of the embedded (CID) fonts, after pdf-lib has written them. */
const embeddedFontNames = async (doc: PDFDocument): Promise<string[]> => {
  await doc.flush();
  return doc.context
    .enumerateIndirectObjects()
    .map(([, obj]) => obj)
    .filter(
      (obj): obj is PDFDict => obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('Font'),
    )
    .map((font) => String(font.get(PDFName.of('BaseFont'))))
    .filter((name) => !name.includes('Identity'));
};

let renderer: LicenceRenderer;

beforeAll(async () => {
  renderer = createLicenceRenderer(await loadLicenceFonts());
});

describe('licence renderer', () => {
  it('renders equal input to identical bytes and different input to different bytes', async () => {
    // Act
    const first = await (await renderer.render(input())).doc.save();
    const second = await (await renderer.render(input())).doc.save();
    const other = await (await renderer.render(input({ number: '湘食SC20260326002' }))).doc.save();
    // Assess
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
  });

  it('embeds only the primary font, as a tagged subset, when every character is in it', async () => {
    // Act
    const { doc } = await renderer.render(input({ holder: { name: '欧阳喆堃䶮' } }));
    // Assess
    const names = await embeddedFontNames(doc);
    expect(names.some((n) => /^\/[A-Z]{6}\+NotoSerifSC-Regular$/.test(n))).toBe(true);
    expect(names.some((n) => n.includes('NotoSerifHK'))).toBe(false);
  });

  it('falls back per character to the fuller font for a name with an Extension B ideograph', async () => {
    // Act
    const { doc } = await renderer.render(input({ holder: { name: '李𠇔' } }));
    // Assess
    const names = await embeddedFontNames(doc);
    expect(names.some((n) => n.includes('NotoSerifSC'))).toBe(true);
    expect(names.some((n) => n.includes('NotoSerifHK'))).toBe(true);
  });

  it('refuses with UNRENDERABLE_CHARACTER instead of printing tofu for a character no font has', async () => {
    // Act: U+2A6A5 𪚥 is in Extension B but in neither Noto Serif SC nor HK.
    const attempt = renderer.render(input({ holder: { name: '王𪚥' } }));
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({
      code: 'UNRENDERABLE_CHARACTER',
      details: { codePoint: 'U+2A6A5' },
    });
  });

  it('writes XMP with the identifier, type, issuer, validity and only the masked holder name', async () => {
    // Act
    const { doc } = await renderer.render(input());
    const ref = doc.catalog.get(PDFName.of('Metadata'));
    const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
    const xmp = stream instanceof PDFRawStream ? new TextDecoder().decode(stream.contents) : '';
    // Assess
    expect(xmp).toContain(
      '<zz:identifier>1.2.156.3005.2.SC01.11430000MB1234567X.2026032600001.7</zz:identifier>',
    );
    expect(xmp).toContain('<zz:typeName>食品生产许可证</zz:typeName>');
    expect(xmp).toContain('<zz:issuer>湖南省市场监督管理局</zz:issuer>');
    expect(xmp).toContain('<zz:holder>张*三</zz:holder>');
    expect(xmp).toContain('<zz:validFrom>2026-03-26</zz:validFrom>');
    expect(xmp).toContain('<zz:validUntil>2031-03-25</zz:validUntil>');
    expect(xmp).not.toContain('张小三');
    expect(xmp).not.toContain('430102199001011234');
    expect(doc.getTitle()).toBe('食品生产许可证（湘食SC20260326001）');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-03-26T02:00:00.000Z');
  });

  it('returns the seal as a 42 mm Form XObject placed inside the page, over the issuer line', async () => {
    // Act
    const { doc, seal } = await renderer.render(input());
    const appearance = doc.context.lookup(seal.appearance);
    // Assess
    expect(appearance).toBeInstanceOf(PDFStream);
    const dict = (appearance as PDFStream).dict;
    expect(dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('Form'));
    const [x1, y1, x2, y2] = seal.rect;
    expect(x2 - x1).toBeCloseTo((42 / 25.4) * 72, 1);
    expect(y2 - y1).toBeCloseTo(x2 - x1, 5);
    const { width, height } = doc.getPage(seal.pageIndex).getSize();
    expect(x1).toBeGreaterThan(width / 2);
    expect(x2).toBeLessThan(width);
    expect(y1).toBeGreaterThan(0);
    expect(y2).toBeLessThan(height / 3);
  });

  it('rejects content that cannot fit on one page with LICENCE_CONTENT_TOO_LONG', async () => {
    // Prepare
    const long = '超长内容'.repeat(400);
    // Act / Assess
    await expect(renderer.render(input({ fields: { productName: long } }))).rejects.toMatchObject({
      code: 'LICENCE_CONTENT_TOO_LONG',
    });
  });
});

describe('licence font subsets', () => {
  /** The inflated font programs (FontFile2) of a saved licence. */
  const fontPrograms = async (doc: PDFDocument): Promise<Buffer[]> => {
    const bytes = await doc.save();
    const saved = await PDFDocument.load(bytes);
    return saved.context
      .enumerateIndirectObjects()
      .map(([, obj]) => obj)
      .filter((obj): obj is PDFDict => obj instanceof PDFDict && obj.has(PDFName.of('FontFile2')))
      .map((descriptor) => {
        const stream = saved.context.lookup(descriptor.get(PDFName.of('FontFile2'))) as PDFRawStream;
        return inflateSync(stream.contents);
      });
  };

  it('start with the same outlines for two licences of one type (the template text’s glyphs come first)', async () => {
    // Arrange
    const a = await renderer.render(input());
    const b = await renderer.render(
      input({
        holder: { name: '李四', idNumber: '430102198502023456', organization: '株洲某某食品厂' },
        fields: { productName: '菜籽油', categories: ['米面'] },
      }),
    );
    // Act
    const [fontA] = await fontPrograms(a.doc);
    const [fontB] = await fontPrograms(b.doc);
    // Assess: same bytes from the glyf table's start over most of its length (title, labels, footer, issuer)
    const glyfAt = (font: Buffer) => {
      for (let i = 0; i < font.readUInt16BE(4); i++)
        if (font.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'glyf')
          return font.readUInt32BE(20 + 16 * i);
      throw new Error('no glyf table');
    };
    const [glyfA, glyfB] = [glyfAt(fontA as Buffer), glyfAt(fontB as Buffer)];
    let common = 0;
    while (fontA?.[glyfA + common] === fontB?.[glyfB + common]) common++;
    expect(common).toBeGreaterThan((fontA as Buffer).length / 2);
  });
});
