/**
 * POST /v1/verifications through the real composition (dynalite, s3rver) with a trusted-issuer list given
 * as data files: another issuer's sealed document is VALID_OTHER_ISSUER when its root is on the list and
 * UNKNOWN_SIGNER when not; a multi-signature document of the EU DSS suite is reported signature by signature;
 * a bad list file stops composition (start-up) with the file named.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDependencies, compose } from '../../functions/composition.js';
import { loadConfig, storageEnvironment } from '../../functions/config.js';
import { toPem } from '../../functions/core/pki/pem.js';
import { handlerModules } from '../../functions/handlers/index.js';
import { createHttpHandler, type LambdaHttpHandler } from '../../functions/http/handler.js';
import type { Context } from '../../functions/http/types.js';
import { allParts } from '../../functions/parts/all.js';
import { padesSuiteDir } from '../support/corpus.js';
import { FixedClock, gatewayEvent, MemoryLogger } from '../support/fakes.js';
import { startTestDynamo, startTestS3, type TestDynamo, type TestS3 } from '../support/storage.js';
import { createSealingSetup, type SealingSetup, sealLicence } from '../unit/verification/sealed-licence.js';

let dynamo: TestDynamo;
let s3: TestS3;
let ours: SealingSetup;
let other: SealingSetup;
let otherPdf: Uint8Array;

const ISSUER = '某省市场监督管理局';

async function app(
  trustedIssuerFiles: Array<{ file: string; content: unknown }>,
): Promise<LambdaHttpHandler> {
  const config = loadConfig({
    PUBLIC_BASE_URL: 'https://zz.test/',
    ...storageEnvironment(dynamo.tables, s3.buckets),
  });
  const deps: AppDependencies = compose(
    config,
    {
      dynamo: dynamo.client,
      s3: s3.client,
      clock: new FixedClock(),
      logger: new MemoryLogger(),
      trustedIssuerFiles,
    },
    allParts,
  );
  // The deployment's own seal chain, where verification reads it (the licences bucket).
  await deps.sealChain.save([ours.seal, ours.root]);
  const module = handlerModules.find((m) => m.name === 'verify');
  if (!module) throw new Error('no verify handler module');
  return createHttpHandler(module.routes, deps, deps.http);
}

const verify = async (handler: LambdaHttpHandler, pdf: Uint8Array) => {
  const result = await handler(
    gatewayEvent({
      method: 'POST',
      path: '/v1/verifications',
      headers: { 'content-type': 'application/pdf' },
      body: pdf,
    }),
    {} as Context,
  );
  return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
};

beforeAll(async () => {
  [dynamo, s3] = await Promise.all([startTestDynamo(), startTestS3()]);
  // Another issuer: its own root and seal, names that are not ours.
  ours = await createSealingSetup({ modulusLength: 2048 });
  other = await createSealingSetup({ authorityName: '某省电子证照签章中心', modulusLength: 2048 });
  otherPdf = await sealLicence(other);
});
afterAll(async () => {
  await Promise.all([dynamo?.close(), s3?.close()]);
});

describe('trusted issuers through POST /v1/verifications', () => {
  it('reports a listed issuer’s intact document as VALID_OTHER_ISSUER, with the issuer named', async () => {
    const handler = await app([
      {
        file: 'province.json',
        content: { name: ISSUER, source: 'test', certificates: toPem('CERTIFICATE', other.root) },
      },
    ]);
    const { status, body } = await verify(handler, otherPdf);
    expect(status).toBe(200);
    expect(body.verdict).toBe('VALID_OTHER_ISSUER');
    expect(body.certificate).toBeUndefined();
    expect(body.signatures).toEqual([
      expect.objectContaining({
        intact: true,
        signerTrust: 'TRUSTED_ISSUER',
        trustedIssuer: ISSUER,
        laterChanges: 'NONE',
      }),
    ]);
    expect(body.reasons[0].message).toContain(ISSUER);
  });

  it('reports the same document as UNKNOWN_SIGNER when its issuer is not listed', async () => {
    const { body } = await verify(await app([]), otherPdf);
    expect(body.verdict).toBe('UNKNOWN_SIGNER');
    expect(body.signatures).toEqual([expect.objectContaining({ intact: true, signerTrust: 'UNKNOWN' })]);
  });

  it('reports each signature of a twice-signed foreign PDF over its own revision', async () => {
    const pdf = readFileSync(path.join(padesSuiteDir, 'hello_signed_INCSAVE_signed.pdf'));
    const { body } = await verify(await app([]), pdf);
    expect(body.verdict).toBe('UNKNOWN_SIGNER');
    expect(
      body.signatures.map((s: { revision: number; intact: boolean; laterChanges: string }) => [
        s.revision,
        s.intact,
        s.laterChanges,
      ]),
    ).toEqual([
      [2, true, 'ALLOWED'],
      [4, true, 'NONE'],
    ]);
  });

  it('stops start-up on a list file whose certificate is not a CA', async () => {
    const file = { name: '某机构', source: 'test', certificates: toPem('CERTIFICATE', other.seal) };
    await expect(app([{ file: 'bad.json', content: file }])).rejects.toThrow(/bad\.json.*not a CA/);
  });
});
