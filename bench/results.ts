/** The shape of bench-results.json (the brief's required keys plus the figures behind them). */
import type { BareParts } from './bare-parts.js';
import type { BulkBench, BulkUsage } from './bulk.js';
import type { BundleFigure } from './bundles.js';
import type { CostLine } from './costs.js';
import type { LoadResults } from './http-load.js';
import type { IssueTimeline } from './issue-timeline.js';
import type { MachineInfo } from './machine.js';
import type { MeteredUsage } from './metered-pass.js';
import type { OfdBench } from './ofd-bench.js';
import type { ProfileSummary } from './profile.js';
import type { SealComparison } from './seal-compare.js';
import type { Timing } from './stats.js';
import type { StatusListSize } from './status-list-size.js';
import type { VerifyResults } from './verify-compare.js';

/** Everything one bench run produced. */
export interface BenchResults {
  generatedAt: string;
  machine: MachineInfo;
  ratios: {
    issueVsBareParts: number;
    sealVsSignpdf: number;
    verifyVsPdfsig: number;
    /** Bulk licences/s on the local runtime ÷ (cores ÷ one licence's render + seal CPU time); target ≥ 0.6. */
    bulkVsCpuFloor?: number;
    /**
     * Concurrent HTTP issues per second ÷ the peer's bare render + sign per second on the same cores (its
     * single-thread rate × cores, same run); target ≥ 4.
     */
    issueThroughputVsSignpdf?: number;
  };
  /** The bulk job behind `ratios.bulkVsCpuFloor`, and what one bulk licence consumed (metered run). */
  bulk?: BulkBench & { usage: BulkUsage };
  batch54Seconds: number;
  /** DynamoDB write units (metered pass): one licence issued by one request, one of a 54-licence request. */
  dynamo: { wruPerIssue: number; wruPerBatchLicence: number };
  bundles: BundleFigure[] | { skipped: string };
  costPerMillionUsd: number;
  costPerMillionUsdBatched: number;
  /** One request per licence, plus the intake of its (one-licence) case. */
  costPerMillionUsdWithIntake: number;
  peakRssMiB: { runtime: number; bench: number };
  seal: Omit<SealComparison, 'samples'> & { validity: Record<string, string> };
  bareParts: BareParts & { sumMs: number };
  http: Omit<LoadResults, 'issued' | 'issueWindows'>;
  /** Where the time of the sequential issues went on the storage side. */
  issueTimeline: IssueTimeline;
  verification: VerifyResults;
  costs: { lines: CostLine[]; batchedLines: CostLine[]; intakeLines: CostLine[] };
  /** What each step consumed on AWS's meters (the metered pass). */
  usage: MeteredUsage;
  profile: ProfileSummary | { skipped: string };
  /** One token status list at its full size (absent in results from before status lists). */
  statusList?: StatusListSize;
  /**
   * The OFD rendition (absent in results from before it): render + SM2 seal per licence (in-process SM2 key) beside
   * the PDF's in-process render + seal, and the verification of one sealed file.
   */
  ofd?: OfdBench & { renderSealMs: number; verifyMs: number; pdfRenderSealMs: number };
  notes: string[];
}

/** Milliseconds with one decimal, for tables. */
export const ms = (t: Timing | undefined): string =>
  t ? `${t.medianMs.toFixed(1)} / ${t.p95Ms.toFixed(1)}` : 'n/a';
