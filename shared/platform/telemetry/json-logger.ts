import type { LogFields, Logger, LogLevel } from './logger';
import { redact } from './redaction';

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  readonly level: LogLevel;
  /** Where finished lines go; stdout by default (the Functions host forwards it to App Insights). */
  readonly sink?: (line: string) => void;
  readonly clock?: () => Date;
}

/** One JSON object per line, every field passed through redaction first. */
export function createLogger(options: JsonLoggerOptions, bound: LogFields = {}): Logger {
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? (() => new Date());
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (order[level] < order[options.level]) return;
    const entry = redact({ ...bound, ...(fields ?? {}) }) as Record<string, unknown>;
    sink(JSON.stringify({ time: clock().toISOString(), level, message: redact(message), ...entry }));
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}
