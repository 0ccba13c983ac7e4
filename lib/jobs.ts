/**
 * Scheduled jobs of the case lifecycle. EventBridge Scheduler (not event rules) because it takes a time zone:
 * "08:00 on a working day" means Beijing time, and the jobs reason in Asia/Shanghai working days.
 */
import { type CfnElement, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { pascal } from './handler-functions.js';

/** One scheduled job: the name the jobs module dispatches on and when it runs (Asia/Shanghai). */
export interface JobSchedule {
  job: string;
  description: string;
  cron: { minute: string; hour: string; day?: string; weekDay?: string };
}

/** The jobs and their times; the same names as the local runtime's `POST /local/jobs/{name}`. */
export const jobSchedules: JobSchedule[] = [
  {
    job: 'deadline-warnings',
    description: 'Warn about cases near their due working day',
    cron: { minute: '0', hour: '8' },
  },
  {
    job: 'expiry-reminders',
    description: 'Remind holders of licences about to expire',
    cron: { minute: '0', hour: '9' },
  },
  {
    job: 'audit-checkpoint',
    description: 'Sign the audit chain head with KMS',
    cron: { minute: '5', hour: '*' },
  },
  {
    // 07:50, before the 08:00 warnings: a deadline a newly loaded notice extends is not warned about first.
    job: 'recompute-deadlines',
    description: 'Recount provisional deadlines once the holiday notice of their year is loaded',
    cron: { minute: '50', hour: '7' },
  },
  {
    // 08:10, after the deadline warnings: reminds of deferred materials due within a working day (容缺受理)
    // and returns the cases whose deferred materials are past due.
    job: 'deferred-materials',
    description: 'Remind of deferred materials falling due; return cases past their due time',
    cron: { minute: '10', hour: '8' },
  },
  {
    // Hourly at :20, up to 500 licences a run (a TSA call and a PDF write each): licences time-stamped under
    // one TSA certificate all fall due on one day; within the 90-day margin that is room for ~1 M (500×24×90).
    job: 'archive-timestamps',
    description: 'Add document time-stamps before the newest TSA certificate of a licence expires',
    cron: { minute: '20', hour: '*' },
  },
  {
    // Hourly: a batch is voided within an hour of its day without a sign of life (see the job's module).
    job: 'void-abandoned-batches',
    description: 'Void the licence serials of issuance batches abandoned for a day',
    cron: { minute: '35', hour: '*' },
  },
];

/**
 * The schedules. Without a `jobs` handler module there is nothing to invoke yet: the construct then only
 * holds the definitions (`pending`) so that adding the module switches them on without other changes.
 */
export class JobSchedules extends Construct {
  readonly definitions = jobSchedules;
  /** The schedules created (empty while no jobs function exists). */
  readonly schedules: scheduler.Schedule[] = [];
  /** Invocations that failed after their retries. */
  readonly deadLetters?: sqs.Queue;
  readonly pending: boolean;

  constructor(scope: Construct, id: string, props: { jobsFunction?: lambda.IFunction; dataKey: kms.IKey }) {
    super(scope, id);
    this.pending = !props.jobsFunction;
    if (!props.jobsFunction) return;
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.dataKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-SQS3',
        reason:
          'This queue is itself the dead-letter queue of the job schedules (EventBridge Scheduler DLQ).',
      },
      {
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason: 'A dead-letter queue is the end of the line; its depth raises an alarm instead.',
      },
    );
    const role = new iam.Role(this, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Zhengzhao scheduler: invoke the jobs function, dead-letter failures',
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.dataKey.keyArn],
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.jobsFunction.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason:
        'lambda:InvokeFunction on the versions and aliases of the one jobs function (the scheduler target ' +
        'grant); no other function can be invoked.',
    });
    for (const definition of jobSchedules) {
      this.schedules.push(
        new scheduler.Schedule(this, pascal(definition.job), {
          description: definition.description,
          schedule: scheduler.ScheduleExpression.cron({
            ...definition.cron,
            timeZone: TimeZone.ASIA_SHANGHAI,
          }),
          target: new targets.LambdaInvoke(props.jobsFunction, {
            role,
            input: scheduler.ScheduleTargetInput.fromObject({ job: definition.job }),
            deadLetterQueue: this.deadLetters,
            retryAttempts: 3,
            maxEventAge: Duration.hours(1),
          }),
        }),
      );
    }
  }
}
