/** Business and HTTP metrics (CloudWatch EMF through Powertools on AWS; a no-op locally). */
export interface Metrics {
  /** Add `value` to the count named `name` for this invocation. */
  count(name: string, value?: number): void;
  /** Write what was counted (once per invocation). */
  flush(): void;
}
