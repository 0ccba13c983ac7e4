/**
 * Material services on in-memory fakes: direct uploads (accepted, rejected, duplicate, replaced, too large),
 * withdrawal, and presigned uploads that are validated when the case is submitted.
 */
import { describe, expect, it } from 'vitest';
import { createCase, submitCase } from '../../../functions/core/cases/case-service.js';
import {
  createUploadUrl,
  deleteMaterial,
  putMaterial,
} from '../../../functions/core/cases/materials-service.js';
import type { DomainError } from '../../../functions/core/errors.js';
import { applicant, makePdf, makePng, transportForm, transportRequired } from '../../fixtures/cases.js';
import { allowAll, type MemoryCaseDependencies, memoryCaseDependencies } from '../../support/fakes.js';

const photoBytes = makePng(800, 1000, 5);

const openCase = async (deps: MemoryCaseDependencies) =>
  (
    await createCase(deps, allowAll, {
      serviceItemCode: 'TRANSPORT_OVERSIZE_PERMIT',
      applicant,
      form: transportForm,
    })
  ).caseId;

const putPdf = async (deps: MemoryCaseDependencies, caseId: string, code: string, bytes?: Uint8Array) =>
  putMaterial(deps, allowAll, caseId, code, {
    bytes: bytes ?? (await makePdf(`${caseId} ${code}`)),
    declaredType: 'application/pdf',
  });

const failure = async (promise: Promise<unknown>): Promise<DomainError> =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as DomainError,
  );

const storedKeys = (deps: MemoryCaseDependencies) => [...deps.materials.objects.keys()];

describe('putMaterial', () => {
  it("stores accepted bytes under a server-generated key that never contains the client's file name", async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);
    const bytes = await makePdf('application form');

    // Act
    const view = await putMaterial(deps, allowAll, caseId, 'APPLICATION_FORM', {
      bytes,
      declaredType: 'application/pdf',
      fileName: '../../etc/passwd 申请表.pdf',
    });

    // Assess
    const key = deps.cases.records.get(caseId)?.materials.APPLICATION_FORM?.objectKey ?? '';
    expect(view).toMatchObject({ status: 'ACCEPTED', mediaType: 'application/pdf', bytes: bytes.byteLength });
    expect(key).toMatch(new RegExp(`^cases/${caseId}/materials/APPLICATION_FORM/OBJ-[0-9A-Z]{26}$`));
    expect(key).not.toMatch(/passwd|申请表|\.\./);
    expect(storedKeys(deps)).toEqual([key]);
    expect(Buffer.from((await deps.materials.get(key)) ?? []).equals(Buffer.from(bytes))).toBe(true);
    expect(deps.audit.actions().at(-1)).toBe('material.accepted');
  });

  it('records a rejected upload with its problems and stores no bytes', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);

    // Act
    const view = await putMaterial(deps, allowAll, caseId, 'APPLICATION_FORM', {
      bytes: photoBytes,
      declaredType: 'application/pdf',
    });

    // Assess
    expect(view.status).toBe('REJECTED');
    expect(view.problems.map((p) => p.code)).toContain('CONTENT_TYPE_MISMATCH');
    expect(storedKeys(deps)).toEqual([]);
    expect(deps.cases.records.get(caseId)?.materials.APPLICATION_FORM?.objectKey).toBeUndefined();
    expect(deps.audit.actions().at(-1)).toBe('material.rejected');
  });

  it('rejects the same file given for a second material as a duplicate and keeps only the first', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);
    const bytes = await makePdf('same file');
    await putPdf(deps, caseId, 'APPLICATION_FORM', bytes);

    // Act
    const second = await putPdf(deps, caseId, 'VEHICLE_DOCUMENTS', bytes);

    // Assess
    expect(second.status).toBe('REJECTED');
    expect(second.problems.map((p) => p.code)).toEqual(['DUPLICATE_MATERIAL']);
    expect(storedKeys(deps)).toHaveLength(1);
  });

  it('deletes the previous object when a material is replaced', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);
    await putPdf(deps, caseId, 'APPLICATION_FORM');
    const oldKey = deps.cases.records.get(caseId)?.materials.APPLICATION_FORM?.objectKey ?? '';

    // Act
    await putPdf(deps, caseId, 'APPLICATION_FORM', await makePdf('second version'));

    // Assess
    const newKey = deps.cases.records.get(caseId)?.materials.APPLICATION_FORM?.objectKey ?? '';
    expect(newKey).not.toBe(oldKey);
    expect(deps.materials.deleted).toEqual([oldKey]);
    expect(storedKeys(deps)).toEqual([newKey]);
  });

  it("refuses a file over the material's limit with 413 before inspecting or storing it", async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);
    const rule = deps.catalogue
      .require('TRANSPORT_OVERSIZE_PERMIT')
      .materials.find((m) => m.code === 'VEHICLE_LOAD_PHOTOS');
    const tooBig = new Uint8Array((rule?.maxBytes ?? 0) + 1);

    // Act
    const error = await failure(
      putMaterial(deps, allowAll, caseId, 'VEHICLE_LOAD_PHOTOS', {
        bytes: tooBig,
        declaredType: 'image/png',
      }),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'TOO_LARGE', code: 'PAYLOAD_TOO_LARGE' });
    expect(error.details).toMatchObject({ maxBytes: rule?.maxBytes, bytes: tooBig.byteLength });
    expect(storedKeys(deps)).toEqual([]);
    expect(deps.cases.records.get(caseId)?.materials).toEqual({});
  });

  it('answers 404 MATERIAL_NOT_IN_CHECKLIST for a code the item does not list', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);

    // Act
    const error = await failure(putPdf(deps, caseId, 'PASSPORT'));

    // Assess
    expect(error).toMatchObject({ kind: 'NOT_FOUND', code: 'MATERIAL_NOT_IN_CHECKLIST' });
  });
});

