/**
 * Generates `schema.d.ts`, the types of the typed client, from the OpenAPI document the API serves
 * (`openApiDocument`, the same function behind `GET /openapi.json`): `npm run client:types`. A test
 * regenerates it and compares, so the committed types cannot drift from the contract.
 *
 * openapi-typescript needs TypeScript 5's compiler API, which the project's TypeScript 7 no longer has; this
 * workspace keeps its own TypeScript 5 for it.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { openApiDocument } from '../../functions/handlers/public-routes.js';

const header =
  '// Generated from the API’s OpenAPI document by `npm run client:types` (clients/typescript/generate.ts).\n' +
  '// Do not edit: change the zod schemas or routes and regenerate.\n\n';

/** A binary body (`contentEncoding: binary`: a material's bytes, a PDF to verify) is a `Blob`. */
const blob = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier('Blob'));

/** The text of `schema.d.ts` for the current routes and schemas. */
export async function schemaTypes(): Promise<string> {
  const document = openApiDocument('http://127.0.0.1:3000');
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; openapi-typescript's type leaves `contentEncoding` out.
    transform: (schema) =>
      (schema as { contentEncoding?: string }).contentEncoding === 'binary' ? blob : undefined,
  });
  return header + astToString(ast);
}

export const schemaFile = fileURLToPath(new URL('./schema.d.ts', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(schemaFile, await schemaTypes());
  console.log(`wrote ${schemaFile}`);
}
