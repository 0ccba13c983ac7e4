/** `GET /v1/bulk-issuances/{bulkId}`: progress, and the results file once complete (own jobs only). */
import { authoriseServiceItem } from '../cases/case-context.js';
import type { Principal } from '../cases/model.js';
import { DomainError } from '../errors.js';
import type { BulkDependencies } from './context.js';

export interface BulkStatusView {
  bulkId: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  serviceItemCode: string;
  basis: { reference: string };
  total: number;
  issued: number;
  failed: number;
  createdAt: string;
  completedAt?: string;
  resultsUrl?: string;
  resultsUrlExpiresAt?: string;
  error?: { code: string; message: string };
}

const notFound = (bulkId: string) =>
  new DomainError('NOT_FOUND', 'BULK_ISSUANCE_NOT_FOUND', '批量签发任务不存在', 'Bulk issuance not found', {
    details: { bulkId: bulkId.slice(0, 64) },
  });

export async function getBulk(
  deps: BulkDependencies,
  principal: Principal,
  bulkId: string,
): Promise<BulkStatusView> {
  const job = bulkId.length <= 64 ? await deps.store.getJob(bulkId) : undefined;
  // Another client's job is not confirmed to exist.
  if (!job || job.clientId !== principal.clientId) throw notFound(bulkId);
  authoriseServiceItem(principal, job.serviceItemCode);
  const view: BulkStatusView = {
    bulkId,
    // SPLITTING is the start of RUNNING for the client (the contract's two states and FAILED).
    status: job.status === 'SPLITTING' ? 'RUNNING' : job.status,
    serviceItemCode: job.serviceItemCode,
    basis: job.basis,
    total: job.total,
    issued: job.issued,
    failed: job.failed,
    createdAt: job.createdAt,
    ...(job.completedAt ? { completedAt: job.completedAt } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
  if (job.status === 'COMPLETED' && job.resultsKey) {
    view.resultsUrl = await deps.objects.presignGet(job.resultsKey, deps.presignExpiresSeconds);
    view.resultsUrlExpiresAt = new Date(
      deps.clock.now().getTime() + deps.presignExpiresSeconds * 1000,
    ).toISOString();
  }
  return view;
}
