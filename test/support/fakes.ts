/**
 * In-memory implementations of the ports, for unit tests of the core services. Each behaves like its
 * adapter where the core relies on it (optimistic locking, conditional writes, copies in and out so a
 * caller cannot change stored state by mutating an object), and records what it was asked to do so tests
 * can assess effects. No timers, no I/O, no randomness unless a test injects it.
 */

import { createHash } from 'node:crypto';
import { calendarYearFiles } from '../../functions/catalogue/calendar/index.js';
import { catalogueFiles } from '../../functions/catalogue/index.js';
import { extendChain, verifyEntries } from '../../functions/core/audit/index.js';
import { assertNoPersonalData } from '../../functions/core/audit/personal-data.js';
import { createWorkingDayCalendar } from '../../functions/core/calendar/working-day-calendar.js';
import type { CaseDependencies } from '../../functions/core/cases/case-context.js';
import type { CaseRecord, Principal } from '../../functions/core/cases/model.js';
import { buildCatalogue, type Catalogue } from '../../functions/core/catalogue/catalogue.js';
import type { IssuanceDependencies } from '../../functions/core/certificates/issue-certificates.js';
import type { LicenceFactory, SealedLicence } from '../../functions/core/certificates/licence-factory.js';
import type { CertificateRecord } from '../../functions/core/certificates/model.js';
import type { LicenceRenderInput } from '../../functions/core/licence/render/render-licence.js';
import { inspectMaterial } from '../../functions/core/materials/inspect-material.js';
import type { ApiClient, HttpEvent } from '../../functions/http/types.js';
import type { ApiClientStore } from '../../functions/ports/api-client-store.js';
import type {
  AuditEntry,
  AuditInput,
  AuditLog,
  ChainSink,
  ChainVerification,
} from '../../functions/ports/audit-log.js';
import {
  type CaseStore,
  type CaseUpdateCompanions,
  ConcurrentUpdateError,
} from '../../functions/ports/case-store.js';
import type { Clock } from '../../functions/ports/clock.js';
import type { Counters, Ledger } from '../../functions/ports/ledger.js';
import type { Logger } from '../../functions/ports/logger.js';
import { ObjectExistsError, type ObjectStore } from '../../functions/ports/object-store.js';
import type { Random } from '../../functions/ports/random.js';
import type { SmsLink, SmsLinkStore } from '../../functions/ports/sms-link-store.js';
import type { SmsSender } from '../../functions/ports/sms-sender.js';
import { MemoryCaseFollowUps } from './follow-up-fakes.js';
import { fixedMacKeys, memoryPage } from './memory-pages.js';

const copy = <T>(value: T): T => structuredClone(value);

/** A clock that reads `start` until a test moves it with `advance` or `set`. */
export class FixedClock implements Clock {
  #now: number;

  constructor(start: Date | string = '2026-03-26T08:00:00Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Move the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.#now += ms;
  }

  /** Jump to an instant. */
  set(instant: Date | string): void {
    this.#now = new Date(instant).getTime();
  }
}

/**
 * Deterministic "randomness": a counter-driven xorshift stream, so two runs produce the same ids but no two
 * calls in one run produce the same bytes. Not for anything that needs real entropy.
 */
export class SequenceRandom implements Random {
  #state: number;
  /** Every length asked for, in order (lets tests check e.g. a 16-byte token). */
  readonly requests: number[] = [];

  constructor(seed = 0x2545f491) {
    this.#state = seed >>> 0 || 1;
  }

  bytes(length: number): Uint8Array {
    this.requests.push(length);
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      this.#state ^= this.#state << 13;
      this.#state ^= this.#state >>> 17;
      this.#state ^= this.#state << 5;
      this.#state >>>= 0;
      out[i] = this.#state & 0xff;
    }
    return out;
  }
}

/**
 * CaseStore with the adapter's optimistic locking and its all-or-nothing audit of an update;
 * `failNextUpdates` simulates lost races.
 */
export class MemoryCaseStore implements CaseStore {
  readonly records = new Map<string, CaseRecord>();
  readonly #audit: AuditLog | undefined;

  constructor(audit?: AuditLog) {
    this.#audit = audit;
  }

  /** Successful and failed `update` calls, for assessing retries. */
  updateCalls = 0;
  #failures = 0;
  #beforeUpdate: ((record: CaseRecord) => void) | undefined;

