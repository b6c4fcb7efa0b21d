import { ContentionError, DocumentChangedError, DocumentExistsError } from '../errors';

/**
 * The one optimistic-concurrency policy. Attempt n waits between half and all of
 * min(maxDelayMs, firstDelayMs * 2^(n-1)): doubling spreads writers who lost to the same winner,
 * the jitter keeps them from meeting again in lockstep, and the cap bounds the worst wait
 * (about 2.6 s over all attempts) well inside a request's patience.
 */
export const retryPolicy = { attempts: 15, firstDelayMs: 5, maxDelayMs: 250 } as const;

/** Test seams only: a fixed random source and an instant sleep make timing checkable. */
export interface RetryTiming {
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(retryPolicy.maxDelayMs, retryPolicy.firstDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + (ceiling / 2) * random();
}

/** Only the store's own race signals retry; a domain's refusal (a plain ConflictError) never does. */
export function lostRace(error: unknown): boolean {
  return error instanceof DocumentChangedError || error instanceof DocumentExistsError;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one read-decide-write attempt until it commits. Each attempt must read afresh (the
 * previous read is what went stale). Exhaustion throws ContentionError with the last race as
 * its cause, so the caller gets a retryable 503 rather than a 412 it did not provoke.
 */
export async function retryOnConflict<T>(
  what: string,
  attempt: (attempt: number) => Promise<T>,
  timing: RetryTiming = {},
): Promise<T> {
  const sleep = timing.sleep ?? sleepFor;
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!lostRace(error)) throw error;
      if (n >= retryPolicy.attempts) {
        throw new ContentionError(`${what} kept changing while we wrote it; try again`, { cause: error });
      }
      await sleep(retryDelayMs(n, timing.random));
    }
  }
}

/** One jittered wait of the policy, for loops that cannot be expressed as one attempt function. */
export function backoff(attempt: number): Promise<void> {
  return sleepFor(retryDelayMs(attempt));
}
