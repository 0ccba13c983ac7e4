/**
 * S3 event notifications in the local runtime. On AWS the materials bucket invokes the `uploads` function
 * when a presigned upload lands (lib/zhengzhao-stack.ts); locally s3rver emits the same events and this
 * hands the ones that notification selects — ObjectCreated in that bucket under its prefix
 * (`uploadNotification`, functions/adapters/schema.ts) — to the same handler module. So a material
 * uploaded to its presigned URL is validated on landing in both runtimes, not only at submit.
 */
import { uploadNotification } from '../../functions/adapters/schema.js';
import type { S3EventNotification } from './s3-server.js';

export interface UploadEvents {
  /** Takes one event from the local S3; selected records are handed to the handler. */
  dispatch(event: S3EventNotification): void;
  /** Until the handlers' configuration is in place, events are dropped (only bootstrap writes happen then). */
  start(): void;
  /** Stops taking events and waits for the invocations under way. */
  close(): Promise<void>;
}

/** Dispatches the events `uploadNotification` selects in `bucketName` (the physical name) to `invoke`. */
export function uploadEvents(options: {
  bucketName: string;
  invoke: (event: S3EventNotification) => Promise<unknown>;
  log: (line: string) => void;
}): UploadEvents {
  let accepting = false;
  const running = new Set<Promise<unknown>>();
  const selected = (record: S3EventNotification['Records'][number]) =>
    record.eventName.startsWith('ObjectCreated:') &&
    record.s3.bucket.name === options.bucketName &&
    record.s3.object.key.startsWith(uploadNotification.prefix);
  return {
    dispatch(event) {
      const records = event.Records.filter(selected);
      if (!accepting || records.length === 0) return;
      // As S3 invokes Lambda asynchronously: the upload's answer does not wait, and a failure is logged
      // (AWS retries twice, then drops the event: submit validates the upload again in any case).
      const invocation = options
        .invoke({ Records: records })
        .catch((error: unknown) =>
          options.log(`uploads handler failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => running.delete(invocation));
      running.add(invocation);
    },
    start() {
      accepting = true;
    },
    async close() {
      accepting = false;
      await Promise.allSettled([...running]);
    },
  };
}
