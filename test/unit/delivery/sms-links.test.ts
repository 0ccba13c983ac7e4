/**
 * SMS links on fakes: the message fits one segment, the token carries 128 bits and is stored only as its
 * hash, links expire, revoked licences are not sent, and a failed SMS after issuance is reported, not thrown.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CertificateRecord } from '../../../functions/core/certificates/model.js';
import {
  type DeliveryDependencies,
  resolveLink,
  sendLicenceLink,
  smsBody,
} from '../../../functions/core/delivery/sms-links.js';
import type { DomainError } from '../../../functions/core/errors.js';
import {
  FixedClock,
  MemoryAuditLog,
  MemorySmsLinkStore,
  MemorySmsSender,
  SequenceRandom,
  shippedCatalogue,
} from '../../support/fakes.js';

interface Delivery extends DeliveryDependencies {
  links: MemorySmsLinkStore;
  sms: MemorySmsSender;
  audit: MemoryAuditLog;
  clock: FixedClock;
  random: SequenceRandom;
}

function delivery(): Delivery {
  const clock = new FixedClock('2026-03-26T08:00:00Z');
  return {
    links: new MemorySmsLinkStore(),
    sms: new MemorySmsSender(),
    audit: new MemoryAuditLog(clock),
    clock,
    random: new SequenceRandom(),
    publicBaseUrl: 'https://zz.hunan.gov.cn',
    linkTtlDays: 30,
  };
}

const licence = (overrides: Partial<CertificateRecord> = {}): CertificateRecord =>
  ({
    certificateId: 'CERT-01',
    clientId: 'client',
    caseId: 'CASE-01',
    status: 'VALID',
    typeName: '医疗器械出口销售证明',
    number: '湘药监械出2026000054',
    ...overrides,
  }) as CertificateRecord;

const tokenOf = (link: string | undefined) => /\/s\/([^/?#]+)$/.exec(link ?? '')?.[1] ?? '';

const failure = async (promise: Promise<unknown>): Promise<DomainError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as DomainError,
  );

describe('smsBody', () => {
  const typeNames = shippedCatalogue()
    .list()
    .map((item) => item.certificate.name);

  it('fits one 70-character segment and carries the exact URL for typical public base URLs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...typeNames),
        fc.stringMatching(/^[a-z]{2,8}(\.[a-z]{2,6}){1,3}$/),
        fc.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        fc.integer({ min: 1, max: 9_999_999 }),
        (typeName, host, token, serial) => {
          const url = `https://${host}/s/${token}`;
          fc.pre(url.length <= 58);
          const body = smsBody(typeName, `湘药生2026${String(serial).padStart(7, '0')}`, url);
          return [...body].length <= 70 && body.endsWith(url);
        },
      ),
    );
  });

  it('keeps the licence name when only the number has to go', () => {
    // Prepare
    const url = 'https://zz.hunan.gov.cn/s/abcdefghijklmnopqrstuv';

    // Act
    const body = smsBody('医疗器械出口销售证明', '湘药监械出2026000054', url);

    // Assess
    expect([...body].length).toBeLessThanOrEqual(70);
    expect(body).toContain('医疗器械出口销售证明');
    expect(body).not.toContain('湘药监械出2026000054');
    expect(body.endsWith(url)).toBe(true);
  });
});

describe('sendLicenceLink', () => {
  it('texts a link with a 128-bit token that is stored only as its SHA-256', async () => {
    // Prepare
    const deps = delivery();

    // Act
    const { messageId } = await sendLicenceLink(deps, licence(), '+86 139-1234-5678', 'client');

    // Assess
    const [message] = deps.sms.sent;
    const token = tokenOf(message?.link);
    const stored = [...deps.links.links.values()];
    expect(message).toMatchObject({ to: '13912345678', messageId });
    expect(message?.link).toBe(`https://zz.hunan.gov.cn/s/${token}`);
    expect(Buffer.from(token, 'base64url').byteLength).toBeGreaterThanOrEqual(16);
    expect(deps.random.requests).toContain(16);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]?.mobileMasked).toBe('139****5678');
    expect(JSON.stringify(deps.audit.entries)).not.toContain('13912345678');
    expect(deps.audit.actions()).toEqual(['certificate.notified']);
  });

  it('opens the licence until the link expires after the configured days, then never again', async () => {
    // Prepare
    const deps = delivery();
    await sendLicenceLink(deps, licence(), '13912345678', 'client');
    const token = tokenOf(deps.sms.sent[0]?.link);

    // Act
    deps.clock.advance(30 * 86_400_000 - 1);
    const lastMoment = await resolveLink(deps, token);
    deps.clock.advance(1);
    const expired = await resolveLink(deps, token);

    // Assess
    expect(lastMoment?.certificateId).toBe('CERT-01');
    expect(expired).toBeUndefined();
  });

  it('ignores malformed and unknown tokens', async () => {
    // Prepare
    const deps = delivery();
    await sendLicenceLink(deps, licence(), '13912345678', 'client');

    // Act
    const results = await Promise.all(
      ['', 'short', 'x'.repeat(65), '../../etc/passwd0000', 'AAAAAAAAAAAAAAAAAAAAAA'].map((t) =>
        resolveLink(deps, t),
      ),
    );

    // Assess
    expect(results).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('refuses a revoked licence with 409 and sends nothing', async () => {
    // Prepare
    const deps = delivery();

    // Act
    const error = await failure(
      sendLicenceLink(deps, licence({ status: 'REVOKED' }), '13912345678', 'client'),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'CONFLICT', code: 'CERTIFICATE_REVOKED' });
    expect(deps.sms.sent).toEqual([]);
    expect(deps.links.links.size).toBe(0);
  });

  it('refuses an invalid mobile with 422 INVALID_MOBILE', async () => {
    // Prepare
    const deps = delivery();

    // Act
    const error = await failure(sendLicenceLink(deps, licence(), '0731-88888888', 'client'));

    // Assess
    expect(error).toMatchObject({
      kind: 'UNPROCESSABLE',
      code: 'INVALID_MOBILE',
      details: { path: '/mobile' },
    });
    expect(deps.sms.sent).toEqual([]);
  });
});
