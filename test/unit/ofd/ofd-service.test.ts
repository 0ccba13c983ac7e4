import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificateRecord } from '../../../functions/core/certificates/model.js';
import { DomainError } from '../../../functions/core/errors.js';
import {
  ensureCatalogueSealObjects,
  licenceOfd,
  type OfdDependencies,
  type OfdSealKeys,
  ofdKeyOf,
} from '../../../functions/core/ofd/ofd-service.js';
import { verifyOfdSeal } from '../../../functions/core/ofd/verify-ofd.js';
import type { Sm2Signer } from '../../../functions/ports/sm2-signer.js';
import { MemoryObjectStore } from '../../support/fakes.js';
import { ofdTemplate, testOfdRenderer } from '../../support/ofd.js';
import { makeTestSm2Chain, type TestSm2Chain } from '../../support/sm2.js';

const now = new Date('2026-12-06T08:00:00Z');
let chain: TestSm2Chain;

const record = (overrides: Partial<CertificateRecord> = {}): CertificateRecord =>
  ({
    certificateId: 'CERT-SVC-0001',
    clientId: 'client',
    caseId: 'CASE-1',
    serviceItemCode: 'FOOD',
    batchId: 'B1',
    status: 'VALID',
    number: '湘食SC20261206001',
    identifier: '1.2.156.3005.2.SC01.11430000MB1234567X.2026120600001.7',
    serial: 1,
    type: ofdTemplate.type,
    typeName: ofdTemplate.name,
    issuer: ofdTemplate.issuer,
    holder: {
      type: 'ORGANIZATION',
      name: '长沙某某食品有限公司',
      idType: '001',
      idNumber: '91430100MA4L000001',
    },
    fields: { productName: '芝麻香油', categories: ['食用油'] },
    issuedAt: '2026-12-06T02:00:00.000Z',
    validFrom: '2026-12-06',
    validUntil: '2031-12-05',
    sha256: '0'.repeat(64),
    objectKey: 'licences/CERT-SVC-0001.pdf',
    bytes: 1,
    verificationCode: 'ABCDEFGHJKMNPQRSTVWXYZ0123',
    sealCertificateSerial: '01',
    ...overrides,
  }) as CertificateRecord;

/** A signer that counts its signatures (the seal object must be made once, not per licence). */
const counting = (signer: Sm2Signer) => {
  const counter = {
    calls: 0,
    sign: async (m: Uint8Array) => {
      counter.calls += 1;
      return signer.sign(m);
    },
    publicKey: () => signer.publicKey(),
  };
  return counter;
};

function setup(keys?: OfdSealKeys) {
  const licences = new MemoryObjectStore();
  const deps: OfdDependencies = {
    licences,
    catalogue: { require: () => ({ certificate: ofdTemplate }) as never },
    clock: { now: () => now },
    publicBaseUrl: 'https://zz.example.gov.cn',
    renderer: testOfdRenderer,
    sealKeys: async () => keys,
  };
  return { deps, licences };
}

beforeAll(async () => {
  chain = await makeTestSm2Chain({ now: new Date(now.getTime() - 86_400_000) });
});