describe('deleteMaterial', () => {
  it('withdraws a material: the checklist shows it MISSING and its bytes are gone', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);
    await putPdf(deps, caseId, 'APPLICATION_FORM');
    const key = deps.cases.records.get(caseId)?.materials.APPLICATION_FORM?.objectKey;

    // Act
    await deleteMaterial(deps, allowAll, caseId, 'APPLICATION_FORM');

    // Assess
    expect(deps.cases.records.get(caseId)?.materials.APPLICATION_FORM).toBeUndefined();
    expect(deps.materials.deleted).toEqual([key]);
    expect(storedKeys(deps)).toEqual([]);
    expect(deps.audit.actions().at(-1)).toBe('material.withdrawn');
  });

  it('answers 404 MATERIAL_NOT_FOUND for a material never uploaded', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);

    // Act
    const error = await failure(deleteMaterial(deps, allowAll, caseId, 'APPLICATION_FORM'));

    // Assess
    expect(error).toMatchObject({ kind: 'NOT_FOUND', code: 'MATERIAL_NOT_FOUND' });
  });
});

describe('createUploadUrl and ingestion at submit', () => {
  async function caseWithAllButPhotos(deps: MemoryCaseDependencies): Promise<string> {
    const caseId = await openCase(deps);
    for (const code of transportRequired.filter((c) => c !== 'VEHICLE_LOAD_PHOTOS'))
      await putPdf(deps, caseId, code);
    return caseId;
  }

  it('keeps a presigned upload pending, then validates and accepts it at submit', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await caseWithAllButPhotos(deps);

    // Act
    const url = await createUploadUrl(
      deps,
      allowAll,
      caseId,
      'VEHICLE_LOAD_PHOTOS',
      'image/png; charset=binary',
    );
    const pending = deps.cases.records.get(caseId)?.pendingUploads.VEHICLE_LOAD_PHOTOS;
    await deps.materials.put(pending?.objectKey ?? '', photoBytes, { contentType: 'image/png' });
    const submitted = await submitCase(deps, allowAll, caseId);

    // Assess
    expect(url.method).toBe('PUT');
    expect(url.headers['content-type']).toBe('image/png');
    expect(url.expiresAt).toBe(new Date(deps.clock.now().getTime() + 900_000).toISOString());
    expect(pending?.objectKey).toMatch(new RegExp(`^cases/${caseId}/uploads/VEHICLE_LOAD_PHOTOS/OBJ-`));
    expect(submitted.status).toBe('SUBMITTED');
    const stored = deps.cases.records.get(caseId);
    expect(stored?.pendingUploads).toEqual({});
    expect(stored?.materials.VEHICLE_LOAD_PHOTOS).toMatchObject({
      status: 'ACCEPTED',
      objectKey: pending?.objectKey,
    });
  });

  it('counts a presigned upload that never landed as missing at submit (the photo: deferred, 容缺)', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await caseWithAllButPhotos(deps);
    await createUploadUrl(deps, allowAll, caseId, 'VEHICLE_LOAD_PHOTOS', 'image/png');
    await deleteMaterial(deps, allowAll, caseId, 'VEHICLE_DOCUMENTS');
    await createUploadUrl(deps, allowAll, caseId, 'VEHICLE_DOCUMENTS', 'application/pdf');

    // Act
    const error = await failure(submitCase(deps, allowAll, caseId));
    await putPdf(deps, caseId, 'VEHICLE_DOCUMENTS');
    const submitted = await submitCase(deps, allowAll, caseId);

    // Assess
    expect(error.code).toBe('MATERIALS_INCOMPLETE');
    expect(error.details!.missing).toEqual(['VEHICLE_DOCUMENTS', 'VEHICLE_LOAD_PHOTOS']);
    expect(submitted.deferred?.map((d) => d.materialCode)).toEqual(['VEHICLE_LOAD_PHOTOS']);
  });

  it('rejects and deletes a presigned upload that turned out too large', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await caseWithAllButPhotos(deps);
    await createUploadUrl(deps, allowAll, caseId, 'VEHICLE_LOAD_PHOTOS', 'image/png');
    const key = deps.cases.records.get(caseId)?.pendingUploads.VEHICLE_LOAD_PHOTOS?.objectKey ?? '';
    await deps.materials.put(key, new Uint8Array(10 * 1024 * 1024 + 1), { contentType: 'image/png' });

    // Act
    const error = await failure(submitCase(deps, allowAll, caseId));

    // Assess
    const rejected = error.details!.rejected as Array<{
      materialCode: string;
      problems: Array<{ code: string }>;
    }>;
    expect(rejected).toEqual([
      { materialCode: 'VEHICLE_LOAD_PHOTOS', problems: [expect.objectContaining({ code: 'TOO_LARGE' })] },
    ]);
    expect(deps.materials.deleted).toContain(key);
  });

  it('refuses an upload URL for a media type the material does not accept with 422', async () => {
    // Prepare
    const deps = memoryCaseDependencies();
    const caseId = await openCase(deps);

    // Act
    const error = await failure(
      createUploadUrl(deps, allowAll, caseId, 'VEHICLE_LOAD_PHOTOS', 'application/pdf'),
    );

    // Assess
    expect(error).toMatchObject({ kind: 'UNPROCESSABLE', code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(deps.materials.presigned).toEqual([]);
  });
});
