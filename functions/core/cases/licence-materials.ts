/**
 * Licences of this system as materials (电子证照自动调取): no upload, the material names the licence
 * (`source: E_LICENCE`). A licence must be of a type the material rule accepts (`acceptsLicences`), name the
 * case's holder and be in force; one issued through another upstream client (another department's system)
 * is used only with the applicant's authorisation (`consentRef`), which is stored on the material. Every pull
 * is in the audit trail of the case and of the licence (用证留痕: which client used which licence for which
 * case, under which authorisation). Own licences need no authorisation.
 */
import type { AuditInput } from '../../ports/audit-log.js';
import type { MaterialRule, ServiceItem } from '../catalogue/types.js';
import { defaultHolder } from '../certificates/holder.js';
import { type HolderIdentity, holderIdentityOf } from '../certificates/holder-index.js';
import type { CertificateRecord } from '../certificates/model.js';
import { DomainError } from '../errors.js';
import { authoriseServiceItem, type CaseDependencies, loadOwnCase, mutateCase } from './case-context.js';
import {
  type LicenceLookupDependencies,
  licencesOfHolder,
  readLicence,
  sameHolder,
  standingOf,
} from './licence-lookup.js';
import { ruleFor } from './materials-service.js';
import type { CaseRecord, MaterialView, Principal, StoredMaterial } from './model.js';
import { toMaterialView } from './view.js';

/** The request of `POST /v1/cases/{caseId}/materials/{materialCode}/licence`. */
export interface PullLicenceInput {
  certificateId?: string;
  consentRef?: string;
}

/** The case services' dependencies with the ledger (composed wherever licences may be pulled). */
export function lookupDependencies(deps: CaseDependencies): LicenceLookupDependencies {
  if (!deps.ledger) throw new Error('the licence ledger is not composed into the case services');
  return { ledger: deps.ledger, cases: deps.cases, holderKeys: deps.holderKeys };
}

/** The holder the case's licences will name, as the ledger's holder index keys it. */
export function caseHolderIdentity(
  item: ServiceItem,
  record: Pick<CaseRecord, 'applicant' | 'form'>,
): HolderIdentity | undefined {
  return holderIdentityOf(defaultHolder(item, record));
}

const acceptedTypes = (rule: MaterialRule): Set<string> =>
  new Set((rule.acceptsLicences ?? []).map((a) => a.type));

const notAccepted = (rule: MaterialRule, reason: 'TYPE' | 'HOLDER', certificateId: string) =>
  new DomainError(
    'UNPROCESSABLE',
    'LICENCE_NOT_ACCEPTED',
    reason === 'TYPE'
      ? `该证照不是“${rule.name}”可接受的证照类型`
      : '该证照的持证主体不是本办件的申请人，不能作为材料',
    reason === 'TYPE'
      ? `This licence type is not accepted for ${rule.nameEn}`
      : "This licence names another holder than the case's applicant",
    { details: { materialCode: rule.code, certificateId, reason, accepted: [...acceptedTypes(rule)] } },
  );

const notFound = (rule: MaterialRule) =>
  new DomainError(
    'NOT_FOUND',
    'LICENCE_NOT_FOUND',
    `未找到申请人可用于“${rule.name}”的电子证照`,
    `No licence of the applicant found for ${rule.nameEn}`,
    { details: { materialCode: rule.code, accepted: [...acceptedTypes(rule)] } },
  );

const notInForce = (rule: MaterialRule, record: CertificateRecord, standing: string) =>
  new DomainError(
    'UNPROCESSABLE',
    'LICENCE_NOT_IN_FORCE',
    `电子证照（${record.number}）当前不在有效状态，不能作为材料`,
    `The licence ${record.number} is not in force (${standing})`,
    { details: { materialCode: rule.code, certificateId: record.certificateId, status: standing } },
  );

const consentRequired = (rule: MaterialRule) =>
  new DomainError(
    'UNPROCESSABLE',
    'CONSENT_REQUIRED',
    '该证照由其他部门系统签发，调取须提供申请人的用证授权编号（consentRef）',
    'This licence was issued through another client: pulling it needs the applicant’s consentRef',
    { details: { materialCode: rule.code } },
  );

const notEditable = (record: CaseRecord) =>
  new DomainError(
    'CONFLICT',
    'CASE_NOT_EDITABLE',
    '办件已提交，材料不能再修改',
    'The case was submitted; materials can no longer change',
    { details: { caseId: record.caseId, status: record.status } },
  );

/**
 * The licence to use: the one named (checked for type, holder, standing, consent), or the newest in-force
 * licence of an accepted type of the case's holder that this client may use.
 */
