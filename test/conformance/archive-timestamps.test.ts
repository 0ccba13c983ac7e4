/**
 * B-LTA versions checked by independent tools: the document time-stamp's token verifies with `openssl ts
 * -verify` for the SHA-256 of its byte range (and not for other bytes), pdfsig reports both signatures valid
 * and the time-stamp as covering the whole file, qpdf finds the update well-formed, and our verifier calls the
 * version VALID B-LTA. Needs poppler-utils, qpdf, openssl.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDocumentTimestamp } from '../../functions/core/pades/doc-timestamp.js';
import { sealPdf } from '../../functions/core/pades/seal-pdf.js';
import { toPem } from '../../functions/core/pki/pem.js';
import { readByteRange, readContents } from '../../functions/core/verification/coverage.js';
import { measureDer } from '../../functions/core/verification/der-structure.js';
import { PdfDocument } from '../../functions/core/verification/document/pdf-document.js';
import { verifyPdfSignature } from '../../functions/core/verification/index.js';
import type { PdfString } from '../../functions/core/verification/pdf-object-reader.js';
import { findSignatures } from '../../functions/core/verification/signatures/signature-fields.js';
import { createLongTermFixture, type LongTermFixture } from '../support/long-term-fixture.js';
import { makeRenderedLicence } from '../unit/pades/rendered-licence.js';

const run = promisify(execFile);
let dir: string;
let fixture: LongTermFixture;
let sealed: Uint8Array;
let archived: Uint8Array;
const file = (name: string) => join(dir, name);

/** The document time-stamp of `pdf`: its token and the SHA-256 (hex) of the bytes its byte range covers. */
function docTimestamp(pdf: Uint8Array): { token: Uint8Array; digest: string } {
  const doc = new PdfDocument(Buffer.from(pdf));
  const found = findSignatures(doc, doc.revisions.at(-1)).find(
    (signature) => (signature.dictionary.get('SubFilter') as { name?: string })?.name === 'ETSI.RFC3161',
  );
  if (!found) throw new Error('no document time-stamp');
  const [a, b, c, d] = readByteRange(found.dictionary) as [number, number, number, number];
  const contents = readContents(found.dictionary) as PdfString;
  const bytes = contents.bytes as Uint8Array;
  const hash = createHash('sha256')
    .update(pdf.subarray(a, a + b))
    .update(pdf.subarray(c, c + d));
  return {
    token: bytes.subarray(0, measureDer(bytes, { maxDepth: 32, maxElements: 20_000 })),
    digest: hash.digest('hex'),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zz-blta-conf-'));
  fixture = await createLongTermFixture();
  sealed = await sealPdf(await makeRenderedLicence(), {
    signer: fixture.sealSigner,
    certificates: [fixture.seal, fixture.root],
    signingTime: new Date(),
    reason: '电子证照签章',
    location: '中国湖南',
    signerName: '某市行政审批局',
    timestamps: fixture.timestamps,
    validationData: fixture.validationData,
  });
  const collected = await fixture.validationData.collect([fixture.tsa]);
  archived = await addDocumentTimestamp(sealed, {
    tsa: fixture.timestamps,
    dss: { certificates: [fixture.tsa], ...collected },
  });
  await writeFile(file('archived.pdf'), archived);
  await writeFile(file('root.pem'), toPem('CERTIFICATE', fixture.root));
  await writeFile(file('tsa.pem'), toPem('CERTIFICATE', fixture.tsa));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('B-LTA versions through openssl, pdfsig and qpdf', () => {
  it('reads the issued B-LT seal as VALID B-LT with its time-stamp (chain judged at its time)', () => {
    const result = verifyPdfSignature(sealed, { roots: [fixture.root] });
    expect(result.status, JSON.stringify(result.reasons)).toBe('VALID');
    expect(result.signature).toMatchObject({ level: 'B-LT', timestamp: { tsa: expect.any(String) } });
  });

  it('is a genuine extension our verifier calls VALID B-LTA', () => {
    expect(Buffer.from(archived.subarray(0, sealed.length)).equals(Buffer.from(sealed))).toBe(true);
    const result = verifyPdfSignature(archived, { roots: [fixture.root] });
    expect(result.status, JSON.stringify(result.reasons)).toBe('VALID');
    expect(result.signature?.level).toBe('B-LTA');
  });

  it('carries a document time-stamp openssl ts -verify accepts for its byte range, and no other', async () => {
    const { token, digest } = docTimestamp(archived);
    await writeFile(file('doc-ts.der'), token);
    const args = (hex: string) => [
      ...['ts', '-verify', '-in', file('doc-ts.der'), '-token_in', '-digest', hex],
      ...['-CAfile', file('root.pem'), '-untrusted', file('tsa.pem')],
    ];
    expect((await run('openssl', args(digest))).stdout).toContain('Verification: OK');
    const other = createHash('sha256').update(sealed).digest('hex');
    await expect(run('openssl', args(other))).rejects.toThrow();
  });

  it('keeps the seal valid for pdfsig, its time-stamp covering the whole file, and qpdf content', async () => {
    // poppler 22.12 lists an ETSI.RFC3161 time-stamp but does not validate it (openssl ts does, above).
    const { stdout } = await run('pdfsig', [file('archived.pdf')]);
    const [seal, stamp] = stdout.split(/Signature #2:/);
    expect(seal).toContain('Signature is Valid.');
    expect(seal).toContain('Not total document signed');
    expect(stamp).toContain('Total document signed');
    const qpdf = await run('qpdf', ['--check', file('archived.pdf')]);
    expect(qpdf.stdout).toContain('No syntax or stream encoding errors');
  });
});
