/**
 * The status lists' URLs use their own base (STATUS_LIST_BASE_URL: the CloudFront edge on AWS), not the
 * verify links' base: the licence's `statusList.uri` and the token's `sub` both name the edge, and they are
 * equal; unset, the base is PUBLIC_BASE_URL.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bucketNames } from '../../../bin/local/aws-clients.js';
import { tableNames } from '../../../functions/adapters/dynamodb-tables.js';
import { derToRawSignature } from '../../../functions/adapters/kms-es256-signer.js';
import { compose } from '../../../functions/composition.js';
import { loadConfig, storageEnvironment } from '../../../functions/config.js';
import { issueCertificates } from '../../../functions/core/certificates/issue-certificates.js';
import { STATUS_POSITION_COUNTER } from '../../../functions/core/status-lists/status-list.js';
import { createStatusListService } from '../../../functions/core/status-lists/status-list-service.js';
import type { JwsSigner } from '../../../functions/ports/status-lists.js';
import { approvedCaseRecord, medicalForm } from '../../fixtures/cases.js';
import { allowAll, FixedClock, MemoryCounters, memoryIssuanceDependencies } from '../../support/fakes.js';

const EDGE = 'https://d111111abcdef8.cloudfront.net';

const environment = (extra: Record<string, string>) => ({
  AWS_REGION: 'eu-central-1',
  PUBLIC_BASE_URL: 'https://zz.test',
  ...storageEnvironment(tableNames('zz-'), bucketNames('zz-')),
  ...extra,
});

function p256Signer(): JwsSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    algorithm: 'ES256',
    sign: async (input) => derToRawSignature(sign('sha256', input, privateKey)),
    publicKey: async () => publicKey.export({ type: 'spki', format: 'der' }),
  };
}

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString());

describe('the status lists’ base URL', () => {
  it('comes from STATUS_LIST_BASE_URL (trailing slash dropped) and defaults to PUBLIC_BASE_URL', () => {
    expect(loadConfig(environment({ STATUS_LIST_BASE_URL: `${EDGE}/` })).statusLists.baseUrl).toBe(EDGE);
    expect(loadConfig(environment({})).statusLists.baseUrl).toBe('https://zz.test');
    expect(() => loadConfig(environment({ STATUS_LIST_BASE_URL: 'not a url' }))).toThrow(
      /STATUS_LIST_BASE_URL/,
    );
  });

  it('is what the composition gives issuance, while verify links keep PUBLIC_BASE_URL', () => {
    // Act
    const deps = compose(loadConfig(environment({ STATUS_LIST_BASE_URL: EDGE })), {}, {});
    // Assess
    expect(deps.certificates.statusListBaseUrl).toBe(EDGE);
    expect(deps.certificates.publicBaseUrl).toBe('https://zz.test');
  });

  it('names the edge in the licence’s statusList.uri and in the token’s sub, which are equal', async () => {
    // Prepare
    const deps = memoryIssuanceDependencies({ statusListBaseUrl: EDGE });
    const record = approvedCaseRecord('CASE-1', allowAll.clientId, deps.clock.now().toISOString(), {
      form: medicalForm(1),
    });
    deps.cases.records.set(record.caseId, record);
    // Act
    const [view] = await issueCertificates(deps, allowAll, record.caseId, {});
    const counters = new MemoryCounters();
    counters.values.set(STATUS_POSITION_COUNTER, 1);
    const lists = createStatusListService({
      entries: { listStatusEntries: async () => [] },
      counters,
      signer: p256Signer(),
      clock: new FixedClock('2026-12-06T12:00:00Z'),
      publicBaseUrl: EDGE,
      ttlSeconds: 300,
      validitySeconds: 86_400,
    });
    const { token } = await lists.token('0');
    // Assess
    expect(view?.statusList?.uri).toBe(`${EDGE}/status-lists/0`);
    expect(view?.verifyUrl.startsWith('https://zz.test/verify/')).toBe(true);
    expect(payloadOf(token).sub).toBe(view?.statusList?.uri);
  });
});
