/**
 * The first-page preview of a licence as a small SVG, redrawn from the ledger record with the geometry of the
 * real page (`core/licence/render/layout.ts`: frame, title, labelled rows, QR, authority, seal, footnote).
 *
 * Why redraw instead of rasterising the PDF: Lambda has no rasteriser (no pdftoppm/cairo), a PNG made at
 * issuance would need one there too, and rendering client-side means shipping pdf.js (~1 MB of script and a
 * worker) — against the "small inline JS, no external requests" rule. The SVG is a few KB, served as its own
 * same-origin request (`<img>`, so the page stays far below 50 KB), and it lets us mask the holder's name,
 * which the PDF itself prints in full. Text uses the viewer's CJK fonts, so it is a faithful layout, not a
 * pixel copy — the page says the downloaded PDF is authoritative.
 */
import type { CertificateTemplate } from '../../core/catalogue/types.js';
import { maskedHolder } from '../../core/certificates/holder.js';
import type { CertificateRecord } from '../../core/certificates/model.js';
import { formatChineseDate } from '../../core/licence/render/format.js';
import { bodyRows, PAGE_SIZE, qrRuns, SEAL_DIAMETER_PT } from '../../core/licence/render/page-model.js';
import { wrapText } from '../../core/licence/render/wrap.js';
import { escapeHtml } from './shell.js';

const [W, H] = PAGE_SIZE;
const BODY = { left: 78, labelWidth: 118, gap: 10, right: 517, top: 668, bottom: 282 } as const;
const SIZES = [13, 12, 11, 10, 9] as const;
const FONT = `'Noto Serif CJK SC','Songti SC','SimSun','Noto Sans CJK SC',serif`;

/** PDF y (up from the bottom) → SVG y (down from the top). */
const down = (y: number) => +(H - y).toFixed(2);

// Server-side there are no font metrics: CJK and full-width characters are 1 em, the rest about 0.55 em.
const widthOf = (text: string, size: number) =>
  [...text].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) > 0x2e80 ? 1 : 0.55), 0) * size;

const text = (x: number, y: number, size: number, body: string, extra = '') =>
  `<text x="${x.toFixed(1)}" y="${down(y)}" font-size="${size}"${extra}>${escapeHtml(body)}</text>`;

function frame(): string {
  const corners = [
    [33, 33],
    [W - 33, 33],
    [33, H - 33],
    [W - 33, H - 33],
  ]
    .map(([x = 0, y = 0]) => `<rect x="${x - 4}" y="${(y - 4).toFixed(2)}" width="8" height="8"/>`)
    .join('');
  return `<g fill="none" stroke="#a37830"><rect x="26" y="26" width="${W - 52}" height="${(H - 52).toFixed(2)}" stroke-width="2.4"/>
<rect x="33" y="33" width="${W - 66}" height="${(H - 66).toFixed(2)}" stroke-width=".7"/></g><g fill="#a37830">${corners}</g>`;
}

function title(t: CertificateTemplate): { svg: string; below: number } {
  let size = 30;
  let lines = wrapText(t.name, 430, (s) => widthOf(s, size));
  while (lines.length > 2 && size > 18) {
    size -= 2;
    lines = wrapText(t.name, 430, (s) => widthOf(s, size));
  }
  let y = 752;
  let svg = '';
  for (const line of lines) {
    svg += text(W / 2, y, size, line, ' text-anchor="middle" font-weight="700"');
    y -= size * 1.3;
  }
  svg += text(W / 2, y + size * 0.35, 10, t.nameEn, ' text-anchor="middle" fill="#6b6b6b"');
  const below = y - 14;
  return {
    svg: `${svg}<line x1="78" x2="517" y1="${down(below)}" y2="${down(below)}" stroke="#a37830" stroke-width=".6"/>`,
    below,
  };
}

function rows(items: { label: string; value: string }[], top: number): string {
  const valueX = BODY.left + BODY.labelWidth + BODY.gap;
  const lay = (size: number) =>
    items.map((r) => ({
      label: wrapText(`${r.label}：`, BODY.labelWidth, (s) => widthOf(s, size)),
      value: wrapText(r.value, BODY.right - valueX, (s) => widthOf(s, size)),
    }));
  const height = (size: number) =>
    lay(size).reduce((h, r) => h + Math.max(r.label.length, r.value.length) * size * 1.55 + size * 0.75, 0);
  const available = Math.min(top, BODY.top) - BODY.bottom;
  const size = SIZES.find((s) => height(s) <= available) ?? 9;
  let y = Math.min(top, BODY.top) - size;
  let svg = '';
  for (const row of lay(size)) {
    row.label.forEach((line, i) => {
      const at = BODY.left + BODY.labelWidth;
      svg += text(at, y - i * size * 1.55, size, line, ' text-anchor="end" font-weight="700" fill="#403326"');
    });
    row.value.forEach((line, i) => {
      svg += text(valueX, y - i * size * 1.55, size, line);
    });
    y -= Math.max(row.label.length, row.value.length) * size * 1.55 + size * 0.75;
    if (y < BODY.bottom - size) break;
  }
  return svg;
}

