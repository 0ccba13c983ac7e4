/**
 * 告知承诺制: on an item with a `pledge`, the applicant signs a pledge in place of the materials it lists. The
 * pledge text, the signatory and the acceptance become a document of the case — a PDF in the materials
 * bucket, its SHA-256 on the case and in the audit trail — and each replaced material is satisfied by it
 * (`source: PLEDGE`). A holder whose earlier pledge for the item proved false is refused (403 `PLEDGE_BARRED`)
 * until the bar ends.
 */
import { createHash } from 'node:crypto';
import {
  authoriseServiceItem,
  type CaseDependencies,
  loadOwnCase,
  mutateCase,
} from '../cases/case-context.js';
import { assertPrintable } from '../cases/form-checks.js';
import type { CaseRecord, CaseView, PledgeRecord, Principal, StoredMaterial } from '../cases/model.js';
import { toCaseView } from '../cases/view.js';
import type { Pledge, ServiceItem } from '../catalogue/types.js';
import { defaultHolder } from '../certificates/holder.js';
import { holderKeyOf } from '../certificates/holder-index.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { PledgeDocumentRenderer } from './pledge-document.js';

export interface PledgeDependencies extends CaseDependencies {
  pledgeDocuments: PledgeDocumentRenderer;
}

export interface PledgeInput {
  signatory: string;
  accepted: true;
}

const pledgeNotOffered = (item: ServiceItem) =>
  new DomainError(
    'UNPROCESSABLE',
    'PLEDGE_NOT_OFFERED',
    '该事项不适用告知承诺制',
    'This service item does not accept a pledge in place of materials',
    { details: { serviceItemCode: item.code } },
  );

const notDraft = (record: CaseRecord) =>
  new DomainError(
    'CONFLICT',
    'CASE_NOT_EDITABLE',
    '办件已提交，不能再作出承诺',
    'The case was submitted; a pledge can no longer be made',
    { details: { caseId: record.caseId, status: record.status } },
  );

const alreadySigned = (record: CaseRecord) =>
  new DomainError(
    'CONFLICT',
    'PLEDGE_ALREADY_SIGNED',
    '该办件已签署告知承诺书',
    'The pledge was already signed',
    {
      details: { caseId: record.caseId },
    },
  );

/** The item's pledge, or 422 `PLEDGE_NOT_OFFERED`. */
export function pledgeOf(item: ServiceItem): Pledge {
  if (!item.pledge) throw pledgeNotOffered(item);
  return item.pledge;
}

/** 403 `PLEDGE_BARRED` while the case's holder is barred from pledging for the item. */
export async function refuseBarredHolder(
  deps: CaseDependencies,
  item: ServiceItem,
  record: CaseRecord,
): Promise<void> {
  const holderKey = await holderKeyOf(deps.holderKeys, defaultHolder(item, record));
  if (!holderKey) return;
  const bar = await deps.pledgeBars.get(holderKey, item.code);
  if (!bar || bar.barredUntil <= deps.clock.now().toISOString()) return;
  throw new DomainError(
    'FORBIDDEN',
    'PLEDGE_BARRED',
    `该申请人曾作出不实承诺，${bar.barredUntil.slice(0, 10)} 前不得以告知承诺方式办理本事项，请提交证明材料`,
    'A false pledge bars this holder from pledging for this item until the bar ends; submit the materials instead',
    { details: { serviceItemCode: item.code, barredUntil: bar.barredUntil } },
  );
}

/** Sign the pledge of a DRAFT case; see the module comment. */
export async function signPledge(
  deps: PledgeDependencies,
  principal: Principal,
  caseId: string,
  input: PledgeInput,
): Promise<CaseView> {
  const current = await loadOwnCase(deps, principal, caseId);
  authoriseServiceItem(principal, current.serviceItemCode);
  const item = deps.catalogue.require(current.serviceItemCode);
  const pledge = pledgeOf(item);
  if (current.status !== 'DRAFT') throw notDraft(current);
  if (current.pledge) throw alreadySigned(current);
  const signatory = input.signatory.trim();
  assertPrintable({ '/signatory': signatory }, deps.glyphs);
  await refuseBarredHolder(deps, item, current);
  const acceptedAt = deps.clock.now();
  const bytes = await deps.pledgeDocuments.render({
    caseId,
    itemCode: item.code,
    itemName: item.name,
    department: item.department,
    replaces: pledge.replaces.map((code) => ({
      code,
      name: item.materials.find((m) => m.code === code)?.name ?? code,
    })),
    text: pledge.text,
    basis: pledge.basis,
    checkWithinWorkingDays: pledge.checkWithinWorkingDays,
    barDays: pledge.barDays,
    signatory,
    ...(current.applicant.organization ? { organization: current.applicant.organization } : {}),
    acceptedAt,
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const objectKey = `cases/${caseId}/pledge/${newId('OBJ', deps.clock, deps.random)}.pdf`;
  await deps.materials.put(objectKey, bytes, { contentType: 'application/pdf' });
  const record: PledgeRecord = {
    signatory,
    acceptedAt: acceptedAt.toISOString(),
    replaces: [...pledge.replaces],
    objectKey,
    sha256,
    bytes: bytes.byteLength,
    checkWithinWorkingDays: pledge.checkWithinWorkingDays,
    barDays: pledge.barDays,
  };
  const withdrawn: string[] = [];
  try {
    const { record: saved } = await mutateCase(deps, principal, caseId, (next) => {
      if (next.status !== 'DRAFT') throw notDraft(next);
      if (next.pledge) throw alreadySigned(next);
      withdrawn.length = 0;
      for (const code of pledge.replaces) {
        const replaced = next.materials[code]?.objectKey ?? next.pendingUploads[code]?.objectKey;
        if (replaced) withdrawn.push(replaced);
        next.materials[code] = pledgedMaterial(code, record);
        delete next.pendingUploads[code];
      }
      next.pledge = record;
      return {
        audit: [
          {
            actor: principal.clientId,
            action: 'case.pledge-signed',
            subject: caseId,
            details: { replaces: record.replaces, sha256, bytes: record.bytes, objectKey },
          },
        ],
        result: undefined,
      };
    });
    // Uploads the pledge replaced are no longer the case's materials.
    await Promise.all(withdrawn.map((key) => deps.materials.delete(key).catch(() => undefined)));
    return toCaseView(saved, item, deps.catalogue);
  } catch (error) {
    // Nothing was recorded: do not keep the document.
    await deps.materials.delete(objectKey).catch(() => undefined);
    throw error;
  }
}

/** A material satisfied by the pledge: the pledge document stands for it (no object of its own). */
const pledgedMaterial = (materialCode: string, pledge: PledgeRecord): StoredMaterial => ({
  materialCode,
  status: 'ACCEPTED',
  mediaType: 'application/pdf',
  bytes: pledge.bytes,
  sha256: pledge.sha256,
  problems: [],
  uploadedAt: pledge.acceptedAt,
  source: 'PLEDGE',
});
