import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ContentionError,
  DocumentChangedError,
  DocumentExistsError,
  NotFoundError,
  PreconditionFailedError,
} from '../errors';
import { retryDelayMs, retryOnConflict, retryPolicy } from './retry';

/** Records the waits instead of sleeping, so the policy's timing is observable and instant. */
function recordedTiming(random: () => number = Math.random) {
  const waits: number[] = [];
  return { waits, timing: { random, sleep: (ms: number) => Promise.resolve(void waits.push(ms)) } };
}

describe('retryDelayMs', () => {
  it('waits between half and all of a ceiling that doubles from the first delay up to the cap', () => {
    for (let attempt = 1; attempt <= retryPolicy.attempts; attempt += 1) {
      const ceiling = Math.min(retryPolicy.maxDelayMs, retryPolicy.firstDelayMs * 2 ** (attempt - 1));
      expect(retryDelayMs(attempt, () => 0)).toBe(ceiling / 2);
      expect(retryDelayMs(attempt, () => 0.999999)).toBeLessThan(ceiling);
      expect(retryDelayMs(attempt, () => 0.999999)).toBeGreaterThan(ceiling * 0.99);
    }
    expect(retryDelayMs(1, () => 0)).toBe(retryPolicy.firstDelayMs / 2);
    expect(retryDelayMs(retryPolicy.attempts, () => 0.999999)).toBeLessThan(retryPolicy.maxDelayMs);
  });

  it('jitters: writers who lost the same race do not wake together', () => {
    const waits = Array.from({ length: 200 }, () => retryDelayMs(4));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...waits)).toBeLessThan(40);
    expect(new Set(waits.map((w) => Math.floor(w))).size).toBeGreaterThan(10);
  });
});

describe('retryOnConflict', () => {
  it('retries the store’s race signals and returns what the winning attempt returns', async () => {
    const { waits, timing } = recordedTiming(() => 0.5);
    const races = [new DocumentChangedError('etag moved'), new DocumentExistsError('id taken')];
    const attempts: number[] = [];
    const result = await retryOnConflict(
      'The counter',
      async (attempt) => {
        attempts.push(attempt);
        const race = races[attempt - 1];
        if (race) throw race;
        return 'committed';
      },
      timing,
    );
    expect(result).toBe('committed');
    expect(attempts).toEqual([1, 2, 3]);
    expect(waits).toEqual([retryDelayMs(1, () => 0.5), retryDelayMs(2, () => 0.5)]);
  });

  it.each([
    ['a domain refusal (ConflictError)', new ConflictError('already posted')],
    ['a client precondition (PreconditionFailedError)', new PreconditionFailedError('If-Match did not match')],
    ['a missing document', new NotFoundError('no such entry')],
    ['an unexpected failure', new Error('socket hang up')],
  ])('does not retry %s', async (_name, error) => {
    const { waits, timing } = recordedTiming();
    let calls = 0;
    await expect(
      retryOnConflict(
        'The entry',
        () => {
          calls += 1;
          return Promise.reject(error);
        },
        timing,
      ),
    ).rejects.toBe(error);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('gives up after the attempt cap with a typed, retryable error carrying the last race', async () => {
    const { waits, timing } = recordedTiming();
    let calls = 0;
    const last = new DocumentChangedError('etag moved again');
    const failure = await retryOnConflict(
      'The audit log',
      () => {
        calls += 1;
        return Promise.reject(last);
      },
      timing,
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ContentionError);
    expect((failure as ContentionError).status).toBe(503);
    expect((failure as ContentionError).message).toMatch(/^The audit log kept changing/);
    expect((failure as ContentionError).cause).toBe(last);
    expect(calls).toBe(retryPolicy.attempts);
    expect(waits).toHaveLength(retryPolicy.attempts - 1);
    // The worst case stays bounded: every wait at its ceiling still ends within 3 seconds.
    const worst = Array.from({ length: retryPolicy.attempts - 1 }, (_, i) => retryDelayMs(i + 1, () => 1));
    expect(worst.reduce((sum, ms) => sum + ms, 0)).toBeLessThan(3000);
  });

  it('really waits between attempts when no timing is given', async () => {
    let calls = 0;
    const started = performance.now();
    await retryOnConflict('The counter', () => {
      calls += 1;
      return calls < 4 ? Promise.reject(new DocumentChangedError('raced')) : Promise.resolve(calls);
    });
    // Attempts 1..3 wait at least 2.5 + 5 + 10 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(17);
  });
});
