/**
 * The AWS path of the statistics (`GET /v1/stats`): the cases table's DynamoDB stream (new and old images) →
 * the `stats-stream` function through a Lambda event source mapping. The function sums a batch of case
 * changes into one update per counter and adds it once per batch (a retried batch adds nothing twice). The
 * batching window lets a busy table fill batches, so the counters cost a fraction of a write per change; the
 * statistics trail the cases by about that window. A failing batch is retried, then halved; after its last
 * attempt its stream position goes to the dead-letter queue, which raises an alarm.
 *
 * The cases stream's only reader (DynamoDB Streams serves two per shard without throttling).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Records per invocation at most, and how long the mapping waits to fill a batch. */
export const STATS_STREAM_BATCH_SIZE = 1000;
export const STATS_STREAM_WINDOW_SECONDS = 5;
/** Attempts of a failing batch before it is halved and, at last, dead-lettered. */
export const STATS_STREAM_RETRY_ATTEMPTS = 20;

export interface StatsStreamProps {
  casesTable: dynamodb.ITable;
  dataKey: kms.IKey;
  consumer: lambda.IFunction;
}

export class StatsStream extends Construct {
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: StatsStreamProps) {
    super(scope, id);
    if (!props.casesTable.tableStreamArn)
      throw new Error('the cases table needs its stream (schema.ts: stream NEW_AND_OLD_IMAGES)');
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason: 'This queue is itself the on-failure destination of the statistics stream mapping.',
      },
      {
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason: 'A dead-letter queue is the end of the line; its depth raises an alarm instead.',
      },
    );
    // The failed batch's position goes to the dead-letter queue: the send grant and the data key's exact
    // actions written out (SqsDlq would grant kms:ReEncrypt* and kms:GenerateDataKey*).
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
      new DynamoEventSource(props.casesTable, {
        // From the oldest record kept (24 h): counters enabled on a live table start from what is kept.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: STATS_STREAM_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(STATS_STREAM_WINDOW_SECONDS),
        bisectBatchOnError: true,
        retryAttempts: STATS_STREAM_RETRY_ATTEMPTS,
        maxRecordAge: Duration.days(1),
        // One batch at a time per shard: the counters' order does not matter, but fewer concurrent
        // transactions on the same counters means fewer conflicts.
        parallelizationFactor: 1,
        onFailure,
      }),
    );
  }
}
