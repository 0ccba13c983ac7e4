import { describe, expect, it } from 'vitest';
import { createCase } from '../../../functions/core/cases/case-service.js';
import { createUploadUrl, ingestUploadedObject } from '../../../functions/core/cases/materials-service.js';
import { applicant, makePng, transportForm } from '../../fixtures/cases.js';
import { allowAll, memoryCaseDependencies } from '../../support/fakes.js';

/** A DRAFT transport case with a presigned photo upload that has landed with `png`; returns its key. */
async function landedPhoto(png: Uint8Array) {
  const deps = memoryCaseDependencies();
  const input = { serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT', applicant, form: transportForm };
  const { caseId } = await createCase(deps, allowAll, input);
  await createUploadUrl(deps, allowAll, caseId, 'VEHICLE_LOAD_PHOTOS', 'image/png');
  const key = deps.cases.records.get(caseId)?.pendingUploads.VEHICLE_LOAD_PHOTOS?.objectKey ?? '';
  await deps.materials.put(key, png, { contentType: 'image/png' });
  return { deps, caseId, key };
}

describe('ingestUploadedObject (S3 event of a presigned upload)', () => {
  it('validates a landed upload at once and records it on the case', async () => {
    // Prepare
    const { deps, caseId, key } = await landedPhoto(makePng(800, 1000, 3));

    // Act
    const first = await ingestUploadedObject(deps, key);
    const again = await ingestUploadedObject(deps, key);

    // Assess
    expect(first.ingested).toBe(true);
    expect(again.ingested).toBe(false);
    const stored = deps.cases.records.get(caseId);
    expect(stored?.pendingUploads).toEqual({});
    expect(stored?.materials.VEHICLE_LOAD_PHOTOS).toMatchObject({ status: 'ACCEPTED', objectKey: key });
  });

  it('rejects a landed upload that is too small an image, and ignores keys that are not pending uploads', async () => {
    // Prepare
    const { deps, caseId, key } = await landedPhoto(makePng(100, 100, 3));

    // Act
    const ingested = await ingestUploadedObject(deps, key);
    const foreign = await ingestUploadedObject(
      deps,
      `cases/${caseId}/materials/APPLICATION_FORM/OBJ-00000000000000000000000000`,
    );
    const garbage = await ingestUploadedObject(deps, '../../etc/passwd');

    // Assess
    expect(ingested.ingested).toBe(true);
    expect(deps.cases.records.get(caseId)?.materials.VEHICLE_LOAD_PHOTOS?.status).toBe('REJECTED');
    expect(deps.materials.objects.has(key)).toBe(false);
    expect(foreign.ingested).toBe(false);
    expect(garbage.ingested).toBe(false);
  });
});
