/**
 * A batch issuance's one `case.issued` entry standing for three `certificate.issued` events, each licence
 * issued by a different client with its own webhook, and a transport that fails the receivers it is told to.
 */

import type { CertificateRecord } from '../../functions/core/certificates/model.js';
import type { RecordedEntry } from '../../functions/core/events/domain-events.js';
import type { TransportResult } from '../../functions/core/webhooks/model.js';
import { registerWebhook } from '../../functions/core/webhooks/registration.js';
import {
  type MemoryWebhookDependencies,
  memoryWebhookDependencies,
  RecordingTransport,
} from './webhook-fakes.js';

/** Answers 503 to the URLs in `failing`, 200 to the others; records every POST. */
export class FailingReceivers extends RecordingTransport {
  readonly failing = new Set<string>();
  override async post(url: string, headers: Record<string, string>, body: string): Promise<TransportResult> {
    this.posts.push({ url, headers, body });
    return this.failing.has(url) ? { status: 503 } : { status: 200 };
  }
  /** POSTs to `url` so far. */
  postsTo(url: string): number {
    return this.posts.filter((p) => p.url === url).length;
  }
}

const licence = (n: number, clientId: string): CertificateRecord => ({
  certificateId: `CERT-BATCH-${n}`,
  clientId,
  caseId: 'CASE-B',
  serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
  batchId: 'BATCH-1',
  status: 'VALID',
  number: `湘交超202600000${n}`,
  identifier: `1.2.156.${n}`,
  serial: n,
  type: 'TRANSPORT_OVERSIZE_PASS',
  typeName: '超限运输车辆通行证',
  issuer: '湖南省交通运输厅',
  holder: { name: '张三丰', idNumber: '11010519491231002X' },
  fields: {},
  issuedAt: '2026-03-26T08:00:01.000Z',
  validFrom: '2026-03-26',
  validUntil: '2026-12-10',
  sha256: 'ab'.repeat(32),
  objectKey: `licences/CERT-BATCH-${n}.pdf`,
  bytes: 10,
  verificationCode: 'X',
  sealCertificateSerial: '0a',
  version: 1,
});

export const batchClients = ['client-a', 'client-b', 'client-c'] as const;
export const urlOf = (clientId: string) => `https://hooks.example.com/${clientId}`;

/** Three clients with webhooks, a licence each, and the batch's one entry (recorded after the registrations). */
export async function batchOfThree(): Promise<{
  deps: MemoryWebhookDependencies & { transport: FailingReceivers };
  entry: RecordedEntry;
}> {
  const deps = { ...memoryWebhookDependencies(), transport: new FailingReceivers() };
  for (const clientId of batchClients)
    await registerWebhook(deps, { clientId, serviceItems: ['*'], departments: ['*'] }, urlOf(clientId));
  deps.clock.advance(1000);
  const licences = batchClients.map((clientId, i) => licence(i + 1, clientId));
  for (const record of licences) deps.ledger.records.set(record.certificateId, record);
  const [entry] = await deps.audit.append([
    {
      actor: 'dept',
      action: 'case.issued',
      subject: 'CASE-B',
      details: {
        batchId: 'BATCH-1',
        count: 3,
        licences: licences.map((l) => ({ certificateId: l.certificateId, number: l.number })),
      },
    },
  ]);
  if (!entry) throw new Error('no entry appended');
  return { deps, entry };
}
