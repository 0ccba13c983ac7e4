/**
 * The holder a licence names (持证主体): an enterprise's licence names the enterprise — its registered name and
 * 统一社会信用代码 — not the person who filed the case; a person's licence names the person and their resident
 * ID. Requested holders are checked like applicants (check characters), so a typo never reaches a seal.
 */

import { isValidResidentId } from '../cases/applicant.js';
import type { CaseRecord } from '../cases/model.js';
import { readDotPath } from '../catalogue/conditions.js';
import type { ServiceItem } from '../catalogue/types.js';
import { DomainError } from '../errors.js';
import { isValidUnifiedSocialCreditCode } from '../licence/identifier.js';
import { maskIdNumber, maskName } from '../masking.js';
import type { Holder } from './model.js';

/** 证件类型 of a resident identity card. */
export const RESIDENT_ID_TYPE = '111';
/** 证件类型 of a unified social credit code. */
export const CREDIT_CODE_TYPE = '001';

const organisation = (name: string, creditCode: string): Holder => ({
  type: 'ORGANIZATION',
  name,
  idType: CREDIT_CODE_TYPE,
  idNumber: creditCode,
});

/**
 * The holder of a licence the request does not name one for: the enterprise of the form when the template
 * says where it is (`holderFromForm`), else the applicant's organisation when it gave its credit code, else
 * the applicant in person.
 */
export function defaultHolder(item: ServiceItem, record: Pick<CaseRecord, 'applicant' | 'form'>): Holder {
  const fromForm = item.certificate.holderFromForm;
  if (fromForm) {
    const name = readDotPath(record.form, fromForm.nameField);
    const code = readDotPath(record.form, fromForm.creditCodeField);
    if (typeof name === 'string' && typeof code === 'string') return organisation(name, code);
  }
  const { applicant } = record;
  if (applicant.organization && applicant.creditCode) {
    return organisation(applicant.organization, applicant.creditCode);
  }
  return {
    type: 'PERSON',
    name: applicant.name,
    idType: RESIDENT_ID_TYPE,
    idNumber: applicant.idNumber,
    ...(applicant.organization ? { organization: applicant.organization } : {}),
  };
}

/** The holder's type; records from before typed holders are persons. */
export const holderTypeOf = (holder: Holder): 'PERSON' | 'ORGANIZATION' => holder.type ?? 'PERSON';

/** 422 `INVALID_HOLDER` when a requested holder's document number fails its check character. */
export function checkRequestedHolder(holder: Holder, index: number): Holder {
  const type = holderTypeOf(holder);
  const idType = holder.idType ?? (type === 'ORGANIZATION' ? CREDIT_CODE_TYPE : undefined);
  const idNumber = holder.idNumber?.trim().toUpperCase();
  const broken =
    idNumber !== undefined &&
    ((idType === CREDIT_CODE_TYPE && !isValidUnifiedSocialCreditCode(idNumber)) ||
      (idType === RESIDENT_ID_TYPE && !isValidResidentId(idNumber)));
  if (broken || (type === 'ORGANIZATION' && (idType !== CREDIT_CODE_TYPE || idNumber === undefined))) {
    throw new DomainError(
      'UNPROCESSABLE',
      'INVALID_HOLDER',
      '持证主体的证件号码无效（单位须填写校验正确的统一社会信用代码，个人须填写校验正确的身份证号码）',
      'The holder’s document number fails its check (an organisation needs a valid unified social credit code)',
      { details: { path: `/certificates/${index}/holder/idNumber`, idType: idType ?? null } },
    );
  }
  return {
    ...holder,
    type,
    ...(idType ? { idType } : {}),
    ...(idNumber ? { idNumber } : {}),
  };
}

/**
 * The holder as responses show it: a person's name and every document number masked; an organisation's
 * registered name is public (it is on its business licence) and stays readable.
 */
export function maskedHolder(holder: Holder): Holder {
  const type = holderTypeOf(holder);
  const idType =
    holder.idType ?? (type === 'PERSON' && holder.idNumber?.length === 18 ? RESIDENT_ID_TYPE : undefined);
  return {
    type,
    name: type === 'ORGANIZATION' ? holder.name : maskName(holder.name),
    ...(idType ? { idType } : {}),
    ...(holder.idNumber ? { idNumber: maskIdNumber(holder.idNumber) } : {}),
    ...(holder.organization ? { organization: holder.organization } : {}),
  };
}

/** The holder in one masked line for public pages and metadata. */
export const publicHolderName = (holder: Holder): string =>
  holderTypeOf(holder) === 'ORGANIZATION' ? holder.name : (holder.organization ?? maskName(holder.name));
