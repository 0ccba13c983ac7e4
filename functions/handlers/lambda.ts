/**
 * Lambda entry glue: composes the dependencies from `process.env` on the first invocation (not at import),
 * once per cold start, and serves the module's routes through the shared middy chain. Each handler module
 * passes the parts it uses (functions/parts/), so its bundle holds nothing else.
 */
import { type AppDependencies, compose } from '../composition.js';
import { loadConfig } from '../config.js';
import { createHttpHandler, type LambdaHttpHandler } from '../http/handler.js';
import type { RouteDefinition } from '../http/route.js';
import type { CompositionParts } from '../parts/types.js';

// One composition per parts set: one per process on Lambda; in the local runtime, where every module shares
// the process, each module still gets its own (as its Lambda would).
const compositions = new Map<CompositionParts, AppDependencies>();

/** The process's composition for `parts` (built on first use). */
export const sharedDependencies = (parts: CompositionParts): AppDependencies => {
  let deps = compositions.get(parts);
  if (!deps) {
    deps = compose(loadConfig(process.env), {}, parts);
    compositions.set(parts, deps);
  }
  return deps;
};

/** A Lambda handler for `routes`, with the module's parts. */
export function lambdaHandler(
  routes: RouteDefinition<AppDependencies>[],
  parts: CompositionParts,
): LambdaHttpHandler {
  let built: LambdaHttpHandler | undefined;
  return (event, context) => {
    if (!built) {
      const deps = sharedDependencies(parts);
      built = createHttpHandler(routes, deps, deps.http);
    }
    return built(event, context);
  };
}
