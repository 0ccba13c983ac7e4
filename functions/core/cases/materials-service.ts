/**
 * Materials of a case: direct upload with instant validation, withdrawal, presigned upload URLs and the
 * validation of presigned uploads once they land (S3 event on AWS; at submit in any case).
 */
import { createHash } from 'node:crypto';
import type { AuditInput } from '../../ports/audit-log.js';
import type { MaterialRule, ServiceItem } from '../catalogue/types.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { materialProblems } from '../materials/problems.js';
import { type Problem, problem } from '../problem.js';
import {
  authoriseServiceItem,
  type CaseDependencies,
  loadOwnCase,
  mutateCase,
  mutateCaseAsSystem,
} from './case-context.js';
import { acceptsUpload, clearDeferral, dropSuppliedDeferrals } from './deferrals.js';
import { verifyMaterialBytes } from './material-verification.js';
import type { CaseRecord, MaterialView, Principal, StoredMaterial } from './model.js';
import { toMaterialView } from './view.js';

const notEditable = (record: CaseRecord) =>
  new DomainError(
    'CONFLICT',
    'CASE_NOT_EDITABLE',
    '办件已提交，材料不能再修改',
    'The case was submitted; materials can no longer change',
    {
      details: { caseId: record.caseId, status: record.status },
    },
  );

/** The item's rule for a material code, or 404 `MATERIAL_NOT_IN_CHECKLIST`. */
export function ruleFor(item: ServiceItem, materialCode: string): MaterialRule {
  const rule = item.materials.find((m) => m.code === materialCode);
  if (!rule) {
    throw new DomainError(
      'NOT_FOUND',
      'MATERIAL_NOT_IN_CHECKLIST',
      '该事项的材料清单中没有此材料',
      'No such material in the checklist',
      {
        details: { materialCode, checklist: item.materials.map((m) => m.code) },
      },
    );
  }
  return rule;
}

const tooLarge = (rule: MaterialRule, bytes: number) =>
  new DomainError(
    'TOO_LARGE',
    'PAYLOAD_TOO_LARGE',
    `文件过大：${rule.name}不得超过 ${Math.floor(rule.maxBytes / 1024 / 1024)} MB`,
    `File too large: at most ${rule.maxBytes} bytes`,
    { details: { materialCode: rule.code, maxBytes: rule.maxBytes, bytes } },
  );

const duplicateOf = (record: CaseRecord, materialCode: string, sha256: string): Problem | undefined => {
  const other = Object.values(record.materials).find(
    (m) => m.materialCode !== materialCode && m.sha256 === sha256 && m.status === 'ACCEPTED',
  );
  return other ? materialProblems.duplicateMaterial(other.materialCode) : undefined;
};

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Evaluated {
  material: StoredMaterial;
  audit: AuditInput;
}

/** Inspect bytes against a rule and the case; the result is ACCEPTED or REJECTED with problems. */
async function evaluate(
  deps: CaseDependencies,
  record: CaseRecord,
  rule: MaterialRule,
  bytes: Uint8Array,
  declaredType: string,
  fileName: string | undefined,
  actor: string,
): Promise<Omit<Evaluated, 'material'> & { material: StoredMaterial }> {
  const sha256 = sha256Hex(bytes);
  const inspection = await deps.inspectMaterial(
    { bytes, declaredType, ...(fileName ? { fileName } : {}) },
    rule,
  );
  const verified = await verifyMaterialBytes(deps.verifyMaterial, bytes, rule, inspection.mediaType);
  const problems = [...inspection.problems, ...verified.problems];
  const duplicate = duplicateOf(record, rule.code, sha256);
  if (duplicate) problems.push(duplicate);
  const status = problems.length === 0 ? 'ACCEPTED' : 'REJECTED';
  const material: StoredMaterial = {
    materialCode: rule.code,
    status,
    mediaType: inspection.mediaType ?? declaredType.split(';')[0]?.trim().toLowerCase() ?? '',
    bytes: bytes.byteLength,
    sha256,
    problems,
    uploadedAt: deps.clock.now().toISOString(),
    facts: inspection.facts,
    ...(verified.verification ? { verification: verified.verification } : {}),
  };
  return {
    material,
    audit: {
      actor,
      action: status === 'ACCEPTED' ? 'material.accepted' : 'material.rejected',
      subject: record.caseId,
      details: {
        materialCode: rule.code,
        sha256,
        bytes: bytes.byteLength,
        problems: problems.map((p) => p.code),
        ...(verified.verification ? { verdict: verified.verification.verdict } : {}),
      },
    },
  };
}

export interface MaterialUploadInput {
  bytes: Uint8Array;
  declaredType: string;
  fileName?: string;
}

