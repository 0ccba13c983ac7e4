/**
 * The local runtime's last line of defence: one process serves every request, so a handler bug that leaves
 * a rejected promise nobody handles (or throws from a callback outside any request's try) would end the
 * whole runtime — Node's default for both. Here they are logged as bugs and the runtime keeps serving.
 *
 * This is a net, not a fix: every such report is a bug to fix at its root (attach a handler where a promise
 * is created and awaited later). On Lambda the runtime's own listener fails the invocation and resets the
 * container instead, so the root causes are what keep a Lambda answering.
 */

/** How a report is written (the local runtime: stderr). */
export type SafetyNetLog = (line: string) => void;

const describe = (reason: unknown): string =>
  reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : String(reason);

/**
 * Log unhandled rejections and uncaught exceptions instead of exiting. Returns a function that removes the
 * listeners again. Counts reports in `reports` so a caller can expose or assert them.
 */
export function installProcessSafetyNet(log: SafetyNetLog): { reports: () => number; uninstall: () => void } {
  let reports = 0;
  const onRejection = (reason: unknown) => {
    reports += 1;
    log(`BUG unhandled promise rejection (the runtime keeps serving): ${describe(reason)}`);
  };
  const onException = (error: Error, origin: string) => {
    reports += 1;
    log(`BUG uncaught exception from ${origin} (the runtime keeps serving): ${describe(error)}`);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    reports: () => reports,
    uninstall: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
