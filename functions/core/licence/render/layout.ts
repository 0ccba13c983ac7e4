/**
 * The licence page (A4 portrait): decorative double frame, title, a two-column body of labelled rows,
 * and a footer band with the verification QR on the left and the issuing authority, date and seal
 * position on the right — the arrangement of a printed Chinese government licence.
 */
import { rgb } from 'pdf-lib';
import { DomainError } from '../../errors.js';
import type { PageSurface } from './content-writer.js';
import type { FontSet } from './fonts.js';
import { type BodyRow, PAGE_SIZE, SEAL_DIAMETER_PT } from './page-model.js';
import { qrOperators } from './qr.js';
import { drawLine, type EmbeddedFonts, lineWidth } from './text.js';
import { wrapText } from './wrap.js';

const INK = rgb(0.1, 0.1, 0.1);
const LABEL_INK = rgb(0.25, 0.2, 0.15);
const FRAME = rgb(0.64, 0.47, 0.18);
const MUTED = rgb(0.42, 0.42, 0.42);

const BODY = { left: 78, labelWidth: 118, gap: 10, right: 517, top: 668, bottom: 282 } as const;
const BODY_SIZES = [13, 12, 11, 10, 9] as const;

/** Printed under the QR code. */
export const QR_CAPTION = '扫码核验 / Scan to verify';

/** Everything the page prints (values already formatted and masked). */
export interface PageContent {
  title: string;
  titleEn: string;
  rows: BodyRow[];
  issuer: string;
  issueDate: string;
  verifyUrl: string;
  /** What the QR code encodes: the verify URL, with the signed offline payload in its fragment when given. */
  qrText: string;
  footnote: string;
}

/** Drawing context for one page. */
export interface PageCanvas {
  page: PageSurface;
  fontSet: FontSet;
  fonts: EmbeddedFonts;
}

/** Every string the page will print, so the needed fonts can be embedded (and checked) up front. */
export function pageTexts(content: PageContent): string[] {
  return [
    content.title,
    content.titleEn,
    content.issuer,
    content.issueDate,
    content.footnote,
    '发证机关：扫码核验 / Scan to verify',
    ...content.rows.flatMap((r) => [r.label, r.value]),
  ];
}

function drawFrame(page: PageSurface): void {
  const [w, h] = PAGE_SIZE;
  page.drawRectangle({ x: 26, y: 26, width: w - 52, height: h - 52, borderColor: FRAME, borderWidth: 2.4 });
  page.drawRectangle({ x: 33, y: 33, width: w - 66, height: h - 66, borderColor: FRAME, borderWidth: 0.7 });
  for (const [x, y] of [
    [33, 33],
    [w - 33, 33],
    [33, h - 33],
    [w - 33, h - 33],
  ] as const) {
    page.drawSquare({ x: x - 4, y: y - 4, size: 8, color: FRAME });
  }
}

function drawCentered(c: PageCanvas, text: string, y: number, size: number, bold = false, color = INK): void {
  const x = (PAGE_SIZE[0] - lineWidth(c.fontSet, c.fonts, text, size)) / 2;
  drawLine(c.page, c.fontSet, c.fonts, text, { x, y, size, color, bold });
}

/** Title (wrapped and shrunk for long licence names) and its English name; returns the y below them. */
function drawTitle(c: PageCanvas, content: PageContent): number {
  const maxWidth = 430;
  let size = 30;
  let lines = wrapText(content.title, maxWidth, (t) => c.fontSet.widthOf(t, size));
  while (lines.length > 2 && size > 18) {
    size -= 2;
    lines = wrapText(content.title, maxWidth, (t) => c.fontSet.widthOf(t, size));
  }
  let y = 752;
  for (const line of lines) {
    drawCentered(c, line, y, size, true);
    y -= size * 1.3;
  }
  drawCentered(c, content.titleEn, y + size * 0.35, 10, false, MUTED);
  return y - 14;
}

interface LaidOutRow {
  labelLines: string[];
  valueLines: string[];
}

function layRows(c: PageCanvas, rows: BodyRow[], size: number): LaidOutRow[] {
  const valueWidth = BODY.right - (BODY.left + BODY.labelWidth + BODY.gap);
  const measure = (t: string) => c.fontSet.widthOf(t, size);
  return rows.map((row) => ({
    labelLines: wrapText(`${row.label}：`, BODY.labelWidth, measure),
    valueLines: wrapText(row.value, valueWidth, measure),
  }));
}