describe('the OFD service', () => {
  it('makes the OFD on first request, stores it, and serves the stored bytes afterwards', async () => {
    // Prepare
    const maker = counting(chain.maker.signer);
    const { deps, licences } = setup({
      seal: chain.seal,
      maker: { signer: maker, certificate: chain.maker.certificate },
    });
    // Act
    const first = await licenceOfd(deps, record());
    const again = await licenceOfd(deps, record());
    const other = await licenceOfd(deps, record({ certificateId: 'CERT-SVC-0002', number: 'N2' }));
    // Assess
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    expect(licences.objects.get(ofdKeyOf('CERT-SVC-0001'))?.contentType).toBe('application/ofd');
    expect(verifyOfdSeal(first, { roots: [chain.maker.certificate] }).status).toBe('VALID');
    expect(verifyOfdSeal(other, { roots: [chain.maker.certificate] }).customDatas.certificateId).toBe(
      'CERT-SVC-0002',
    );
    // One seal object for both licences: the maker signed once, and it is stored.
    expect(maker.calls).toBe(1);
    expect([...licences.objects.keys()].filter((k) => k.startsWith('seals/sm2/'))).toHaveLength(1);
  });

  it('never serves a stored OFD that fails its seal check (503 LICENCE_INTEGRITY_ERROR)', async () => {
    const { deps, licences } = setup({ seal: chain.seal, maker: chain.maker });
    const ofd = await licenceOfd(deps, record());
    const files = unzipSync(ofd);
    files['OFD.xml'] = new TextEncoder().encode(
      new TextDecoder().decode(files['OFD.xml']).replace('2031-12-05', '2041-12-05'),
    );
    const forged = zipSync(files);
    licences.objects.set(ofdKeyOf('CERT-SVC-0001'), { bytes: forged, contentType: 'application/ofd' });
    await expect(licenceOfd(deps, record())).rejects.toMatchObject({ code: 'LICENCE_INTEGRITY_ERROR' });
    // Another licence's genuine OFD stored under this id is refused as well.
    const other = await licenceOfd(deps, record({ certificateId: 'CERT-SVC-0003' }));
    licences.objects.set(ofdKeyOf('CERT-SVC-0001'), { bytes: other, contentType: 'application/ofd' });
    await expect(licenceOfd(deps, record())).rejects.toMatchObject({ code: 'LICENCE_INTEGRITY_ERROR' });
  });

  it('answers 404 OFD_NOT_AVAILABLE where the stage has no SM2 seal', async () => {
    const { deps } = setup(undefined);
    const error = await licenceOfd(deps, record()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'NOT_FOUND', code: 'OFD_NOT_AVAILABLE' });
  });

  it('answers 503 OFD_SEAL_NOT_READY when the seal object is missing and the maker key may not sign here', async () => {
    const denied: Sm2Signer = {
      sign: async () => {
        throw Object.assign(new Error('not authorized to kms:Sign'), { name: 'AccessDeniedException' });
      },
      publicKey: () => chain.maker.signer.publicKey(),
    };
    const { deps } = setup({
      // A seal certificate of its own: the process-wide seal cache must not hold its seal object yet.
      seal: (await makeTestSm2Chain({ now: new Date(now.getTime() - 86_400_000) })).seal,
      maker: { signer: denied, certificate: chain.maker.certificate },
    });
    await expect(licenceOfd(deps, record())).rejects.toMatchObject({
      kind: 'UNAVAILABLE',
      code: 'OFD_SEAL_NOT_READY',
    });
  });

  it('makes one seal object per distinct issuer and purpose of the catalogue, and the OFD functions reuse them', async () => {
    // Prepare: the maker key is used here only (as the SM2 bootstrap would), the OFD path may not sign with it.
    const own = await makeTestSm2Chain({ now: new Date(now.getTime() - 86_400_000) });
    const keys = { seal: own.seal, maker: own.maker };
    const { deps, licences } = setup(keys);
    const other = { ...ofdTemplate, issuer: '湖南省药品监督管理局' };
    const catalogue = {
      list: () =>
        [{ certificate: ofdTemplate }, { certificate: ofdTemplate }, { certificate: other }] as never,
    };
    // Act
    const made = await ensureCatalogueSealObjects(deps, keys, catalogue);
    const denied: Sm2Signer = {
      sign: async () => {
        throw new Error('the OFD functions may not sign with the maker key');
      },
      publicKey: () => own.maker.signer.publicKey(),
    };
    const ofd = await licenceOfd(
      { ...deps, sealKeys: async () => ({ seal: own.seal, maker: { ...own.maker, signer: denied } }) },
      record(),
    );
    // Assess
    expect(made).toHaveLength(2);
    expect(made.every((key) => licences.objects.has(key))).toBe(true);
    expect(verifyOfdSeal(ofd, { roots: [own.maker.certificate] }).status).toBe('VALID');
  });
});
