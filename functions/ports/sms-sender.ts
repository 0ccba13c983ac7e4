/** Sends text messages to mainland mobiles (SNS / End User Messaging on AWS; an outbox file locally). */
export interface SmsSender {
  /** Send `body` to `to` (11-digit mainland mobile). Returns the provider's message id. */
  send(message: { to: string; body: string; link?: string }): Promise<{ messageId: string }>;
}
