/**
 * One Lambda per handler module (`functions/handlers/index.ts`), each with its own role, log group and the
 * permissions its entry in `lib/permissions.ts` declares — nothing shared, so a flaw in one module cannot use
 * another's privileges.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaNodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HandlerModule } from '../functions/handlers/index.js';
import { bundlingOptions, handlerEntry, projectRoot } from './bundling.js';
import { type GrantTargets, moduleStatements } from './grants.js';
import type { ModulePermissions } from './permissions.js';

/** A module together with what it may do. */
export interface DeployedModule {
  module: HandlerModule;
  permissions: ModulePermissions;
  /** Created before the keys, so that the seal key's policy can name the signing roles. */
  role: iam.Role;
}

/** Creates a module's execution role (no managed policies: everything it gets is listed explicitly). */
export function createModuleRole(scope: Construct, moduleName: string): iam.Role {
  return new iam.Role(scope, `${pascal(moduleName)}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Zhengzhao ${moduleName} handler`,
  });
}

/** What every function receives besides its module. */
export interface HandlerFunctionsProps {
  modules: DeployedModule[];
  targets: GrantTargets;
  /** The environment every function reads through `functions/config.ts` (names of tables, buckets, keys). */
  environment: Record<string, string>;
  /** Extra environment for modules that enqueue SMS. */
  smsEnvironment: Record<string, string>;
  logRetentionDays: number;
  /** Source file of a module; tests point new module names at existing files. */
  entry?: (moduleName: string) => string;
}

/** `deadline-warnings` → `DeadlineWarnings`: construct ids from kebab-case names. */
export const pascal = (name: string): string =>
  name.replace(/(^|[-_])([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

/** The functions of all handler modules, by module name. */
export class HandlerFunctions extends Construct {
  readonly functions = new Map<string, lambdaNodejs.NodejsFunction>();
  readonly logGroups = new Map<string, logs.LogGroup>();

  constructor(scope: Construct, id: string, props: HandlerFunctionsProps) {
    super(scope, id);
    for (const deployed of props.modules) this.createFunction(deployed, props);
  }

  private createFunction({ module, permissions, role }: DeployedModule, props: HandlerFunctionsProps): void {
    const name = pascal(module.name);
    const logGroup = new logs.LogGroup(this, `${name}Logs`, {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    for (const statement of moduleStatements(permissions, props.targets))
      role.addToPrincipalPolicy(statement);
    const fn = new lambdaNodejs.NodejsFunction(this, name, {
      entry: (props.entry ?? handlerEntry)(module.name),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: permissions.memoryMb,
      timeout: Duration.seconds(permissions.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: {
        ...props.environment,
        ...(permissions.sms === 'enqueue' ? props.smsEnvironment : {}),
        POWERTOOLS_SERVICE_NAME: `zhengzhao-${module.name}`,
        POWERTOOLS_METRICS_NAMESPACE: 'Zhengzhao',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: bundlingOptions(permissions.needsFonts === true),
      description: `Zhengzhao ${module.name}: ${module.routes.length} route(s)`,
    });
    this.functions.set(module.name, fn);
    this.logGroups.set(module.name, logGroup);
  }
}
