/**
 * `GET /v1/cases`: the calling client's own cases, newest first, a page at a time — read from the cases
 * index by client (never a scan), so another client's cases are never read, let alone shown. A key scoped to
 * some service items lists only those (as it could read only those one by one).
 */
import { collectPage, listScope, type Page, pageLimit } from '../lists/page.js';
import { authoriseServiceItem, type CaseDependencies } from './case-context.js';
import type { CaseStatus, CaseView, Principal } from './model.js';
import { slaOf, toCaseView } from './view.js';

export interface CaseListQuery {
  serviceItemCode?: string;
  status?: CaseStatus;
  /** As the client sent it (text); default and bounds in `pageLimit`. */
  limit?: string;
  cursor?: string;
}

const inScope = (principal: Principal, serviceItemCode: string) =>
  principal.serviceItems.includes('*') || principal.serviceItems.includes(serviceItemCode);

/** One page of the principal's cases matching the query. */
export async function listCases(
  deps: CaseDependencies,
  principal: Principal,
  query: CaseListQuery,
): Promise<Page<CaseView>> {
  const limit = pageLimit(query.limit);
  // A filter on an item outside the key's scope is refused as reading such a case would be.
  if (query.serviceItemCode !== undefined) authoriseServiceItem(principal, query.serviceItemCode);
  const now = deps.clock.now();
  return collectPage({
    cursors: deps.pageCursors,
    scope: listScope('cases', principal.clientId, query.serviceItemCode, query.status),
    cursor: query.cursor,
    limit,
    read: (page) => deps.cases.listByClient(principal.clientId, page),
    keep: (record) => {
      if (record.clientId !== principal.clientId || !inScope(principal, record.serviceItemCode))
        return undefined;
      if (query.serviceItemCode !== undefined && record.serviceItemCode !== query.serviceItemCode)
        return undefined;
      if (query.status !== undefined && record.status !== query.status) return undefined;
      const item = deps.catalogue.get(record.serviceItemCode);
      // A case of an item no longer in the catalogue cannot be shown as a Case; it is left out of lists.
      return item ? toCaseView(record, item, deps.catalogue, slaOf(record, deps.calendar, now)) : undefined;
    },
  });
}