  async get(caseId: string): Promise<CaseRecord | undefined> {
    const record = this.records.get(caseId);
    return record ? copy(record) : undefined;
  }

  async create(record: CaseRecord): Promise<void> {
    if (this.records.has(record.caseId)) throw new ConcurrentUpdateError(record.caseId);
    this.records.set(record.caseId, copy(record));
  }

  /** The ledger the records of an issuance commit go to (`CaseUpdateCompanions`), as the adapter's table. */
  ledger: MemoryLedger | undefined;

  async update(
    record: CaseRecord,
    audit: AuditInput[] = [],
    companions: CaseUpdateCompanions = {},
  ): Promise<void> {
    this.updateCalls++;
    this.#beforeUpdate?.(record);
    if (this.#failures > 0) {
      this.#failures--;
      throw new ConcurrentUpdateError(record.caseId);
    }
    const stored = this.records.get(record.caseId);
    if (!stored || stored.version !== record.version - 1) throw new ConcurrentUpdateError(record.caseId);
    const records = companions.ledger ?? [];
    if (records.length > 0 && !this.ledger) throw new Error('MemoryCaseStore: no ledger for the records');
    // As the adapter's conditions: no record yet, or a PENDING one of the same batch.
    const blocked = records.some((r) => {
      const existing = this.ledger?.records.get(r.certificateId);
      return existing && !(existing.status === 'PENDING' && existing.batchId === r.batchId);
    });
    if (blocked) throw new ConcurrentUpdateError(record.caseId);
    this.records.set(record.caseId, copy(record));
    if (audit.length > 0) {
      if (!this.#audit) throw new Error('MemoryCaseStore: no audit log to append the update to');
      try {
        await this.#audit.append(audit);
      } catch (error) {
        this.records.set(record.caseId, stored); // all or nothing
        throw error;
      }
    }
    for (const r of records) this.ledger?.records.set(r.certificateId, copy(r));
  }

  async listAwaitingDecision(dueAtOrBefore: string): Promise<CaseRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.slaQueue === 'OPEN' && r.dueAt !== undefined && r.dueAt <= dueAtOrBefore)
      .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''))
      .map(copy);
  }

  async listProvisionalDeadlines(): Promise<CaseRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.provisionalQueue === 'PROVISIONAL')
      .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''))
      .map(copy);
  }

  async listPreparingBatches(before: string): Promise<CaseRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.preparingQueue === 'PREPARING' && r.preparingSince !== undefined)
      .filter((r) => (r.preparingSince as string) <= before)
      .sort((a, b) => (a.preparingSince ?? '').localeCompare(b.preparingSince ?? ''))
      .map(copy);
  }

  async listByClient(
    clientId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ records: CaseRecord[]; nextCursor?: string }> {
    const own = [...this.records.values()].filter((r) => r.clientId === clientId);
    return memoryPage(
      own,
      (r) => r.createdAt,
      (r) => r.caseId,
      page,
    );
  }

  /** The next `count` updates fail as if another writer had won. */
  failNextUpdates(count: number): void {
    this.#failures = count;
  }

  /** Run `hook` at the start of every update (e.g. to let a rival writer in). */
  onUpdate(hook: ((record: CaseRecord) => void) | undefined): void {
    this.#beforeUpdate = hook;
  }
}

/** Ledger with the adapter's conditions on putPending / activate / update. */
export class MemoryLedger implements Ledger {
  readonly records = new Map<string, CertificateRecord>();
  readonly #audit: AuditLog | undefined;

  /** `audit`: where updates with audit entries append them (all or nothing, as the adapter's transaction). */
  constructor(audit?: AuditLog) {
    this.#audit = audit;
  }

  async get(certificateId: string): Promise<CertificateRecord | undefined> {
    const record = this.records.get(certificateId);
    return record ? copy(record) : undefined;
  }

  async putPending(record: CertificateRecord, options: { ifAbsent?: boolean } = {}): Promise<void> {
    const existing = this.records.get(record.certificateId);
    const replaceable = existing?.status === 'PENDING' && existing.batchId === record.batchId;
    if (existing && (options.ifAbsent || !replaceable)) {
      throw new ConcurrentUpdateError(record.certificateId);
    }
    this.records.set(record.certificateId, copy(record));
  }

