/**
 * The status lists cached at the edge (issue 17 part 5): CloudFront behaviours for the public verification
 * material with a cache policy that follows the origin's Cache-Control but keeps nothing longer than 300 s,
 * HTTPS only, and the functions' STATUS_LIST_BASE_URL pointing at that edge — without a dependency cycle
 * (function → distribution → API).
 */
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStageConfig } from '../../lib/stage-config.js';
import { EDGE_CACHED_PATHS, EDGE_MAX_TTL_SECONDS } from '../../lib/status-list-edge.js';
import { type CfnResource, logicalId, resourcesOf, type Synthesized, synthesize } from './synth.js';

const chinaEdge = {
  statusListDomain: 'status.zz.example.gov.cn',
  statusListIamCertificateId: 'ASCAEXAMPLE1234567890',
};

const onlyDistribution = (s: Synthesized): CfnResource => {
  const all = Object.values(resourcesOf(s.template, 'AWS::CloudFront::Distribution'));
  expect(all).toHaveLength(1);
  return all[0] as CfnResource;
};

const environmentOf = (s: Synthesized, moduleName: string): Record<string, unknown> => {
  const fn = s.built.stack.handlers.functions.get(moduleName);
  if (!fn) throw new Error(`no function ${moduleName}`);
  return resourcesOf(s.template, 'AWS::Lambda::Function')[logicalId(fn)]?.Properties.Environment.Variables;
};

/** The cache policy's config and the behaviours (by path pattern) that use it. */
function cachedBehaviours(s: Synthesized) {
  const policies = Object.entries(resourcesOf(s.template, 'AWS::CloudFront::CachePolicy'));
  expect(policies).toHaveLength(1);
  const [policyId, policy] = policies[0] as [string, CfnResource];
  const config = onlyDistribution(s).Properties.DistributionConfig;
  const behaviours = (config.CacheBehaviors ?? []) as Record<string, any>[];
  return { policyId, policy: policy.Properties.CachePolicyConfig, behaviours, config };
}

/** Every cycle of Ref/GetAtt/DependsOn edges in the template would fail the deployment. */
function findCycle(s: Synthesized): string[] | undefined {
  const resources = s.template.toJSON().Resources as Record<string, any>;
  const edges = new Map<string, Set<string>>();
  const collect = (node: unknown, into: Set<string>): void => {
    if (Array.isArray(node)) for (const item of node) collect(item, into);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Ref' && typeof value === 'string' && value in resources) into.add(value);
        else if (key === 'Fn::GetAtt' && Array.isArray(value) && value[0] in resources) into.add(value[0]);
        else collect(value, into);
      }
    }
  };
  for (const [id, resource] of Object.entries(resources)) {
    const into = new Set<string>([].concat(resource.DependsOn ?? []));
    collect(resource.Properties ?? {}, into);
    edges.set(id, into);
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next, [...path, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('outside China: the WAF distribution caches the verification material', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({ region: 'eu-central-1' });
  });

  it('has one GET/HEAD, HTTPS-only behaviour per cached path with a ≤ 300 s cache policy keyed on the path alone', () => {
    // Act
    const { policyId, policy, behaviours, config } = cachedBehaviours(s);
    // Assess
    expect(behaviours.map((b) => b.PathPattern)).toEqual([...EDGE_CACHED_PATHS]);
    expect(EDGE_CACHED_PATHS).toContain('/status-lists/*');
    expect(EDGE_CACHED_PATHS).toContain('/.well-known/status-list-keys.json');
    for (const behaviour of behaviours) {
      expect(behaviour).toMatchObject({
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD'],
        CachePolicyId: { Ref: policyId },
      });
      expect(behaviour.OriginRequestPolicyId).toBeUndefined();
      expect(behaviour.TargetOriginId).toBe(config.DefaultCacheBehavior.TargetOriginId);
    }
    expect(policy).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: EDGE_MAX_TTL_SECONDS });
    expect(EDGE_MAX_TTL_SECONDS).toBeLessThanOrEqual(300);
    const key = policy.ParametersInCacheKeyAndForwardedToOrigin;
    expect(key.CookiesConfig).toEqual({ CookieBehavior: 'none' });
    expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'none' });
    expect(key.QueryStringsConfig).toEqual({ QueryStringBehavior: 'none' });
  });

  it('keeps POST /pki/ocsp and everything else on the uncached, all-methods default behaviour', () => {
    // Act
    const { behaviours, config } = cachedBehaviours(s);
    // Assess
    expect(behaviours.some((b) => b.PathPattern === '/pki/*')).toBe(false);
    expect(config.DefaultCacheBehavior.AllowedMethods).toContain('POST');
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(config.CustomErrorResponses.map((e: any) => [e.ErrorCode, e.ErrorCachingMinTTL])).toContainEqual([
      503, 0,
    ]);
  });

  it('gives the status-lists and certificates functions the distribution as STATUS_LIST_BASE_URL', () => {
    // Prepare
    const distribution = Object.keys(resourcesOf(s.template, 'AWS::CloudFront::Distribution'))[0];
    // Act
    const bases = ['status-lists', 'certificates'].map((m) => environmentOf(s, m).STATUS_LIST_BASE_URL);
    // Assess
    for (const base of bases) {
      expect(base).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]],
      });
    }
  });

  it('has no dependency cycle and no unacknowledged cdk-nag finding', () => {
    expect(findCycle(s)).toBeUndefined();
    expect(s.nagFindings).toEqual([]);
  });
});

describe('China regions with an ICP-recorded status-list domain', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize(chinaEdge);
  });

  it('serves the cached paths from a read-only distribution on that domain with TLS 1.2_2021 and logs', () => {
    // Act
    const { behaviours, config } = cachedBehaviours(s);
    // Assess
    expect(behaviours.map((b) => b.PathPattern)).toEqual([...EDGE_CACHED_PATHS]);
    expect(config.Aliases).toEqual([chinaEdge.statusListDomain]);
    expect(config.ViewerCertificate).toEqual({
      IamCertificateId: chinaEdge.statusListIamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD'],
    });
    expect(config.Origins[0].CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
    expect(config.Logging.Prefix).toBe('cloudfront-status-lists/');
    expect(config.WebACLId).toBeUndefined();
  });

  it('sets STATUS_LIST_BASE_URL to the domain, PUBLIC_BASE_URL stays the API, without cycle or nag finding', () => {
    // Act
    const env = environmentOf(s, 'status-lists');
    // Assess
    expect(env.STATUS_LIST_BASE_URL).toBe(`https://${chinaEdge.statusListDomain}`);
    expect(JSON.stringify(env.PUBLIC_BASE_URL)).toContain(logicalId(s.built.stack.http.api));
    expect(findCycle(s)).toBeUndefined();
    expect(s.nagFindings).toEqual([]);
  });
});

describe('China regions without a status-list domain', () => {
  it('creates no distribution and serves the lists at the public base URL', () => {
    // Act
    const s = synthesize();
    const env = environmentOf(s, 'status-lists');
    // Assess
    s.template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    expect(env.STATUS_LIST_BASE_URL).toEqual(env.PUBLIC_BASE_URL);
  });

  it('refuses a status-list domain without its certificate', () => {
    const app = new App({ context: { statusListDomain: chinaEdge.statusListDomain } });
    expect(() => readStageConfig(app.node)).toThrow(/statusListDomain and statusListIamCertificateId/);
  });
});
