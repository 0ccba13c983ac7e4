/**
 * What a licence page holds, free of pdf-lib: page and seal geometry, the body rows, the QR matrix. The PDF
 * renderer draws it; the verification page's SVG preview draws the same model (and its bundle stays without
 * pdf-lib and fontkit).
 */
import * as QRCode from 'qrcode/lib/core/qrcode.js';
import { formatChineseDate, formatFieldValue, maskIdNumber } from './format.js';
import type { LicenceRenderInput } from './render-licence.js';

/** A4 in points. */
export const PAGE_SIZE: [number, number] = [595.28, 841.89];

/** Diameter of the seal: 42 mm, the size of a provincial department's official seal. */
export const SEAL_DIAMETER_PT = (42 / 25.4) * 72;

/** One labelled row of the body (label printed with a full-width colon). */
export interface BodyRow {
  label: string;
  value: string;
}

/** The labelled rows of the body: holder, the template's fields in order, validity, number, identifier. */
export function bodyRows(input: LicenceRenderInput): BodyRow[] {
  const rows: BodyRow[] = [{ label: '持证人', value: input.holder.name }];
  if (input.holder.type === 'ORGANIZATION') {
    // An enterprise's code is public (it is printed on its business licence); a person's ID number is not.
    if (input.holder.idNumber) rows.push({ label: '统一社会信用代码', value: input.holder.idNumber });
  } else {
    if (input.holder.organization) rows.push({ label: '单位名称', value: input.holder.organization });
    if (input.holder.idNumber) rows.push({ label: '证件号码', value: maskIdNumber(input.holder.idNumber) });
  }
  for (const { key, label } of input.template.fieldLabels) {
    rows.push({ label, value: formatFieldValue(input.fields[key]) });
  }
  rows.push(
    {
      label: '有效期限',
      value: `${formatChineseDate(input.validFrom)} 至 ${formatChineseDate(input.validUntil)}`,
    },
    { label: '证照编号', value: input.number },
    { label: '证照标识', value: input.identifier },
  );
  return rows;
}

/** A dark stretch of modules in one row: `[row, firstColumn, length]`. */
export type QrRun = [number, number, number];

/** The QR matrix of `text` (error correction M: survives a smudged print, stays small) as horizontal runs. */
export function qrRuns(text: string): { size: number; runs: QrRun[] } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const runs: QrRun[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push([row, start, col - start]);
        start = -1;
      }
    }
  }
  return { size: modules.size, runs };
}
