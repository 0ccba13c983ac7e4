import { afterEach, describe, expect, it, vi } from 'vitest';
import { PowertoolsLoggerAdapter, PowertoolsMetricsAdapter } from '../../../functions/adapters/powertools.js';

const captured = () => {
  const lines: string[] = [];
  const write = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(write as never);
  vi.spyOn(console, 'info').mockImplementation((...args: unknown[]) =>
    lines.push(args.map(String).join(' ')),
  );
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => lines.push(args.map(String).join(' ')));
  return lines;
};

describe('Powertools adapters (Lambda)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes structured JSON logs with personal data masked', () => {
    // Prepare
    const lines = captured();
    const logger = new PowertoolsLoggerAdapter({ serviceName: 'zhengzhao-test', level: 'info' });

    // Act
    logger.info('sent to 13800138000', { idNumber: '11010519491231002X', caseId: 'CASE-1' });

    // Assess
    const text = lines.join('\n');
    expect(text).toContain('138****8000');
    expect(text).toContain('110***********002X');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('11010519491231002X');
    expect(text).toContain('zhengzhao-test');
  });

  it('publishes counts in CloudWatch embedded metric format', () => {
    // Prepare
    const lines = captured();
    const metrics = new PowertoolsMetricsAdapter({ namespace: 'Zhengzhao', serviceName: 'zhengzhao-test' });

    // Act
    metrics.count('LicencesIssued', 54);
    metrics.flush();

    // Assess
    const emf = lines.map((l) => l.trim()).find((l) => l.includes('LicencesIssued')) ?? '';
    const doc = JSON.parse(emf);
    expect(doc._aws.CloudWatchMetrics[0].Namespace).toBe('Zhengzhao');
    expect(doc.LicencesIssued).toBe(54);
  });
});
