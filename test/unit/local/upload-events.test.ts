/**
 * The local runtime hands S3 events to the uploads handler exactly as the stack's bucket notification
 * selects them (ObjectCreated, materials bucket, `cases/` prefix), only once the runtime is configured, and a
 * failing handler neither throws into the S3 server nor loses track of the invocation at close.
 */
import { describe, expect, it } from 'vitest';
import type { S3EventNotification } from '../../../bin/local/s3-server.js';
import { uploadEvents } from '../../../bin/local/upload-events.js';

const event = (eventName: string, bucket: string, key: string): S3EventNotification => ({
  Records: [{ eventName, s3: { bucket: { name: bucket }, object: { key } } }],
});

const setup = (invoke: (e: S3EventNotification) => Promise<unknown> = async () => undefined) => {
  const invoked: string[] = [];
  const logged: string[] = [];
  const events = uploadEvents({
    bucketName: 'zz-materials',
    invoke: (e) => {
      invoked.push(...e.Records.map((r) => r.s3.object.key));
      return invoke(e);
    },
    log: (line) => logged.push(line),
  });
  return { events, invoked, logged };
};

describe('local upload events', () => {
  it('passes on only what the bucket notification selects, and only once started', async () => {
    // Prepare
    const { events, invoked } = setup();

    // Act
    events.dispatch(event('ObjectCreated:Put', 'zz-materials', 'cases/early'));
    events.start();
    events.dispatch(event('ObjectCreated:Put', 'zz-materials', 'cases/CASE-1/uploads/A/OBJ-1'));
    events.dispatch(event('ObjectCreated:Copy', 'zz-materials', 'cases/CASE-2/uploads/A/OBJ-2'));
    events.dispatch(event('ObjectRemoved:Delete', 'zz-materials', 'cases/CASE-3/uploads/A/OBJ-3'));
    events.dispatch(event('ObjectCreated:Put', 'zz-licences', 'cases/CASE-4/licence.pdf'));
    events.dispatch(event('ObjectCreated:Put', 'zz-materials', 'other/CASE-5'));
    await events.close();

    // Assess
    expect(invoked).toEqual(['cases/CASE-1/uploads/A/OBJ-1', 'cases/CASE-2/uploads/A/OBJ-2']);
  });

  it('logs a failing handler and still waits for every invocation at close', async () => {
    // Prepare
    let finished = 0;
    const { events, logged } = setup(async (e) => {
      await new Promise((r) => setTimeout(r, 50));
      finished += 1;
      if (e.Records[0]?.s3.object.key.endsWith('bad')) throw new Error('storage unavailable');
    });
    events.start();

    // Act
    events.dispatch(event('ObjectCreated:Put', 'zz-materials', 'cases/good'));
    events.dispatch(event('ObjectCreated:Put', 'zz-materials', 'cases/bad'));
    await events.close();

    // Assess
    expect(finished).toBe(2);
    expect(logged).toEqual(['uploads handler failed: storage unavailable']);
  });
});
