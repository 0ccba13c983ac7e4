/**
 * 办事信息自动预填: form values of a service item taken from the holder's in-force licences, by the item's
 * `prefill` mapping (catalogue data, checked at load), each value with the licence it came from. Licences
 * issued through this client are used; those of other clients only with the applicant's `consentRef`, as for
 * licences pulled as materials. Every look-up is in the audit trail under the holder's lookup key (never the
 * number itself). Values a client sends win: `mergePrefill` puts the client's form over the prefilled one.
 */

import { LICENCE_NUMBER_FIELD } from '../catalogue/licence-references.js';
import type { ServiceItem } from '../catalogue/types.js';
import { CREDIT_CODE_TYPE, checkRequestedHolder, RESIDENT_ID_TYPE } from '../certificates/holder.js';
import type { HolderIdentity } from '../certificates/holder-index.js';
import type { CertificateRecord } from '../certificates/model.js';
import { DomainError } from '../errors.js';
import { maskIdNumber } from '../masking.js';
import { authoriseServiceItem, type CaseDependencies } from './case-context.js';
import { licencesOfHolder, standingOf } from './licence-lookup.js';
import { caseHolderIdentity, lookupDependencies } from './licence-materials.js';
import type { Applicant, Principal } from './model.js';

/** The query of `GET /v1/service-items/{code}/prefill`: exactly one holder identity. */
export interface PrefillQuery {
  holderIdNumber?: string;
  holderCreditCode?: string;
  consentRef?: string;
}

/** Where a prefilled value came from. */
export interface PrefillSource {
  certificateId: string;
  number: string;
  field: string;
}

export interface Prefill {
  form: Record<string, unknown>;
  /** JSON pointer into `form` → its source. */
  sources: Record<string, PrefillSource>;
}

/** The holder a query names, with its check character verified (422 `INVALID_HOLDER` otherwise). */
export function prefillHolder(query: PrefillQuery): HolderIdentity {
  const given = [query.holderIdNumber, query.holderCreditCode].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new DomainError(
      'INVALID',
      'INVALID_QUERY',
      '须且只能提供 holderIdNumber 或 holderCreditCode 之一',
      'Give exactly one of holderIdNumber and holderCreditCode',
      { details: { parameters: ['holderIdNumber', 'holderCreditCode'] } },
    );
  }
  const organisation = query.holderCreditCode !== undefined;
  const checked = checkRequestedHolder(
    {
      type: organisation ? 'ORGANIZATION' : 'PERSON',
      name: '-',
      idType: organisation ? CREDIT_CODE_TYPE : RESIDENT_ID_TYPE,
      idNumber: query.holderCreditCode ?? query.holderIdNumber ?? '',
    },
    0,
  );
  return { idType: checked.idType ?? '', idNumber: checked.idNumber ?? '' };
}

/** Set `value` at a JSON pointer (no escapes; checked at catalogue load), creating objects on the way. */
function setAtPointer(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = pointer.slice(1).split('/');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (child === null || typeof child !== 'object' || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] ?? ''] = value;
}

/** The prefill of `item` from licences (newest first): the first licence of each rule's type that has the field. */
export function prefillFrom(item: ServiceItem, licences: readonly CertificateRecord[]): Prefill {
  const form: Record<string, unknown> = {};
  const sources: Record<string, PrefillSource> = {};
  for (const rule of item.prefill ?? []) {
    for (const licence of licences) {
      if (licence.type !== rule.fromCertificateType) continue;
      const value = rule.field === LICENCE_NUMBER_FIELD ? licence.number : licence.fields[rule.field];
      if (value === undefined || value === null) continue;
      setAtPointer(form, rule.formPath, structuredClone(value));
      sources[rule.formPath] = {
        certificateId: licence.certificateId,
        number: licence.number,
        field: rule.field,
      };
      break;
    }
  }
  return { form, sources };
}

/** `GET /v1/service-items/{code}/prefill`. */
export async function prefillForm(
  deps: CaseDependencies,
  principal: Principal,
  serviceItemCode: string,
  query: PrefillQuery,
): Promise<Prefill> {
  const item = deps.catalogue.require(serviceItemCode);
  authoriseServiceItem(principal, item.code);
  return prefillOfHolder(deps, principal, item, prefillHolder(query), query.consentRef);
}

/**
 * `prefill: true` at case creation: the form the client sent over the prefill of the case's holder (the
 * enterprise of the form, or the applicant; see `defaultHolder`).
 */
export async function prefilledCaseForm(
  deps: CaseDependencies,
  principal: Principal,
  item: ServiceItem,
  input: { applicant: Applicant; form: Record<string, unknown>; consentRef?: string },
): Promise<Record<string, unknown>> {
  const holder = caseHolderIdentity(item, input);
  if (!holder) return input.form;
  const prefill = await prefillOfHolder(deps, principal, item, holder, input.consentRef);
  return mergePrefill(prefill.form, input.form);
}

async function prefillOfHolder(
  deps: CaseDependencies,
  principal: Principal,
  item: ServiceItem,
  holder: HolderIdentity,
  consentRef: string | undefined,
): Promise<Prefill> {
  const rules = item.prefill ?? [];
  if (rules.length === 0) return { form: {}, sources: {} };
  const lookup = lookupDependencies(deps);
  const now = deps.clock.now();
  const types = new Set(rules.map((r) => r.fromCertificateType));
  const found = await licencesOfHolder(lookup, holder, types);
  const usable = found.filter(
    (r) =>
      standingOf(r, now) === 'IN_FORCE' && (r.clientId === principal.clientId || consentRef !== undefined),
  );
  const prefill = prefillFrom(item, usable);
  const used = [...new Set(Object.values(prefill.sources).map((s) => s.certificateId))];
  await deps.audit.append([
    {
      actor: principal.clientId,
      action: 'holder.prefill-read',
      subject: await deps.holderKeys.holderKey(holder),
      details: {
        serviceItemCode: item.code,
        idType: holder.idType,
        idNumber: maskIdNumber(holder.idNumber),
        certificateIds: used,
        ...(consentRef ? { consentRef } : {}),
      },
    },
  ]);
  return prefill;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The client's form over the prefilled one: every value the client sends wins, objects merge key by key. */
export function mergePrefill(
  prefilled: Record<string, unknown>,
  sent: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...prefilled };
  for (const [key, value] of Object.entries(sent)) {
    const under = merged[key];
    merged[key] = isPlainObject(under) && isPlainObject(value) ? mergePrefill(under, value) : value;
  }
  return merged;
}
