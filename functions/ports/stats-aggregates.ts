/** Where the statistics aggregator (functions/core/stats/case-changes.ts) adds a batch's counter deltas. */
export interface StatsAggregates {
  /**
   * Add `deltas` (counter name → amount) once per `batchId`: a delivery of the same batch again (a stream
   * retry after the first delivery's answer was lost) adds nothing. `APPLIED` when this call added them.
   */
  applyOnce(batchId: string, deltas: Record<string, number>): Promise<'APPLIED' | 'ALREADY_APPLIED'>;
}
