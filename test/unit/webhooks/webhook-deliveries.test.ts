/**
 * The webhook queue's consumer as the Lambda runs it (`consumeWebhookMessages`), with the SQS adapter on a
 * mocked client (the requests it makes are what is checked): a batch entry whose deliveries fail for two
 * clients is dead-lettered once, naming both, with the original record inside; that dead letter's body,
 * put back on the queue as a redrive does, delivers exactly those two.
 */
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DeadLetterBody,
  readQueuedMessage,
  SqsDeliveryQueue,
} from '../../../functions/adapters/sqs-delivery-queue.js';
import { canonicalJson } from '../../../functions/core/audit/canonical-json.js';
import type { RecordedEntry } from '../../../functions/core/events/domain-events.js';
import { eventsOfEntry } from '../../../functions/core/events/domain-events.js';
import { MAX_ATTEMPTS } from '../../../functions/core/webhooks/backoff.js';
import { consumeWebhookMessages, type SqsRecord } from '../../../functions/handlers/webhook-deliveries.js';
import { type FixedClock, MemoryLogger } from '../../support/fakes.js';
import { batchOfThree, urlOf } from '../../support/webhook-batch.js';

const sqs = mockClient(SQSClient);
const queueUrl = 'https://sqs.example/queue/webhooks';
const deadLetterQueueUrl = 'https://sqs.example/queue/webhooks-dlq';

afterEach(() => sqs.reset());

/** The audit entry as the pipe puts its stream record on the queue. */
const streamRecord = (entry: RecordedEntry) =>
  JSON.stringify({
    eventID: '1',
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      NewImage: {
        chain: { S: 'main' },
        seq: { N: String(entry.seq) },
        at: { S: entry.at },
        actor: { S: entry.actor },
        action: { S: entry.action },
        subject: { S: entry.subject },
        detailsJson: { S: canonicalJson(entry.details) },
        hash: { S: entry.hash },
      },
    },
  });

/** Hand `message` to the consumer again after each postponement (its visibility change), until it settles. */
async function receiveUntilSettled(
  deps: Parameters<typeof consumeWebhookMessages>[0] & { clock: FixedClock },
  queue: SqsDeliveryQueue,
  message: SqsRecord,
) {
  let answer = await consumeWebhookMessages(deps, queue, [message]);
  for (let receives = 1; answer.batchItemFailures.length > 0 && receives < 50; receives++) {
    const calls = sqs.commandCalls(ChangeMessageVisibilityCommand);
    deps.clock.advance((calls.at(-1)?.args[0].input.VisibilityTimeout ?? 0) * 1000);
    answer = await consumeWebhookMessages(deps, queue, [message]);
  }
  return answer;
}

const deliveryQueue = () =>
  new SqsDeliveryQueue({ client: new SQSClient({ region: 'cn-north-1' }), queueUrl, deadLetterQueueUrl });