  async activate(certificateId: string, batchId: string): Promise<void> {
    const existing = this.records.get(certificateId);
    if (existing?.status !== 'PENDING' || existing.batchId !== batchId) return;
    this.records.set(certificateId, { ...existing, status: 'VALID', version: existing.version + 1 });
  }

  async update(record: CertificateRecord, audit: AuditInput[] = []): Promise<void> {
    const existing = this.records.get(record.certificateId);
    if (!existing || existing.version !== record.version - 1) {
      throw new ConcurrentUpdateError(record.certificateId);
    }
    if (audit.length > 0) {
      if (!this.#audit) throw new Error('MemoryLedger: no audit log to append the update to');
      await this.#audit.append(audit);
    }
    this.records.set(record.certificateId, copy(record));
  }

  async listExpiring(validUntilOnOrBefore: string): Promise<CertificateRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.expiryQueue === 'ACTIVE' && r.validUntil <= validUntilOnOrBefore)
      .sort((a, b) => a.validUntil.localeCompare(b.validUntil))
      .map(copy);
  }

  async listArchiveDue(dueOnOrBefore: string, limit: number): Promise<CertificateRecord[]> {
    return [...this.records.values()]
      .filter((r) => r.archiveQueue === 'DUE' && (r.archiveDue ?? '') <= dueOnOrBefore)
      .sort((a, b) => (a.archiveDue ?? '').localeCompare(b.archiveDue ?? ''))
      .slice(0, limit)
      .map(copy);
  }

  async findBySha256(sha256: string): Promise<CertificateRecord | undefined> {
    // As the index: a record whose PDF names its own id has no copy there (found by id instead).
    const hit = [...this.records.values()].find((r) => r.sha256 === sha256 && !r.namesItself);
    return hit ? copy(hit) : undefined;
  }

  async listByHolder(
    holderKey: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ records: CertificateRecord[]; nextCursor?: string }> {
    const held = [...this.records.values()].filter((r) => r.holderKey === holderKey);
    return memoryPage(
      held,
      (r) => r.issuedAt,
      (r) => r.certificateId,
      page,
    );
  }
}

/** Counters starting at 1, as the adapter's atomic ADD. */
export class MemoryCounters implements Counters {
  readonly values = new Map<string, number>();

  async reserve(name: string, count: number): Promise<number> {
    const last = (this.values.get(name) ?? 0) + count;
    this.values.set(name, last);
    return last - count + 1;
  }

  async add(deltas: Record<string, number>): Promise<void> {
    for (const [name, delta] of Object.entries(deltas))
      this.values.set(name, (this.values.get(name) ?? 0) + delta);
  }

  async read(names: string[]): Promise<Record<string, number>> {
    return Object.fromEntries(names.map((name) => [name, this.values.get(name) ?? 0]));
  }

  /** The counters whose name starts with `prefix` (e.g. `serial:`), without the statistics. */
  matching(prefix: string): Map<string, number> {
    return new Map([...this.values].filter(([name]) => name.startsWith(prefix)));
  }
}

/** ObjectStore with If-None-Match; records puts and deletes in order. */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, { bytes: Uint8Array; contentType: string }>();
  readonly deleted: string[] = [];
  readonly presigned: Array<{ key: string; contentType: string; expiresInSeconds: number }> = [];

  async put(
    key: string,
    bytes: Uint8Array,
    options: { contentType: string; ifNoneMatch?: boolean },
  ): Promise<void> {
    if (options.ifNoneMatch && this.objects.has(key)) throw new ObjectExistsError(key);
    this.objects.set(key, { bytes: Uint8Array.from(bytes), contentType: options.contentType });
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const object = this.objects.get(key);
    return object ? Uint8Array.from(object.bytes) : undefined;
  }

  async delete(key: string): Promise<void> {
    this.deleted.push(key);
    this.objects.delete(key);
  }

  async presignPut(
    key: string,
    options: { contentType: string; expiresInSeconds: number },
  ): Promise<{ url: string; headers: Record<string, string> }> {
    this.presigned.push({
      key,
      contentType: options.contentType,
      expiresInSeconds: options.expiresInSeconds,
    });
    return {
      url: `https://objects.test/${encodeURI(key)}?signed=1`,
      headers: { 'content-type': options.contentType },
    };
  }
}

