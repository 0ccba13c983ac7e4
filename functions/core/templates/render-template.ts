/**
 * Renders the blank application form (申请表) of a service item as a Chinese PDF: the item, its departments,
 * every form field with its label and a blank line, tick boxes or table to fill in, the materials checklist
 * and the applicant's declaration. Pure and deterministic: the same catalogue gives the same bytes (no clock,
 * deterministic font subset tags, no dates in the metadata), so a template can be cached and compared.
 */
import { PDFName, PDFString } from 'pdf-lib';
import type { ServiceItem } from '../catalogue/types.js';
import { FontSet, type LicenceFonts } from '../licence/render/fonts.js';
import { embedFontsFor } from '../licence/render/text.js';
import { createDeterministicDocument, PRODUCER } from '../licence/render/xmp.js';
import { type FormTemplate, formTemplateOf, type TemplateRow } from './form-template.js';
import { AREA, MUTED, TemplateCanvas } from './template-canvas.js';

const LEGEND = '填表说明：带 * 号的栏目为必填项；选择项请在方框内打 √；栏目不够填写的，可另附页并注明。';
const DECLARATION = '本申请人承诺：所填写内容及所提交材料真实、准确、完整，如有虚假，愿承担相应法律责任。';
const SIGNATURE = '申请人（签章）：';
const SIGNATURE_DATE = '日期：　　　　年　　月　　日';
const LABEL_WIDTH = 150;
const PAD = 5;
const WRITING_LINE = 22;

const labelText = (row: TemplateRow): string => `${row.required ? '* ' : ''}${row.label}`;

/** Every string the template prints, so the needed fonts are embedded (and every character checked) first. */
export function templateTexts(template: FormTemplate): string[] {
  return [
    template.title,
    template.itemName,
    template.itemNameEn,
    template.department,
    ...template.departments,
    LEGEND,
    DECLARATION,
    SIGNATURE,
    SIGNATURE_DATE,
    '一、申请信息二、申请材料清单三、申请人声明序号材料名称提交要求已备事项编码受理部门审批部门承诺时限个工作日第页共',
    ...template.rows.flatMap((r) => [
      labelText(r),
      r.hint ?? '',
      ...(r.kind === 'choices' ? r.choices : r.kind === 'table' ? r.columns : []),
    ]),
    ...template.materials.flatMap((m) => [m.name, m.requirement, m.description ?? '']),
  ];
}

function drawHeader(c: TemplateCanvas, t: FormTemplate): void {
  const title = c.wrap(t.title, AREA.right - AREA.left, 20, 26);
  title.lines.forEach((line, i) => {
    c.centred(line, c.y - 20 - i * 26, 20, true);
  });
  c.y -= TemplateCanvas.heightOf(title) + 16;
  const facts = [
    `事项：${t.itemName}（${t.itemNameEn}）`,
    `事项编码：${t.itemCode}　受理部门：${t.department}　审批部门：${t.departments.join('、')}　承诺时限：${t.timeLimitWorkingDays}个工作日`,
  ];
  for (const fact of facts) c.y = c.text(c.wrap(fact, AREA.right - AREA.left, 10), AREA.left, c.y) - 4;
  c.y = c.text(c.wrap(LEGEND, AREA.right - AREA.left, 8.5), AREA.left, c.y - 2, { color: MUTED }) - 10;
}

function drawHeading(c: TemplateCanvas, heading: string): void {
  c.ensure(60);
  c.y = c.text(c.wrap(heading, AREA.right - AREA.left, 13), AREA.left, c.y, { bold: true }) - 8;
}

/** Places `□ choice` items in lines across `width`; returns the tops-left of each box per line. */
function layChoices(c: TemplateCanvas, choices: string[], width: number, size: number) {
  const placed: Array<{ x: number; line: number; text: string }> = [];
  let x = 0;
  let line = 0;
  for (const text of choices) {
    const w = 12 + c.fontSet.widthOf(text, size) + 16;
    if (x > 0 && x + w > width) {
      line += 1;
      x = 0;
    }
    placed.push({ x, line, text });
    x += w;
  }
  return { placed, lines: line + 1 };
}

