/**
 * The public verification material cached at the edge (issue 17: status lists "served with a ttl ≤ 300 s and
 * cached at the edge"). HTTP APIs do not cache, so CloudFront does: each path below gets a behaviour whose
 * cache policy follows the origin's Cache-Control but never keeps an object longer than 300 s — a status
 * list's `ttl` at most, so a revocation reaches every edge copy within the ttl. Nothing but the path is in
 * the cache key (no cookies, query strings or headers; the encoding only for compressed copies).
 *
 * Outside China the behaviours sit on the WAF'd distribution in front of the whole API (lib/edge.ts). In the
 * China regions CloudFront cannot serve from its default *.cloudfront.cn name: a separate distribution with an
 * ICP-recorded alternate domain and an IAM server certificate serves these paths (read-only), see
 * docs/DEPLOY.md.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Paths served from the edge cache: public, identical for every client, each with a Cache-Control. */
export const EDGE_CACHED_PATHS = [
  '/status-lists/*',
  '/.well-known/status-list-keys.json',
  '/.well-known/qr-keys.json',
  '/.well-known/seal-certificates.pem',
  '/.well-known/seal-certificates-sm2.pem',
  '/.well-known/tsa-certificates.pem',
  // The CRL only: POST /pki/ocsp must reach the origin (a GET-only behaviour would answer it 403).
  '/pki/*.crl',
] as const;

/** The longest the edge keeps a response (the status lists' ttl is at most this). */
export const EDGE_MAX_TTL_SECONDS = 300;

/** Error responses are never cached at the edge (a 503 must not outlive the throttle that caused it). */
export const uncachedErrors: cloudfront.ErrorResponse[] = [404, 500, 502, 503, 504].map((httpStatus) => ({
  httpStatus,
  ttl: Duration.seconds(0),
}));

/** The HTTP API as a CloudFront origin: HTTPS only, TLS 1.2. */
export function apiOrigin(api: apigw.IHttpApi): origins.HttpOrigin {
  const stack = Stack.of(api);
  return new origins.HttpOrigin(`${api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
    protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
  });
}

/** Caches by the origin's Cache-Control, capped at 300 s; responses without one are not cached. */
export function verificationCachePolicy(scope: Construct): cloudfront.CachePolicy {
  return new cloudfront.CachePolicy(scope, 'VerificationMaterialCache', {
    comment: 'Zhengzhao status lists, keys, certificates, CRL: origin Cache-Control, at most 300 s',
    minTtl: Duration.seconds(0),
    defaultTtl: Duration.seconds(0),
    maxTtl: Duration.seconds(EDGE_MAX_TTL_SECONDS),
    cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    headerBehavior: cloudfront.CacheHeaderBehavior.none(),
    queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  });
}

/** Adds a cached, GET/HEAD-only behaviour per path of {@link EDGE_CACHED_PATHS} to `distribution`. */
export function addCachedBehaviours(
  distribution: cloudfront.Distribution,
  origin: cloudfront.IOrigin,
  cachePolicy: cloudfront.ICachePolicy,
): void {
  for (const path of EDGE_CACHED_PATHS) {
    distribution.addBehavior(path, origin, {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy,
      compress: true,
    });
  }
}

export interface StatusListDistributionProps {
  api: apigw.IHttpApi;
  logs: s3.IBucket;
  /** The ICP-recorded alternate domain (e.g. `status.zz.example.gov.cn`), CNAME'd to the distribution. */
  domainName: string;
  /** The IAM server certificate of that domain (China regions have no ACM for CloudFront). */
  iamCertificateId: string;
}

/**
 * China regions: a read-only distribution for the cached paths only (everything else GET/HEAD, uncached), on
 * an alternate domain with TLS 1.2_2021 at least. No WAF: CloudFront-scoped WAF does not exist there.
 */
export class StatusListDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: StatusListDistributionProps) {
    super(scope, id);
    const origin = apiOrigin(props.api);
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Zhengzhao status lists and verification keys (edge cache)',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      },
      errorResponses: uncachedErrors,
      enableLogging: true,
      logBucket: props.logs,
      logFilePrefix: 'cloudfront-status-lists/',
    });
    addCachedBehaviours(this.distribution, origin, verificationCachePolicy(this));
    // CDK's Distribution takes ACM certificates only; China's CloudFront uses IAM server certificates.
    const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    cfn.addPropertyOverride('DistributionConfig.Aliases', [props.domainName]);
    cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
      IamCertificateId: props.iamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
    });
    this.baseUrl = `https://${props.domainName}`;
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-CFR1',
        reason:
          'Status lists, keys and certificates are public verification material fetched by relying parties ' +
          'worldwide (foreign authorities, customs, offline-QR verifiers); there is nothing to restrict by country.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'The viewer certificate is set by a property override (IAM server certificate, TLSv1.2_2021 minimum, ' +
          'SNI), which cdk-nag does not read; test/infra/status-list-edge.test.ts asserts the synthesized value.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR2',
        reason:
          'CloudFront-scoped AWS WAF is not available in the China regions. The distribution is read-only ' +
          '(GET/HEAD), serves cached public material, and the API stage throttle protects the origin.',
      },
    );
  }
}
