/**
 * The cdk-nag findings this design accepts, each with the reason a security reviewer would ask for. Kept in
 * one file so that the list is reviewed as a whole; any finding not acknowledged here fails the synth.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { BucketKey } from '../functions/adapters/schema.js';
import type { DeployedModule } from './handler-functions.js';
import type { ZhengzhaoStack } from './zhengzhao-stack.js';

const acknowledge = (scope: IConstruct, id: string, reason: string) =>
  Validations.of(scope).acknowledge({ id, reason });

const logicalId = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

/** Findings on each module's role and function. */
function acknowledgeModule(stack: ZhengzhaoStack, deployed: DeployedModule): void {
  acknowledge(
    deployed.role,
    'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    'Resource "*" only where AWS has no resource ARN: xray:PutTraceSegments/PutTelemetryRecords (active ' +
      'tracing) and, for SMS senders, sns:Publish to a phone number, which an explicit Deny on every SNS topic ' +
      'ARN confines to direct SMS. Every data, key and queue action names its ARN.',
  );
  const wholeBuckets = (Object.keys(deployed.permissions.buckets) as BucketKey[]).filter(
    (key) => !deployed.permissions.objectKeys?.[key],
  );
  for (const key of wholeBuckets) {
    const bucket = stack.data.buckets[key];
    acknowledge(
      deployed.role,
      `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(bucket)}.Arn>/*]`,
      `Object keys in the ${key} bucket are generated per case/certificate at run time, so the grant is on ` +
        'the objects of this one bucket, with explicit object actions only (no s3:* or GetObject*).',
    );
  }
  const objectKeys = Object.entries(deployed.permissions.objectKeys ?? {}) as [BucketKey, string[]][];
  for (const [key, patterns] of objectKeys) {
    const bucket = stack.data.buckets[key];
    for (const pattern of patterns.filter((item) => item.endsWith('/*'))) {
      acknowledge(
        deployed.role,
        `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(bucket)}.Arn>/${pattern}]`,
        `Objects under ${pattern.slice(0, -1)} are named per licence, version or CRL at run time, so the grant ` +
          'is on that one prefix of the bucket, with explicit object actions only (no s3:* or GetObject*).',
      );
    }
  }
  const createKeys = Object.entries(deployed.permissions.createKeys ?? {}) as [BucketKey, string[]][];
  for (const [key, patterns] of createKeys) {
    const bucket = stack.data.buckets[key];
    for (const pattern of patterns.filter((item) => item.includes('*'))) {
      acknowledge(
        deployed.role,
        `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(bucket)}.Arn>/${pattern}]`,
        `Objects matching ${pattern} are named per licence at run time; the grant is s3:PutObject alone on ` +
          'that prefix and suffix of the bucket, so no other object can be written.',
      );
    }
  }
  const fn = stack.handlers.functions.get(deployed.module.name);
  if (!fn) return;
  acknowledge(
    fn,
    'Serverless::Serverless-LambdaDLQ',
    'Invoked synchronously by API Gateway (the caller gets the error and retries with its Idempotency-Key); ' +
      'a DLQ only applies to asynchronous invocations. Scheduled invocations dead-letter at the scheduler.',
  );
  for (const id of ['AwsSolutions::AwsSolutions-L1', 'Serverless::Serverless-LambdaLatestVersion']) {
    acknowledge(
      fn,
      id,
      'nodejs22.x is a supported LTS runtime (security patches until 2027-04); the bundle targets node22 and ' +
        'is tested on the Node versions our build machines run. Moving to nodejs24.x is a tracked upgrade.',
    );
  }
}

/** Acknowledge the accepted findings on the stack's constructs. */
export function acknowledgeFindings(stack: ZhengzhaoStack, modules: DeployedModule[]): void {
  for (const deployed of modules) acknowledgeModule(stack, deployed);
  acknowledge(
    stack.http.api,
    'AwsSolutions::AwsSolutions-APIG4',
    'Upstream routes authenticate in the handler with a Bearer API key, checked against SHA-256 hashes in the ' +
      'ApiClients table, authorized per service item/department, refusals written to the audit chain (one ' +
      'code path with the local runtime). The other routes are public by contract: health, catalogue, ' +
      'OpenAPI, verification and SMS links (the last two rate-limited per IP).',
  );
  acknowledge(
    stack.notifications.smsDeadLetters,
    'Serverless::Serverless-SQSRedrivePolicy',
    'This queue is the dead-letter queue of the SMS queue: the end of the line, watched by a depth alarm.',
  );
  acknowledge(
    stack.webhooks.deadLetters,
    'Serverless::Serverless-SQSRedrivePolicy',
    'This queue is the dead-letter queue of the webhook queue and pipe: the end of the line, watched by a depth alarm.',
  );
  acknowledge(
    stack.notifications.smsSenderPolicy,
    'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    'sns:Publish to a phone number (direct SMS) has no resource ARN; an explicit Deny on every SNS topic ARN ' +
      'in the same policy limits this statement to direct SMS.',
  );
}
