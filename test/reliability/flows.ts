/**
 * Business flows the reliability tests start from: a case in each status, issued licences, and what the
 * stores hold about a case (objects, ledger, audit) for the "exactly once / nothing half-issued" checks.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { CryptoRandom, SystemClock } from '../../functions/adapters/system-clock.js';
import { listsLicence } from '../../functions/core/audit/subject-trail.js';
import { resolveCertificate } from '../../functions/core/certificates/certificate-service.js';
import { verifyByCode, verifyUpload } from '../../functions/core/certificates/verify-licence.js';
import { newId } from '../../functions/core/ids.js';
import type { AuditEntry } from '../../functions/ports/audit-log.js';
import { applicant, makePdf, medicalForm } from '../fixtures/cases.js';
import type { ReliabilityApp } from './app.js';

const organisation = { ...applicant, organization: '湖南康达医疗器械有限公司' };
const materials = ['APPLICATION_FORM', 'BUSINESS_LICENCE', 'PRODUCTION_LICENCE', 'PRODUCT_LIST'];
const pdfs = new Map<string, Promise<Uint8Array>>();

const expectStatus = (what: string, reply: { status: number; text: string }, status: number) => {
  if (reply.status !== status)
    throw new Error(`${what}: expected ${status}, got ${reply.status} ${reply.text}`);
};

/** A DRAFT medical-device export case with `products` products (one licence each). */
export async function draftCase(app: ReliabilityApp, products = 1): Promise<string> {
  const created = await app.call('POST', '/v1/cases', {
    json: {
      serviceItemCode: 'MEDICAL_DEVICE_EXPORT_CERT',
      applicant: organisation,
      form: medicalForm(products),
    },
  });
  expectStatus('create case', created, 201);
  return created.body.caseId as string;
}

/** A SUBMITTED case (every required material uploaded). */
export async function submittedCase(app: ReliabilityApp, products = 1): Promise<string> {
  const caseId = await draftCase(app, products);
  for (const code of materials) {
    if (!pdfs.has(code)) pdfs.set(code, makePdf(`reliability ${code}`));
    const bytes = await pdfs.get(code);
    const put = await app.call('PUT', `/v1/cases/${caseId}/materials/${code}`, {
      body: bytes ?? new Uint8Array(),
      contentType: 'application/pdf',
    });
    expectStatus(`material ${code}`, put, 200);
  }
  expectStatus('submit', await app.call('POST', `/v1/cases/${caseId}/submit`), 200);
  return caseId;
}

/** An APPROVED case, ready for issuance. */
export async function approvedCase(app: ReliabilityApp, products = 1): Promise<string> {
  const caseId = await submittedCase(app, products);
  const decided = await app.call('POST', `/v1/cases/${caseId}/decisions`, {
    json: { department: '药品监督管理', decision: 'APPROVE' },
  });
  expectStatus('approve', decided, 200);
  return caseId;
}

/**
 * A copy of an APPROVED case under a new id, written straight to the case store: as real as the original
 * (same record shape, same owner), without replaying intake — for tests that need many approved cases.
 */
export async function cloneApprovedCase(app: ReliabilityApp, templateCaseId: string): Promise<string> {
  const template = await app.raw.cases.get(templateCaseId);
  if (template?.status !== 'APPROVED') throw new Error(`not an approved case: ${templateCaseId}`);
  const copy = structuredClone(template);
  copy.caseId = newId('CASE', new SystemClock(), new CryptoRandom());
  copy.version = 1;
  await app.raw.cases.create(copy);
  return copy.caseId;
}

/** An ISSUED case and its licences. */
export async function issuedCase(
  app: ReliabilityApp,
  products = 1,
): Promise<{ caseId: string; certificates: Array<{ certificateId: string; verificationCode: string }> }> {
  const caseId = await approvedCase(app, products);
  const issued = await app.call('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
  expectStatus('issue', issued, 201);
  return { caseId, certificates: issued.body.certificates };
}

/** Keys of every object in the licences bucket under `licences/`. */
export async function licenceObjectKeys(app: ReliabilityApp): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await app.s3.client.send(
      new ListObjectsV2Command({
        Bucket: app.s3.buckets.licences,
        Prefix: 'licences/',
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** What the stores say about one licence, read with the unwrapped (fault-free) adapters. */
export interface LicenceState {
  certificateId: string;
  /** Visible as a licence (`resolveCertificate`: in force, or PENDING of a committed batch). */
  visible: boolean;
  verdictByCode: string;
  /** Verdict of an upload of the stored object, if there is one. */
  verdictByUpload?: string;
  objectExists: boolean;
  /**
   * Audit entries anywhere in the chain that record the licence's issuance: a `certificate.issued` entry
   * under its id (reissues, bulk rows) or a batch's `case.issued` entry listing it.
   */
  issuedAuditEntries: number;
}

/** The whole audit chain (the reliability tests' chains are short). */
async function wholeChain(app: ReliabilityApp): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (;;) {
    const page = await app.deps.audit.listRange((entries.at(-1)?.seq ?? 0) + 1, 1000);
    entries.push(...page);
    if (page.length < 1000) return entries;
  }
}

/** Inspect one reserved licence through the public verification paths and the stores. */
export async function licenceState(
  app: ReliabilityApp,
  licence: { certificateId: string; verificationCode: string },
  options: { upload: boolean },
): Promise<LicenceState> {
  const verification = app.deps.verification;
  const record = await resolveCertificate(verification, licence.certificateId);
  const byCode = await verifyByCode(verification, licence.certificateId, licence.verificationCode);
  const object = await app.raw.licences.get(`licences/${licence.certificateId}.pdf`);
  const entries = await wholeChain(app);
  const id = licence.certificateId;
  return {
    certificateId: licence.certificateId,
    visible: record !== undefined,
    verdictByCode: byCode.verdict,
    ...(options.upload && object
      ? { verdictByUpload: (await verifyUpload(verification, object)).verdict }
      : {}),
    objectExists: object !== undefined,
    issuedAuditEntries: entries.filter(
      (e) => (e.action === 'certificate.issued' && e.subject === id) || listsLicence(e, id),
    ).length,
  };
}
