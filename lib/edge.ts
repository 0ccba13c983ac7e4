/**
 * CloudFront + WAF in front of the HTTP API. HTTP APIs cannot be associated with a web ACL, and a REST API
 * would change the event shape the handlers read; so the WAF sits on a CloudFront distribution. A
 * CloudFront-scoped web ACL must live in us-east-1, hence its own small stack there.
 * Not available in the China regions (WAF there is regional only): see docs/DEPLOY.md for the fallback.
 */
import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { RATE_LIMITED_PREFIXES } from './api.js';
import {
  addCachedBehaviours,
  apiOrigin,
  uncachedErrors,
  verificationCachePolicy,
} from './status-list-edge.js';

/** Per-IP limits (requests per 5 minutes). */
export interface WebAclStackProps extends StackProps {
  publicRateLimitPer5Min: number;
}

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

const startsWith = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: prefix,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

/** The web ACL (us-east-1): a per-IP rate rule on the public verification and SMS-link paths. */
export class WebAclStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WebAclStackProps) {
    super(scope, id, props);
    const prefixes = RATE_LIMITED_PREFIXES.map(startsWith);
    const scopeDown = prefixes.length > 1 ? { orStatement: { statements: prefixes } } : prefixes[0];
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('zhengzhao-web-acl'),
      rules: [
        {
          // Verification codes and SMS tokens are guessable only by volume: cap it per client IP.
          name: 'public-paths-rate',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: props.publicRateLimitPer5Min,
              scopeDownStatement: scopeDown,
            },
          },
          visibilityConfig: visibility('zhengzhao-public-paths-rate'),
        },
      ],
    });
  }
}

/**
 * The distribution in front of the API: by default no caching, every method and header but Host passed on;
 * the public verification material (status lists, keys, certificates, CRL) cached by its Cache-Control, ≤ 300 s.
 */
export class EdgeDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(
    scope: Construct,
    id: string,
    props: { api: apigw.HttpApi; webAclArn: string; logs: s3.IBucket },
  ) {
    super(scope, id);
    const origin = apiOrigin(props.api);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Zhengzhao API (WAF in front of the HTTP API)',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      errorResponses: uncachedErrors,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: props.logs,
      logFilePrefix: 'cloudfront/',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_ALL,
    });
    addCachedBehaviours(this.distribution, origin, verificationCachePolicy(this));
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate has a fixed policy that CloudFront cannot raise; clients ' +
          'negotiate TLS 1.2+ in practice and the origin leg is TLS 1.2 only. Production stages put a custom ' +
          'domain with an ACM certificate (TLSv1.2_2021) in front: docs/DEPLOY.md.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR1',
        reason:
          'Verification pages and SMS links must work for holders and verifiers abroad (licences are shown to ' +
          'foreign authorities and customs); abuse is limited per IP by the WAF rate rule instead.',
      },
    );
  }
}
