/**
 * Suspension, reinstatement and reissue of a licence (issuing client only; others get 404).
 * Reissue writes a corrected licence that supersedes the old one: same serial, identifier version + 1,
 * number suffixed with the version. Protocol as for issuance: the new record is PENDING until the old one is
 * marked SUPERSEDED naming it (one conditional write — the commit point), then it is activated.
 */
import { createHash } from 'node:crypto';
import { ConcurrentUpdateError } from '../../ports/case-store.js';
import { ObjectExistsError } from '../../ports/object-store.js';
import type { Principal } from '../cases/model.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { buildIdentifier, parseIdentifier } from '../licence/identifier.js';
import { licenceQrText } from '../qr/licence-qr.js';
import { STATUS_POSITION_COUNTER, statusListReference } from '../status-lists/status-list.js';
import { type CertificateDependencies, loadOwn } from './certificate-service.js';
import { holderKeyOf } from './holder-index.js';
import { newVerificationCode, reserveSerials } from './issuance-reservation.js';
import type { IssuanceDependencies } from './issue-certificates.js';
import type { CertificateRecord, CertificateView, Holder } from './model.js';
import { toCertificateView, verifyUrlOf } from './view.js';

type Deps = IssuanceDependencies & CertificateDependencies;

const conflict = (code: string, zh: string, en: string, record: CertificateRecord) =>
  new DomainError('CONFLICT', code, zh, en, {
    details: { certificateId: record.certificateId, status: record.status },
  });

async function transition(
  deps: Deps,
  principal: Principal,
  certificateId: string,
  change: (record: CertificateRecord) => {
    next: CertificateRecord;
    action: string;
    details: Record<string, unknown>;
  },
): Promise<CertificateView> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const record = await loadOwn(deps, principal, certificateId);
    const { next, action, details } = change(record);
    next.version = record.version + 1;
    try {
      // The change and its audit entry (the domain event webhooks deliver) in one transaction.
      await deps.ledger.update(next, [
        { actor: principal.clientId, action, subject: certificateId, details },
      ]);
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) continue;
      throw error;
    }
    return toCertificateView(next, deps, deps.clock.now());
  }
  throw new DomainError(
    'CONFLICT',
    'CONCURRENT_UPDATE',
    '证照正被同时修改，请重试',
    'The certificate is being changed concurrently; retry',
    {
      retryAfterSeconds: 1,
    },
  );
}

/** Revoke with a reason; verification and the SMS page show it at once. Revoking twice → 409. */
export function revokeCertificate(deps: Deps, principal: Principal, certificateId: string, reason: string) {
  return transition(deps, principal, certificateId, (record) => {
    if (record.status === 'REVOKED') {
      throw conflict(
        'CERTIFICATE_ALREADY_REVOKED',
        '证照已被撤销',
        'The certificate is already revoked',
        record,
      );
    }
    const next: CertificateRecord = {
      ...record,
      status: 'REVOKED',
      revokedAt: deps.clock.now().toISOString(),
      revocationReason: reason,
      revokedBy: principal.clientId,
    };
    // Nothing to remind about any more.
    delete next.expiryQueue;
    return {
      next,
      action: 'certificate.revoked',
      details: { reason, caseId: record.caseId, number: record.number },
    };
  });
}

/** VALID → SUSPENDED: not in force until reinstated (verification says SUSPENDED). */
export function suspendCertificate(deps: Deps, principal: Principal, certificateId: string, reason: string) {
  return transition(deps, principal, certificateId, (record) => {
    if (record.status !== 'VALID') {
      throw conflict(
        'CERTIFICATE_NOT_SUSPENDABLE',
        '只有有效的证照可以暂停',
        'Only a valid licence can be suspended',
        record,
      );
    }
    const at = deps.clock.now().toISOString();
    return {
      next: { ...record, status: 'SUSPENDED', suspendedAt: at, suspensionReason: reason },
      action: 'certificate.suspended',
      details: { reason },
    };
  });
}

/** SUSPENDED → VALID. */
export function reinstateCertificate(
  deps: Deps,
  principal: Principal,
  certificateId: string,
  reason: string,
) {
  return transition(deps, principal, certificateId, (record) => {
    if (record.status !== 'SUSPENDED') {
      throw conflict('CERTIFICATE_NOT_SUSPENDED', '该证照未被暂停', 'The licence is not suspended', record);
    }
    const next: CertificateRecord = { ...record, status: 'VALID' };
    delete next.suspendedAt;
    delete next.suspensionReason;
    return { next, action: 'certificate.reinstated', details: { reason } };
  });
}

export interface ReissueInput {
  reason: string;
  holder?: Holder;
  fields?: Record<string, unknown>;
  validUntil?: string;
}

