/**
 * The AWS path of webhook events: the audit table's DynamoDB stream (every state change's audit entry, written
 * in the change's own transaction) → an EventBridge Pipe that passes only new entries of the event actions →
 * the webhook queue → the `webhook-deliveries` function (routes, signs, POSTs; a failed attempt keeps its
 * message invisible until the next attempt is due). Deliveries out of attempts are sent to the dead-letter
 * queue by the function; messages that fail otherwise reach it through the redrive policy. Both queues are
 * encrypted with the data key and refuse plain HTTP.
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { WEBHOOK_SOURCE_ACTIONS } from '../functions/core/events/domain-events.js';
import { MAX_ATTEMPTS } from '../functions/core/webhooks/backoff.js';

/**
 * Receives before SQS dead-letters a message on its own: each attempt is one receive; the margin covers
 * receives that failed before an attempt (a throttled table, a cold start that timed out).
 */
export const WEBHOOK_MAX_RECEIVE_COUNT = MAX_ATTEMPTS + 4;

/** The delivery function's timeout; the queue's visibility is six times it (Lambda's recommendation). */
export const WEBHOOK_CONSUMER_TIMEOUT_SECONDS = 30;

export interface WebhookDeliveryProps {
  auditTable: dynamodb.ITable;
  dataKey: kms.IKey;
}

export class WebhookDelivery extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly pipe: pipes.CfnPipe;
  readonly pipeRole: iam.Role;

  constructor(scope: Construct, id: string, props: WebhookDeliveryProps) {
    super(scope, id);
    const encryption = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.dataKey };
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      ...encryption,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...encryption,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(6 * WEBHOOK_CONSUMER_TIMEOUT_SECONDS),
      // The retry schedule spans about 28 hours; a message must outlive it.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: WEBHOOK_MAX_RECEIVE_COUNT },
    });
    const streamArn = props.auditTable.tableStreamArn;
    if (!streamArn) throw new Error('the audit table needs its stream (schema.ts: stream NEW_IMAGE)');
    this.pipeRole = new iam.Role(this, 'PipeRole', {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com'),
      description: 'Zhengzhao webhook pipe: read the audit stream, send to the webhook queue',
    });
    this.pipeRole.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        resources: [streamArn],
      }),
    );
    this.pipeRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    // The stream's records are encrypted with the table's key, the queue's messages with the same key.
    this.pipeRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.dataKey.keyArn],
      }),
    );
    this.pipe = new pipes.CfnPipe(this, 'Pipe', {
      roleArn: this.pipeRole.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          maximumRetryAttempts: 185,
          deadLetterConfig: { arn: this.deadLetters.queueArn },
        },
        filterCriteria: {
          filters: [
            {
              // Only new entries of the event actions and of the issuance listings, which stand for one
              // `certificate.issued` each (a chain entry is never modified).
              pattern: JSON.stringify({
                eventName: ['INSERT'],
                dynamodb: { NewImage: { action: { S: [...WEBHOOK_SOURCE_ACTIONS] } } },
              }),
            },
          ],
        },
      },
      target: this.queue.queueArn,
      description: 'Zhengzhao: audit entries of webhook events → webhook queue',
    });
    // A stream record the pipe cannot deliver goes to the dead-letter queue as well.
    this.pipeRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetters.queueArn] }),
    );
  }
}
