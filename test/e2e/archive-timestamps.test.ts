/**
 * End to end over HTTP: the archive-timestamps job (PAdES B-LTA) on a licence issued by the local runtime.
 * Run as if 30 days before the TSA certificate ends, it stores a new version (the issued file plus a document
 * time-stamp from the runtime's TSA); the download then serves that version, which verifies VALID B-LTA, and
 * the issued file still verifies VALID (the ledger keeps both). A version whose sealed revision was edited, a
 * genuine extension the ledger never stored, and a document time-stamp from a foreign TSA are never VALID.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTimeStampAuthority } from '../../functions/adapters/http-time-stamp-authority.js';
import { CryptoRandom } from '../../functions/adapters/system-clock.js';
import { addDocumentTimestamp } from '../../functions/core/pades/doc-timestamp.js';
import { contractFetch } from '../support/contract.js';
import { approvedMedicalCase } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { createSealingSetup } from '../unit/verification/sealed-licence.js';
import { createTestTsa } from '../unit/verification/timestamped-licence.js';

let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;
let certificateId: string;
let issued: Buffer;

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const download = async () => {
  const response = await contractFetch(`${runtime.url}/v1/certificates/${certificateId}/pdf`, {
    headers: { authorization: `Bearer ${runtime.apiKey}` },
  });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};
const verify = async (bytes: Uint8Array) => {
  const result = await api('POST', '/v1/verifications', { body: bytes, contentType: 'application/pdf' });
  expect(result.status).toBe(200);
  return result.body as {
    verdict: string;
    signature?: { level?: string; timestamp?: { time: string; tsa: string } };
    signatures?: { kind: string }[];
    reasons: { code: string }[];
  };
};

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
  const caseId = await approvedMedicalCase(api, 1);
  const reply = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
  expect(reply.status, reply.text).toBe(201);
  certificateId = reply.body.certificates[0].certificateId;
  issued = await download();
});
afterAll(async () => {
  await runtime?.stop();
});

describe('archive-timestamps over the local runtime', () => {
  it('issues B-LT licences whose seal carries a trusted time-stamp', async () => {
    const result = await verify(issued);
    expect(result).toMatchObject({ verdict: 'VALID', signature: { level: 'B-LT' } });
    expect(result.signature?.timestamp?.tsa).toBeTruthy();
  });

  it('adds a document time-stamp as a new version before the TSA certificate ends', async () => {
    const pem = await (await contractFetch(`${runtime.url}/.well-known/tsa-certificates.pem`)).text();
    const tsaEnd = new Date(new X509Certificate(pem).validTo);
    const now = new Date(tsaEnd.getTime() - 30 * 86_400_000).toISOString();
    const early = await api(
      'POST',
      `/local/jobs/archive-timestamps?now=${encodeURIComponent(new Date().toISOString())}`,
    );
    expect(early.body.result).toMatchObject({ archived: 0 });
    const run = await api('POST', `/local/jobs/archive-timestamps?now=${encodeURIComponent(now)}`);
    expect(run.status, run.text).toBe(200);
    expect(run.body.result).toMatchObject({ archived: 1, failed: 0 });

    const archived = await download();
    expect(sha(archived)).not.toBe(sha(issued));
    expect(archived.subarray(0, issued.length).equals(issued)).toBe(true);
    const result = await verify(archived);
    expect(result).toMatchObject({ verdict: 'VALID', signature: { level: 'B-LTA' } });
    expect(result.signatures?.map((signature) => signature.kind)).toEqual(['SIGNATURE', 'DOC_TIMESTAMP']);
    // The issued file is still a stored version of the licence.
    expect((await verify(issued)).verdict).toBe('VALID');
  });

  it('never calls VALID an edited sealed revision, an unstored extension or a foreign document time-stamp', async () => {
    const archived = await download();
    const edited = Buffer.from(archived);
    const at = edited.indexOf('/M (D:') + 8;
    edited.write(edited[at] === 0x31 ? '2' : '1', at, 'latin1');
    expect((await verify(edited)).verdict).toBe('TAMPERED');

    const tsaUrl = /Local TSA endpoint: (http:\/\/\S+)/.exec(runtime.output())?.[1] ?? '';
    const tsa = new HttpTimeStampAuthority({ url: tsaUrl, random: new CryptoRandom() });
    const unstored = await verify(await addDocumentTimestamp(archived, { tsa }));
    expect(unstored.verdict).toBe('NOT_FOUND');
    expect(unstored.reasons.map((reason) => reason.code)).toContain('NOT_IN_LEDGER');

    const forger = await createSealingSetup({ modulusLength: 2048 });
    const foreign = await createTestTsa(forger, {
      notBefore: new Date(Date.now() - 86_400_000),
      notAfter: new Date(Date.now() + 86_400_000),
      genTime: () => new Date(),
    });
    const forged = await verify(await addDocumentTimestamp(archived, { tsa: foreign }));
    expect(forged.verdict).not.toBe('VALID');
    expect(forged.reasons.map((reason) => reason.code)).toContain('TIMESTAMP_UNTRUSTED');
  });
});