/** A corrected licence that supersedes `certificateId`. */
export async function reissueCertificate(
  deps: Deps,
  principal: Principal,
  certificateId: string,
  input: ReissueInput,
): Promise<CertificateView> {
  const old = await loadOwn(deps, principal, certificateId);
  if (old.status !== 'VALID' && old.status !== 'SUSPENDED') {
    throw conflict('CERTIFICATE_NOT_REISSUABLE', '该证照不能换发', 'This licence cannot be reissued', old);
  }
  const item = deps.catalogue.require(old.serviceItemCode);
  const fields = { ...old.fields, ...(input.fields ?? {}) };
  const failures = deps.catalogue.validateFields(item.code, fields);
  const validUntil = input.validUntil ?? old.validUntil;
  if (failures.length > 0) {
    throw new DomainError(
      'UNPROCESSABLE',
      'INVALID_FIELDS',
      '证照字段不符合要求',
      'The licence fields do not fit the template',
      {
        details: { failures },
      },
    );
  }
  const now = deps.clock.now();
  const validFrom = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  if (validUntil < validFrom) {
    throw new DomainError('UNPROCESSABLE', 'INVALID_VALIDITY', '有效期无效', 'validUntil is before today', {
      details: { validUntil },
    });
  }
  const parsed = parseIdentifier(old.identifier);
  const version = parsed.version + 1;
  const holder = input.holder ?? old.holder;
  // A reissue may name another holder: its key is computed afresh, never copied from the old record.
  const holderKey = await holderKeyOf(deps.holderKeys, holder);
  const base = old.number.replace(/-\d+$/, '');
  const next: CertificateRecord = {
    ...old,
    certificateId: newId('CERT', deps.clock, deps.random),
    batchId: `REISSUE-${old.certificateId}-${version}`,
    status: 'PENDING',
    number: `${base}-${version}`,
    identifier: buildIdentifier({
      typeCode: parsed.typeCode,
      issuerCode: parsed.issuerCode,
      serial: parsed.serial,
      version,
    }),
    holder,
    fields,
    issuedAt: now.toISOString(),
    validFrom,
    validUntil,
    verificationCode: newVerificationCode(deps.random),
    replaces: old.certificateId,
    expiryQueue: 'ACTIVE',
    version: 1,
  };
  for (const key of [
    'revokedAt',
    'revocationReason',
    'revokedBy',
    'suspendedAt',
    'suspensionReason',
    'reminders',
    'supersededBy',
    'supersededByNumber',
    'holderKey',
  ] as const) {
    delete next[key];
  }
  if (holderKey) next.holderKey = holderKey;
  // A status-list entry of its own (never the old licence's, which becomes INVALID), claimed by this reissue.
  const position = await reserveSerials(deps, STATUS_POSITION_COUNTER, 1, next.batchId);
  next.statusList = statusListReference(position - 1, deps.statusListSize);
  const verifyUrl = verifyUrlOf(deps.publicBaseUrl, next.certificateId, next.verificationCode);
  const qrText = deps.qr ? (await licenceQrText(deps.qr, next, verifyUrl)).text : undefined;
  const made = await deps.factory.produce(
    {
      template: item.certificate,
      certificateId: next.certificateId,
      number: next.number,
      identifier: next.identifier,
      holder: next.holder,
      fields,
      issuedAt: now,
      validFrom: new Date(`${validFrom}T00:00:00+08:00`),
      validUntil: new Date(`${validUntil}T00:00:00+08:00`),
      verifyUrl,
      ...(qrText ? { qrText } : {}),
    },
    now,
  );
  next.objectKey = `licences/${next.certificateId}.pdf`;
  try {
    await deps.licences.put(next.objectKey, made.bytes, {
      contentType: 'application/pdf',
      ifNoneMatch: true,
    });
  } catch (error) {
    if (!(error instanceof ObjectExistsError)) throw error;
  }
  next.sha256 = createHash('sha256').update(made.bytes).digest('hex');
  next.bytes = made.bytes.byteLength;
  next.sealCertificateSerial = made.sealCertificateSerial;
  await deps.ledger.putPending(next);
  // Commit point: the old licence names its successor.
  await transition(deps, principal, certificateId, (record) => {
    if (record.status !== 'VALID' && record.status !== 'SUSPENDED') {
      throw conflict(
        'CERTIFICATE_NOT_REISSUABLE',
        '该证照不能换发',
        'This licence cannot be reissued',
        record,
      );
    }
    const superseded: CertificateRecord = {
      ...record,
      status: 'SUPERSEDED',
      supersededBy: next.certificateId,
      supersededByNumber: next.number,
    };
    delete superseded.expiryQueue;
    return {
      next: superseded,
      action: 'certificate.superseded',
      details: { by: next.certificateId, number: next.number, reason: input.reason },
    };
  });
  await deps.ledger.activate(next.certificateId, next.batchId);
  await deps.audit.append([
    {
      actor: principal.clientId,
      action: 'certificate.issued',
      subject: next.certificateId,
      details: {
        caseId: next.caseId,
        number: next.number,
        identifier: next.identifier,
        sha256: next.sha256,
        replaces: old.certificateId,
      },
    },
  ]);
  return toCertificateView({ ...next, status: 'VALID' }, deps, deps.clock.now());
}
