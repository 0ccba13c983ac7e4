/**
 * ConsoleLogger: one JSON line per call, ID numbers and mobiles masked wherever they appear (message,
 * fields, nested values, error stacks), and lines below the configured level dropped.
 */
import { describe, expect, it } from 'vitest';
import { ConsoleLogger, type LogLevel } from '../../../functions/adapters/console-logger.js';

function capture(level: LogLevel) {
  const lines: Array<{ line: string; level: LogLevel }> = [];
  const logger = new ConsoleLogger({
    level,
    service: 'zhengzhao-test',
    write: (line, lineLevel) => lines.push({ line, level: lineLevel }),
    now: () => new Date('2026-03-26T08:00:00Z'),
  });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l.line) as Record<string, unknown>) };
}

const idNumber = '11010519491231002X';
const mobile = '13800138000';

describe('ConsoleLogger', () => {
  it('writes one JSON line with level, time, service, message and fields', () => {
    // Prepare
    const { logger, parsed } = capture('debug');

    // Act
    logger.info('request', { requestId: 'r-1', status: 201 });

    // Assess
    expect(parsed()).toEqual([
      {
        level: 'info',
        time: '2026-03-26T08:00:00.000Z',
        service: 'zhengzhao-test',
        message: 'request',
        requestId: 'r-1',
        status: 201,
      },
    ]);
  });

  it('masks ID numbers and mobiles in the message, in fields and in nested values', () => {
    // Prepare
    const { logger, lines, parsed } = capture('debug');

    // Act
    logger.warn(`申请人 ${idNumber} 手机 +86${mobile}`, {
      applicant: { idNumber: idNumber.toLowerCase(), mobile },
      note: `联系电话:${mobile}。`,
      error: { message: `lookup failed for ${idNumber}`, stack: `Error: ${mobile}\n    at x` },
    });

    // Assess
    const all = lines.map((l) => l.line).join('\n');
    expect(all).not.toContain(mobile);
    expect(all.toUpperCase()).not.toContain(idNumber);
    const [entry] = parsed();
    expect(entry?.message).toBe('申请人 110***********002X 手机 138****8000');
    expect(entry?.applicant).toEqual({ idNumber: '110***********002x', mobile: '138****8000' });
    expect(entry?.note).toBe('联系电话:138****8000。');
  });

  it('keeps numbers that only resemble personal data, such as serials and timestamps', () => {
    // Prepare
    const { logger, parsed } = capture('debug');

    // Act
    logger.info('issued', { serial: 1234567, epochMs: 1774512000000, sha256: 'ab'.repeat(32) });

    // Assess
    expect(parsed()[0]).toMatchObject({ serial: 1234567, epochMs: 1774512000000, sha256: 'ab'.repeat(32) });
  });

  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ] as const)('at level %s writes only %j', (level, expected) => {
    // Prepare
    const { logger, lines } = capture(level);

    // Act
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');

    // Assess
    expect(lines.map((l) => l.level)).toEqual(expected);
  });
});
