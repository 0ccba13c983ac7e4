import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OfdSealer } from '../../../functions/core/ofd/seal-ofd.js';
import { verifyOfdSeal } from '../../../functions/core/ofd/verify-ofd.js';
import { makeTestOfdSealer, sealedTestOfd } from '../../support/ofd.js';
import type { TestSm2Chain } from '../../support/sm2.js';

let chain: TestSm2Chain;
let sealer: OfdSealer;

beforeAll(async () => {
  ({ chain, sealer } = await makeTestOfdSealer());
});

describe('OFD seal', () => {
  it('verifies a freshly sealed licence as VALID', async () => {
    const ofd = await sealedTestOfd(sealer);
    if (process.env.OFD_DUMP) writeFileSync(process.env.OFD_DUMP, ofd);
    const check = verifyOfdSeal(ofd, { roots: [chain.maker.certificate] });
    expect(check.reasons).toEqual([]);
    expect(check.status).toBe('VALID');
    expect(check.customDatas.certificateId).toBe('CERT-OFD-0001');
  });
});
