/**
 * The reply check every e2e request goes through (test/support/contract.ts), held against the real generated
 * document: it must pass what fits and name what does not — an extra property, a missing one, an
 * undocumented status or media type, a wrong error shape, a path or method the document does not list.
 */
import { describe, expect, it } from 'vitest';
import { catalogueFiles } from '../../../functions/catalogue/index.js';
import { buildCatalogue } from '../../../functions/core/catalogue/catalogue.js';
import { handlerModules } from '../../../functions/handlers/index.js';
import { buildOpenApi } from '../../../functions/http/openapi.js';
import type { RouteDefinition } from '../../../functions/http/route.js';
import { Contract, type ContractReply } from '../../support/contract.js';

const document = buildOpenApi(handlerModules.flatMap((m) => m.routes) as RouteDefinition<unknown>[], {
  version: '1',
  serverUrl: 'https://zz.test',
});
const contract = new Contract(document);

const json = (value: unknown) => JSON.stringify(value);
const error = (code: string) => json({ error: { code, message: '错误 / Error', requestId: 'r-1' } });
const reply = (overrides: Partial<ContractReply>): ContractReply => ({
  method: 'GET',
  path: '/health',
  status: 200,
  contentType: 'application/json; charset=utf-8',
  text: json({ status: 'ok' }),
  ...overrides,
});

const certificate = {
  certificateId: 'CERT-1',
  number: '第1号',
  identifier: '1.2.156.3005.2.X.Y.0000001.001.A',
  serviceItemCode: 'ITEM',
  caseId: 'CASE-1',
  type: 'T',
  typeName: '证',
  issuer: '局',
  status: 'VALID',
  holder: { type: 'PERSON', name: '张*' },
  fields: {},
  issuedAt: '2026-01-02T03:04:05.000Z',
  validFrom: '2026-01-02',
  validUntil: '2027-01-01',
  sha256: 'ab',
  verificationCode: 'CODE',
  verifyUrl: 'https://zz.test/verify/CERT-1?code=CODE',
};
const issue = (body: unknown) =>
  reply({ method: 'POST', path: '/v1/cases/CASE-1/certificates', status: 201, text: json(body) });

describe('the e2e reply check against /openapi.json', () => {
  it('compiles every schema of the real document in strict mode and passes replies that fit', () => {
    // Act / Assess
    expect(contract.mismatches(reply({}))).toEqual([]);
    expect(
      contract.mismatches(
        issue({
          certificates: [certificate],
          notifications: [{ certificateId: 'CERT-1', status: 'SENT', messageId: 'm-1' }],
        }),
      ),
    ).toEqual([]);
    expect(
      contract.mismatches(reply({ path: '/v1/cases/CASE-1', status: 401, text: error('UNAUTHENTICATED') })),
    ).toEqual([]);
    // The QR landing answers its page, or the Verification JSON on Accept: application/json
    expect(
      contract.mismatches(
        reply({ path: '/verify/CERT-1', contentType: 'text/html; charset=utf-8', text: '<!doctype html>' }),
      ),
    ).toEqual([]);
  });

  it('passes the shipped catalogue as GET /v1/service-items serves it (union-typed rule values included)', () => {
    // Prepare
    const items = buildCatalogue(catalogueFiles).list();

    // Act / Assess
    expect(contract.mismatches(reply({ path: '/v1/service-items', text: json({ items }) }))).toEqual([]);
    expect(
      contract.mismatches(reply({ path: `/v1/service-items/${items[0]?.code}`, text: json(items[0]) })),
    ).toEqual([]);
  });

  it('names a property the schema does not allow and one it requires', () => {
    // Act
    const extra = contract.mismatches(issue({ certificates: [certificate], surprise: true }));
    const { sha256: _dropped, ...withoutHash } = certificate;
    const missing = contract.mismatches(issue({ certificates: [withoutHash] }));

    // Assess
    expect(extra).toEqual(['(body) must NOT have additional properties: "surprise"']);
    expect(missing).toEqual(["/certificates/0 must have required property 'sha256'"]);
  });

  it('refuses an undocumented status, an undocumented media type and a body where none is documented', () => {
    // Act / Assess
    expect(contract.mismatches(reply({ status: 418, text: error('TEAPOT') }))[0]).toMatch(
      /^status 418 is not documented \(documented: 200, 413, 500\)$/,
    );
    expect(contract.mismatches(reply({ contentType: 'text/html', text: '<p>ok</p>' }))).toEqual([
      'media type text/html is not documented (documented: application/json)',
    ]);
    expect(
      contract.mismatches(
        reply({ method: 'DELETE', path: '/v1/cases/C/materials/M', status: 204, text: json({}) }),
      ),
    ).toEqual(['a application/json is returned but none is documented']);
  });

  it('holds errors to the one error shape', () => {
    // Act
    const noRequestId = contract.mismatches(
      reply({ path: '/v1/cases/CASE-1', status: 404, text: json({ error: { code: 'X', message: 'm' } }) }),
    );

    // Assess
    expect(noRequestId).toEqual(["/error must have required property 'requestId'"]);
  });

  it('wants 404 for a path and 405 for a method the document does not list, in the error shape', () => {
    // Act / Assess
    expect(
      contract.mismatches(reply({ path: '/v2/nothing', status: 404, text: error('ROUTE_NOT_FOUND') })),
    ).toEqual([]);
    expect(contract.mismatches(reply({ path: '/v2/nothing', status: 200 }))).toEqual([
      'the path is not in the document: expected 404 in the error shape, got 200',
    ]);
    expect(
      contract.mismatches(
        reply({ method: 'PATCH', path: '/v1/cases/C', status: 405, text: error('METHOD_NOT_ALLOWED') }),
      ),
    ).toEqual([]);
    expect(
      contract.mismatches(
        reply({ method: 'PATCH', path: '/v1/cases/C', status: 405, text: '{"message":"no"}' }),
      ),
    ).toContain("(body) must have required property 'error'");
  });

  it('throws for the failing test with the operation, status and each mismatch', () => {
    expect(() => contract.assertFits(issue({ certificates: [certificate], surprise: 1 }))).toThrow(
      /The reply to POST \/v1\/cases\/CASE-1\/certificates \(201\) does not fit \/openapi\.json:\n {2}- \(body\) must NOT have additional properties: "surprise"/,
    );
  });
});
