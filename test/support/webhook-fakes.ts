/** In-memory webhook stores, a recording transport and the dependencies of the webhook services on fakes. */
import type {
  DeliveryRecord,
  TransportResult,
  WebhookRegistration,
} from '../../functions/core/webhooks/model.js';
import type { WebhookDependencies } from '../../functions/core/webhooks/webhook-context.js';
import { ConcurrentUpdateError } from '../../functions/ports/case-store.js';
import type {
  DeliveryStore,
  EventCursor,
  WebhookSecrets,
  WebhookStore,
  WebhookTransport,
} from '../../functions/ports/webhooks.js';
import { FixedClock, MemoryAuditLog, MemoryCaseStore, MemoryLedger, SequenceRandom } from './fakes.js';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryWebhookStore implements WebhookStore {
  readonly items = new Map<string, WebhookRegistration>();
  async get(clientId: string) {
    const found = this.items.get(clientId);
    return found ? copy(found) : undefined;
  }
  async put(registration: WebhookRegistration) {
    if ((this.items.get(registration.clientId)?.version ?? 0) !== registration.version - 1)
      throw new ConcurrentUpdateError(registration.clientId);
    this.items.set(registration.clientId, copy(registration));
  }
}

export class MemoryDeliveryStore implements DeliveryStore {
  readonly items = new Map<string, DeliveryRecord>();
  #key = (clientId: string, deliveryKey: string) => `${clientId}\n${deliveryKey}`;
  async create(record: DeliveryRecord) {
    const key = this.#key(record.clientId, record.deliveryKey);
    const existing = this.items.get(key);
    if (existing) return copy(existing);
    this.items.set(key, copy(record));
    return copy(record);
  }
  async get(clientId: string, deliveryKey: string) {
    const found = this.items.get(this.#key(clientId, deliveryKey));
    return found ? copy(found) : undefined;
  }
  async recordAttempt(record: DeliveryRecord, expectedAttempts: number) {
    return this.#replace(record, expectedAttempts, 'PENDING');
  }
  async reopen(record: DeliveryRecord, expectedAttempts: number) {
    return this.#replace(record, expectedAttempts, 'FAILED');
  }
  #replace(record: DeliveryRecord, expectedAttempts: number, status: DeliveryRecord['status']) {
    const key = this.#key(record.clientId, record.deliveryKey);
    const stored = this.items.get(key);
    if (stored?.attempts !== expectedAttempts || stored.status !== status) return false;
    this.items.set(key, copy(record));
    return true;
  }
  async listRecent(clientId: string, limit: number) {
    return [...this.items.values()]
      .filter((r) => r.clientId === clientId)
      .sort((a, b) => b.deliveryKey.localeCompare(a.deliveryKey))
      .slice(0, limit)
      .map(copy);
  }
  async listDue(now: string, limit: number) {
    return [...this.items.values()]
      .filter((r) => r.dueQueue === 'DUE' && (r.nextAttemptAt ?? '') <= now)
      .sort((a, b) => (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? ''))
      .slice(0, limit)
      .map(copy);
  }
}

export class MemoryEventCursor implements EventCursor {
  value = 0;
  async read() {
    return this.value;
  }
  async advance(from: number, to: number) {
    if (this.value !== from) return false;
    this.value = to;
    return true;
  }
}

/** "Seals" by prefixing the client id (the real sealing is tested on its adapter). */
export class PlainSecrets implements WebhookSecrets {
  async seal(clientId: string, secret: Uint8Array) {
    return `${clientId}:${Buffer.from(secret).toString('base64')}`;
  }
  async open(clientId: string, sealed: string) {
    if (!sealed.startsWith(`${clientId}:`)) throw new Error('sealed for another client');
    return Buffer.from(sealed.slice(clientId.length + 1), 'base64');
  }
}

/** Records every POST and answers from `answers` (then 200). */
export class RecordingTransport implements WebhookTransport {
  readonly posts: Array<{ url: string; headers: Record<string, string>; body: string }> = [];
  answers: TransportResult[] = [];
  async post(url: string, headers: Record<string, string>, body: string) {
    this.posts.push({ url, headers, body });
    return this.answers.shift() ?? { status: 200 };
  }
}

export interface MemoryWebhookDependencies extends WebhookDependencies {
  webhooks: MemoryWebhookStore;
  deliveries: MemoryDeliveryStore;
  transport: RecordingTransport;
  cases: MemoryCaseStore;
  ledger: MemoryLedger;
  audit: MemoryAuditLog;
  clock: FixedClock;
  cursor: MemoryEventCursor;
}

/** Webhook dependencies on fakes; host names resolve through `hosts` (default: example.com → a public address). */
export function memoryWebhookDependencies(
  hosts: Record<string, string[]> = { 'hooks.example.com': ['93.184.215.14'] },
): MemoryWebhookDependencies {
  const clock = new FixedClock();
  const audit = new MemoryAuditLog(clock);
  return {
    webhooks: new MemoryWebhookStore(),
    deliveries: new MemoryDeliveryStore(),
    secrets: new PlainSecrets(),
    transport: new RecordingTransport(),
    resolveHost: async (host) => hosts[host] ?? [],
    cases: new MemoryCaseStore(audit),
    ledger: new MemoryLedger(audit),
    audit,
    clock,
    random: new SequenceRandom(),
    policy: { allowLoopback: false },
    timeoutMs: 5000,
    logRetentionDays: 30,
    cursor: new MemoryEventCursor(),
  };
}
