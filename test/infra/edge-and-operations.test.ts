import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { handlerModules } from '../../functions/handlers/index.js';
import { RATE_LIMITED_PREFIXES } from '../../lib/api.js';
import { handlerEntry } from '../../lib/bundling.js';
import { jobSchedules } from '../../lib/jobs.js';
import { logicalId, resourcesOf, type Synthesized, synthesize } from './synth.js';

const entry = (name: string) => handlerEntry(handlerModules.some((m) => m.name === name) ? name : 'public');

describe('outside China: CloudFront + WAF in front of the HTTP API, with a jobs module', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize(
      { region: 'eu-central-1', publicRateLimitPer5Min: 250 },
      { modules: handlerModules, entry },
    );
  });

  it('rate-limits /verify/* and /s/* per client IP in a CloudFront-scoped web ACL in us-east-1', () => {
    // Act
    const acl = Object.values(resourcesOf(s.wafTemplate!, 'AWS::WAFv2::WebACL'))[0];
    const rule = acl?.Properties.Rules[0];
    // Assess
    expect(s.built.webAclStack?.region).toBe('us-east-1');
    expect(acl?.Properties.Scope).toBe('CLOUDFRONT');
    expect(rule.Action).toEqual({ Block: {} });
    expect(rule.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', Limit: 250 });
    const prefixes = rule.Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements.map(
      (st: any) => st.ByteMatchStatement.SearchString,
    );
    expect(prefixes).toEqual(RATE_LIMITED_PREFIXES);
    expect(RATE_LIMITED_PREFIXES).toEqual(['/verify/', '/s/']);
  });

  it('attaches the web ACL to a non-caching distribution whose origin is the HTTP API over TLS 1.2', () => {
    s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: Match.anyValue(),
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only' }),
        Origins: [
          Match.objectLike({
            DomainName: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
            CustomOriginConfig: Match.objectLike({
              OriginProtocolPolicy: 'https-only',
              OriginSSLProtocols: ['TLSv1.2'],
            }),
          }),
        ],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    const origin = JSON.stringify(
      Object.values(resourcesOf(s.template, 'AWS::CloudFront::Distribution'))[0]?.Properties,
    );
    expect(origin).toContain(logicalId(s.built.stack.http.api));
  });

  it('reports no unacknowledged cdk-nag finding with CloudFront, WAF and scheduled jobs', () => {
    expect(s.nagFindings).toEqual([]);
  });

  it('runs each lifecycle job on an Asia/Shanghai schedule against the jobs function, with retries and a DLQ', () => {
    // Prepare
    const jobsFunction = logicalId(s.built.stack.handlers.functions.get('jobs')!);
    // Act
    const schedules = Object.values(resourcesOf(s.template, 'AWS::Scheduler::Schedule'));
    // Assess
    expect(schedules.map((x) => JSON.parse(x.Properties.Target.Input).job).sort()).toEqual(
      jobSchedules.map((j) => j.job).sort(),
    );
    for (const schedule of schedules) {
      expect(schedule.Properties.ScheduleExpressionTimezone).toBe('Asia/Shanghai');
      expect(JSON.stringify(schedule.Properties.Target.Arn)).toContain(jobsFunction);
      expect(schedule.Properties.Target.RetryPolicy.MaximumRetryAttempts).toBe(3);
      expect(schedule.Properties.Target.DeadLetterConfig.Arn).toBeDefined();
    }
    expect(jobSchedules.map((j) => j.job)).toEqual([
      'deadline-warnings',
      'expiry-reminders',
      'audit-checkpoint',
      'recompute-deadlines',
      'deferred-materials',
      'archive-timestamps',
      'void-abandoned-batches',
    ]);
  });
});

describe('in the China regions (no CloudFront WAF) and without a jobs module', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize(
      { publicRateLimitPer5Min: 600 },
      { modules: handlerModules.filter((m) => m.name !== 'jobs'), entry },
    );
  });

  it('creates no distribution but throttles every /verify/* and /s/* route at the API stage', () => {
    // Prepare
    const limited = handlerModules
      .flatMap((m) => m.routes)
      .filter((r) => r.access !== 'local' && RATE_LIMITED_PREFIXES.some((p) => r.path.startsWith(p)))
      .map((r) => `${r.method} ${r.path}`);
    // Act
    const stage = Object.values(resourcesOf(s.template, 'AWS::ApiGatewayV2::Stage'))[0];
    // Assess
    expect(s.built.webAclStack).toBeUndefined();
    s.template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(limited.length).toBeGreaterThan(0);
    expect(Object.keys(stage?.Properties.RouteSettings ?? {}).sort()).toEqual(limited.sort());
    for (const key of limited) {
      expect(stage?.Properties.RouteSettings[key]).toEqual({
        ThrottlingRateLimit: 2,
        ThrottlingBurstLimit: 4,
      });
    }
  });

  it('keeps the job schedule definitions ready but creates no schedule without a jobs function', () => {
    expect(s.built.stack.jobs.pending).toBe(true);
    expect(s.built.stack.jobs.definitions).toEqual(jobSchedules);
    s.template.resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  it('queues SMS with retries into an encrypted dead-letter queue', () => {
    // Prepare
    const queues = resourcesOf(s.template, 'AWS::SQS::Queue');
    const dlq = logicalId(s.built.stack.notifications.smsDeadLetters);
    // Act
    const main = queues[logicalId(s.built.stack.notifications.smsQueue)];
    // Assess
    expect(main?.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] },
      maxReceiveCount: 5,
    });
    for (const queue of [main, queues[dlq]]) expect(queue?.Properties.KmsMasterKeyId).toBeDefined();
  });

  it('alarms on API 5xx, on throttles of every function and on dead-letter depth', () => {
    // Act
    const alarms = Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    // Assess
    expect(alarms.some((a) => a.MetricName === '5xx' && a.Namespace === 'AWS/ApiGateway')).toBe(true);
    for (const fn of s.built.stack.handlers.functions.values()) {
      const throttles = alarms.find(
        (a) => a.MetricName === 'Throttles' && JSON.stringify(a.Dimensions).includes(logicalId(fn)),
      );
      expect(throttles, fn.node.id).toBeDefined();
    }
    const dlq = logicalId(s.built.stack.notifications.smsDeadLetters);
    const depth = alarms.find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(JSON.stringify(depth?.Dimensions)).toContain(dlq);
    for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);
  });

  it('alarms at the first stored licence withheld for failing its integrity check, in every function serving licence files', () => {
    // Act
    const alarms = Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const integrity = alarms.find((a) => JSON.stringify(a.Metrics ?? []).includes('LicenceIntegrityFailure'));
    // Assess
    expect(integrity).toMatchObject({ Threshold: 1, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    const stats = (integrity?.Metrics ?? []).flatMap((m: any) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    expect(stats.every((m: any) => m.Namespace === 'Zhengzhao')).toBe(true);
    const services = stats.map((m: any) => m.Dimensions.find((d: any) => d.Name === 'service')?.Value).sort();
    expect(services).toEqual(['zhengzhao-certificates', 'zhengzhao-verify']);
    expect(integrity?.AlarmActions).toHaveLength(1);
  });
});
