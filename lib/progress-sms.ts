/**
 * The AWS path of 办件提醒 (the applicant's progress SMS): the audit table's DynamoDB stream — the same event
 * source webhooks read — → the `progress-sms` function through a Lambda event source mapping whose filter
 * passes only new entries of the progress actions. The function claims each event before sending (at most
 * once per event), hands the message to the SMS queue and audits it. A failed record is retried in order
 * (partial batch responses, halving the batch on error); after the last attempt its stream position goes to
 * the dead-letter queue, which raises an alarm.
 *
 * Readers of the audit stream: the webhook pipe and this mapping — DynamoDB Streams serves at most two
 * readers per shard without throttling, so a third consumer must fan out from one of them instead.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PROGRESS_ACTION_NAMES } from '../functions/core/progress-sms/deliver.js';

/** Attempts of a failing record before it is dead-lettered (about a day with the mapping's backoff). */
export const PROGRESS_SMS_RETRY_ATTEMPTS = 100;

export interface ProgressSmsProps {
  auditTable: dynamodb.ITable;
  dataKey: kms.IKey;
  consumer: lambda.IFunction;
}

export class ProgressSms extends Construct {
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: ProgressSmsProps) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason: 'This queue is itself the on-failure destination of the progress-SMS stream mapping.',
      },
      {
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason: 'A dead-letter queue is the end of the line; its depth raises an alarm instead.',
      },
    );
    // The failed record's position goes to the dead-letter queue: its send grant is written out here, with
    // the data key's exact actions (SqsDlq would grant kms:ReEncrypt* and kms:GenerateDataKey*).
    props.consumer.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetters.queueArn] }),
    );
    props.consumer.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.dataKey.keyArn],
      }),
    );
    const onFailure: lambda.IEventSourceDlq = {
      bind: () => ({ destination: this.deadLetters.queueArn }),
    };
    props.consumer.addEventSource(
      new DynamoEventSource(props.auditTable, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: PROGRESS_SMS_RETRY_ATTEMPTS,
        maxRecordAge: Duration.days(1),
        onFailure,
        filters: [
          lambda.FilterCriteria.filter({
            // Only new entries of the progress actions (a chain entry is never modified).
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { action: { S: lambda.FilterRule.or(...PROGRESS_ACTION_NAMES) } } },
          }),
        ],
      }),
    );
  }
}