/** Upload a material's bytes: validated at once; accepted bytes are stored under a server-generated key. */
export async function putMaterial(
  deps: CaseDependencies,
  principal: Principal,
  caseId: string,
  materialCode: string,
  upload: MaterialUploadInput,
): Promise<MaterialView> {
  const current = await loadOwnCase(deps, principal, caseId);
  authoriseServiceItem(principal, current.serviceItemCode);
  const rule = ruleFor(deps.catalogue.require(current.serviceItemCode), materialCode);
  if (!acceptsUpload(current, materialCode)) throw notEditable(current);
  if (upload.bytes.byteLength > rule.maxBytes) throw tooLarge(rule, upload.bytes.byteLength);
  const first = await evaluate(
    deps,
    current,
    rule,
    upload.bytes,
    upload.declaredType,
    upload.fileName,
    principal.clientId,
  );
  let objectKey: string | undefined;
  if (first.material.status === 'ACCEPTED') {
    objectKey = `cases/${caseId}/materials/${materialCode}/${newId('OBJ', deps.clock, deps.random)}`;
    await deps.materials.put(objectKey, upload.bytes, { contentType: first.material.mediaType });
  }
  let replaced: string | undefined;
  try {
    const { result, record } = await mutateCase(deps, principal, caseId, (next) => {
      if (!acceptsUpload(next, materialCode)) throw notEditable(next);
      const material = { ...first.material, problems: [...first.material.problems] };
      const duplicate =
        material.status === 'ACCEPTED' ? duplicateOf(next, materialCode, material.sha256) : undefined;
      if (duplicate) {
        material.status = 'REJECTED';
        material.problems.push(duplicate);
      }
      if (material.status === 'ACCEPTED' && objectKey) material.objectKey = objectKey;
      replaced = next.materials[materialCode]?.objectKey;
      next.materials[materialCode] = material;
      delete next.pendingUploads[materialCode];
      // 容缺受理: an accepted upload of a deferred material supplies it.
      const supplied = material.status === 'ACCEPTED' && clearDeferral(next, materialCode);
      const audit = {
        ...first.audit,
        action: material.status === 'ACCEPTED' ? 'material.accepted' : 'material.rejected',
        ...(supplied ? { details: { ...first.audit.details, deferred: true } } : {}),
      };
      return { audit: [audit], result: material };
    });
    await dropSuppliedDeferrals(deps, current, record);
    if (result.status === 'REJECTED' && objectKey) await deps.materials.delete(objectKey);
    if (replaced && replaced !== objectKey) await deps.materials.delete(replaced);
    return toMaterialView(result);
  } catch (error) {
    // Nothing was recorded: do not keep the bytes.
    if (objectKey) await deps.materials.delete(objectKey).catch(() => undefined);
    throw error;
  }
}

/** Withdraw a material while the case is a DRAFT. */
export async function deleteMaterial(
  deps: CaseDependencies,
  principal: Principal,
  caseId: string,
  materialCode: string,
): Promise<void> {
  let objectKey: string | undefined;
  await mutateCase(deps, principal, caseId, (next) => {
    ruleFor(deps.catalogue.require(next.serviceItemCode), materialCode);
    if (next.status !== 'DRAFT') throw notEditable(next);
    const existing = next.materials[materialCode];
    if (!existing && !next.pendingUploads[materialCode]) {
      throw new DomainError(
        'NOT_FOUND',
        'MATERIAL_NOT_FOUND',
        '该材料尚未上传',
        'This material has not been uploaded',
        {
          details: { materialCode },
        },
      );
    }
    objectKey = existing?.objectKey ?? next.pendingUploads[materialCode]?.objectKey;
    delete next.materials[materialCode];
    delete next.pendingUploads[materialCode];
    return {
      audit: [
        {
          actor: principal.clientId,
          action: 'material.withdrawn',
          subject: caseId,
          details: { materialCode },
        },
      ],
      result: undefined,
    };
  });
  if (objectKey) await deps.materials.delete(objectKey);
}

