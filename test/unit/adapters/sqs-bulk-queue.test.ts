/**
 * The bulk queue on SQS (client mocked: the requests it makes are what is checked): chunks are sent ten to a
 * batch, refused entries are sent again, and a throttled message is postponed by its receipt handle.
 */
import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsBulkQueue } from '../../../functions/adapters/sqs-bulk-queue.js';

const sqs = mockClient(SQSClient);
const queueUrl = 'https://sqs.example/queue/bulk';

afterEach(() => sqs.reset());

describe('SqsBulkQueue', () => {
  it('sends 23 chunks in batches of ten and sends a refused entry again', async () => {
    let first = true;
    sqs.on(SendMessageBatchCommand).callsFake(async (input: { Entries: { Id: string }[] }) => {
      const failed = first
        ? [{ Id: input.Entries[0]?.Id ?? '0', Code: 'InternalError', SenderFault: false }]
        : [];
      first = false;
      return { Successful: [], Failed: failed };
    });
    const queue = new SqsBulkQueue({ client: new SQSClient({ region: 'cn-north-1' }), queueUrl });
    await queue.send(
      Array.from({ length: 23 }, (_, index) => ({ kind: 'chunk' as const, bulkId: 'BULK-1', index })),
    );
    const sizes = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.length);
    expect(sizes).toEqual([10, 1, 10, 3]);
  });

  it('postpones a received message by its receipt handle for the given seconds', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const queue = new SqsBulkQueue({ client: new SQSClient({ region: 'cn-north-1' }), queueUrl });
    await queue.postpone('receipt-7', 480);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: queueUrl, ReceiptHandle: 'receipt-7', VisibilityTimeout: 480 },
    ]);
  });
});