/** One labelled row: label cell on the left, the blank (lines or tick boxes) on the right. */
function drawFieldRow(c: TemplateCanvas, row: Exclude<TemplateRow, { kind: 'table' }>): void {
  const indent = row.depth * 12;
  const fillX = AREA.left + LABEL_WIDTH;
  const fillWidth = AREA.right - fillX;
  const label = c.wrap(labelText(row), LABEL_WIDTH - indent - 2 * PAD, 10.5);
  const hint = row.hint ? c.wrap(row.hint, fillWidth - 2 * PAD, 8) : undefined;
  const hintHeight = hint ? TemplateCanvas.heightOf(hint) + 4 : 0;
  const choices = row.kind === 'choices' ? layChoices(c, row.choices, fillWidth - 2 * PAD, 10) : undefined;
  const blank =
    row.kind === 'group'
      ? 0
      : choices
        ? choices.lines * 18 + 4
        : (row.kind === 'line' ? row.lines : 1) * WRITING_LINE;
  const height = Math.max(TemplateCanvas.heightOf(label) + 2 * PAD, hintHeight + blank + 2 * PAD, 24);
  c.ensure(height);
  const top = c.y;
  if (row.kind === 'group') {
    c.cell(AREA.left, top, AREA.right - AREA.left, height, true);
  } else {
    c.cell(AREA.left, top, LABEL_WIDTH, height, true);
    c.cell(fillX, top, fillWidth, height);
  }
  c.text(label, AREA.left + PAD + indent, top - PAD, { bold: row.depth === 0 });
  if (hint) c.text(hint, fillX + PAD, top - PAD, { color: MUTED });
  const blankTop = top - PAD - hintHeight;
  if (choices) {
    for (const { x, line, text } of choices.placed) {
      const y = blankTop - 4 - line * 18;
      c.box(fillX + PAD + x, y);
      c.text(c.wrap(text, fillWidth, 10), fillX + PAD + x + 12, y + 1);
    }
  } else if (row.kind === 'line') {
    for (let i = 1; i <= row.lines; i++) {
      c.underline(fillX + PAD, AREA.right - PAD, blankTop - i * WRITING_LINE + 4);
    }
  }
  c.y = top - height;
}

/** A repeating group (an array of objects): title row, column headings, blank rows. */
function drawTableRow(c: TemplateCanvas, row: Extract<TemplateRow, { kind: 'table' }>): void {
  const width = AREA.right - AREA.left;
  const title = c.wrap(`${labelText(row)}${row.hint ? `（${row.hint}）` : ''}`, width - 2 * PAD, 10.5);
  const columnWidth = width / row.columns.length;
  const headings = row.columns.map((col) => c.wrap(col, columnWidth - 2 * PAD, 9));
  const headingHeight = Math.max(...headings.map((h) => TemplateCanvas.heightOf(h))) + 2 * PAD;
  const titleHeight = TemplateCanvas.heightOf(title) + 2 * PAD;
  c.ensure(titleHeight + headingHeight + WRITING_LINE);
  c.cell(AREA.left, c.y, width, titleHeight, true);
  c.text(title, AREA.left + PAD, c.y - PAD, { bold: true });
  c.y -= titleHeight;
  headings.forEach((heading, i) => {
    c.cell(AREA.left + i * columnWidth, c.y, columnWidth, headingHeight, true);
    c.text(heading, AREA.left + i * columnWidth + PAD, c.y - PAD);
  });
  c.y -= headingHeight;
  for (let r = 0; r < row.rows; r++) {
    c.ensure(WRITING_LINE);
    row.columns.forEach((_, i) => {
      c.cell(AREA.left + i * columnWidth, c.y, columnWidth, WRITING_LINE);
    });
    c.y -= WRITING_LINE;
  }
}

