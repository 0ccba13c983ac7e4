/**
 * End to end over HTTP: licences issued by the local runtime are PAdES B-LT — the seal's CMS carries a
 * time-stamp token from the runtime's own TSA over the signature value, and the PDF a DSS update with the
 * chain, the TSA certificate, OCSP responses and the CRL — and a TSA outage fails the issuance cleanly (503
 * TSA_UNAVAILABLE, Retry-After, nothing issued) while a retry with the same Idempotency-Key completes it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTstInfo } from '../../functions/core/timestamp/rfc3161.js';
import { contractFetch } from '../support/contract.js';
import { approvedMedicalCase } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { cmsOfPdf, lastUpdateText, signatureAndToken } from '../support/time-stamps.js';

const run = promisify(execFile);
let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;
let dir: string;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
  dir = await mkdtemp(join(tmpdir(), 'zz-blt-'));
});
afterAll(async () => {
  await runtime?.stop();
  await rm(dir, { recursive: true, force: true });
});

const bytesOf = async (url: string, init?: RequestInit) => {
  const response = await contractFetch(url, init);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
};

const tsaUrl = () => /Local TSA endpoint: (http:\/\/\S+)/.exec(runtime.output())?.[1] ?? '';

async function setTsaOutage(on: boolean): Promise<void> {
  const response = await fetch(new URL('/outage', tsaUrl()), { method: 'POST', body: on ? 'on' : 'off' });
  expect(response.status).toBe(204);
}

describe('PAdES B-LT licences from the local runtime', () => {
  it('time-stamps every seal, adds a DSS, and the licence verifies VALID and with openssl', async () => {
    const caseId = await approvedMedicalCase(api, 1);
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: {},
      headers: { 'idempotency-key': 'blt-1' },
    });
    expect(issued.status, issued.text).toBe(201);
    const certificate = issued.body.certificates[0];
    const pdf = await bytesOf(`${runtime.url}/v1/certificates/${certificate.certificateId}/pdf`, {
      headers: { authorization: `Bearer ${runtime.apiKey}` },
    });
    expect(pdf.status).toBe(200);
    // The ledger's hash is the final file's, DSS update included.
    expect(createHash('sha256').update(pdf.bytes).digest('hex')).toBe(certificate.sha256);

    const { signature, token } = signatureAndToken(cmsOfPdf(pdf.bytes));
    expect(token).toBeDefined();
    const digest = createHash('sha256').update(signature).digest('hex');
    expect(Buffer.from(readTstInfo(token as Uint8Array).digest).toString('hex')).toBe(digest);
    const update = lastUpdateText(pdf.bytes);
    expect(update).toMatch(
      /\/Type \/DSS \/Certs \[(\d+ 0 R ?){3}\] \/OCSPs \[(\d+ 0 R ?){2}\] \/CRLs \[\d+ 0 R\] \/VRI/,
    );

    const chain = await bytesOf(`${runtime.url}/.well-known/seal-certificates.pem`);
    const tsa = await bytesOf(`${runtime.url}/.well-known/tsa-certificates.pem`);
    expect(tsa.type).toBe('application/x-pem-file');
    const pems =
      chain.bytes.toString().match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
    await writeFile(join(dir, 'root.pem'), pems.at(-1) ?? '');
    await writeFile(join(dir, 'tsa.pem'), tsa.bytes);
    await writeFile(join(dir, 'token.der'), token as Uint8Array);
    const verified = await run('openssl', [
      'ts',
      '-verify',
      '-in',
      join(dir, 'token.der'),
      '-token_in',
      '-digest',
      digest,
      '-CAfile',
      join(dir, 'root.pem'),
      '-untrusted',
      join(dir, 'tsa.pem'),
    ]);
    expect(verified.stdout).toContain('Verification: OK');

    const crl = await bytesOf(`${runtime.url}/pki/root.crl`);
    expect(crl.type).toBe('application/pkix-crl');
    await writeFile(join(dir, 'root.crl'), crl.bytes);
    const crlCheck = await run('openssl', [
      'crl',
      '-inform',
      'DER',
      '-in',
      join(dir, 'root.crl'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-noout',
    ]);
    expect(`${crlCheck.stdout}${crlCheck.stderr}`).toContain('verify OK');

    const result = await api('POST', '/v1/verifications', {
      body: pdf.bytes,
      contentType: 'application/pdf',
    });
    expect(result.status).toBe(200);
    expect(result.body, JSON.stringify(result.body)).toMatchObject({ verdict: 'VALID' });
  });

  it('answers 503 TSA_UNAVAILABLE with Retry-After while the TSA is down; the same key then completes', async () => {
    const caseId = await approvedMedicalCase(api, 2);
    await setTsaOutage(true);
    try {
      const refused = await api('POST', `/v1/cases/${caseId}/certificates`, {
        json: {},
        headers: { 'idempotency-key': 'blt-outage' },
      });
      expect(refused.status, refused.text).toBe(503);
      expect(refused.body.error.code).toBe('TSA_UNAVAILABLE');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const listed = await api('GET', `/v1/cases/${caseId}`);
      expect(listed.body.status).toBe('APPROVED');
    } finally {
      await setTsaOutage(false);
    }
    const retried = await api('POST', `/v1/cases/${caseId}/certificates`, {
      json: {},
      headers: { 'idempotency-key': 'blt-outage' },
    });
    expect(retried.status, retried.text).toBe(201);
    expect(retried.body.certificates).toHaveLength(2);
  });
});
