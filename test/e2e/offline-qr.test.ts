/**
 * The offline QR end to end over the local runtime: issue → the licence PDF rendered with pdftoppm at 150 dpi
 * (the printed size) → zbarimg reads one QR code → its text is a verify URL that opens (200) with the signed
 * `ZZ1:` payload in the fragment → `npm run verify:qr` checks it offline with the keys fetched once from
 * `/.well-known/qr-keys.json`; a flipped byte or another key is refused. The payload's digest is the one of
 * the ledger record's canonical data.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync } from 'node:zlib';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoClient } from '../../bin/local/aws-clients.js';
import { ledgerRecord } from '../../functions/adapters/dynamodb-ledger.js';
import { tableNames } from '../../functions/adapters/dynamodb-tables.js';
import { encodeBase45 } from '../../functions/core/qr/base45.js';
import { licenceDigest } from '../../functions/core/qr/canonical.js';
import { MAX_QR_VERSION, qrVersionOf } from '../../functions/core/qr/licence-qr.js';
import { coseOfPayload, qrTextOf, splitQrText } from '../../functions/core/qr/payload.js';
import { contractFetch } from '../support/contract.js';
import { approvedMedicalCase } from '../support/e2e-flows.js';
import { apiClient, type RunningRuntime, startRuntime } from '../support/local-runtime.js';
import { decodeBarcodes, renderPage } from '../support/pdf-tools.js';

const run = promisify(execFile);
let runtime: RunningRuntime;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  runtime = await startRuntime();
  api = apiClient(runtime.url, runtime.apiKey);
});
afterAll(async () => {
  await runtime?.stop();
});

/** `npm run verify:qr` (the same script, through tsx) with its exit code and JSON output. */
async function verifyQr(args: string[]): Promise<{ code: number; result: any }> {
  try {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'scripts/verify-qr.ts',
      '--json',
      ...args,
    ]);
    return { code: 0, result: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, result: failed.stdout ? JSON.parse(failed.stdout) : undefined };
  }
}

describe('offline QR over HTTP', () => {
  it('prints a QR that opens /verify and carries a payload the CLI verifies offline', async () => {
    // Prepare: a licence, its PDF, the published keys saved to a file (the verifier's copy for the plane).
    const caseId = await approvedMedicalCase(api, 1);
    const issued = await api('POST', `/v1/cases/${caseId}/certificates`, { json: {} });
    expect(issued.status, issued.text).toBe(201);
    const licence = issued.body.certificates[0];
    const pdf = await contractFetch(`${runtime.url}/v1/certificates/${licence.certificateId}/pdf`, {
      headers: { authorization: `Bearer ${runtime.apiKey}` },
    });
    const keysReply = await contractFetch(`${runtime.url}/.well-known/qr-keys.json`);
    expect(keysReply.status).toBe(200);
    const keys = await keysReply.json();
    const keysFile = join(runtime.dataDir, 'qr-keys.json');
    await writeFile(keysFile, JSON.stringify(keys));

    // Act: print at 150 dpi and scan.
    const page = await renderPage(new Uint8Array(await pdf.arrayBuffer()), { dpi: 150 });
    const texts = await decodeBarcodes(page.png);

    // Assess: one code, the verify URL + payload, version ≤ 15; the URL opens the verify page.
    expect(texts).toHaveLength(1);
    const text = texts[0] ?? '';
    const { url, payload } = splitQrText(text);
    expect(url).toBe(licence.verifyUrl);
    expect(payload).toMatch(/^ZZ1:/);
    expect(qrVersionOf(text)).toBeLessThanOrEqual(MAX_QR_VERSION);
    const opened = await contractFetch(text); // fetch drops the fragment, as a browser does
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain(licence.number);

    // Assess: the CLI verifies it offline with the keys file.
    const checked = await verifyQr(['--keys', keysFile, text]);
    expect(checked.code).toBe(0);
    expect(checked.result).toMatchObject({
      verdict: 'VALID',
      signatureValid: true,
      // The current period's data key (the set lists the KMS key that signed before data keys, then each period's).
      kid: keys.keys.at(-1).kid,
      validity: { from: licence.validFrom, until: licence.validUntil },
      statusList: licence.statusList,
      claims: { iss: runtime.url, number: licence.number, identifier: licence.identifier },
    });

    // Assess: the digest is the ledger record's canonical data (recomputed from the record as stored).
    const doc = DynamoDBDocumentClient.from(localDynamoClient(runtime.dynamoEndpoint));
    const { Item } = await doc.send(
      new GetCommand({ TableName: tableNames('zz-').ledger, Key: { certificateId: licence.certificateId } }),
    );
    expect(Item?.certificateId).toBe(licence.certificateId);
    // The record as the ledger reads it back (its item is compacted: compact-item.ts).
    const record = ledgerRecord(Item ?? {});
    expect(checked.result.claims.digest).toBe(Buffer.from(licenceDigest(record)).toString('hex'));
    doc.destroy();

    // Assess: a flipped byte in the signature, or someone else's keys: not VALID.
    const cose = Buffer.from(coseOfPayload(payload ?? ''));
    cose.writeUInt8((cose.at(-1) ?? 0) ^ 1, cose.length - 1);
    const tampered = qrTextOf(url ?? '', `ZZ1:${encodeBase45(deflateSync(cose))}`);
    const flipped = await verifyQr(['--keys', keysFile, tampered]);
    expect(flipped.code).toBe(1);
    expect(flipped.result).toMatchObject({ verdict: 'INVALID', reason: 'BAD_SIGNATURE' });
    const stranger = { keys: [{ ...keys.keys[0], x: keys.keys[0].y, y: keys.keys[0].x }] };
    await writeFile(keysFile, JSON.stringify(stranger));
    expect((await verifyQr(['--keys', keysFile, text])).result).toMatchObject({ verdict: 'INVALID' });
    // The CLI finds the issuer's keys itself when online.
    expect((await verifyQr([text])).code).toBe(0);
    console.info(
      `offline QR: version ${qrVersionOf(text)}, ${text.length} characters, payload ${payload?.length} characters, ` +
        `COSE ${cose.length} bytes; sha256(text) ${createHash('sha256').update(text).digest('hex').slice(0, 8)}`,
    );
  });
});
