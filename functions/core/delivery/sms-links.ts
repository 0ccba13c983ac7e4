/**
 * Delivery to the citizen: an SMS carrying `${PUBLIC_BASE_URL}/s/{token}`. The token has 128 bits from the
 * CSPRNG, is stored only as its SHA-256, expires (default 30 days) and opens exactly one licence.
 */
import { createHash } from 'node:crypto';
import type { AuditLog } from '../../ports/audit-log.js';
import type { Clock } from '../../ports/clock.js';
import type { Random } from '../../ports/random.js';
import type { SmsLink, SmsLinkStore } from '../../ports/sms-link-store.js';
import type { SmsSender } from '../../ports/sms-sender.js';
import { normaliseMobile } from '../cases/applicant.js';
import type { CertificateRecord } from '../certificates/model.js';
import { effectiveStatus, type PublicStatus } from '../certificates/view.js';
import { DomainError } from '../errors.js';
import { maskMobile } from '../masking.js';

export interface DeliveryDependencies {
  links: SmsLinkStore;
  sms: SmsSender;
  audit: AuditLog;
  clock: Clock;
  random: Random;
  publicBaseUrl: string;
  /** @default 30 */
  linkTtlDays?: number;
}

/** One SMS segment of UCS-2 text (Chinese) holds 70 characters. */
const SEGMENT = 70;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The message text: the most informative variant that fits one segment, else the shortest. */
export function smsBody(typeName: string, number: string, url: string): string {
  const variants = [
    `【湘证照】您的${typeName}（${number}）已签发，点击查看或下载：${url}`,
    `【湘证照】您的${typeName}已签发，查看：${url}`,
    `【湘证照】${typeName}已签发：${url}`,
    `【湘证照】证照已签发：${url}`,
  ];
  return variants.find((v) => [...v].length <= SEGMENT) ?? (variants.at(-1) as string);
}

/** The normalised mobile, or 422 `INVALID_MOBILE` pointing at `path`. */
export function assertMobile(mobile: string, path: string): string {
  const to = normaliseMobile(mobile);
  if (!to) {
    throw new DomainError(
      'UNPROCESSABLE',
      'INVALID_MOBILE',
      '手机号码无效，应为11位中国大陆手机号',
      'Invalid mobile: 11-digit mainland number expected',
      {
        details: { path },
      },
    );
  }
  return to;
}

/** Send (again) the SMS link of a licence to a mobile. */
export async function sendLicenceLink(
  deps: DeliveryDependencies,
  record: CertificateRecord,
  mobile: string,
  actor: string,
): Promise<{ messageId: string; expiresAt: string }> {
  const to = assertMobile(mobile, '/mobile');
  if (record.status === 'REVOKED') {
    throw new DomainError(
      'CONFLICT',
      'CERTIFICATE_REVOKED',
      '证照已撤销，不能发送',
      'The certificate is revoked',
      {
        details: { certificateId: record.certificateId },
      },
    );
  }
  const { url, link } = await createLink(deps, record, to);
  const { messageId } = await deps.sms.send({
    to,
    body: smsBody(record.typeName, record.number, url),
    link: url,
  });
  await deps.audit.append([
    {
      actor,
      action: 'certificate.notified',
      subject: record.certificateId,
      details: { mobile: link.mobileMasked, messageId, expiresAt: link.expiresAt },
    },
  ]);
  return { messageId, expiresAt: link.expiresAt };
}

/** A new SMS link for a licence: 128-bit token from the CSPRNG, stored only as its hash. */
export async function createLink(
  deps: Pick<DeliveryDependencies, 'links' | 'clock' | 'random' | 'publicBaseUrl' | 'linkTtlDays'>,
  record: CertificateRecord,
  mobile: string,
): Promise<{ url: string; link: SmsLink; mobile: string }> {
  const to = assertMobile(mobile, '/mobile');
  const token = Buffer.from(deps.random.bytes(16)).toString('base64url');
  const now = deps.clock.now();
  const expires = new Date(now.getTime() + (deps.linkTtlDays ?? 30) * 86_400_000);
  const link: SmsLink = {
    tokenHash: hashToken(token),
    certificateId: record.certificateId,
    clientId: record.clientId,
    mobileMasked: maskMobile(to),
    createdAt: now.toISOString(),
    expiresAt: expires.toISOString(),
    expiresAtEpoch: Math.floor(expires.getTime() / 1000),
  };
  await deps.links.put(link);
  return { url: `${deps.publicBaseUrl}/s/${token}`, link, mobile: to };
}

/** The link of a token if it exists and has not expired. */
export async function resolveLink(
  deps: Pick<DeliveryDependencies, 'links' | 'clock'>,
  token: string,
): Promise<SmsLink | undefined> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
  const link = await deps.links.get(hashToken(token));
  if (!link || Date.parse(link.expiresAt) <= deps.clock.now().getTime()) return undefined;
  return link;
}

/**
 * Statuses whose file must not reach the holder through the link: the printed licence would still look in
 * force (its seal verifies offline and its dates are current), though it is not. An expired licence says so
 * on its face and stays downloadable.
 */
const WITHHELD: ReadonlySet<PublicStatus> = new Set<PublicStatus>(['REVOKED', 'SUSPENDED', 'SUPERSEDED']);

/** True when the link must not offer the licence's file (see `WITHHELD`). */
export const isWithheldFromHolder = (record: CertificateRecord, now: Date): boolean =>
  WITHHELD.has(effectiveStatus(record, now));

/** 409 `LICENCE_NOT_IN_FORCE` for a licence whose file the link must not serve. */
export function assertDownloadable(record: CertificateRecord, now: Date): void {
  if (!isWithheldFromHolder(record, now)) return;
  throw new DomainError(
    'CONFLICT',
    'LICENCE_NOT_IN_FORCE',
    '证照已撤销、暂停或换发，不再提供下载',
    'The licence is revoked, suspended or replaced; its file is no longer offered',
    { details: { status: effectiveStatus(record, now) } },
  );
}

/** Send the SMS link of each licence (after issuance, or again on request); the licence must be the client's. */
export async function notifyHolder(
  deps: DeliveryDependencies & { ledger: { get(id: string): Promise<CertificateRecord | undefined> } },
  clientId: string,
  certificateIds: string[],
  mobile: string,
): Promise<Array<{ certificateId: string; messageId: string }>> {
  const sent: Array<{ certificateId: string; messageId: string }> = [];
  for (const certificateId of certificateIds) {
    const record = await deps.ledger.get(certificateId);
    if (!record || record.clientId !== clientId || record.status === 'PENDING') {
      throw new DomainError('NOT_FOUND', 'CERTIFICATE_NOT_FOUND', '证照不存在', 'Certificate not found', {
        details: { certificateId: certificateId.slice(0, 64) },
      });
    }
    const { messageId } = await sendLicenceLink(deps, record, mobile, clientId);
    sent.push({ certificateId, messageId });
  }
  return sent;
}
