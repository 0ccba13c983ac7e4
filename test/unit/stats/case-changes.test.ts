/**
 * The statistics aggregator's arithmetic: what a case's old and new image add to the counters, and a batch
 * summed into one delta per counter.
 */
import { describe, expect, it } from 'vitest';
import { calendarYearFiles } from '../../../functions/catalogue/calendar/index.js';
import { createWorkingDayCalendar } from '../../../functions/core/calendar/working-day-calendar.js';
import type { CaseImage } from '../../../functions/core/stats/case-changes.js';
import { aggregateCaseChanges, deltasOfCaseChange } from '../../../functions/core/stats/case-changes.js';

const calendar = createWorkingDayCalendar(calendarYearFiles);
const ITEM = 'TRANSPORT_OVERSIZE_PERMIT';

const image = (fields: CaseImage): CaseImage => ({
  serviceItemCode: ITEM,
  decisions: [],
  certificateIds: [],
  updatedAt: '2025-09-30T02:00:00.000Z',
  ...fields,
});

describe('deltasOfCaseChange', () => {
  it('counts a created case in its status', () => {
    expect(deltasOfCaseChange({ new: image({ status: 'DRAFT' }) }, calendar)).toEqual({
      [`stats:cases:${ITEM}:DRAFT`]: 1,
    });
  });

  it('moves one count between statuses, and adds nothing for a write that keeps the status', () => {
    // Act
    const submitted = deltasOfCaseChange(
      { old: image({ status: 'DRAFT' }), new: image({ status: 'SUBMITTED' }) },
      calendar,
    );
    const unchanged = deltasOfCaseChange(
      { old: image({ status: 'SUBMITTED' }), new: image({ status: 'SUBMITTED', dueAt: '2025-10-30' }) },
      calendar,
    );
    // Assess
    expect(submitted).toEqual({ [`stats:cases:${ITEM}:DRAFT`]: -1, [`stats:cases:${ITEM}:SUBMITTED`]: 1 });
    expect(unchanged).toEqual({});
  });

  it('adds a processing-time sample in working days when a case is decided, on time or late', () => {
    // Prepare: submitted Friday 2025-09-26, decided Tuesday 2025-09-30 (Sunday 28th is a make-up working day).
    const submitted = image({
      status: 'SUBMITTED',
      submittedAt: '2025-09-26T02:00:00.000Z',
      dueAt: '2025-09-29T15:59:59.999Z',
    });
    const decided = {
      ...submitted,
      status: 'APPROVED' as const,
      decisions: [
        {
          department: 'A',
          decision: 'APPROVE' as const,
          at: '2025-09-30T02:00:00.000Z',
          clientId: 'c',
        },
      ],
    };
    // Act
    const deltas = deltasOfCaseChange({ old: submitted, new: decided }, calendar);
    // Assess
    const days = calendar.workingDaysBetween(
      new Date('2025-09-26T02:00:00.000Z'),
      new Date('2025-09-30T02:00:00.000Z'),
    );
    expect(days).toBe(3);
    expect(deltas).toEqual({
      [`stats:cases:${ITEM}:SUBMITTED`]: -1,
      [`stats:cases:${ITEM}:APPROVED`]: 1,
      [`stats:proc:${ITEM}:${days}`]: 1,
      [`stats:late:${ITEM}`]: 1,
    });
  });

  it('counts the licences a change to ISSUED added on the Shanghai day of the batch', () => {
    // Prepare: issued at 16:30 UTC, already the next day in Shanghai.
    const approved = image({ status: 'APPROVED', certificateIds: ['CERT-OLD'] });
    const issued = image({
      status: 'ISSUED',
      certificateIds: ['CERT-OLD', 'CERT-1', 'CERT-2'],
      issuance: {
        batchId: 'B',
        requestHash: 'h',
        state: 'COMMITTED',
        startedAt: '2025-09-30T16:29:00.000Z',
        issuedAt: '2025-09-30T16:30:00.000Z',
        licences: [],
      },
    });
    // Act
    const deltas = deltasOfCaseChange({ old: approved, new: issued }, calendar);
    // Assess
    expect(deltas).toEqual({
      [`stats:cases:${ITEM}:APPROVED`]: -1,
      [`stats:cases:${ITEM}:ISSUED`]: 1,
      'stats:issued:2025-10-01': 2,
      [`stats:issued:${ITEM}:2025-10-01`]: 2,
    });
  });

  it('takes a deleted case out of its status', () => {
    expect(deltasOfCaseChange({ old: image({ status: 'RETURNED' }) }, calendar)).toEqual({
      [`stats:cases:${ITEM}:RETURNED`]: -1,
    });
  });
});

describe('aggregateCaseChanges', () => {
  it('sums a batch into one delta per counter and leaves out counters that cancel out', () => {
    // Prepare: three cases created, two of them submitted, in one batch.
    const created = { new: image({ status: 'DRAFT' }) };
    const submitted = { old: image({ status: 'DRAFT' }), new: image({ status: 'SUBMITTED' }) };
    const other = { new: image({ serviceItemCode: 'MINING_RIGHT_LICENSE', status: 'DRAFT' }) };
    // Act
    const deltas = aggregateCaseChanges([created, created, submitted, submitted, other], calendar);
    // Assess
    expect(deltas).toEqual({
      [`stats:cases:${ITEM}:SUBMITTED`]: 2,
      'stats:cases:MINING_RIGHT_LICENSE:DRAFT': 1,
    });
  });
});
