/**
 * The case (办件) as stored, and its views. A case belongs to the upstream client that created it.
 */
import type { Verification } from '../certificates/verify-licence.js';
import type { Problem } from '../problem.js';

/** RETURNED (退件): a deferred material was not supplied in time; the applicant files a new case. */
export type CaseStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'ISSUED' | 'RETURNED';
export type MaterialStatus = 'ACCEPTED' | 'REJECTED';
export type Decision = 'APPROVE' | 'REJECT';

/** The caller of a core service: an upstream client and what it may act on (`*` = everything). */
export interface Principal {
  clientId: string;
  serviceItems: string[];
  departments: string[];
}

export interface Applicant {
  name: string;
  idNumber: string;
  mobile: string;
  organization?: string;
  /** The organisation's 统一社会信用代码 (GB 32100); its licences name the organisation as holder. */
  creditCode?: string;
}

export interface StoredMaterial {
  materialCode: string;
  status: MaterialStatus;
  mediaType: string;
  bytes: number;
  sha256: string;
  problems: Problem[];
  /** Object key of the stored bytes (accepted materials only); server-generated, never the client's filename. */
  objectKey?: string;
  uploadedAt: string;
  facts?: { pages?: number; width?: number; height?: number };
  /** Absent on materials stored before licences could be pulled: those are uploads. */
  source?: MaterialSource;
  /** The pulled licence (`source: E_LICENCE`), with the upstream client it was issued through. */
  licence?: MaterialLicence & { issuedBy: string };
  /** The applicant's authorisation to use a licence issued through another client (用证授权). */
  consentRef?: string;
  /** A signed PDF's verification on upload (re-read from the ledger at submit for our licences). */
  verification?: Verification;
}

/**
 * Where a material came from: an upload, a licence of this system pulled as the material (自动调取), or the
 * applicant's signed pledge in its place (告知承诺: the pledge document stands for it).
 */
export type MaterialSource = 'UPLOAD' | 'E_LICENCE' | 'PLEDGE';

/** 容缺受理: a material accepted as missing at submit, due by `dueAt` (end of a working day, Asia/Shanghai). */
export interface DeferredMaterial {
  materialCode: string;
  dueAt: string;
  /** When the applicant was reminded that it falls due (once). */
  remindedAt?: string;
}

/** 事后核查 of a pledge: due `checkWithinWorkingDays` after approval; the outcome a department recorded. */
export interface PledgeCheck {
  dueAt: string;
  status: 'PENDING' | 'CONFIRMED' | 'FALSE';
  department?: string;
  comment?: string;
  at?: string;
  clientId?: string;
}

/** 告知承诺: the applicant's signed pledge, kept as a document of the case (a PDF in the materials bucket). */
export interface PledgeRecord {
  /** Who signed (personal data: stored with the case, masked on every way out). */
  signatory: string;
  acceptedAt: string;
  /** The material codes the pledge stands in for. */
  replaces: string[];
  objectKey: string;
  sha256: string;
  bytes: number;
  /** The item's terms when the pledge was signed: a later catalogue change does not alter them. */
  checkWithinWorkingDays: number;
  barDays: number;
  /** Scheduled when the case is approved. */
  check?: PledgeCheck;
}

/** The licence a material names when `source` is `E_LICENCE`. */
export interface MaterialLicence {
  certificateId: string;
  number: string;
  /** Licence type (`certificate.type` of the issuing item). */
  type: string;
  validUntil: string;
}

/** A presigned upload that has not been validated yet. */
export interface PendingUpload {
  materialCode: string;
  objectKey: string;
  contentType: string;
  expiresAt: string;
}

export interface DecisionRecord {
  department: string;
  decision: Decision;
  comment?: string;
  at: string;
  clientId: string;
}

/** A licence reserved by an issuance batch: ids and serials are fixed before anything is rendered. */
export interface ReservedLicence {
  certificateId: string;
  serial: number;
  number: string;
  identifier: string;
  verificationCode: string;
  holder: {
    type?: 'PERSON' | 'ORGANIZATION';
    name: string;
    idType?: string;
    idNumber?: string;
    organization?: string;
  };
  fields: Record<string, unknown>;
  validFrom: string;
  validUntil: string;
  /** The licence's token-status-list entry, reserved with its serial (absent in batches from before). */
  statusList?: { listId: string; idx: number };
}

/**
 * The issuance in progress or done. PREPARING: ids reserved, licences being produced; COMMITTED: the case is
 * ISSUED and the batch's ledger records are in force. A retry of the same request resumes the same batch.
 */
