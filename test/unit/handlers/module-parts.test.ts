/**
 * Each Lambda composes only the heavy parts its handler module names (so its bundle holds nothing else).
 * Those parts must be exactly what its IAM grants in lib/permissions.ts allow it to use: a part without the
 * grant could not work on AWS, a grant without the part would fail at the first request.
 */
import { describe, expect, it } from 'vitest';
import { bucketNames } from '../../../bin/local/aws-clients.js';
import { tableNames } from '../../../functions/adapters/dynamodb-tables.js';
import { compose } from '../../../functions/composition.js';
import { loadConfig, storageEnvironment } from '../../../functions/config.js';
import { handlerModules } from '../../../functions/handlers/index.js';
import type { CompositionParts } from '../../../functions/parts/types.js';
import { modulePermissions } from '../../../lib/permissions.js';

async function partsOf(name: string): Promise<CompositionParts> {
  const entry = (await import(`../../../functions/handlers/${name}.ts`)) as { parts?: CompositionParts };
  if (!entry.parts) throw new Error(`functions/handlers/${name}.ts exports no parts`);
  return entry.parts;
}

describe('the parts of each handler module', () => {
  it.each(handlerModules.map((m) => m.name))(
    '%s composes exactly the parts its grants allow',
    async (name) => {
      const parts = await partsOf(name);
      const grants = modulePermissions[name];
      expect(grants).toBeDefined();
      expect({
        licenceFactory: 'licenceFactory' in parts,
        sealSigner: 'sealSigner' in parts,
        macKeys: 'macKeys' in parts,
        qrSigner: 'qrSigner' in parts,
        ofdSigners: 'ofdSigners' in parts,
        snsSms: 'snsSms' in parts,
        sqsSms: 'sqsSms' in parts,
        inspectMaterial: 'inspectMaterial' in parts,
        drawsWithFonts: 'licenceFactory' in parts || 'formTemplates' in parts || 'pledgeDocuments' in parts,
      }).toEqual({
        // Licences are rendered and sealed; templates and pledge documents only rendered (all need the fonts).
        licenceFactory: grants?.needsFonts === true && grants.sealKey === 'sign',
        sealSigner: grants?.sealKey === 'sign',
        macKeys: grants?.macKey === 'generate',
        qrSigner: grants?.qrKey !== undefined,
        // The OFD modules seal with the SM2 key (and read the maker's public key); pki only certifies.
        ofdSigners: grants?.ofdSealKey === 'sign',
        snsSms: grants?.sms === 'publish',
        sqsSms: grants?.sms === 'enqueue',
        // Modules that receive materials decode them: they write the materials bucket (bulk issuance writes only
        // its own files there, under `bulk/`, and decodes none).
        inspectMaterial:
          grants?.buckets.materials === 'readWrite' &&
          !grants.objectKeys?.materials?.every((key) => key.startsWith('bulk/')),
        drawsWithFonts: grants?.needsFonts === true,
      });
    },
  );

  it('fails loudly, naming the part, when a function uses a part it was not composed with', async () => {
    const config = loadConfig({
      AWS_REGION: 'cn-north-1',
      PUBLIC_BASE_URL: 'https://zz.test',
      ...storageEnvironment(tableNames('zz-'), bucketNames('zz-')),
    });
    const deps = compose(config, {}, {});
    await expect(deps.sealSigner.sign(new Uint8Array(32))).rejects.toThrow(
      /"sealSigner" part is not composed/,
    );
    await expect(deps.certificates.factory.produce({} as never, new Date())).rejects.toThrow(
      /"licenceFactory"/,
    );
    await expect(deps.directSms.send({ to: '13800000000', body: 'x' })).rejects.toThrow(/"snsSms"/);
    await expect(deps.holderKeys.holderKey({ idType: '111', idNumber: '1' })).rejects.toThrow(/"macKeys"/);
  });
});
