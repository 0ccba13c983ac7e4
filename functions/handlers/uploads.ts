/**
 * Lambda handler module for S3 events of the materials bucket: a presigned upload has landed, validate it at
 * once (it is validated again at submit in any case). Not an HTTP function: it has no routes.
 */
import { ingestUploadedObject } from '../core/cases/materials-service.js';
import { materialParts } from '../parts/materials.js';
import type { CompositionParts } from '../parts/types.js';
import { sharedDependencies } from './lambda.js';

export const parts: CompositionParts = materialParts;

interface S3Event {
  Records?: Array<{ s3?: { object?: { key?: string } } }>;
}

export const handler = async (event: S3Event) => {
  const deps = sharedDependencies(parts);
  let ingested = 0;
  for (const record of event.Records ?? []) {
    // S3 event keys are URL-encoded with '+' for spaces.
    const key = decodeURIComponent((record.s3?.object?.key ?? '').replace(/\+/g, ' '));
    if ((await ingestUploadedObject(deps.cases, key)).ingested) ingested++;
  }
  deps.logger.info('uploads ingested', { records: event.Records?.length ?? 0, ingested });
  return { ingested };
};
