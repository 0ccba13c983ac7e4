/**
 * Synthesizes the real app (lib/app.ts) for a stage in memory, with bundling skipped unless asked for, and
 * returns the templates and the cdk-nag findings that nobody acknowledged.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { type BuildOptions, type BuiltApp, buildApp } from '../../lib/app.js';
import { pascal } from '../../lib/handler-functions.js';

export interface NagFinding {
  pack: string;
  rule: string;
  severity: string;
  constructs: string[];
}

export interface Synthesized {
  built: BuiltApp;
  template: Template;
  wafTemplate?: Template;
  /** Unacknowledged findings of the AwsSolutions and Serverless packs (errors and warnings). */
  nagFindings: NagFinding[];
  outdir: string;
}

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; severity: string; violatingConstructs: { constructPath?: string }[] }[];
  }[];
}

/** Builds and synthesizes the app with `context` (stage settings) and `options` (modules, permissions). */
export function synthesize(
  context: Record<string, unknown> = {},
  options: BuildOptions = {},
  { bundle = false, afterBuild }: { bundle?: boolean; afterBuild?: (built: BuiltApp) => void } = {},
): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'zz-cdk-'));
  const app = new App({
    outdir,
    context: { ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...context },
  });
  const built = buildApp(app, options);
  afterBuild?.(built);
  // In-memory apps throw here when a nag pack reports an unacknowledged error.
  const assembly = app.synth();
  const report = JSON.parse(
    readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  const nagFindings = report.pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions' || r.pluginName === 'Serverless')
    .flatMap((r) =>
      r.violations.map((v) => ({
        pack: r.pluginName,
        rule: v.ruleName,
        severity: v.severity,
        constructs: v.violatingConstructs.map((c) => c.constructPath ?? '?'),
      })),
    );
  return {
    built,
    template: Template.fromStack(built.stack),
    ...(built.webAclStack ? { wafTemplate: Template.fromStack(built.webAclStack) } : {}),
    nagFindings,
    outdir,
  };
}

/** The logical id of a construct's CloudFormation resource. */
export const logicalId = (c: IConstruct): string =>
  Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);

/** The logical id of a handler module's role. */
export const moduleRoleId = (s: Synthesized, moduleName: string): string =>
  logicalId(s.built.stack.node.findChild(`${pascal(moduleName)}Role`));

/** The statements of the IAM policies attached to role `roleId`. */
export const roleStatements = (s: Synthesized, roleId: string): Record<string, any>[] =>
  Object.values(resourcesOf(s.template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles ?? []).includes(roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);

/** A CloudFormation resource as the template holds it. */
export interface CfnResource {
  Type: string;
  Properties: Record<string, any>;
}

/** The resources of `type`, by logical id. */
export const resourcesOf = (template: Template, type: string): Record<string, CfnResource> =>
  template.findResources(type) as Record<string, CfnResource>;

/** Actions of a statement as an array. */
export const actionsOf = (statement: { Action?: string | string[] }): string[] =>
  statement.Action === undefined ? [] : ([] as string[]).concat(statement.Action);

/** Every policy statement of IAM policies, managed policies and roles' inline policies, with its owner. */
export function iamStatements(template: Template): { owner: string; statement: Record<string, any> }[] {
  const out: { owner: string; statement: Record<string, any> }[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, r] of Object.entries(resourcesOf(template, type))) {
      for (const statement of r.Properties.PolicyDocument.Statement) out.push({ owner: id, statement });
    }
  }
  for (const [id, r] of Object.entries(resourcesOf(template, 'AWS::IAM::Role'))) {
    for (const policy of r.Properties.Policies ?? []) {
      for (const statement of policy.PolicyDocument.Statement) out.push({ owner: id, statement });
    }
  }
  return out;
}
