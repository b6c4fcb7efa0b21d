import type { z } from 'zod';
import type { Logger } from '../telemetry/logger';

/**
 * A queue message as its schema reads it, or undefined for one no retry can make sense of:
 * logged, then dropped (poisoning it would only move the same garbage elsewhere).
 */
export function readQueueMessage<T>(
  schema: z.ZodType<T>,
  message: unknown,
  logger: Logger,
  queue: string,
): T | undefined {
  const parsed = schema.safeParse(message);
  if (parsed.success) return parsed.data;
  logger.error('queue message malformed; dropped', { queue, issues: parsed.error.issues.length });
  return undefined;
}
