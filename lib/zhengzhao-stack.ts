/**
 * The stage's stack: keys, data, functions per handler module, the HTTP API (behind CloudFront + WAF where
 * the partition allows), the SMS queue, job schedules and alarms.
 */

import { CfnOutput, Lazy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type { Construct } from 'constructs';
import { type BucketKey, type TableKey, uploadNotification } from '../functions/adapters/schema.js';
import { storageEnvironment } from '../functions/config.js';
import { type HandlerModule, handlerModules } from '../functions/handlers/index.js';
import { ZhengzhaoHttpApi } from './api.js';
import { BulkIssuance } from './bulk.js';
import { DataStores } from './data.js';
import { EdgeDistribution } from './edge.js';
import { createModuleRole, type DeployedModule, HandlerFunctions } from './handler-functions.js';
import { JobSchedules } from './jobs.js';
import { acknowledgeFindings } from './nag-acknowledgements.js';
import { Notifications, SMS_MAX_RECEIVE_COUNT } from './notifications.js';
import { Observability } from './observability.js';
import { type ModulePermissions, modulePermissions, permissionsFor } from './permissions.js';
import { ProgressSms } from './progress-sms.js';
import { SigningKeys } from './signing.js';
import type { StageConfig } from './stage-config.js';
import { StatsStream } from './stats-stream.js';
import { StatusListDistribution } from './status-list-edge.js';
import { WEBHOOK_MAX_RECEIVE_COUNT, WebhookDelivery } from './webhooks.js';

/** The stage, and optionally other modules/permissions (tests). */
export interface ZhengzhaoStackProps extends StackProps {
  config: StageConfig;
  /** ARN of the CloudFront web ACL (from the us-east-1 stack); required when `config.edgeWaf`. */
  webAclArn?: string;
  modules?: HandlerModule[];
  permissions?: Record<string, ModulePermissions>;
  /** Source file per module name (tests map modules that do not exist yet onto existing files). */
  entry?: (moduleName: string) => string;
}

/** The whole serverless system of one stage. */
export class ZhengzhaoStack extends Stack {
  readonly data: DataStores;
  readonly keys: SigningKeys;
  readonly handlers: HandlerFunctions;
  readonly http: ZhengzhaoHttpApi;
  readonly edge?: EdgeDistribution;
  /** China regions with `statusListDomain`: the edge cache of the status lists (outside China: `edge`). */
  readonly statusListEdge?: StatusListDistribution;
  readonly jobs: JobSchedules;
  readonly notifications: Notifications;
  readonly webhooks: WebhookDelivery;
  /** 办件提醒: the audit stream → the progress-sms function (absent when the module is not deployed). */
  readonly progressSms?: ProgressSms;
  /** The statistics: the cases stream → the stats-stream function (absent when the module is not deployed). */
  readonly statsStream?: StatsStream;
  readonly observability: Observability;
  /** Bulk issuance: its queue, dead-letter queue and the worker's bounded event source. */
  readonly bulk: BulkIssuance;

  constructor(scope: Construct, id: string, props: ZhengzhaoStackProps) {
    super(scope, id, props);
    const { config } = props;
    const modules: DeployedModule[] = (props.modules ?? handlerModules).map((module) => ({
      module,
      permissions: permissionsFor(module.name, props.permissions ?? modulePermissions),
      role: createModuleRole(this, module.name),
    }));
    this.keys = new SigningKeys(this, 'Keys', {
      stage: config.stage,
      sealSigners: modules.filter((m) => m.permissions.sealKey === 'sign').map((m) => m.role),
      macUsers: modules.filter((m) => m.permissions.macKey === 'generate').map((m) => m.role),
      statusSigners: modules.filter((m) => m.permissions.statusKey === 'sign').map((m) => m.role),
      qrSigners: modules.filter((m) => m.permissions.qrKey === 'sign').map((m) => m.role),
      rootSigners: modules.filter((m) => m.permissions.rootKey === 'sign').map((m) => m.role),
      ...(config.bootstrapPrincipalArn ? { bootstrapPrincipalArn: config.bootstrapPrincipalArn } : {}),
      ofdSeal: config.ofdSeal,
      ofdSealSigners: modules.filter((m) => m.permissions.ofdSealKey === 'sign').map((m) => m.role),
      ofdMakerSigners: modules.filter((m) => m.permissions.ofdMakerKey === 'sign').map((m) => m.role),
    });
    this.data = new DataStores(this, 'Data', { dataKey: this.keys.dataKey, ...config });
    this.notifications = new Notifications(this, 'Notifications', { dataKey: this.keys.dataKey });
    this.webhooks = new WebhookDelivery(this, 'Webhooks', {
      auditTable: this.data.tables.audit,
      dataKey: this.keys.dataKey,
    });
    this.handlers = new HandlerFunctions(this, 'Handlers', {
      modules,
      targets: {
        tables: this.data.tables,
        buckets: this.data.buckets,
        dataKey: this.keys.dataKey,
        sealKey: this.keys.sealKey,
        macKey: this.keys.macKey,
        statusKey: this.keys.statusKey,
        qrKey: this.keys.qrKey,
        qrWrapKey: this.keys.qrWrapKey,
        rootKey: this.keys.rootKey,
        ...(this.keys.ofdSealKey ? { ofdSealKey: this.keys.ofdSealKey } : {}),
        ...(this.keys.ofdMakerKey ? { ofdMakerKey: this.keys.ofdMakerKey } : {}),
        smsQueue: this.notifications.smsQueue,
        webhookQueues: { deadLetters: this.webhooks.deadLetters },
      },
      environment: this.functionEnvironment(config),
      smsEnvironment: { SMS_QUEUE_URL: this.notifications.smsQueue.queueUrl },
      logRetentionDays: config.logRetentionDays,
      ...(props.entry ? { entry: props.entry } : {}),
    });
    this.http = new ZhengzhaoHttpApi(this, 'Http', {
      modules: modules.map((m) => m.module),
      functions: this.handlers.functions,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      logRetentionDays: config.logRetentionDays,
      ...(config.edgeWaf
        ? {}
        : { publicRouteRateLimit: Math.max(1, Math.floor(config.publicRateLimitPer5Min / 300)) }),
    });
    if (config.edgeWaf) {
      if (!props.webAclArn) throw new Error('edgeWaf needs the web ACL ARN of the us-east-1 stack');
      this.edge = new EdgeDistribution(this, 'Edge', {
        api: this.http.api,
        webAclArn: props.webAclArn,
        logs: this.data.accessLogs,
      });
    } else if (config.statusListDomain && config.statusListIamCertificateId) {
      this.statusListEdge = new StatusListDistribution(this, 'StatusListEdge', {
        api: this.http.api,
        logs: this.data.accessLogs,
        domainName: config.statusListDomain,
        iamCertificateId: config.statusListIamCertificateId,
      });
    }
    this.jobs = new JobSchedules(this, 'Jobs', {
      ...(this.handlers.functions.get('jobs') ? { jobsFunction: this.handlers.functions.get('jobs') } : {}),
      dataKey: this.keys.dataKey,
    });
    const smsConsumer = this.handlers.functions.get('sms');
    if (smsConsumer) {
      // Partial batch responses: only the failed messages are retried, then dead-lettered.
      smsConsumer.addEventSource(
        new SqsEventSource(this.notifications.smsQueue, { batchSize: 10, reportBatchItemFailures: true }),
      );
      Validations.of(smsConsumer).acknowledge({
        id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
        reason:
          'On-failure destinations exist only for stream and Kafka sources; for SQS the queue itself dead-letters: ' +
          `after ${SMS_MAX_RECEIVE_COUNT} failed receives a message moves to the SMS dead-letter queue, which raises an alarm.`,
      });
    }
    this.connectWebhookConsumer();
    const progressConsumer = this.handlers.functions.get('progress-sms');
    if (progressConsumer) {
      this.progressSms = new ProgressSms(this, 'ProgressSms', {
        auditTable: this.data.tables.audit,
        dataKey: this.keys.dataKey,
        consumer: progressConsumer,
      });
    }
    const statsConsumer = this.handlers.functions.get('stats-stream');
    if (statsConsumer) {
      this.statsStream = new StatsStream(this, 'StatsStream', {
        casesTable: this.data.tables.cases,
        dataKey: this.keys.dataKey,
        consumer: statsConsumer,
      });
    }
    const bulkApi = this.handlers.functions.get('bulk');
    const bulkWorker = this.handlers.functions.get('bulk-worker');
    this.bulk = new BulkIssuance(this, 'Bulk', {
      dataKey: this.keys.dataKey,
      ...(bulkApi ? { api: bulkApi } : {}),
      ...(bulkWorker ? { worker: bulkWorker } : {}),
    });
    const uploads = this.handlers.functions.get('uploads');
    if (uploads) {
      // Presigned uploads are validated when they land (and again at submit).
      this.data.buckets[uploadNotification.bucket].addEventNotification(
        s3.EventType.OBJECT_CREATED,
        new s3n.LambdaDestination(uploads),
        { prefix: uploadNotification.prefix },
      );
      acknowledgeBucketNotificationsHandler(this);
    }
    this.observability = new Observability(this, 'Observability', {
      stage: this.http.stage,
      functions: this.handlers.functions,
      deadLetterQueues: {
        sms: this.notifications.smsDeadLetters,
        webhooks: this.webhooks.deadLetters,
        bulk: this.bulk.deadLetters,
        ...(this.progressSms ? { progressSms: this.progressSms.deadLetters } : {}),
        ...(this.statsStream ? { statsStream: this.statsStream.deadLetters } : {}),
        ...(this.jobs.deadLetters ? { jobs: this.jobs.deadLetters } : {}),
      },
      dataKey: this.keys.dataKey,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
    this.bulk.addAlarms(this.observability.alarmTopic);
    this.outputs(config);
    acknowledgeFindings(this, modules);
  }

  /** The webhook queue's consumer: partial batch responses, its queue URLs in the environment. */
  private connectWebhookConsumer(): void {
    const consumer = this.handlers.functions.get('webhook-deliveries');
    if (!consumer) return;
    consumer.addEnvironment('WEBHOOK_QUEUE_URL', this.webhooks.queue.queueUrl);
    consumer.addEnvironment('WEBHOOK_DEAD_LETTER_QUEUE_URL', this.webhooks.deadLetters.queueUrl);
    consumer.addEventSource(
      new SqsEventSource(this.webhooks.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    Validations.of(consumer).acknowledge({
      id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
      reason:
        'On-failure destinations exist only for stream and Kafka sources; for SQS the function dead-letters a ' +
        `delivery after its last scheduled attempt, and the queue's redrive after ${WEBHOOK_MAX_RECEIVE_COUNT} receives.`,
    });
  }

  /** The base URL used in QR codes and SMS links: custom domain, else CloudFront, else the API. */
  get publicBaseUrl(): string {
    if (this.edge) return `https://${this.edge.distribution.distributionDomainName}`;
    return this.http.api.apiEndpoint;
  }

  /** The base of the status lists' URLs: the edge that caches them, else the public base URL. */
  statusListBaseUrl(config: StageConfig): string {
    return this.statusListEdge?.baseUrl ?? config.publicBaseUrl ?? this.publicBaseUrl;
  }

  private functionEnvironment(config: StageConfig): Record<string, string> {
    const tableNames = Object.fromEntries(
      Object.entries(this.data.tables).map(([k, t]) => [k, t.tableName]),
    ) as Record<TableKey, string>;
    const bucketNames = Object.fromEntries(
      Object.entries(this.data.buckets).map(([k, b]) => [k, b.bucketName]),
    ) as Record<BucketKey, string>;
    return {
      ...storageEnvironment(tableNames, bucketNames),
      SEAL_KEY_ID: this.keys.sealKey.keyArn,
      ROOT_KEY_ID: this.keys.rootKey.keyArn,
      MAC_KEY_ID: this.keys.macKey.keyArn,
      STATUS_KEY_ID: this.keys.statusKey.keyArn,
      QR_KEY_ID: this.keys.qrKey.keyArn,
      QR_WRAP_KEY_ID: this.keys.qrWrapKey.keyArn,
      // The OFD seal (China regions): both SM2 keys or neither (functions/config.ts).
      ...(this.keys.ofdSealKey && this.keys.ofdMakerKey
        ? { OFD_SEAL_KEY_ID: this.keys.ofdSealKey.keyArn, OFD_MAKER_KEY_ID: this.keys.ofdMakerKey.keyArn }
        : {}),
      LOG_LEVEL: 'info',
      ...(config.tsaUrl ? { TSA_URL: config.tsaUrl } : {}),
      // Resolved lazily: the distribution is created after the functions.
      PUBLIC_BASE_URL: config.publicBaseUrl ?? Lazy.string({ produce: () => this.publicBaseUrl }),
      // Certificate.statusList.uri and the tokens' `sub`. No cycle: function → distribution → API (not its routes).
      STATUS_LIST_BASE_URL: Lazy.string({ produce: () => this.statusListBaseUrl(config) }),
    };
  }

  private outputs(config: StageConfig): void {
    new CfnOutput(this, 'ApiUrl', {
      value: config.publicBaseUrl ?? this.publicBaseUrl,
      description: 'Base URL of the API',
    });
    new CfnOutput(this, 'StatusListBaseUrl', {
      value: Lazy.string({ produce: () => this.statusListBaseUrl(config) }),
      description: 'Base URL of the token status lists (cached at the edge where a distribution exists)',
    });
    new CfnOutput(this, 'ApiClientsTable', { value: this.data.tables.apiClients.tableName });
    new CfnOutput(this, 'SealKeyArn', { value: this.keys.sealKey.keyArn });
    new CfnOutput(this, 'RootCaKeyArn', { value: this.keys.rootKey.keyArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.alarmTopic.topicArn });
  }
}

/**
 * CDK configures S3 event notifications through its own singleton custom resource (a Lambda that calls
 * PutBucketNotificationConfiguration once per deploy). It is not ours to shape; these are the reasons its
 * findings are acceptable.
 */
function acknowledgeBucketNotificationsHandler(stack: Stack): void {
  const handler = stack.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
  if (!handler) return;
  const reasons: Array<[string, string]> = [
    [
      'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's deploy-time bucket-notification handler logs with the AWS managed basic execution policy; it runs only during deployments and touches no data.",
    ],
    [
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      "CDK's bucket-notification handler needs s3:PutBucketNotification on the bucket it configures; CDK scopes it with a wildcard resource because the handler is a stack singleton. It runs only at deploy time and cannot read or write objects.",
    ],
  ];
  for (const [id, reason] of reasons) Validations.of(handler).acknowledge({ id, reason });
}
