/**
 * Verifying an uploaded licence, ours against poppler's `pdfsig`, per file: ours is `verifyUpload` — the
 * cryptographic check and the ledger lookup, what `POST /v1/verifications` runs — with the real adapters on
 * the runtime's DynamoDB, and also measured over HTTP; pdfsig is one process per file, as a
 * verifier without this service would run it. The two take turns per file (see compareVerification).
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDynamoClient } from '../bin/local/aws-clients.js';
import { DynamoAuditLog } from '../functions/adapters/dynamodb-audit-log.js';
import { DynamoCaseStore } from '../functions/adapters/dynamodb-case-store.js';
import { DynamoLedger } from '../functions/adapters/dynamodb-ledger.js';
import { tableNames } from '../functions/adapters/dynamodb-tables.js';
import {
  type VerificationDependencies,
  verifyUpload,
} from '../functions/core/certificates/verify-licence.js';
import { fromPem } from '../functions/core/pki/pem.js';
import { verifyPdfSignature } from '../functions/core/verification/index.js';
import { type BenchApi, benchApi, expectStatus } from './http-client.js';
import type { IssuedLicence } from './http-load.js';
import { summarize, type Timing } from './stats.js';

const run = promisify(execFile);

/** Results of the verification comparison. */
export interface VerifyResults {
  files: number;
  ours: Timing;
  /** `verifyPdfSignature` alone, without the ledger lookup. */
  signatureOnly: Timing;
  oursOverHttp: Timing;
  pdfsig: Timing | undefined;
  pdfsigValid: number;
  corpus?: { files: number; ours: Timing; pdfsig: Timing };
}

async function pdfsigMs(file: string): Promise<{ ms: number; valid: boolean }> {
  const started = performance.now();
  const output = await run('pdfsig', [file], { encoding: 'utf8' }).then(
    ({ stdout, stderr }) => stdout + stderr,
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
  );
  return { ms: performance.now() - started, valid: output.includes('Signature is Valid.') };
}

async function download(licences: IssuedLicence[]): Promise<Uint8Array[]> {
  const files: Uint8Array[] = [];
  for (const l of licences) {
    const reply = expectStatus(
      await l.api('GET', `/v1/certificates/${l.certificateId}/pdf`),
      200,
      'download',
    );
    files.push(reply.bytes);
  }
  return files;
}

async function corpusComparison(corpusDir: string, roots: Uint8Array[]): Promise<VerifyResults['corpus']> {
  const names = ((await readdir(corpusDir, { recursive: true })) as string[]).filter((f) =>
    f.endsWith('.pdf'),
  );
  const ours: number[] = [];
  const theirs: number[] = [];
  for (const name of names) {
    const file = path.join(corpusDir, name);
    const bytes = await readFile(file);
    const started = performance.now();
    verifyPdfSignature(bytes, { roots });
    ours.push(performance.now() - started);
    theirs.push((await pdfsigMs(file)).ms);
  }
  return { files: names.length, ours: summarize(ours), pdfsig: summarize(theirs) };
}

/** Compares per-file verification over `licences` (≥ 100 issued ones) and, if present, the pyHanko corpus. */
export async function compareVerification(options: {
  base: string;
  dynamoEndpoint: string;
  licences: IssuedLicence[];
  workDir: string;
  corpusDir: string | undefined;
  pdfsigAvailable: boolean;
}): Promise<VerifyResults> {
  const pem = Buffer.from((await benchApi(options.base)('GET', '/.well-known/seal-certificates.pem')).bytes);
  const chain = fromPem('CERTIFICATE', pem.toString('utf8'));
  const roots = chain.slice(-1);
  const files = await download(options.licences);
  const dynamo = localDynamoClient(options.dynamoEndpoint);
  const doc = DynamoDBDocumentClient.from(dynamo);
  const tables = tableNames('zz-');
  const clock = { now: () => new Date() };
  // What POST /v1/verifications runs, on the runtime's DynamoDB: the core use case with the real adapters.
  const deps: VerificationDependencies = {
    ledger: new DynamoLedger({ client: doc, tableName: tables.ledger }),
    cases: new DynamoCaseStore({
      client: doc,
      tableName: tables.cases,
      audit: new DynamoAuditLog({ client: doc, tableName: tables.audit, clock }),
    }),
    clock,
    trustRoots: async () => roots,
  };
  // Ours and pdfsig take turns per file, so that both see the same machine (its speed drifts within minutes).
  const dir = path.join(options.workDir, 'uploads');
  await mkdir(dir, { recursive: true });
  const publicApi: BenchApi = benchApi(options.base);
  const ours: number[] = [];
  const signatureOnly: number[] = [];
  const overHttp: number[] = [];
  const pdfsigSamples: number[] = [];
  let pdfsigValid = 0;
  for (const [i, bytes] of files.entries()) {
    // the first lookups open connections; the first pdfsig runs fill the page cache
    const warm = i >= 3;
    const record = (samples: number[], started: number) => {
      if (warm) samples.push(performance.now() - started);
    };
    let started = performance.now();
    const check = verifyPdfSignature(bytes, { roots });
    signatureOnly.push(performance.now() - started);
    if (check.status !== 'VALID')
      throw new Error(`our verifier did not accept issued licence ${i}: ${check.status}`);
    started = performance.now();
    const verification = await verifyUpload(deps, bytes);
    record(ours, started);
    if (verification.verdict !== 'VALID') throw new Error(`licence ${i}: ${verification.verdict}`);
    started = performance.now();
    const reply = await publicApi('POST', '/v1/verifications', {
      body: bytes,
      contentType: 'application/pdf',
    });
    record(overHttp, started);
    if (reply.json?.verdict !== 'VALID') throw new Error(`upload verification: ${reply.json?.verdict}`);
    if (options.pdfsigAvailable) {
      const file = path.join(dir, `licence-${i}.pdf`);
      await writeFile(file, bytes);
      const { ms, valid } = await pdfsigMs(file);
      if (warm) pdfsigSamples.push(ms);
      if (valid) pdfsigValid++;
    }
  }
  dynamo.destroy();
  const pdfsig = options.pdfsigAvailable ? summarize(pdfsigSamples) : undefined;
  const corpus =
    options.pdfsigAvailable && options.corpusDir
      ? await corpusComparison(options.corpusDir, roots)
      : undefined;
  return {
    files: files.length,
    ours: summarize(ours),
    signatureOnly: summarize(signatureOnly),
    oursOverHttp: summarize(overHttp),
    pdfsig,
    pdfsigValid,
    corpus,
  };
}
