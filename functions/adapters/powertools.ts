/**
 * Powertools for AWS Lambda: structured JSON logs (with the request's Lambda context) and CloudWatch metrics
 * in embedded metric format. Personal data is masked in every line, as in the console logger.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import { maskFreeText } from '../core/masking.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';

const masked = (fields?: Record<string, unknown>) =>
  fields ? (JSON.parse(maskFreeText(JSON.stringify(fields))) as Record<string, unknown>) : {};

export class PowertoolsLoggerAdapter implements Logger {
  readonly #logger: PowertoolsLogger;

  constructor(options: { serviceName: string; level: 'debug' | 'info' | 'warn' | 'error' }) {
    this.#logger = new PowertoolsLogger({
      serviceName: options.serviceName,
      logLevel: options.level.toUpperCase() as 'INFO',
    });
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#logger.debug(maskFreeText(message), masked(fields));
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.#logger.info(maskFreeText(message), masked(fields));
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.#logger.warn(maskFreeText(message), masked(fields));
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.#logger.error(maskFreeText(message), masked(fields));
  }
}

export class PowertoolsMetricsAdapter implements Metrics {
  readonly #metrics: PowertoolsMetrics;

  constructor(options: { namespace: string; serviceName: string }) {
    this.#metrics = new PowertoolsMetrics({ namespace: options.namespace, serviceName: options.serviceName });
  }

  count(name: string, value = 1): void {
    this.#metrics.addMetric(name, MetricUnit.Count, value);
  }

  flush(): void {
    this.#metrics.publishStoredMetrics();
  }
}

/** Locally (and in tests) metrics go nowhere. */
export class NoMetrics implements Metrics {
  count(): void {}
  flush(): void {}
}
