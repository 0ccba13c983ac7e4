/**
 * The HTTP API: one route per deployed route of every handler module, each integrated with that module's
 * function. Routes marked `local` exist only in the local runtime and are never deployed.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HandlerModule } from '../functions/handlers/index.js';
import { pascal } from './handler-functions.js';

/** Public paths that anyone can hit at scale (QR scans, SMS links): the ones the WAF rate rule covers. */
export const RATE_LIMITED_PREFIXES = ['/verify/', '/s/'];

/** The deployable routes of a module (`local` routes are served by the local runtime only). */
export const deployedRoutes = (module: HandlerModule) => module.routes.filter((r) => r.access !== 'local');

/** Stage throttling and, where no WAF can be placed, the route throttle for the public paths. */
export interface HttpApiProps {
  modules: HandlerModule[];
  functions: Map<string, lambda.IFunction>;
  rateLimit: number;
  burstLimit: number;
  logRetentionDays: number;
  /** Per-route throttle (requests/s) on the rate-limited prefixes; set when the WAF is not available. */
  publicRouteRateLimit?: number;
}

// JSON access log: request id for correlation with the function logs; no query strings (they can carry
// verification codes) and no source headers beyond the client IP.
const accessLogFormat = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
  responseLength: '$context.responseLength',
});

/** The API, its `$default` stage and access log group. */
export class ZhengzhaoHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly routes: apigw.HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Zhengzhao: electronic licences',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(accessLogFormat),
      },
    });
    const routeKeys = this.addRoutes(props);
    if (props.publicRouteRateLimit !== undefined) this.throttlePublicRoutes(routeKeys, props);
  }

  private addRoutes(props: HttpApiProps): string[] {
    const routeKeys: string[] = [];
    for (const module of props.modules) {
      const fn = props.functions.get(module.name);
      if (!fn) throw new Error(`no function for handler module ${module.name}`);
      const integration = new HttpLambdaIntegration(`${pascal(module.name)}Integration`, fn);
      for (const route of deployedRoutes(module)) {
        this.routes.push(
          ...this.api.addRoutes({ path: route.path, methods: [apigw.HttpMethod[route.method]], integration }),
        );
        routeKeys.push(`${route.method} ${route.path}`);
      }
    }
    return routeKeys;
  }

  private throttlePublicRoutes(routeKeys: string[], props: HttpApiProps): void {
    const limited = routeKeys.filter((key) =>
      RATE_LIMITED_PREFIXES.some((prefix) => key.split(' ')[1]?.startsWith(prefix)),
    );
    const rate = props.publicRouteRateLimit ?? 1;
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage;
    // RouteSettings is untyped JSON in CloudFormation: the property names are not converted for us.
    cfnStage.routeSettings = Object.fromEntries(
      limited.map((key) => [key, { ThrottlingRateLimit: rate, ThrottlingBurstLimit: rate * 2 }]),
    );
    // A route setting for a route that does not exist yet fails the deployment.
    for (const route of this.routes) cfnStage.node.addDependency(route);
  }
}
