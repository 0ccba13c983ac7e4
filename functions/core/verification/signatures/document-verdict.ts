/**
 * The verdict on a document that is not our own licence, from its per-signature reports: TAMPERED only when
 * a signature does not match the bytes it covers or a later revision changed what was signed; a genuine
 * document is UNKNOWN_SIGNER, or VALID_OTHER_ISSUER when its signers' chains end in a trusted issuer.
 */
import {
  type Finding,
  finding,
  type SignatureCheck,
  type SignatureSummary,
  statusOf,
  toReasons,
} from '../types.js';
import type { DocumentAnalysis } from './analyse-document.js';
import type { CheckedSignature } from './check-signature.js';

const label = (signature: CheckedSignature, index: number) =>
  signature.report.field ? `“${signature.report.field}”` : `#${index + 1}`;

/** What the CMS check found, as findings. */
function integrityFindings(signature: CheckedSignature, name: string): Finding[] {
  const findings: Finding[] = [];
  if (signature.integrity === 'UNREADABLE' || signature.integrity === 'NO_SIGNATURE_VALUE') {
    const empty = signature.integrity === 'NO_SIGNATURE_VALUE';
    findings.push(
      finding(
        empty ? 'SIGNATURE_EMPTY' : 'CMS_MALFORMED',
        'MALFORMED',
        empty ? `签名 ${name} 的签名值为空，签名从未完成` : `签名 ${name} 的签名数据格式错误，无法读取`,
        empty
          ? `Signature ${name} has an empty value; signing was never completed`
          : `The data of signature ${name} is malformed and cannot be read`,
      ),
    );
  }
  if (signature.integrity === 'BROKEN') {
    findings.push(
      finding(
        signature.integrityDetail === 'DIGEST_MISMATCH' ? 'MESSAGE_DIGEST_MISMATCH' : 'SIGNATURE_INVALID',
        'TAMPERED',
        `签名 ${name} 与其保护的内容不符，文件在签名后被改动或签名已损坏`,
        `Signature ${name} does not match the content it protects: modified after signing, or the signature is broken`,
      ),
    );
  }
  if (signature.integrity === 'UNCHECKABLE') {
    findings.push(
      finding(
        'SIGNATURE_NOT_CHECKABLE',
        'UNKNOWN_SIGNER',
        `签名 ${name} 使用了本系统无法核验的算法或缺少签名证书`,
        `Signature ${name} uses an algorithm this system cannot check, or lacks its certificate`,
      ),
    );
  }
  return findings;
}

function findingsOf(signature: CheckedSignature, index: number, changedAt: string | undefined): Finding[] {
  const name = label(signature, index);
  const findings: Finding[] = [];
  if (signature.coverageProblem) {
    findings.push(
      finding(
        signature.coverageProblem,
        'TAMPERED',
        `签名 ${name} 的保护范围不是文件的一个完整版本，未受保护的内容可能被改动`,
        `Signature ${name} does not cover one whole revision of the file; unprotected content may have been changed`,
      ),
    );
  }
  findings.push(...integrityFindings(signature, name));
  if (signature.report.laterChanges === 'DISALLOWED') {
    findings.push(
      finding(
        'MODIFIED_AFTER_SIGNING',
        'TAMPERED',
        `签名 ${name} 之后的修订改动了已签名的内容（${changedAt ?? ''}）`,
        `A revision after signature ${name} changed what was signed (${changedAt ?? ''})`,
      ),
    );
  }
  return findings;
}

const TRAILING = finding(
  'TAIL_NOT_COVERED',
  'TAMPERED',
  '文件末尾有不属于任何签名版本的数据',
  'The file ends with data that belongs to no signed revision',
);

function summaryOf(signatures: CheckedSignature[]): SignatureSummary | undefined {
  const last = [...signatures]
    .reverse()
    .find((signature) => signature.report.kind === 'SIGNATURE' && signature.report.signer);
  if (!last?.report.signer) return undefined;
  return {
    signer: last.report.signer,
    ...(last.report.signedAt ? { signedAt: last.report.signedAt } : {}),
    coversWholeDocument: last.report.coversWholeDocument,
    algorithm: last.report.algorithm ?? 'unsupported',
    certificateSerial: last.certificateSerial ?? '',
  };
}

/** The check result for a document of another issuer. */
export function foreignVerdict(analysis: DocumentAnalysis): Omit<SignatureCheck, 'sha256'> {
  const { signatures } = analysis;
  const findings = signatures.flatMap((signature, index) =>
    findingsOf(signature, index, analysis.changedAt[index]),
  );
  if (analysis.trailingBytes) findings.push(TRAILING);
  const signers = signatures.filter((signature) => signature.report.kind === 'SIGNATURE');
  const trusted =
    signers.length > 0 && signers.every((signature) => signature.report.signerTrust === 'TRUSTED_ISSUER');
  if (signatures.length === 0) {
    findings.push(
      finding('NO_SIGNATURE', 'NOT_SIGNED', '文件没有电子签章', 'The file carries no electronic seal'),
    );
  } else if (!trusted) {
    findings.push(
      finding(
        'CERTIFICATE_UNTRUSTED',
        'UNKNOWN_SIGNER',
        '签名者不是本系统，也不在可信签发机构名单中',
        'The signer is neither this system nor an issuer on the trusted list',
      ),
    );
  }
  const status = statusOf(findings);
  const verdict = status === 'VALID' ? 'VALID_OTHER_ISSUER' : status;
  const issuers = [...new Set(signers.map((signature) => signature.report.trustedIssuer))].join('、');
  const reasons =
    verdict === 'VALID_OTHER_ISSUER'
      ? [
          {
            code: 'TRUSTED_ISSUER',
            message: `由可信签发机构 ${issuers} 签发，签名完整 / Issued by the trusted issuer ${issuers}; signatures intact`,
          },
        ]
      : toReasons(findings);
  const summary = summaryOf(signatures);
  return {
    status: verdict,
    reasons,
    ...(summary ? { signature: summary } : {}),
    signatures: signatures.map((signature) => signature.report),
  };
}
