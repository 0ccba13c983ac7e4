/**
 * A stored licence edited in the bucket (one byte, through s3rver) is never served as genuine: both downloads
 * answer 503 LICENCE_INTEGRITY_ERROR, the citizen's page withholds it, each refusal is counted as the alarm
 * metric and recorded in the audit trail. Revoked and suspended licences are never presented as usable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LICENCE_INTEGRITY_ACTION,
  LICENCE_INTEGRITY_METRIC,
} from '../../functions/core/certificates/licence-integrity.js';
import type { CertificateRecord } from '../../functions/core/certificates/model.js';
import { createLink } from '../../functions/core/delivery/sms-links.js';
import type { Metrics } from '../../functions/ports/metrics.js';
import { type ReliabilityApp, startReliabilityApp } from './app.js';
import { issuedCase } from './flows.js';

let app: ReliabilityApp;
const counted: string[] = [];
const recordingMetrics: Metrics = { count: (name) => counted.push(name), flush: () => undefined };

beforeAll(async () => {
  app = await startReliabilityApp({ factory: 'fake' });
  app.deps.metrics = recordingMetrics;
});
afterAll(async () => {
  await app?.close();
});

/** A freshly issued licence, its ledger record and an SMS link path to it. */
async function licenceWithLink(): Promise<{ record: CertificateRecord; link: string }> {
  const { certificates } = await issuedCase(app, 1);
  const record = await app.raw.ledger.get(certificates[0]?.certificateId ?? '');
  if (!record) throw new Error('issued licence not in the ledger');
  const { url } = await createLink(app.deps.delivery, record, '13800138000');
  return { record, link: new URL(url).pathname };
}

/** Flip one byte in the middle of the stored object, as an edit in the bucket would. */
async function editOneByte(objectKey: string): Promise<void> {
  const bytes = await app.raw.licences.get(objectKey);
  if (!bytes) throw new Error('no stored licence');
  const edited = new Uint8Array(bytes);
  const at = Math.floor(edited.length / 2);
  edited[at] = (edited[at] ?? 0) ^ 0x01;
  await app.raw.licences.put(objectKey, edited, { contentType: 'application/pdf' });
}

const auditOf = async (certificateId: string) =>
  (await app.call('GET', '/v1/audit', { query: { subject: certificateId } })).body.entries as Array<{
    action: string;
    details: Record<string, unknown>;
  }>;

describe('a stored licence whose bytes differ from the ledger', () => {
  it('serves an untouched licence, and its page says it is authentic', async () => {
    // Prepare
    const { record, link } = await licenceWithLink();
    // Act
    const page = await app.call('GET', link);
    const pdf = await app.call('GET', `${link}/pdf`);
    // Assess
    expect(page.status).toBe(200);
    expect(page.text).toContain('证照真实有效');
    expect(page.text).toContain(`href="${link}/pdf"`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 503 LICENCE_INTEGRITY_ERROR on both downloads, withholds the page, counts and audits each', async () => {
    // Prepare
    const { record, link } = await licenceWithLink();
    await editOneByte(record.objectKey);
    counted.length = 0;
    // Act
    const upstream = await app.call('GET', `/v1/certificates/${record.certificateId}/pdf`);
    const citizen = await app.call('GET', `${link}/pdf`);
    const page = await app.call('GET', link);
    // Assess
    for (const reply of [upstream, citizen]) {
      expect(reply.status, reply.text).toBe(503);
      expect(reply.body.error.code).toBe('LICENCE_INTEGRITY_ERROR');
      expect(reply.headers['content-type']).not.toContain('pdf');
    }
    expect(page.status).toBe(503);
    expect(page.text).not.toContain('证照真实有效');
    expect(page.text).not.toMatch(/<a [^>]*download/);
    expect(page.text).toContain('证照文件暂不可用');
    expect(counted.filter((name) => name === LICENCE_INTEGRITY_METRIC)).toHaveLength(3);
    const refusals = (await auditOf(record.certificateId)).filter(
      (e) => e.action === LICENCE_INTEGRITY_ACTION,
    );
    expect(refusals.map((e) => e.details.channel)).toEqual([
      'upstream-download',
      'sms-link-download',
      'sms-link-page',
    ]);
    expect(refusals[0]?.details).toMatchObject({ problem: 'DIGEST_MISMATCH', expectedSha256: record.sha256 });
  });

  it('answers 503 LICENCE_INTEGRITY_ERROR when the stored object is gone', async () => {
    const { record, link } = await licenceWithLink();
    await app.raw.licences.delete(record.objectKey);
    const upstream = await app.call('GET', `/v1/certificates/${record.certificateId}/pdf`);
    const citizen = await app.call('GET', `${link}/pdf`);
    expect([upstream.body.error.code, citizen.body.error.code]).toEqual([
      'LICENCE_INTEGRITY_ERROR',
      'LICENCE_INTEGRITY_ERROR',
    ]);
  });
});

describe('a licence no longer in force, on the citizen’s link', () => {
  for (const verb of ['revoke', 'suspend'] as const) {
    it(`never presents a ${verb === 'revoke' ? 'revoked' : 'suspended'} licence as usable`, async () => {
      // Prepare
      const { record, link } = await licenceWithLink();
      const changed = await app.call('POST', `/v1/certificates/${record.certificateId}/${verb}`, {
        json: { reason: '测试' },
      });
      expect(changed.status, changed.text).toBe(200);
      // Act
      const page = await app.call('GET', link);
      const pdf = await app.call('GET', `${link}/pdf`);
      // Assess
      expect(page.status).toBe(200);
      expect(page.text).toContain('role="alert"');
      expect(page.text).toContain(verb === 'revoke' ? '已撤销' : '已暂停');
      expect(page.text).not.toContain('证照真实有效');
      expect(page.text).not.toMatch(/<a [^>]*download/);
      expect(pdf.status).toBe(409);
      expect(pdf.body.error).toMatchObject({
        code: 'LICENCE_NOT_IN_FORCE',
        details: { status: verb === 'revoke' ? 'REVOKED' : 'SUSPENDED' },
      });
    });
  }
});
