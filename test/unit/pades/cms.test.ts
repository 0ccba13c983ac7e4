import { createHash, verify } from 'node:crypto';
import fc from 'fast-check';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSignedAttributes, CMS_OIDS } from '../../../functions/core/pades/cms.js';
import { sealPdf } from '../../../functions/core/pades/seal-pdf.js';
import { encodeDer } from '../../../functions/core/pki/der.js';
import { inspectSignature } from './inspect-pdf.js';
import { makeRenderedLicence } from './rendered-licence.js';
import { createSealingFixture, type SealingFixture } from './sealing-fixture.js';

type Node = forge.asn1.Asn1;
const kids = (node: Node | undefined): Node[] => (node?.value ?? []) as Node[];
const bytes = (node: Node | undefined): Buffer => Buffer.from((node?.value ?? '') as string, 'latin1');
const oidOf = (node: Node | undefined): string => forge.asn1.derToOid(bytes(node).toString('latin1'));
const der = (node: Node): Buffer => Buffer.from(forge.asn1.toDer(node).getBytes(), 'latin1');
const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

interface ParsedCms {
  signedData: Node[];
  signerInfo: Node[];
  attributes: Node[];
}

function parseCms(cms: Buffer): ParsedCms {
  const contentInfo = forge.asn1.fromDer(cms.toString('latin1'));
  expect(oidOf(kids(contentInfo)[0])).toBe(CMS_OIDS.signedData);
  const signedData = kids(kids(kids(contentInfo)[1])[0]);
  const signerInfo = kids(kids(signedData[4])[0]);
  return { signedData, signerInfo, attributes: kids(signerInfo[3]) };
}

describe('CMS SignedData of a sealed PDF', () => {
  let fixture: SealingFixture;
  let pdf: Uint8Array;
  let parsed: ParsedCms;

  beforeAll(async () => {
    // Prepare
    fixture = await createSealingFixture();
    const rendered = await makeRenderedLicence();
    // Act
    pdf = await sealPdf(rendered, {
      signer: fixture.sealSigner,
      certificates: [fixture.seal, fixture.root],
      signingTime: new Date('2026-03-26T08:00:00Z'),
    });
    parsed = parseCms(inspectSignature(pdf).cms);
  });

  it('is detached (no eContent) over id-data, with SHA-256 as the only digest algorithm', () => {
    const [, digestAlgorithms, encapContentInfo] = parsed.signedData;
    expect(kids(digestAlgorithms).map((algorithm) => oidOf(kids(algorithm)[0]))).toEqual([
      '2.16.840.1.101.3.4.2.1',
    ]);
    expect(kids(encapContentInfo)).toHaveLength(1);
    expect(oidOf(kids(encapContentInfo)[0])).toBe(CMS_OIDS.data);
  });

  it('signs exactly contentType, messageDigest and signing-certificate-v2, DER-sorted, without signingTime', () => {
    const types = parsed.attributes.map((attribute) => oidOf(kids(attribute)[0]));
    expect([...types].sort()).toEqual(
      [CMS_OIDS.contentType, CMS_OIDS.messageDigest, CMS_OIDS.signingCertificateV2].sort(),
    );
    expect(types).not.toContain(CMS_OIDS.signingTime);
    const encodings = parsed.attributes.map(der);
    expect([...encodings].sort(Buffer.compare)).toEqual(encodings);
  });

  it('puts the SHA-256 of the signed byte ranges into messageDigest', () => {
    const { signedBytes } = inspectSignature(pdf);
    const messageDigest = parsed.attributes.find((a) => oidOf(kids(a)[0]) === CMS_OIDS.messageDigest);
    expect(bytes(kids(kids(messageDigest)[1])[0])).toEqual(sha256(signedBytes));
  });

  it('binds the seal certificate by its SHA-256 and issuer/serial in ESSCertIDv2', () => {
    const attribute = parsed.attributes.find((a) => oidOf(kids(a)[0]) === CMS_OIDS.signingCertificateV2);
    const essCertId = kids(kids(kids(kids(kids(attribute)[1])[0])[0])[0]);
    expect(bytes(essCertId[0])).toEqual(sha256(fixture.seal));
    const sealTbs = kids(kids(forge.asn1.fromDer(Buffer.from(fixture.seal).toString('latin1')))[0]);
    const issuerSerial = kids(essCertId[1]);
    expect(der(kids(kids(issuerSerial[0])[0])[0] as Node)).toEqual(der(sealTbs[3] as Node));
    expect(der(issuerSerial[1] as Node)).toEqual(der(sealTbs[1] as Node));
  });

  it('carries a signature over DER(signed attributes as SET) that verifies with the seal key', () => {
    const signedAttributesSet = forge.asn1.create(
      forge.asn1.Class.UNIVERSAL,
      forge.asn1.Type.SET,
      true,
      parsed.attributes,
    );
    const signature = bytes(parsed.signerInfo[5]);
    const ok = verify('sha256', der(signedAttributesSet), fixture.sealSigner.publicKeyObject, signature);
    expect(ok).toBe(true);
    expect(fixture.sealSigner.digests).toEqual([new Uint8Array(sha256(der(signedAttributesSet)))]);
  });

  it('embeds the certificates byte for byte, seal certificate first', () => {
    const certificates = kids(parsed.signedData[3]).map(der);
    expect(certificates).toEqual([Buffer.from(fixture.seal), Buffer.from(fixture.root)]);
    const sid = kids(parsed.signerInfo[1]);
    const sealTbs = kids(kids(forge.asn1.fromDer(Buffer.from(fixture.seal).toString('latin1')))[0]);
    expect(der(sid[1] as Node)).toEqual(der(sealTbs[1] as Node));
  });

  it('sizes /Contents to the CMS itself for an RSA key, leaving only zero padding (none)', () => {
    const { contents, cms, padding } = inspectSignature(pdf);
    const modulusBytes = (fixture.sealSigner.publicKeyObject.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    expect(bytes(parsed.signerInfo[5])).toHaveLength(modulusBytes);
    expect(contents.length).toBe(cms.length);
    expect(padding.every((byte) => byte === 0)).toBe(true);
  });
});

describe('buildSignedAttributes', () => {
  let seal: Uint8Array;
  beforeAll(async () => {
    ({ seal } = await createSealingFixture());
  });

  it('orders the attributes by their DER encoding for any digest', () => {
    // Prepare: any 32-byte digest
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (digest) => {
        // Act
        const set = buildSignedAttributes(digest, seal);
        // Assess
        const encodings = (set.value as Node[]).map((item) => Buffer.from(encodeDer(item)));
        expect([...encodings].sort(Buffer.compare)).toEqual(encodings);
        expect(encodeDer(set)[0]).toBe(0x31); // universal SET, as RFC 5652 §5.4 hashes it
      }),
      { numRuns: 50 },
    );
  });
});