async function chooseLicence(
  deps: LicenceLookupDependencies,
  principal: Principal,
  rule: MaterialRule,
  holder: HolderIdentity | undefined,
  input: PullLicenceInput,
  now: Date,
): Promise<CertificateRecord> {
  const types = acceptedTypes(rule);
  if (input.certificateId !== undefined) {
    const record = await readLicence(deps, input.certificateId);
    if (!record) throw notFound(rule);
    if (!types.has(record.type)) throw notAccepted(rule, 'TYPE', record.certificateId);
    const licenceHolder = holderIdentityOf(record.holder);
    if (!holder || !licenceHolder || !sameHolder(holder, licenceHolder))
      throw notAccepted(rule, 'HOLDER', record.certificateId);
    const standing = standingOf(record, now);
    if (standing !== 'IN_FORCE') throw notInForce(rule, record, standing);
    if (record.clientId !== principal.clientId && !input.consentRef) throw consentRequired(rule);
    return record;
  }
  const found = holder && types.size > 0 ? await licencesOfHolder(deps, holder, types) : [];
  const inForce = found.filter((r) => standingOf(r, now) === 'IN_FORCE');
  const usable = inForce.find((r) => r.clientId === principal.clientId || input.consentRef !== undefined);
  if (usable) return usable;
  if (inForce.length > 0) throw consentRequired(rule);
  const latest = found[0];
  if (latest) throw notInForce(rule, latest, standingOf(latest, now));
  throw notFound(rule);
}

/** The material a pulled licence becomes. */
function licenceMaterial(
  rule: MaterialRule,
  record: CertificateRecord,
  consentRef: string | undefined,
  at: string,
): StoredMaterial {
  return {
    materialCode: rule.code,
    status: 'ACCEPTED',
    mediaType: 'application/pdf',
    bytes: record.bytes,
    sha256: record.sha256,
    problems: [],
    uploadedAt: at,
    source: 'E_LICENCE',
    licence: {
      certificateId: record.certificateId,
      number: record.number,
      type: record.type,
      validUntil: record.validUntil,
      issuedBy: record.clientId,
    },
    ...(consentRef ? { consentRef } : {}),
  };
}

/** 用证留痕: on the case's trail and on the licence's own. */
function pullAudit(actor: string, caseId: string, material: StoredMaterial): AuditInput[] {
  const licence = material.licence;
  if (!licence) return [];
  const shared = {
    materialCode: material.materialCode,
    issuedBy: licence.issuedBy,
    crossClient: licence.issuedBy !== actor,
    ...(material.consentRef ? { consentRef: material.consentRef } : {}),
  };
  return [
    {
      actor,
      action: 'material.licence-pulled',
      subject: caseId,
      details: {
        ...shared,
        certificateId: licence.certificateId,
        number: licence.number,
        type: licence.type,
      },
    },
    {
      actor,
      action: 'licence.used-as-material',
      subject: licence.certificateId,
      details: { ...shared, caseId },
    },
  ];
}

/** `POST /v1/cases/{caseId}/materials/{materialCode}/licence`: fill a material from a licence. */
export async function pullLicenceMaterial(
  deps: CaseDependencies,
  principal: Principal,
  caseId: string,
  materialCode: string,
  input: PullLicenceInput,
): Promise<MaterialView> {
  const lookup = lookupDependencies(deps);
  const current = await loadOwnCase(deps, principal, caseId);
  authoriseServiceItem(principal, current.serviceItemCode);
  const item = deps.catalogue.require(current.serviceItemCode);
  const rule = ruleFor(item, materialCode);
  if (current.status !== 'DRAFT') throw notEditable(current);
  if (!rule.acceptsLicences) throw notAccepted(rule, 'TYPE', input.certificateId ?? '');
  const now = deps.clock.now();
  const record = await chooseLicence(lookup, principal, rule, caseHolderIdentity(item, current), input, now);
  let replaced: string | undefined;
  const { result } = await mutateCase(
    deps,
    principal,
    caseId,
    (next) => {
      if (next.status !== 'DRAFT') throw notEditable(next);
      const material = licenceMaterial(rule, record, input.consentRef, now.toISOString());
      replaced = next.materials[materialCode]?.objectKey ?? next.pendingUploads[materialCode]?.objectKey;
      next.materials[materialCode] = material;
      delete next.pendingUploads[materialCode];
      return { audit: pullAudit(principal.clientId, caseId, material), result: material };
    },
    current,
  );
  if (replaced) await deps.materials.delete(replaced).catch(() => undefined);
  return toMaterialView(result);
}

/**
 * `reuseLicences: true` at case creation: every rule that accepts licences is filled from the holder's
 * in-force licences this client may use (its own; others' only with `consentRef`). A rule with none stays
 * MISSING. Mutates `record`; returns the audit entries of the pulls.
 */
export async function fillFromLicences(
  deps: CaseDependencies,
  principal: Principal,
  item: ServiceItem,
  record: CaseRecord,
  consentRef: string | undefined,
): Promise<AuditInput[]> {
  const rules = item.materials.filter((r) => r.acceptsLicences);
  const holder = caseHolderIdentity(item, record);
  if (rules.length === 0 || !holder) return [];
  const lookup = lookupDependencies(deps);
  const now = deps.clock.now();
  const all = new Set(rules.flatMap((r) => [...acceptedTypes(r)]));
  const found = await licencesOfHolder(lookup, holder, all);
  const usable = found.filter(
    (r) =>
      standingOf(r, now) === 'IN_FORCE' && (r.clientId === principal.clientId || consentRef !== undefined),
  );
  const audit: AuditInput[] = [];
  for (const rule of rules) {
    const types = acceptedTypes(rule);
    const licence = usable.find((r) => types.has(r.type));
    if (!licence) continue;
    const material = licenceMaterial(rule, licence, consentRef, now.toISOString());
    record.materials[rule.code] = material;
    audit.push(...pullAudit(principal.clientId, record.caseId, material));
  }
  return audit;
}
