/**
 * A stage without an SM2 seal (no OFD_SEAL_KEY_ID / OFD_MAKER_KEY_ID: every stage outside the China regions)
 * answers the OFD routes with 404 OFD_NOT_AVAILABLE in the one error shape, and PDF verification is untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReliabilityApp, startReliabilityApp } from '../reliability/app.js';
import { issuedCase } from '../reliability/flows.js';

let app: ReliabilityApp;
let certificateId: string;

beforeAll(async () => {
  app = await startReliabilityApp({ factory: 'fake' });
  certificateId = (await issuedCase(app, 1)).certificates[0]?.certificateId ?? '';
});
afterAll(async () => {
  await app?.close();
});

describe('a stage without an SM2 seal', () => {
  it('answers GET /v1/certificates/{id}/ofd with 404 OFD_NOT_AVAILABLE, bilingual', async () => {
    const reply = await app.call('GET', `/v1/certificates/${certificateId}/ofd`);
    expect(reply.status, reply.text).toBe(404);
    expect(reply.body.error.code).toBe('OFD_NOT_AVAILABLE');
    expect(reply.body.error.message).toMatch(/OFD/);
  });

  it('answers an OFD upload to POST /v1/verifications with 404 OFD_NOT_AVAILABLE, a PDF one with a verdict', async () => {
    const ofd = await app.call('POST', '/v1/verifications', {
      body: new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]),
      contentType: 'application/ofd',
      key: null,
    });
    expect(ofd.status, ofd.text).toBe(404);
    expect(ofd.body.error.code).toBe('OFD_NOT_AVAILABLE');
    const pdf = await app.call('POST', '/v1/verifications', {
      body: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'),
      contentType: 'application/pdf',
      key: null,
    });
    expect(pdf.status).toBe(200);
    expect(['MALFORMED', 'NOT_SIGNED']).toContain(pdf.body.verdict);
  });
});
