/**
 * The asynchronous SMS path: handlers enqueue a message (fast, inside the request), a consumer sends it
 * through SNS with retries, and what still fails lands in a dead-letter queue that raises an alarm. The
 * consumer Lambda comes with the SMS adapter; its permissions are ready here as a managed policy.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { smsPublishStatements } from './grants.js';

/** Delivery attempts before a message goes to the dead-letter queue. */
export const SMS_MAX_RECEIVE_COUNT = 5;

/** Queue, dead-letter queue and the sender's policy. */
export class Notifications extends Construct {
  readonly smsQueue: sqs.Queue;
  readonly smsDeadLetters: sqs.Queue;
  /** For the SMS consumer: read the queue, publish SMS to phone numbers (never to topics). */
  readonly smsSenderPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: { dataKey: kms.IKey }) {
    super(scope, id);
    const encryption = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.dataKey };
    this.smsDeadLetters = new sqs.Queue(this, 'SmsDeadLetters', {
      ...encryption,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.smsQueue = new sqs.Queue(this, 'SmsQueue', {
      ...encryption,
      enforceSSL: true,
      // Six times the consumer's timeout, as Lambda's event source mapping recommends.
      visibilityTimeout: Duration.seconds(180),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.smsDeadLetters, maxReceiveCount: SMS_MAX_RECEIVE_COUNT },
    });
    this.smsSenderPolicy = new iam.ManagedPolicy(this, 'SmsSenderPolicy', {
      description: 'Zhengzhao SMS consumer: read the SMS queue, send SMS through SNS',
      statements: [
        new iam.PolicyStatement({
          actions: [
            'sqs:ReceiveMessage',
            'sqs:DeleteMessage',
            'sqs:ChangeMessageVisibility',
            'sqs:GetQueueAttributes',
          ],
          resources: [this.smsQueue.queueArn],
        }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.dataKey.keyArn] }),
        ...smsPublishStatements(),
      ],
    });
  }
}
