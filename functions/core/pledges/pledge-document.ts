/**
 * The pledge document (告知承诺书) of a case: the item, the materials the pledge stands in for, the pledge text
 * as the catalogue words it, its legal basis, the consequences of a false pledge, the signatory and the time
 * of acceptance. Drawn with the licence fonts on the form templates' canvas (the same wrapping and per-
 * character font fallback), so every name an applicant may have renders. Deterministic for the same input.
 */
import { PDFName, PDFString } from 'pdf-lib';
import { FontSet, type LicenceFonts } from '../licence/render/fonts.js';
import { embedFontsFor } from '../licence/render/text.js';
import { createDeterministicDocument, PRODUCER } from '../licence/render/xmp.js';
import { AREA, MUTED, TemplateCanvas } from '../templates/template-canvas.js';

/** What the document says; `acceptedAt` is printed as a date and time in Asia/Shanghai. */
export interface PledgeDocumentInput {
  caseId: string;
  itemCode: string;
  itemName: string;
  department: string;
  /** The materials the pledge replaces, by their checklist names. */
  replaces: Array<{ code: string; name: string }>;
  text: string;
  basis: string;
  checkWithinWorkingDays: number;
  barDays: number;
  signatory: string;
  /** The organisation the signatory pledges for, if any. */
  organization?: string;
  acceptedAt: Date;
}

/** Renders pledge documents (the part composed into the cases function: pdf-lib and the licence fonts). */
export interface PledgeDocumentRenderer {
  render(input: PledgeDocumentInput): Promise<Uint8Array>;
}

const TITLE = '证明事项告知承诺书';
const WIDTH = AREA.right - AREA.left;

/** `YYYY年M月D日 HH:mm` in Asia/Shanghai. */
export function shanghaiDateTime(instant: Date): string {
  const t = new Date(instant.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** The document's paragraphs, heading first: every string it prints (fonts are embedded for these). */
export function pledgeParagraphs(input: PledgeDocumentInput): Array<{ heading?: string; text: string }> {
  const consequence =
    `许可机关自审批通过之日起${input.checkWithinWorkingDays}个工作日内对承诺内容进行核查。经核查承诺不实的，` +
    `依法撤销本次办理取得的全部证照，记入信用记录，且承诺人自核查之日起${input.barDays}日内不得再以告知承诺方式办理本事项。`;
  return [
    {
      heading: '事项',
      text: `${input.itemName}（事项编码 ${input.itemCode}），受理部门：${input.department}，办件编号：${input.caseId}`,
    },
    {
      heading: '以承诺替代的证明材料',
      text: input.replaces.map((m, i) => `${i + 1}. ${m.name}（${m.code}）`).join('；'),
    },
    { heading: '承诺内容', text: input.text },
    { heading: '依据', text: input.basis },
    { heading: '核查与失信后果', text: consequence },
    {
      heading: '承诺人',
      text: `${input.organization ? `${input.organization}，` : ''}签署人：${input.signatory}。本人已阅读并同意上述承诺（在线确认）。`,
    },
    { heading: '承诺时间', text: shanghaiDateTime(input.acceptedAt) },
  ];
}

/** Renders the pledge document of `input` with the fonts of `fontSet`. */
export async function renderPledgeDocument(
  fontSet: FontSet,
  input: PledgeDocumentInput,
): Promise<Uint8Array> {
  const paragraphs = pledgeParagraphs(input);
  const footer = `${input.caseId} · 告知承诺书由系统根据办事指南生成，承诺人在线确认`;
  const doc = await createDeterministicDocument();
  doc.registerFontkit(fontSet.pdfFontkit);
  const texts = [TITLE, footer, '第页共', ...paragraphs.flatMap((p) => [p.heading ?? '', p.text])];
  const fonts = await embedFontsFor(doc, fontSet, texts, `pledge/${input.caseId}`);
  const c = new TemplateCanvas(doc, fontSet, fonts);
  c.centred(TITLE, c.y - 22, 20, true);
  c.y -= 48;
  for (const paragraph of paragraphs) {
    const heading = paragraph.heading ? c.wrap(paragraph.heading, WIDTH, 12) : undefined;
    const body = c.wrap(paragraph.text, WIDTH - 12, 10.5, 17);
    c.ensure(
      (heading ? TemplateCanvas.heightOf(heading) + 6 : 0) + Math.min(TemplateCanvas.heightOf(body), 60),
    );
    if (heading) c.y = c.text(heading, AREA.left, c.y, { bold: true }) - 6;
    for (const line of body.lines) {
      c.ensure(17);
      c.y = c.text({ lines: [line], size: body.size, leading: body.leading }, AREA.left + 12, c.y) - 6.5;
    }
    c.y -= 12;
  }
  c.footers(footer);
  c.pages.forEach((page) => {
    page.drawLine({
      start: { x: AREA.left, y: 48 },
      end: { x: AREA.right, y: 48 },
      thickness: 0.4,
      color: MUTED,
    });
  });
  doc.setTitle(`${TITLE}（${input.itemName}）`, { showInWindowTitleBar: true });
  doc.setSubject(`${input.itemCode} ${input.caseId}`);
  doc.setAuthor(input.department);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'));
  return doc.save();
}

/** A renderer over the licence fonts (parsed here, once). */
export function createPledgeDocumentRenderer(fonts: LicenceFonts): PledgeDocumentRenderer {
  const fontSet = new FontSet(fonts);
  return { render: (input) => renderPledgeDocument(fontSet, input) };
}
