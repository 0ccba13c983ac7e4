/**
 * The typed client's committed types are the contract's: regenerating `clients/typescript/schema.d.ts` from
 * the document `/openapi.json` serves gives the same text. After changing a route or a zod schema, run
 * `npm run client:types` and commit the result.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { schemaFile, schemaTypes } from '../../../clients/typescript/generate.js';

describe('the typed client (clients/typescript)', () => {
  it('has types generated from the current OpenAPI document (npm run client:types)', async () => {
    // Act
    const generated = await schemaTypes();
    const committed = await readFile(schemaFile, 'utf8');

    // Assess: compared as a whole, so a missing, extra or changed operation or field fails
    const want = generated.split('\n');
    const have = committed.split('\n');
    const differs = want.findIndex((text, i) => have[i] !== text);
    const line = differs === -1 && have.length > want.length ? want.length : differs;
    const stale =
      line === -1
        ? undefined
        : `clients/typescript/schema.d.ts is stale (line ${line + 1}: the document gives ` +
          `${JSON.stringify(want[line])}, the file has ${JSON.stringify(have[line])}): run npm run client:types`;
    expect(stale).toBeUndefined();
  }, 60_000);

  it('types a binary body as a Blob and the answers by status, errors in the one error shape', async () => {
    // Act
    const types = await schemaTypes();

    // Assess
    expect(types).toContain('"application/pdf": Blob;');
    expect(types).toMatch(/createCase: \{[\s\S]*?422: \{[\s\S]*?components\["schemas"\]\["Error"\]/);
    expect(types).toMatch(
      /issueCertificates: \{[\s\S]*?201: \{[\s\S]*?components\["schemas"\]\["IssuedCertificates"\]/,
    );
  }, 60_000);
});
