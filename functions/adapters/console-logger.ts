/** JSON-lines logger on stdout/stderr (CloudWatch on AWS). Masks ID and mobile numbers in every line. */
import { maskFreeText } from '../core/masking.js';
import type { Logger } from '../ports/logger.js';

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof levels;

export interface ConsoleLoggerOptions {
  level: LogLevel;
  service: string;
  /** Where lines go. @default process.stdout/stderr via console */
  write?: (line: string, level: LogLevel) => void;
  now?: () => Date;
}

export class ConsoleLogger implements Logger {
  readonly #options: ConsoleLoggerOptions;

  constructor(options: ConsoleLoggerOptions) {
    this.#options = options;
  }

  #log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (levels[level] < levels[this.#options.level]) return;
    const line = maskFreeText(
      JSON.stringify({
        level,
        time: (this.#options.now?.() ?? new Date()).toISOString(),
        service: this.#options.service,
        message,
        ...fields,
      }),
    );
    if (this.#options.write) this.#options.write(line, level);
    else if (level === 'error' || level === 'warn') console.error(line);
    else console.log(line);
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#log('debug', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.#log('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.#log('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.#log('error', message, fields);
  }
}