function qr(url: string): string {
  const { size, runs } = qrRuns(url);
  const at = { x: 84, y: 118, width: 92 };
  const m = at.width / size;
  const path = runs.map(([r, c, n]) => `M${c} ${r}h${n}v1h-${n}z`).join('');
  const top = down(at.y + at.width);
  return `<g transform="translate(${at.x} ${top}) scale(${(m).toFixed(4)})"><path d="${path}"/></g>${text(
    at.x + at.width / 2,
    at.y - 16,
    8.5,
    '扫码核验 / Scan to verify',
    ' text-anchor="middle" fill="#6b6b6b"',
  )}`;
}

function seal(issuer: string, purpose: string, cx: number, cy: number): string {
  const d = SEAL_DIAMETER_PT;
  const r = d / 2;
  const star = Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? d * 0.165 : d * 0.165 * 0.382;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return `${(cx + radius * Math.cos(angle)).toFixed(1)},${(cy - d * 0.015 + radius * Math.sin(angle)).toFixed(1)}`;
  }).join(' ');
  const arc = r * 0.72;
  const sweep = `M${(cx - arc * Math.cos(0.35)).toFixed(1)} ${(cy + arc * Math.sin(0.35)).toFixed(1)}A${arc.toFixed(1)} ${arc.toFixed(1)} 0 1 1 ${(cx + arc * Math.cos(0.35)).toFixed(1)} ${(cy + arc * Math.sin(0.35)).toFixed(1)}`;
  return `<g fill="#e60012" opacity=".85"><circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${(r - 2.5).toFixed(1)}" fill="none" stroke="#e60012" stroke-width="${(d * 0.03).toFixed(1)}"/>
<polygon points="${star}"/><path id="arc" d="${sweep}" fill="none"/><text font-size="${(d * 0.1).toFixed(1)}" font-weight="700"><textPath href="#arc" startOffset="50%" text-anchor="middle">${escapeHtml(issuer)}</textPath></text>
<text x="${cx.toFixed(1)}" y="${(cy + d * 0.29).toFixed(1)}" font-size="${(d * 0.08).toFixed(1)}" text-anchor="middle">${escapeHtml(purpose)}</text></g>`;
}

function footer(t: CertificateTemplate, issuedAt: string): string {
  const issuerLine = `发证机关：${t.issuer}`;
  const date = formatChineseDate(new Date(issuedAt));
  const nameWidth = widthOf(t.issuer, 13);
  const cx = Math.min(BODY.right - nameWidth / 2, W - 40 - SEAL_DIAMETER_PT / 2);
  return `${text(BODY.right, 196, 13, issuerLine, ' text-anchor="end"')}${text(BODY.right, 170, 13, date, ' text-anchor="end"')}${seal(
    t.issuer,
    t.sealPurpose,
    cx,
    down(192),
  )}${text(W / 2, 52, 8, '本证照加盖电子印章，与纸质证照具有同等法律效力。扫描二维码可核验真伪。', ' text-anchor="middle" fill="#6b6b6b"')}`;
}

/**
 * The preview SVG of `record` (printed by `template`, whose QR encodes `verifyUrl`). The holder is masked as
 * in responses (a person's name, every document number); a diagonal watermark marks it as a preview.
 */
export function licencePreviewSvg(
  record: CertificateRecord,
  template: CertificateTemplate,
  verifyUrl: string,
): string {
  const items = bodyRows({
    template,
    certificateId: record.certificateId,
    number: record.number,
    identifier: record.identifier,
    holder: maskedHolder(record.holder),
    fields: record.fields,
    issuedAt: new Date(record.issuedAt),
    validFrom: new Date(`${record.validFrom}T00:00:00+08:00`),
    validUntil: new Date(`${record.validUntil}T00:00:00+08:00`),
    verifyUrl,
  });
  const head = title(template);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="${FONT}" fill="#1a1a1a">
<title>${escapeHtml(template.name)}</title><rect width="100%" height="100%" fill="#fffdf7"/>${frame()}${head.svg}${rows(items, head.below - 22)}${qr(verifyUrl)}${footer(template, record.issuedAt)}
<text x="${W / 2}" y="${H / 2}" font-size="64" fill="#9e1b1b" opacity=".10" text-anchor="middle" transform="rotate(-30 ${W / 2} ${H / 2})">预览件 PREVIEW</text></svg>`;
}
