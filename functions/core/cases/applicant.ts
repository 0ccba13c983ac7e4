/**
 * Applicant checks beyond the request schema: the resident ID number's GB 11643 check character, a mainland
 * mobile number. Failures are 422 with the failing paths, like form failures.
 */
import { DomainError } from '../errors.js';
import type { Applicant } from './model.js';

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idChecks = '10X98765432';

/** True for an 18-character resident ID number (GB 11643-1999) with a correct check character and date. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  const sum = idWeights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return idChecks[sum % 11] === id[17];
}

/** Normalise a mainland mobile number (`+86 138-0013-8000` → `13800138000`), or undefined if invalid. */
export function normaliseMobile(mobile: string): string | undefined {
  const digits = mobile.replace(/[\s-]/g, '').replace(/^(?:\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** Validate and normalise an applicant, or throw 422 `INVALID_APPLICANT` listing every failing path. */
export function normaliseApplicant(applicant: Applicant): Applicant {
  const failures: Array<{ path: string; message: string }> = [];
  const idNumber = applicant.idNumber.trim().toUpperCase();
  if (!isValidResidentId(idNumber)) {
    failures.push({
      path: '/applicant/idNumber',
      message: '身份证号码无效（校验位或日期错误） / invalid resident ID number',
    });
  }
  const mobile = normaliseMobile(applicant.mobile);
  if (!mobile)
    failures.push({ path: '/applicant/mobile', message: '手机号码无效 / invalid mainland mobile number' });
  if (failures.length > 0) {
    throw new DomainError(
      'UNPROCESSABLE',
      'INVALID_APPLICANT',
      '申请人信息有误，请核对',
      'Invalid applicant data',
      {
        details: { failures },
      },
    );
  }
  return {
    name: applicant.name.trim(),
    idNumber,
    mobile: mobile ?? '',
    ...(applicant.organization ? { organization: applicant.organization.trim() } : {}),
  };
}
