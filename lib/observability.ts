/**
 * Alarms that need a human: server errors at the API, throttled functions, messages that ended in a
 * dead-letter queue (an SMS that was never sent, a job that never ran), and a stored licence whose bytes no
 * longer match the ledger (withheld from every download). They notify one encrypted topic.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LICENCE_INTEGRITY_METRIC } from '../functions/core/certificates/licence-integrity.js';
import { type HandlerModule, handlerModules } from '../functions/handlers/index.js';
import { pascal } from './handler-functions.js';

/** The Powertools metrics namespace of every function (lib/handler-functions.ts). */
const METRICS_NAMESPACE = 'Zhengzhao';

/** Routes that serve a stored licence file: their functions count `LICENCE_INTEGRITY_METRIC`. */
const servesLicenceFiles = (module: HandlerModule) =>
  module.routes.some((r) => r.method === 'GET' && /\/(pdf|ofd)$/.test(r.path));

/**
 * `LicenceIntegrityFailure` summed over the functions that serve licence files. Powertools puts each
 * function's metrics under its own `service` dimension, and an alarm matches dimensions exactly.
 */
function licenceIntegrityFailures(
  functions: Map<string, lambda.IFunction>,
  period: Duration,
): cloudwatch.IMetric {
  const serving = handlerModules.filter((m) => servesLicenceFiles(m) && functions.has(m.name));
  const usingMetrics = Object.fromEntries(
    serving.map((m, i) => [
      `m${i}`,
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: LICENCE_INTEGRITY_METRIC,
        dimensionsMap: { service: `zhengzhao-${m.name}` },
        statistic: 'Sum',
        period,
      }),
    ]),
  );
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics).join(' + ') || '0',
    usingMetrics,
    label: LICENCE_INTEGRITY_METRIC,
    period,
  });
}

/** What to watch. */
export interface ObservabilityProps {
  stage: apigw.HttpStage;
  functions: Map<string, lambda.IFunction>;
  deadLetterQueues: Record<string, sqs.IQueue>;
  dataKey: kms.IKey;
  alarmEmail?: string;
}

/** The alarm topic and the alarms. */
export class Observability extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { masterKey: props.dataKey, enforceSSL: true });
    if (props.alarmEmail)
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const period = Duration.minutes(5);
    this.add('Api5xx', 'API answered 5xx', props.stage.metricServerError({ period, statistic: 'Sum' }), 5);
    for (const [name, fn] of props.functions) {
      this.add(
        `${pascal(name)}Throttles`,
        `${name} throttled`,
        fn.metricThrottles({ period, statistic: 'Sum' }),
        1,
      );
      this.add(`${pascal(name)}Errors`, `${name} failed`, fn.metricErrors({ period, statistic: 'Sum' }), 5);
    }
    this.add(
      'LicenceIntegrity',
      'a stored licence failed its integrity check (its bytes differ from the ledger) and was withheld',
      licenceIntegrityFailures(props.functions, period),
      1,
    );
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' });
      this.add(`${pascal(name)}DeadLetters`, `messages in ${name} dead-letter queue`, depth, 1);
    }
  }

  private add(id: string, description: string, metric: cloudwatch.IMetric, threshold: number): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: `Zhengzhao: ${description}`,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
  }
}
