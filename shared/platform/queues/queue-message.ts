import type { z } from 'zod';
import type { Logger } from '../telemetry/logger';

/** What a queue's messages must be, and what the log line of a refused one calls them. */
export interface QueueMessageKind<T> {
  /** e.g. `dimension-migration`: the log says "dimension-migration message refused". */
  readonly name: string;
  readonly schema: z.ZodType<T>;
}

/**
 * A queue message as its schema reads it, or undefined for one no retry can make sense of:
 * logged, then dropped (poisoning it would only move the same garbage elsewhere).
 */
export function readQueueMessage<T>(
  kind: QueueMessageKind<T>,
  message: unknown,
  logger: Logger,
  queue: string,
): T | undefined {
  const parsed = kind.schema.safeParse(message);
  if (parsed.success) return parsed.data;
  logger.error(`${kind.name} message refused`, { queue, issues: parsed.error.issues.length });
  return undefined;
}
