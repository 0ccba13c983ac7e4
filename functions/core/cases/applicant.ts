/**
 * Applicant checks beyond the request schema: the resident ID number's GB 11643 check character, a mainland
 * mobile number, an enterprise's 统一社会信用代码 with its GB 32100 check character. Failures are 422 with the
 * failing paths, like form failures.
 */
import { DomainError } from '../errors.js';
import { isValidUnifiedSocialCreditCode } from '../licence/identifier.js';
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
  const creditCode = applicant.creditCode?.trim().toUpperCase();
  if (creditCode !== undefined) failures.push(...creditCodeFailures(creditCode, applicant.organization));
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
    ...(creditCode ? { creditCode } : {}),
  };
}

/** The enterprise's code: its GB 32100 check character, and the enterprise it belongs to. */
function creditCodeFailures(code: string, organization: string | undefined) {
  const failures: Array<{ path: string; message: string }> = [];
  if (!isValidUnifiedSocialCreditCode(code)) {
    // Never the expected character: a check character that is shown is copied, and then checks nothing.
    const wellFormed = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code);
    failures.push({
      path: '/applicant/creditCode',
      message: wellFormed
        ? '统一社会信用代码校验位错误（GB 32100），请核对 / check character fails GB 32100'
        : '统一社会信用代码格式无效（18位，不含I、O、S、V、Z） / not a unified social credit code',
    });
  }
  if (!organization?.trim()) {
    failures.push({
      path: '/applicant/organization',
      message: '填写统一社会信用代码时须同时填写单位名称 / organization is required with creditCode',
    });
  }
  return failures;
}
