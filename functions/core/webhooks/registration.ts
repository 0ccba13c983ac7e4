/**
 * `PUT /v1/webhook`: a client's one URL. Every PUT replaces the URL and rotates the secret (a new 256-bit
 * secret from the injected Random, shown once in the answer and stored only sealed): a client that lost its
 * secret, or fears it leaked, PUTs again. Deliveries still pending go to the URL registered when they are
 * tried, signed with the secret of that moment — so after a rotation the receiver needs only the new secret.
 */
import type { Principal } from '../cases/model.js';
import { DomainError } from '../errors.js';
import { WEBHOOK_EVENT_TYPES } from '../events/domain-events.js';
import { formatSecret, SECRET_BYTES } from './signature.js';
import { checkWebhookUrl } from './url-policy.js';
import type { WebhookDependencies } from './webhook-context.js';

export interface WebhookRegistrationView {
  url: string;
  /** `whsec_…`: shown here once, never again. */
  secret: string;
  events: string[];
}

/** Check, store and audit the client's webhook; 422 for a URL the policy refuses. */
export async function registerWebhook(
  deps: WebhookDependencies,
  principal: Principal,
  rawUrl: string,
): Promise<WebhookRegistrationView> {
  const url = (await checkWebhookUrl(rawUrl, deps.policy, deps.resolveHost)).href;
  const secret = deps.random.bytes(SECRET_BYTES);
  const sealedSecret = await deps.secrets.seal(principal.clientId, secret);
  const previous = await deps.webhooks.get(principal.clientId);
  const now = deps.clock.now().toISOString();
  try {
    await deps.webhooks.put({
      clientId: principal.clientId,
      url,
      sealedSecret,
      registeredAt: now,
      activeSince: previous?.activeSince ?? now,
      version: (previous?.version ?? 0) + 1,
    });
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConcurrentUpdateError')) throw error;
    throw new DomainError(
      'CONFLICT',
      'CONCURRENT_UPDATE',
      'Webhook 正被同时修改，请重试',
      'The webhook is being changed concurrently; retry',
      { retryAfterSeconds: 1 },
    );
  }
  // The origin only: a path or query may carry the receiver's own token.
  await deps.audit.append([
    {
      actor: principal.clientId,
      action: 'webhook.registered',
      subject: `webhook:${principal.clientId}`,
      details: { origin: new URL(url).origin, version: (previous?.version ?? 0) + 1 },
    },
  ]);
  return { url, secret: formatSecret(secret), events: [...WEBHOOK_EVENT_TYPES] };
}