export interface IssuanceRecord {
  batchId: string;
  requestHash: string;
  state: 'PREPARING' | 'COMMITTED';
  startedAt: string;
  issuedAt: string;
  licences: ReservedLicence[];
  /**
   * When a retry of the batch's own request last resumed it (PREPARING only): the batch is alive, and the
   * job voiding abandoned batches counts its age from here (see `preparingSince`).
   */
  resumedAt?: string;
  /**
   * The issuing request's `notify` mobile (normalised): the request's one SMS (办件提醒) goes there instead of
   * to the applicant. Fixed with the batch, so every reader of its `case.issued` event texts the same number.
   */
  notifyMobile?: string;
  /** Set once the batch's audit entries are in the trail. */
  audited?: boolean;
  /** Who is writing the batch's audit entries (racing requests write them once). */
  auditClaim?: { token: string; at: string };
}

export interface CaseRecord {
  caseId: string;
  clientId: string;
  serviceItemCode: string;
  status: CaseStatus;
  applicant: Applicant;
  form: Record<string, unknown>;
  materials: Record<string, StoredMaterial>;
  pendingUploads: Record<string, PendingUpload>;
  decisions: DecisionRecord[];
  certificateIds: string[];
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  dueAt?: string;
  /**
   * Whether `dueAt` was counted on official notices only, or touched a year without one (the statutory
   * rules). Absent on cases submitted before provisional deadlines existed: those are `OFFICIAL`.
   */
  dueAtBasis?: 'OFFICIAL' | 'PROVISIONAL';
  /**
   * `PROVISIONAL` while the case awaits decisions with a provisional deadline (sparse index for the job that
   * recomputes those deadlines once the year's notice is loaded); removed with `slaQueue` or by that job.
   */
  provisionalQueue?: 'PROVISIONAL';
  /** The item's promised limit when the case was accepted: a recount uses it, whatever the catalogue says later. */
  timeLimitWorkingDays?: number;
  issuance?: IssuanceRecord;
  /**
   * `PREPARING` while `issuance` is a PREPARING batch, with `preparingSince` its last sign of life
   * (`resumedAt`, else `startedAt`): the sparse index of the job that voids abandoned batches. Derived from
   * `issuance` on every case write (`indexPreparingBatch`), so a commit, an abandonment or a supersession
   * takes the case out of the index in the same write.
   */
  preparingQueue?: 'PREPARING';
  preparingSince?: string;
  /** `OPEN` while awaiting decisions (sparse index for the deadline job); removed once decided. */
  slaQueue?: 'OPEN';
  /** Deadline warnings sent, one per department and kind. */
  warnings?: Array<{ department: string; kind: 'DUE_SOON' | 'OVERDUE'; at: string }>;
  /** 容缺受理: materials still to be supplied (cleared one by one as they are accepted). */
  deferred?: DeferredMaterial[];
  /** When the case was returned (退件) for a deferred material not supplied in time. */
  returnedAt?: string;
  /** 告知承诺: the pledge signed in place of materials, and its check. */
  pledge?: PledgeRecord;
  /** Optimistic-locking counter, incremented by every write. */
  version: number;
}

export interface ChecklistEntry {
  materialCode: string;
  name: string;
  required: boolean;
  status: 'MISSING' | MaterialStatus;
  problems: Problem[];
  /** 一键核验: the verdict on a signed PDF (a presigned upload shows it here once it has landed). */
  verification?: Verification;
  /** Where a supplied material came from (absent while MISSING). */
  source?: MaterialSource;
  licence?: MaterialLicence;
}

/** The API's `Material`. */
export interface MaterialView {
  materialCode: string;
  status: MaterialStatus;
  mediaType: string;
  bytes: number;
  sha256: string;
  problems: Problem[];
  /** 一键核验: the verdict on a signed PDF, as `POST /v1/verifications` gives it. */
  verification?: Verification;
  source: MaterialSource;
  /** The licence pulled as this material (`source: E_LICENCE`). */
  licence?: MaterialLicence;
}

/** The API's `Case`, with personal data masked. */
export interface CaseView {
  caseId: string;
  serviceItemCode: string;
  status: CaseStatus;
  applicant: Applicant;
  form: Record<string, unknown>;
  checklist: ChecklistEntry[];
  decisions: Array<{ department: string; decision: Decision; at: string; comment?: string }>;
  pendingDepartments: string[];
  submittedAt?: string;
  dueAt?: string;
  /** `PROVISIONAL`: counted partly on the statutory rules of a year without a notice; recomputed later. */
  dueAtBasis?: 'OFFICIAL' | 'PROVISIONAL';
  /** While awaiting decisions: working days left (negative when overdue) and ON_TIME / DUE_SOON / OVERDUE. */
  sla?: { remainingWorkingDays: number; status: 'ON_TIME' | 'DUE_SOON' | 'OVERDUE' };
  certificateIds: string[];
  /** 容缺受理: materials still outstanding and when each is due (absent when none is). */
  deferred?: Array<{ materialCode: string; dueAt: string }>;
  returnedAt?: string;
  /** 告知承诺: the pledge (signatory masked) and its check. */
  pledge?: {
    signatory: string;
    acceptedAt: string;
    replaces: string[];
    sha256: string;
    check?: { dueAt: string; status: PledgeCheck['status']; department?: string; at?: string };
  };
  createdAt: string;
  updatedAt: string;
}