/** The materials checklist: number, name (with its guidance), requirement, and a box to tick. */
function drawMaterials(c: TemplateCanvas, t: FormTemplate): void {
  const columns = [36, 250, 150, AREA.right - AREA.left - 36 - 250 - 150];
  const x = columns.map((_, i) => AREA.left + columns.slice(0, i).reduce((a, b) => a + b, 0));
  const at = (i: number) => x[i] as number;
  const widthOf = (i: number) => columns[i] as number;
  const header = ['序号', '材料名称', '提交要求', '已备'];
  c.ensure(24);
  header.forEach((h, i) => {
    c.cell(at(i), c.y, widthOf(i), 20, true);
    c.text(c.wrap(h, widthOf(i) - 2 * PAD, 9.5), at(i) + PAD, c.y - PAD, { bold: true });
  });
  c.y -= 20;
  t.materials.forEach((m, index) => {
    const name = c.wrap(m.name, widthOf(1) - 2 * PAD, 9.5);
    const guide = m.description ? c.wrap(m.description, widthOf(1) - 2 * PAD, 7.5) : undefined;
    const requirement = c.wrap(m.requirement, widthOf(2) - 2 * PAD, 9);
    const nameHeight = TemplateCanvas.heightOf(name) + (guide ? TemplateCanvas.heightOf(guide) + 3 : 0);
    const height = Math.max(nameHeight, TemplateCanvas.heightOf(requirement)) + 2 * PAD;
    c.ensure(height);
    const top = c.y;
    columns.forEach((w, i) => {
      c.cell(at(i), top, w, height);
    });
    c.text(c.wrap(String(index + 1), widthOf(0), 9.5), at(0) + PAD, top - PAD);
    const below = c.text(name, at(1) + PAD, top - PAD);
    if (guide) c.text(guide, at(1) + PAD, below - 3, { color: MUTED });
    c.text(requirement, at(2) + PAD, top - PAD);
    c.box(at(3) + (widthOf(3) - 8.5) / 2, top - PAD);
    c.y = top - height;
  });
}

function drawDeclaration(c: TemplateCanvas): void {
  c.ensure(130);
  drawHeading(c, '三、申请人声明');
  c.y = c.text(c.wrap(DECLARATION, AREA.right - AREA.left, 10.5), AREA.left, c.y) - 36;
  const signatureWidth = c.fontSet.widthOf(SIGNATURE, 10.5);
  c.text(c.wrap(SIGNATURE, 200, 10.5), AREA.left, c.y);
  c.underline(AREA.left + signatureWidth, AREA.left + signatureWidth + 150, c.y - 12);
  const dateX = AREA.right - c.fontSet.widthOf(SIGNATURE_DATE, 10.5);
  c.text(c.wrap(SIGNATURE_DATE, AREA.right - dateX + 1, 10.5), dateX, c.y);
  c.y -= 30;
}

/** Renders `template` with the fonts of `fontSet`; `seed` fixes the font subset tags. */
export async function renderFormTemplate(
  fontSet: FontSet,
  template: FormTemplate,
  seed: string,
): Promise<Uint8Array> {
  const doc = await createDeterministicDocument();
  doc.registerFontkit(fontSet.pdfFontkit);
  const fonts = await embedFontsFor(doc, fontSet, templateTexts(template), seed);
  const c = new TemplateCanvas(doc, fontSet, fonts);
  drawHeader(c, template);
  drawHeading(c, '一、申请信息');
  for (const row of template.rows) {
    if (row.kind === 'table') drawTableRow(c, row);
    else drawFieldRow(c, row);
  }
  c.y -= 18;
  drawHeading(c, '二、申请材料清单');
  drawMaterials(c, template);
  c.y -= 18;
  drawDeclaration(c);
  c.footers(`${template.itemCode} · 由办事指南生成的填报模板`);
  doc.setTitle(`${template.title}（模板）`, { showInWindowTitleBar: true });
  doc.setSubject(`${template.itemName} ${template.itemCode}`);
  doc.setAuthor(template.department);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'));
  return doc.save();
}

/** Renders templates of catalogue items; each once per process (the output depends on the catalogue only). */
export interface FormTemplateRenderer {
  /** The PDF template of `materialCode` of `item` (404 for an unknown material or one that is not a form). */
  render(item: ServiceItem, materialCode: string): Promise<Uint8Array>;
}

/** A renderer over the licence fonts (parsed here, once), caching each template's bytes. */
export function createFormTemplateRenderer(fonts: LicenceFonts): FormTemplateRenderer {
  const fontSet = new FontSet(fonts);
  const cache = new Map<string, Promise<Uint8Array>>();
  return {
    render: (item, materialCode) => {
      const template = formTemplateOf(item, materialCode);
      const key = `${item.code}/${materialCode}`;
      let bytes = cache.get(key);
      if (!bytes) {
        bytes = renderFormTemplate(fontSet, template, key);
        // A failed render is not cached: the next request tries again.
        bytes.catch(() => cache.delete(key));
        cache.set(key, bytes);
      }
      return bytes;
    },
  };
}
