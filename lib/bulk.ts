/**
 * Bulk issuance on the serverless engine: the `bulk` function splits a job into chunks and queues one SQS
 * message per chunk; the `bulk-worker` function consumes them through an event source mapping whose
 * `maximumConcurrency` is derived from the KMS Sign quota, so a million-row job runs at the quota's pace
 * without throttling the single issues that share it. SQS rather than Step Functions Distributed Map: a chunk
 * must be re-runnable on its own anyway (exactly-once per row is the chunk record's work, not the
 * orchestrator's), SQS's redrive and visibility timeout give the retries and back-off for free, and a
 * Distributed Map's child executions would add a state-transition charge per chunk for nothing the queue
 * does not already do.
 *
 * Throttling back-off is adaptive: a throttled chunk (KMS ThrottlingException, DynamoDB throughput) is kept
 * invisible exponentially longer on each receive (handlers/bulk-worker.ts); after `BULK_MAX_RECEIVE_COUNT`
 * receives a message goes to the dead-letter queue. Alarms: any message in the dead-letter queue (through
 * Observability), and the age of the oldest queued chunk (a stalled job).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** AWS KMS's default "Cryptographic operations (RSA) request rate": Sign calls per second, shared by the account and region. */
export const DEFAULT_KMS_RSA_SIGN_QUOTA = 500;
/** Rows a worker issues at once (`BulkDependencies.concurrency`, its default). */
export const ROWS_IN_FLIGHT_PER_WORKER = 8;
/**
 * Seal Sign calls one worker makes per second at most. Its 8 rows in flight hide the storage and KMS waits,
 * so the CPU bounds it: 2,048 MB gives ≈ 1.16 vCPU, one licence's render + seal takes ≈ 12 ms of CPU
 * (bench: `renderSealCpuMs`) → ≈ 96 licences/s; rounded up to stay on the safe side of the quota.
 */
export const SIGNS_PER_WORKER_PER_SECOND = 100;
/** Share of the quota bulk may use: the rest stays for single issues, reissues and checkpoints. */
export const BULK_QUOTA_SHARE = 0.6;
/** The worker's timeout (a split of a 1,000,000-row file streams 1 GiB and writes 10,102 chunks). */
export const BULK_WORKER_TIMEOUT_SECONDS = 900;
/** Receives of a message before it is dead-lettered (throttled receives back off up to 15 min each). */
export const BULK_MAX_RECEIVE_COUNT = 20;

/** Concurrent workers so that bulk's Sign calls stay within its share of the quota (at least 2, SQS's minimum). */
export function bulkWorkerConcurrency(kmsRsaSignQuota = DEFAULT_KMS_RSA_SIGN_QUOTA): number {
  return Math.max(
    2,
    Math.min(1000, Math.floor((kmsRsaSignQuota * BULK_QUOTA_SHARE) / SIGNS_PER_WORKER_PER_SECOND)),
  );
}

export interface BulkIssuanceProps {
  dataKey: kms.IKey;
  /** The API function: starts jobs, queues their split or chunks. */
  api?: lambda.Function;
  /** The queue's consumer. */
  worker?: lambda.Function;
  /** The account's KMS RSA Sign quota in this region (raise it with Service Quotas, then here). */
  kmsRsaSignQuota?: number;
}

export class BulkIssuance extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly maxConcurrency: number;

  constructor(scope: Construct, id: string, props: BulkIssuanceProps) {
    super(scope, id);
    const encryption = { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.dataKey };
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      ...encryption,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason: 'This queue is itself the dead-letter queue of the bulk queue.',
      },
      {
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason: 'A dead-letter queue is the end of the line; its depth raises an alarm instead.',
      },
    );
    this.queue = new sqs.Queue(this, 'Queue', {
      ...encryption,
      enforceSSL: true,
      // Lambda's recommendation: six times the consumer's timeout.
      visibilityTimeout: Duration.seconds(6 * BULK_WORKER_TIMEOUT_SECONDS),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: BULK_MAX_RECEIVE_COUNT },
    });
    this.maxConcurrency = bulkWorkerConcurrency(props.kmsRsaSignQuota);
    if (props.api) {
      props.api.addEnvironment('BULK_QUEUE_URL', this.queue.queueUrl);
      this.allowSend(props.api);
    }
    if (props.worker) this.connectWorker(props.worker);
  }

  /** SendMessage on the queue (with the data key's exact actions, not the grant helpers' wildcards). */
  private allowSend(fn: lambda.Function): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.dataKeyArn()],
      }),
    );
  }

  #dataKeyArn?: string;
  private dataKeyArn(): string {
    const key = (this.queue.encryptionMasterKey as kms.IKey | undefined)?.keyArn;
    if (!key) throw new Error('the bulk queue is encrypted with the data key');
    this.#dataKeyArn ??= key;
    return this.#dataKeyArn;
  }

  private connectWorker(worker: lambda.Function): void {
    worker.addEnvironment('BULK_QUEUE_URL', this.queue.queueUrl);
    // It queues the chunks of a split and the assembly of a job's results; it postpones throttled chunks.
    this.allowSend(worker);
    worker.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:ChangeMessageVisibility'], resources: [this.queue.queueArn] }),
    );
    worker.addEventSource(
      new SqsEventSource(this.queue, {
        // One chunk per invocation: a chunk's 99 rows already run 8 at a time, and a failure retries one chunk.
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: this.maxConcurrency,
      }),
    );
    Validations.of(worker).acknowledge({
      id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
      reason:
        'On-failure destinations exist only for stream and Kafka sources; for SQS the queue itself dead-letters: ' +
        `after ${BULK_MAX_RECEIVE_COUNT} failed receives a chunk moves to the bulk dead-letter queue, which raises an alarm.`,
    });
  }

  /** A stalled job: the oldest queued chunk waited longer than an hour (throttled back-off tops out at 15 min). */
  addAlarms(topic: sns.ITopic): cloudwatch.Alarm[] {
    const age = new cloudwatch.Alarm(this, 'OldestChunk', {
      alarmDescription:
        'Zhengzhao: a bulk chunk waited in the queue for more than an hour (stalled bulk job)',
      metric: this.queue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 3600,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    age.addAlarmAction(new actions.SnsAction(topic));
    return [age];
  }
}