/**
 * AuditLog built on the real chain code (`extendChain`, `verifyEntries`) and the same personal-data guard as
 * the DynamoDB adapter, so a service that audits personal data fails here as it would in production.
 */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  constructor(private readonly clock: Clock) {}

  async append(inputs: AuditInput[]): Promise<AuditEntry[]> {
    for (const input of inputs) assertNoPersonalData(input);
    const last = this.entries.at(-1);
    const added = extendChain(last, inputs, this.clock.now());
    this.entries.push(...added);
    return copy(added);
  }

  async listBySubject(subject: string, options?: { limit?: number }): Promise<AuditEntry[]> {
    return this.entries.filter((e) => e.subject === subject).slice(0, options?.limit ?? Infinity);
  }

  async verifyChain(verifier?: ChainSink): Promise<ChainVerification> {
    if (!verifier) return verifyEntries(this.entries);
    for (const entry of this.entries) verifier.push(copy(entry));
    return verifier.result();
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const last = this.entries.at(-1);
    return last ? { seq: last.seq, hash: last.hash } : undefined;
  }

  async listRange(fromSeq: number, limit: number): Promise<AuditEntry[]> {
    return this.entries.filter((e) => e.seq >= fromSeq).slice(0, limit);
  }

  /** The actions appended so far, in order. */
  actions(): string[] {
    return this.entries.map((e) => e.action);
  }
}

/** SmsSender that keeps every message; `failWith` makes the next sends throw. */
export class MemorySmsSender implements SmsSender {
  readonly sent: Array<{ to: string; body: string; link?: string; messageId: string }> = [];
  failWith: Error | undefined;

  async send(message: { to: string; body: string; link?: string }): Promise<{ messageId: string }> {
    if (this.failWith) throw this.failWith;
    const messageId = `MSG-${this.sent.length + 1}`;
    this.sent.push({ ...message, messageId });
    return { messageId };
  }
}

/** SmsLinkStore refusing a second link with the same token hash, like the adapter's condition. */
export class MemorySmsLinkStore implements SmsLinkStore {
  readonly links = new Map<string, SmsLink>();

  async put(link: SmsLink): Promise<void> {
    if (this.links.has(link.tokenHash)) throw new Error(`duplicate token hash ${link.tokenHash}`);
    this.links.set(link.tokenHash, copy(link));
  }

  async get(tokenHash: string): Promise<SmsLink | undefined> {
    const link = this.links.get(tokenHash);
    return link ? copy(link) : undefined;
  }
}

let sharedCatalogue: Catalogue | undefined;

/** The shipped catalogue, built once per test file (it compiles JSON Schemas). */
export const shippedCatalogue = (): Catalogue => {
  sharedCatalogue ??= buildCatalogue(catalogueFiles);
  return sharedCatalogue;
};

/** A principal allowed everything, and one limited to some items and departments. */
export const allowAll: Principal = { clientId: 'client-all', serviceItems: ['*'], departments: ['*'] };

/** Everything the case services need, in memory, with the shipped catalogue and calendar. */
export interface MemoryCaseDependencies extends CaseDependencies {
  cases: MemoryCaseStore;
  followUps: MemoryCaseFollowUps;
  counters: MemoryCounters;
  materials: MemoryObjectStore;
  audit: MemoryAuditLog;
  clock: FixedClock;
  random: SequenceRandom;
}

/** Case dependencies on fakes; `overrides` replaces single parts. */
export function memoryCaseDependencies(
  overrides: Partial<MemoryCaseDependencies> = {},
): MemoryCaseDependencies {
  const clock = overrides.clock ?? new FixedClock();
  const audit = overrides.audit ?? new MemoryAuditLog(clock);
  return {
    catalogue: shippedCatalogue(),
    calendar: createWorkingDayCalendar(calendarYearFiles),
    cases: new MemoryCaseStore(audit),
    counters: new MemoryCounters(),
    materials: new MemoryObjectStore(),
    audit,
    clock,
    random: new SequenceRandom(),
    inspectMaterial,
    presignExpiresSeconds: 900,
    ...fixedMacKeys(),
    ...followUpsOf(overrides.followUps instanceof MemoryCaseFollowUps ? overrides.followUps : undefined),
    ...overrides,
  };
}