export interface UploadUrl {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

/** A presigned PUT for a large file; the upload is validated when it lands and again at submit. */
export async function createUploadUrl(
  deps: CaseDependencies,
  principal: Principal,
  caseId: string,
  materialCode: string,
  contentType: string,
): Promise<UploadUrl> {
  const current = await loadOwnCase(deps, principal, caseId);
  const rule = ruleFor(deps.catalogue.require(current.serviceItemCode), materialCode);
  if (!acceptsUpload(current, materialCode)) throw notEditable(current);
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!(rule.mediaTypes as string[]).includes(mediaType)) {
    throw new DomainError(
      'UNPROCESSABLE',
      'UNSUPPORTED_MEDIA_TYPE',
      '该材料不接受此文件类型',
      'This material does not accept this file type',
      {
        details: { materialCode, accepted: rule.mediaTypes },
      },
    );
  }
  const objectKey = `cases/${caseId}/uploads/${materialCode}/${newId('OBJ', deps.clock, deps.random)}`;
  const expiresAt = new Date(deps.clock.now().getTime() + deps.presignExpiresSeconds * 1000).toISOString();
  await mutateCase(deps, principal, caseId, (next) => {
    if (!acceptsUpload(next, materialCode)) throw notEditable(next);
    next.pendingUploads[materialCode] = { materialCode, objectKey, contentType: mediaType, expiresAt };
    return {
      audit: [
        {
          actor: principal.clientId,
          action: 'material.upload-url',
          subject: caseId,
          details: { materialCode },
        },
      ],
      result: undefined,
    };
  });
  const presigned = await deps.materials.presignPut(objectKey, {
    contentType: mediaType,
    expiresInSeconds: deps.presignExpiresSeconds,
    maxBytes: rule.maxBytes,
  });
  return { url: presigned.url, method: 'PUT', headers: presigned.headers, expiresAt };
}

/**
 * Validate presigned uploads that have landed (mutates `record`); uploads not there yet stay pending until
 * they expire. Returns the audit entries to append.
 */
export async function ingestPendingUploads(
  deps: CaseDependencies,
  record: CaseRecord,
  item: ServiceItem,
): Promise<AuditInput[]> {
  const audit: AuditInput[] = [];
  const now = deps.clock.now().toISOString();
  for (const pending of Object.values(record.pendingUploads)) {
    const bytes = await deps.materials.get(pending.objectKey);
    if (!bytes) {
      if (pending.expiresAt < now) delete record.pendingUploads[pending.materialCode];
      continue;
    }
    const rule = ruleFor(item, pending.materialCode);
    const evaluated =
      bytes.byteLength > rule.maxBytes
        ? undefined
        : await evaluate(deps, record, rule, bytes, pending.contentType, undefined, record.clientId);
    const material: StoredMaterial = evaluated?.material ?? {
      materialCode: rule.code,
      status: 'REJECTED',
      mediaType: pending.contentType,
      bytes: bytes.byteLength,
      sha256: sha256Hex(bytes),
      problems: [
        problem('TOO_LARGE', `文件超过 ${rule.maxBytes} 字节上限`, `File exceeds ${rule.maxBytes} bytes`),
      ],
      uploadedAt: now,
    };
    if (material.status === 'ACCEPTED') material.objectKey = pending.objectKey;
    else await deps.materials.delete(pending.objectKey);
    record.materials[rule.code] = material;
    delete record.pendingUploads[pending.materialCode];
    const supplied = material.status === 'ACCEPTED' && clearDeferral(record, rule.code);
    audit.push(
      evaluated && supplied
        ? { ...evaluated.audit, details: { ...evaluated.audit.details, deferred: true } }
        : (evaluated?.audit ?? {
            actor: record.clientId,
            action: 'material.rejected',
            subject: record.caseId,
            details: { materialCode: rule.code, problems: ['TOO_LARGE'] },
          }),
    );
  }
  return audit;
}

/** `cases/{caseId}/uploads/{materialCode}/{objectId}`: where presigned uploads land. */
const uploadKey = /^cases\/(CASE-[0-9A-Z]{26})\/uploads\/([A-Z][A-Z0-9_]*)\/OBJ-[0-9A-Z]{26}$/;

/**
 * A presigned upload has landed (S3 event on AWS): validate it now instead of waiting for submit. Keys that
 * are not pending uploads of a DRAFT case are ignored (another write of the bucket, or a late upload).
 */
export async function ingestUploadedObject(
  deps: CaseDependencies,
  objectKey: string,
): Promise<{ ingested: boolean }> {
  const match = uploadKey.exec(objectKey);
  if (!match?.[1] || !match[2]) return { ingested: false };
  const [, caseId, materialCode] = match;
  const current = await deps.cases.get(caseId);
  if (
    !current ||
    !acceptsUpload(current, materialCode) ||
    current.pendingUploads[materialCode]?.objectKey !== objectKey
  )
    return { ingested: false };
  const { result, record } = await mutateCaseAsSystem(deps, caseId, async (next) => {
    if (!acceptsUpload(next, materialCode) || next.pendingUploads[materialCode]?.objectKey !== objectKey)
      return { audit: [], result: false };
    const audit = await ingestPendingUploads(deps, next, deps.catalogue.require(next.serviceItemCode));
    return { audit, result: true };
  });
  await dropSuppliedDeferrals(deps, current, record);
  return { ingested: result };
}
