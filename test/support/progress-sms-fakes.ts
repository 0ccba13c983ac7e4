/** In-memory ProgressSmsLog with the adapter's conditions (claim once, complete/release only by the holder). */
import type { ProgressSmsLog, ProgressSmsRecord } from '../../functions/ports/progress-sms-log.js';

export class MemoryProgressSmsLog implements ProgressSmsLog {
  readonly records = new Map<string, ProgressSmsRecord>();

  async claim(record: ProgressSmsRecord) {
    const existing = this.records.get(record.eventId);
    if (existing) return { claimed: false as const, existing: structuredClone(existing) };
    this.records.set(record.eventId, structuredClone(record));
    return { claimed: true as const };
  }

  async complete(eventId: string, claimToken: string, sent: { messageId: string; sentAt: string }) {
    const record = this.records.get(eventId);
    if (record?.claimToken === claimToken) Object.assign(record, { status: 'SENT', ...sent });
  }

  async release(eventId: string, claimToken: string) {
    const record = this.records.get(eventId);
    if (record?.claimToken === claimToken && record.status === 'SENDING') this.records.delete(eventId);
  }

  async markAudited(eventId: string) {
    const record = this.records.get(eventId);
    if (record) record.audited = true;
  }
}
