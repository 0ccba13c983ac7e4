import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { parseQueuedSms, SqsSmsSender } from '../../../functions/adapters/sqs-sms-sender.js';

describe('the asynchronous SMS path', () => {
  it('enqueues the message and returns the queue message id', async () => {
    // Prepare
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const sender = new SqsSmsSender({
      client: new SQSClient({ region: 'cn-north-1' }),
      queueUrl: 'https://sqs.example/q',
    });

    // Act
    const out = await sender.send({
      to: '13800138000',
      body: '【湘证照】证照已签发：https://x/s/t',
      link: 'https://x/s/t',
    });

    // Assess
    expect(out.messageId).toBe('m-1');
    const call = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(call?.QueueUrl).toBe('https://sqs.example/q');
    expect(parseQueuedSms(call?.MessageBody ?? '')).toEqual({
      to: '13800138000',
      body: '【湘证照】证照已签发：https://x/s/t',
      link: 'https://x/s/t',
    });
    sqs.restore();
  });

  it('drops malformed queued messages instead of retrying them forever', () => {
    expect(parseQueuedSms('not json')).toBeUndefined();
    expect(parseQueuedSms(JSON.stringify({ to: '12345', body: 'x' }))).toBeUndefined();
    expect(parseQueuedSms(JSON.stringify({ to: '13800138000' }))).toBeUndefined();
    expect(parseQueuedSms(JSON.stringify({ to: '13800138000', body: 'x'.repeat(900) }))?.body).toHaveLength(
      500,
    );
  });
});