describe('webhook-deliveries (the queue consumer)', () => {
  it('dead-letters a batch entry once naming both failed deliveries, and its redrive delivers exactly those', async () => {
    // Prepare
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'dlq-1' });
    const { deps, entry } = await batchOfThree();
    deps.transport.failing.add(urlOf('client-a')).add(urlOf('client-b'));
    const logger = new MemoryLogger();
    const handlerDeps = { webhooks: deps, logger, clock: deps.clock };
    const queue = deliveryQueue();
    const original = streamRecord(entry);
    const message: SqsRecord = { messageId: 'm-1', receiptHandle: 'r-1', body: original };

    // Act: receive until the consumer stops postponing (each postponement is a visibility change)
    await receiveUntilSettled(handlerDeps, queue, message);

    // Assess: one dead letter, both failures named, the original record kept byte for byte
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(MAX_ATTEMPTS - 1);
    const sends = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(sends).toHaveLength(1);
    expect(sends[0]?.QueueUrl).toBe(deadLetterQueueUrl);
    expect(sends[0]?.MessageAttributes?.failedDeliveries?.StringValue).toBe('2');
    const letter = JSON.parse(sends[0]?.MessageBody ?? '{}') as DeadLetterBody;
    expect(letter.body).toBe(original);
    expect(letter.deadLetter.failed.map((f) => f.clientId).sort()).toEqual(['client-a', 'client-b']);
    const ids = new Map(eventsOfEntry(entry).map((e) => [e.subject, e.id]));
    expect(letter.deadLetter.failed.map((f) => f.eventId).sort()).toEqual(
      [ids.get('CERT-BATCH-1'), ids.get('CERT-BATCH-2')].sort(),
    );
    // Logged with event ids only
    const warned = logger.lines.filter((l) => l.level === 'warn');
    expect(warned).toEqual([
      {
        level: 'warn',
        message: 'webhook deliveries failed after their last attempt',
        fields: { eventIds: letter.deadLetter.failed.map((f) => f.eventId), redriven: false },
      },
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain('client-');

    // Act: the receivers are back; the dead letter is redriven to the queue (a new message, same body)
    deps.transport.failing.clear();
    const before = deps.transport.posts.length;
    const redriven: SqsRecord = { messageId: 'm-2', receiptHandle: 'r-2', body: sends[0]?.MessageBody ?? '' };
    const redriveAnswer = await consumeWebhookMessages(handlerDeps, queue, [redriven]);

    // Assess: the two failed deliveries are sent once each, the delivered one not at all
    expect(redriveAnswer).toEqual({ batchItemFailures: [] });
    expect(
      deps.transport.posts
        .slice(before)
        .map((p) => p.url)
        .sort(),
    ).toEqual([urlOf('client-a'), urlOf('client-b')]);
    expect(deps.transport.postsTo(urlOf('client-c'))).toBe(1);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
    const log = [...deps.deliveries.items.values()]
      .map((r) => [r.clientId, r.status, r.redrives ?? 0])
      .sort();
    expect(log).toEqual([
      ['client-a', 'DELIVERED', 1],
      ['client-b', 'DELIVERED', 1],
      ['client-c', 'DELIVERED', 0],
    ]);
  });

  it('dead-letters a redrive that fails again with the original record inside, not the wrapper', async () => {
    // Prepare: dead-lettered once; client-b comes back, client-a does not
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'dlq' });
    const { deps, entry } = await batchOfThree();
    deps.transport.failing.add(urlOf('client-a')).add(urlOf('client-b'));
    const handlerDeps = { webhooks: deps, logger: new MemoryLogger(), clock: deps.clock };
    const queue = deliveryQueue();
    const original = streamRecord(entry);
    await receiveUntilSettled(handlerDeps, queue, { messageId: 'm-1', receiptHandle: 'r-1', body: original });
    const first = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody ?? '';
    deps.transport.failing.delete(urlOf('client-b'));

    // Act: redrive it, and receive it until it settles again
    await receiveUntilSettled(handlerDeps, queue, { messageId: 'm-2', receiptHandle: 'r-2', body: first });

    // Assess: a second dead letter, the original record inside, client-a named with its new redrive count
    const sends = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.MessageBody ?? '');
    expect(sends).toHaveLength(2);
    const second = JSON.parse(sends[1] ?? '{}') as DeadLetterBody;
    expect(second.body).toBe(original);
    expect(second.deadLetter.failed).toEqual([
      { eventId: expect.any(String), clientId: 'client-a', redrives: 1 },
    ]);
    expect(deps.transport.postsTo(urlOf('client-a'))).toBe(2 * MAX_ATTEMPTS);
    expect(deps.transport.postsTo(urlOf('client-b'))).toBe(MAX_ATTEMPTS + 1);
    expect(deps.transport.postsTo(urlOf('client-c'))).toBe(1);
  });

  it('reads a stream record as it came and a dead letter as a redrive; a malformed wrapper is not a redrive', () => {
    const failed = [{ eventId: 'evt_1', clientId: 'client-a', redrives: 0 }];
    const wrapped = JSON.stringify({ deadLetter: { reason: 'ATTEMPTS_EXHAUSTED', failed }, body: 'record' });
    expect(readQueuedMessage(wrapped)).toEqual({ body: 'record', redriven: failed });
    expect(readQueuedMessage('{"eventName":"INSERT"}')).toEqual({ body: '{"eventName":"INSERT"}' });
    const bad = JSON.stringify({ deadLetter: { failed: [{ eventId: 'evt_1', redrives: -1 }] }, body: 'x' });
    expect(readQueuedMessage(bad)).toEqual({ body: bad });
    expect(readQueuedMessage('not json')).toEqual({ body: 'not json' });
  });
});
