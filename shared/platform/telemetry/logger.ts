/**
 * Structured logging. Every line is one JSON object; fields pass through redaction before
 * they are written, so secrets and encrypted fields never reach a log sink.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line (request id, function name...). */
  child(fields: LogFields): Logger;
}
