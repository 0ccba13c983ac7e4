/**
 * Builds the CDK app of one stage (context `stage`): the stack and, where the partition has CloudFront, the
 * us-east-1 stack holding the web ACL. cdk-nag's AwsSolutions and Serverless packs check every synth.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { HandlerModule } from '../functions/handlers/index.js';
import { WebAclStack } from './edge.js';
import type { ModulePermissions } from './permissions.js';
import { readStageConfig, type StageConfig } from './stage-config.js';
import { ZhengzhaoStack } from './zhengzhao-stack.js';

const CROSS_STACK_REFERENCES = '@aws-cdk/core:defaultCrossStackReferences';

/** Overrides for tests (handler modules that do not exist yet, other permissions). */
export interface BuildOptions {
  modules?: HandlerModule[];
  permissions?: Record<string, ModulePermissions>;
  entry?: (moduleName: string) => string;
}

/** What `buildApp` created. */
export interface BuiltApp {
  config: StageConfig;
  stack: ZhengzhaoStack;
  webAclStack?: WebAclStack;
}

/** Adds the stage's stacks and the nag checks to `app`. */
export function buildApp(app: App, options: BuildOptions = {}): BuiltApp {
  // Strong references (CloudFormation exports) protect the web ACL from deletion while the stack uses it.
  if (app.node.tryGetContext(CROSS_STACK_REFERENCES) === undefined) {
    app.node.setContext(CROSS_STACK_REFERENCES, 'strong');
  }
  const config = readStageConfig(app.node);
  const name = `Zhengzhao-${config.stage}`;
  const webAclStack = config.edgeWaf
    ? new WebAclStack(app, `${name}-Waf`, {
        env: { account: config.account, region: 'us-east-1' },
        crossRegionReferences: true,
        publicRateLimitPer5Min: config.publicRateLimitPer5Min,
      })
    : undefined;
  const stack = new ZhengzhaoStack(app, name, {
    env: { account: config.account, region: config.region },
    crossRegionReferences: config.edgeWaf,
    config,
    ...(webAclStack ? { webAclArn: webAclStack.webAcl.attrArn } : {}),
    ...options,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { config, stack, ...(webAclStack ? { webAclStack } : {}) };
}
