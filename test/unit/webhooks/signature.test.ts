import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  formatSecret,
  parseSecret,
  signWebhook,
  webhookHeaders,
} from '../../../functions/core/webhooks/signature.js';

describe('Standard Webhooks signatures', () => {
  it('reproduces the example of the Standard Webhooks reference libraries', () => {
    // Prepare: the test vector of standard-webhooks' own test suites (secret, msg id, timestamp, payload).
    const secret = parseSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    // Act
    const signature = signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    // Assess
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs id.timestamp.body with the decoded secret bytes, as an independent HMAC computes it', () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256));
    const secret = formatSecret(bytes);
    const body = '{"id":"evt_1","type":"case.submitted","data":{"caseId":"C-1"}}';
    const headers = webhookHeaders(parseSecret(secret), 'evt_1', 1_780_000_000, body);
    const expected = createHmac('sha256', bytes).update(`evt_1.1780000000.${body}`).digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(headers['webhook-id']).toBe('evt_1');
    expect(headers['webhook-timestamp']).toBe('1780000000');
    // Signing with the string instead of its bytes would not match.
    const wrong = createHmac('sha256', secret).update(`evt_1.1780000000.${body}`).digest('base64');
    expect(headers['webhook-signature']).not.toBe(`v1,${wrong}`);
  });

  it('formats secrets as whsec_ + base64 and parses them back', () => {
    const bytes = new Uint8Array([1, 2, 3, 250, 251, 252]);
    expect(formatSecret(bytes)).toBe('whsec_AQID+vv8');
    expect([...parseSecret(formatSecret(bytes))]).toEqual([...bytes]);
  });
});