const rowsHeight = (rows: LaidOutRow[], size: number): number =>
  rows.reduce(
    (h, r) => h + Math.max(r.labelLines.length, r.valueLines.length) * size * 1.55 + size * 0.75,
    0,
  );

/** The largest body size whose rows fit `available` points, with the rows laid out at it (laid out once). */
function fitRows(c: PageCanvas, rows: BodyRow[], available: number): { size: number; laidOut: LaidOutRow[] } {
  for (const size of BODY_SIZES) {
    const laidOut = layRows(c, rows, size);
    if (rowsHeight(laidOut, size) <= available) return { size, laidOut };
  }
  throw new DomainError(
    'UNPROCESSABLE',
    'LICENCE_CONTENT_TOO_LONG',
    '证照内容过长，无法在一页内排版',
    'The licence content does not fit on one page',
  );
}

/** The body rows at the largest size that fits between title and footer band. */
function drawBody(c: PageCanvas, rows: BodyRow[], top: number): void {
  const { size, laidOut } = fitRows(c, rows, Math.min(top, BODY.top) - BODY.bottom);
  let y = Math.min(top, BODY.top) - size;
  const valueX = BODY.left + BODY.labelWidth + BODY.gap;
  for (const row of laidOut) {
    row.labelLines.forEach((line, i) => {
      const x = BODY.left + BODY.labelWidth - lineWidth(c.fontSet, c.fonts, line, size);
      drawLine(c.page, c.fontSet, c.fonts, line, {
        x,
        y: y - i * size * 1.55,
        size,
        color: LABEL_INK,
        bold: true,
      });
    });
    row.valueLines.forEach((line, i) => {
      drawLine(c.page, c.fontSet, c.fonts, line, { x: valueX, y: y - i * size * 1.55, size, color: INK });
    });
    y -= Math.max(row.labelLines.length, row.valueLines.length) * size * 1.55 + size * 0.75;
  }
}

/** QR with caption (left) and authority + date (right). Returns the seal rectangle over the authority. */
function drawFooterBand(c: PageCanvas, content: PageContent): [number, number, number, number] {
  const qr = { x: 84, y: 118, width: 92 };
  c.page.pushOperators(...qrOperators(content.qrText, qr));
  const caption = QR_CAPTION;
  const captionX = qr.x + (qr.width - lineWidth(c.fontSet, c.fonts, caption, 8.5)) / 2;
  drawLine(c.page, c.fontSet, c.fonts, caption, { x: captionX, y: qr.y - 16, size: 8.5, color: MUTED });

  const size = 13;
  const right = BODY.right;
  const issuerLine = `发证机关：${content.issuer}`;
  const issuerWidth = lineWidth(c.fontSet, c.fonts, issuerLine, size);
  const issuerY = 196;
  drawLine(c.page, c.fontSet, c.fonts, issuerLine, { x: right - issuerWidth, y: issuerY, size, color: INK });
  const dateWidth = lineWidth(c.fontSet, c.fonts, content.issueDate, size);
  drawLine(c.page, c.fontSet, c.fonts, content.issueDate, {
    x: right - dateWidth,
    y: issuerY - 26,
    size,
    color: INK,
  });

  // Stamped like on paper: centred over the authority's name, overlapping the date below it.
  const nameWidth = lineWidth(c.fontSet, c.fonts, content.issuer, size);
  const d = SEAL_DIAMETER_PT;
  const cx = Math.min(right - nameWidth / 2, PAGE_SIZE[0] - 40 - d / 2);
  const cy = issuerY - 4;
  return [cx - d / 2, cy - d / 2, cx + d / 2, cy + d / 2];
}

/** Draws the whole page and returns the seal rectangle `[x1, y1, x2, y2]`. */
export function drawLicencePage(c: PageCanvas, content: PageContent): [number, number, number, number] {
  drawFrame(c.page);
  const below = drawTitle(c, content);
  c.page.drawLine({ start: { x: 78, y: below }, end: { x: 517, y: below }, thickness: 0.6, color: FRAME });
  drawBody(c, content.rows, below - 22);
  const seal = drawFooterBand(c, content);
  const footX = (PAGE_SIZE[0] - lineWidth(c.fontSet, c.fonts, content.footnote, 8)) / 2;
  drawLine(c.page, c.fontSet, c.fonts, content.footnote, { x: footX, y: 52, size: 8, color: MUTED });
  return seal;
}
