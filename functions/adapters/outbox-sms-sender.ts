/**
 * The local runtime's SMS adapter: messages are appended to a JSON-lines outbox file (under $DATA_DIR) instead
 * of being sent, and `GET /local/sms` shows them.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import type { SmsSender } from '../ports/sms-sender.js';

export interface OutboxMessage {
  messageId: string;
  to: string;
  body: string;
  link?: string;
  sentAt: string;
}

export class OutboxSmsSender implements SmsSender {
  readonly #file: string;
  readonly #now: () => Date;

  constructor(options: { file: string; now: () => Date }) {
    this.#file = options.file;
    this.#now = options.now;
  }

  async send(message: { to: string; body: string; link?: string }): Promise<{ messageId: string }> {
    const entry: OutboxMessage = { messageId: randomUUID(), ...message, sentAt: this.#now().toISOString() };
    await appendFile(this.#file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    return { messageId: entry.messageId };
  }

  /** Every message sent so far, oldest first. */
  async list(): Promise<OutboxMessage[]> {
    const text = await readFile(this.#file, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as OutboxMessage);
  }
}