/** Follow-up queues and pledge bars in one memory store (as the one table holds both). */
const followUpsOf = (store = new MemoryCaseFollowUps()) => ({ followUps: store, pledgeBars: store });

/**
 * A LicenceFactory that "seals" by writing a small text document naming the licence, so issuance can be
 * tested without fonts or KMS. `failOnCall` makes the n-th produce (1-based) throw, as a KMS outage would.
 */
export class FakeLicenceFactory implements LicenceFactory {
  readonly produced: LicenceRenderInput[] = [];
  failOnCall: number | undefined;
  #calls = 0;

  async produce(input: LicenceRenderInput, signingTime: Date): Promise<SealedLicence> {
    this.#calls++;
    if (this.#calls === this.failOnCall) throw new Error('seal signer unavailable');
    this.produced.push(input);
    const bytes = new TextEncoder().encode(
      `%PDF-fake ${input.certificateId} ${input.number} ${input.identifier} ${signingTime.toISOString()}`,
    );
    return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), sealCertificateSerial: '0a' };
  }
}

/** Everything issuance and the certificate services need, in memory. */
export interface MemoryIssuanceDependencies extends MemoryCaseDependencies, IssuanceDependencies {
  cases: MemoryCaseStore;
  followUps: MemoryCaseFollowUps;
  materials: MemoryObjectStore;
  audit: MemoryAuditLog;
  clock: FixedClock;
  random: SequenceRandom;
  ledger: MemoryLedger;
  counters: MemoryCounters;
  licences: MemoryObjectStore;
  factory: FakeLicenceFactory;
}

/** Issuance dependencies on fakes (public base URL `https://zz.test`). */
export function memoryIssuanceDependencies(
  overrides: Partial<MemoryIssuanceDependencies> = {},
): MemoryIssuanceDependencies {
  const base = memoryCaseDependencies(overrides);
  const ledger = overrides.ledger ?? new MemoryLedger(base.audit);
  if (base.cases instanceof MemoryCaseStore) base.cases.ledger = ledger;
  return {
    ...base,
    ledger,
    licences: new MemoryObjectStore(),
    factory: new FakeLicenceFactory(),
    publicBaseUrl: 'https://zz.test',
    ...overrides,
  };
}

/** What a test says about a request; everything else of the API Gateway v2 event is filled in. */
export interface GatewayRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: string | Uint8Array;
  /** For a string body: it is already base64 (sent as is, valid or not — the fuzz relies on that). */
  isBase64Encoded?: boolean;
  /** Request id as API Gateway would set it. @default a valid id */
  gatewayRequestId?: string;
}

/** An API Gateway HTTP API (v2) event, as the runtimes hand it to the handlers; binary bodies are base64. */
export function gatewayEvent(request: GatewayRequest): HttpEvent {
  const method = request.method ?? 'GET';
  const binary = request.body instanceof Uint8Array;
  const query = request.query ?? {};
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: request.path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: request.headers ?? {},
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'zz.test',
      domainPrefix: 'zz',
      http: { method, path: request.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: request.gatewayRequestId ?? 'gw-request-0001',
      routeKey: '$default',
      stage: '$default',
      time: '26/Mar/2026:08:00:00 +0000',
      timeEpoch: 0,
    },
    ...(request.body === undefined
      ? {}
      : {
          body: binary
            ? Buffer.from(request.body as Uint8Array).toString('base64')
            : (request.body as string),
        }),
    isBase64Encoded: binary || (request.isBase64Encoded ?? false),
  };
}

/** A logger that keeps every line (level, message, fields) for assertions. */
export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  debug(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'debug', message, ...(fields ? { fields } : {}) });
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, ...(fields ? { fields } : {}) });
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) });
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, ...(fields ? { fields } : {}) });
  }
}

/** An ApiClientStore over a map of key hash → client, counting lookups. */
export class MemoryApiClientStore implements ApiClientStore {
  readonly clients = new Map<string, ApiClient>();
  lookups = 0;

  async findByKeyHash(keyHash: string): Promise<ApiClient | undefined> {
    this.lookups++;
    return this.clients.get(keyHash);
  }

  async save(keyHash: string, client: ApiClient): Promise<void> {
    this.clients.set(keyHash, client);
  }
}
