/** Typed failures of the audit trail, so the HTTP layer can map them without parsing messages. */
import { DomainError } from '../errors.js';

/** A value that has no canonical JSON form (undefined, NaN, a Date, a cycle, a lone surrogate, …). */
export class NotJsonError extends DomainError {
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(
      'INVALID',
      'VALUE_NOT_JSON',
      `${path} 不是 JSON 值（${what}）`,
      `${path} is not a JSON value (${what})`,
      {
        details: { path, problem: what },
      },
    );
    this.name = 'NotJsonError';
  }
}

/**
 * Personal data (ID number, mobile) found in an audit entry. Only the JSON paths are reported — never the
 * values — so the error itself cannot leak what it caught.
 */
export class PersonalDataInAuditError extends DomainError {
  constructor(readonly paths: string[]) {
    super(
      'UNPROCESSABLE',
      'PERSONAL_DATA_IN_AUDIT',
      '审计记录不得含有未脱敏的个人信息（身份证号、手机号）',
      'Audit entries must not contain unmasked personal data (ID numbers, mobile numbers)',
      { details: { paths } },
    );
    this.name = 'PersonalDataInAuditError';
  }
}

/** An audit input that cannot become an entry (empty subject, too large, too many in one batch, …). */
export class InvalidAuditInputError extends DomainError {
  constructor(problemZh: string, problemEn: string, details: Record<string, unknown> = {}) {
    super(
      'INVALID',
      'INVALID_AUDIT_INPUT',
      `审计记录无效：${problemZh}`,
      `Invalid audit entry: ${problemEn}`,
      {
        details,
      },
    );
    this.name = 'InvalidAuditInputError';
  }
}

/**
 * Appends kept losing the race for the next seq. Bounded retries turn unbounded contention into a
 * retryable 503 instead of a hung request.
 */
export class AuditContentionError extends DomainError {
  constructor(attempts: number, cause?: unknown) {
    super(
      'UNAVAILABLE',
      'AUDIT_LOG_BUSY',
      '审计日志繁忙，请稍后重试',
      'The audit log is busy, please retry shortly',
      { details: { attempts }, retryAfterSeconds: 1, cause },
    );
    this.name = 'AuditContentionError';
  }
}
