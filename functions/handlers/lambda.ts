/**
 * Lambda entry glue: composes the dependencies from `process.env` on the first invocation (not at import),
 * once per cold start, and serves the module's routes through the shared middy chain.
 */
import { type AppDependencies, compose } from '../composition.js';
import { loadConfig } from '../config.js';
import { createHttpHandler, type LambdaHttpHandler } from '../http/handler.js';
import type { RouteDefinition } from '../http/route.js';

let shared: AppDependencies | undefined;

/** The process's one composition (built on first use). */
export const sharedDependencies = (): AppDependencies => {
  shared ??= compose(loadConfig(process.env));
  return shared;
};

/** A Lambda handler for `routes`, sharing one composition per process. */
export function lambdaHandler(routes: RouteDefinition<AppDependencies>[]): LambdaHttpHandler {
  let built: LambdaHttpHandler | undefined;
  return (event, context) => {
    if (!built) {
      const deps = sharedDependencies();
      built = createHttpHandler(routes, deps, deps.http);
    }
    return built(event, context);
  };
}
