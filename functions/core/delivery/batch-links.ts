/**
 * The one link of an issuance request (办件提醒, issue 16): `${PUBLIC_BASE_URL}/s/{token}` opens a page listing
 * every licence of the request, each with what it is for and its own file. Same token rules as a licence's
 * link (sms-links.ts): 128 bits from the CSPRNG, stored only as its SHA-256, expiring.
 */
import type { SmsLink } from '../../ports/sms-link-store.js';
import { maskMobile } from '../masking.js';
import { type DeliveryDependencies, hashToken } from './sms-links.js';

/** Licences one link may list: an issuance request issues at most 100. */
export const MAX_LINKED_LICENCES = 100;

/** A new link to the licences `certificateIds` (in issuance order) of case `caseId`, for `mobile`. */
export async function createRequestLink(
  deps: Pick<DeliveryDependencies, 'links' | 'clock' | 'random' | 'publicBaseUrl' | 'linkTtlDays'>,
  request: { caseId: string; clientId: string; certificateIds: string[] },
  mobile: string,
): Promise<{ url: string; link: SmsLink }> {
  const [first] = request.certificateIds;
  if (!first || request.certificateIds.length > MAX_LINKED_LICENCES)
    throw new RangeError(`a request link lists 1..${MAX_LINKED_LICENCES} licences`);
  const token = Buffer.from(deps.random.bytes(16)).toString('base64url');
  const now = deps.clock.now();
  const expires = new Date(now.getTime() + (deps.linkTtlDays ?? 30) * 86_400_000);
  const link: SmsLink = {
    tokenHash: hashToken(token),
    certificateId: first,
    certificateIds: [...request.certificateIds],
    caseId: request.caseId,
    clientId: request.clientId,
    mobileMasked: maskMobile(mobile),
    createdAt: now.toISOString(),
    expiresAt: expires.toISOString(),
    expiresAtEpoch: Math.floor(expires.getTime() / 1000),
  };
  await deps.links.put(link);
  return { url: `${deps.publicBaseUrl}/s/${token}`, link };
}

/** True when the link lists the licences of a request (rather than opening one licence). */
export const isRequestLink = (link: SmsLink): link is SmsLink & { certificateIds: string[] } =>
  Array.isArray(link.certificateIds) && link.certificateIds.length > 0;

/** The licences a link opens: the request's, or its one licence. */
export const linkedCertificateIds = (link: SmsLink): string[] =>
  isRequestLink(link) ? link.certificateIds : [link.certificateId];
