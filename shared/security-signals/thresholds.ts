import { z } from 'zod';
import { watchedKindNames, watchedKinds, type WatchedKind } from './watched-actions';

const minutes = z
  .number()
  .int()
  .min(1)
  .max(24 * 60);

/**
 * When each signal fires, per organisation. The defaults sit well above a busy working day (an
 * accountant exporting a dozen reports, an admin onboarding a team) and far below what a script
 * does in minutes; admins tune them at PUT /api/admin/security-signals/settings.
 */
export const thresholdsSchema = z
  .object({
    rapidActions: z.object({
      windowMinutes: minutes,
      /** More than this many of one kind by one member in one window raises a signal. */
      limits: z.object(
        Object.fromEntries(watchedKindNames.map((kind) => [kind, z.number().int().min(1).max(10_000)])) as Record<
          WatchedKind,
          z.ZodNumber
        >,
      ),
    }),
    notFoundProbing: z.object({
      windowMinutes: minutes,
      /** More than this many answers of "no such record" to well-formed ids by one member in one window. */
      limit: z.number().int().min(1).max(10_000),
    }),
    newAddressThenSensitiveChange: z.object({
      /** How long after a sign-in from a new address a sensitive change raises a signal. */
      windowMinutes: minutes,
    }),
    outlierPostings: z.object({
      /** Postings to an account before its amounts count as its usual range (a young ledger never fires). */
      minimumSamples: z.number().int().min(5).max(100_000),
      /** How many standard deviations from the account's mean an amount must lie. */
      deviations: z.number().min(2).max(1000),
    }),
  })
  .meta({ id: 'SecuritySignalThresholds' });
export type Thresholds = z.infer<typeof thresholdsSchema>;

export const defaultThresholds: Thresholds = {
  rapidActions: {
    windowMinutes: 10,
    limits: Object.fromEntries(watchedKindNames.map((kind) => [kind, watchedKinds[kind].defaultLimit])) as Record<
      WatchedKind,
      number
    >,
  },
  notFoundProbing: { windowMinutes: 10, limit: 20 },
  newAddressThenSensitiveChange: { windowMinutes: 60 },
  outlierPostings: { minimumSamples: 30, deviations: 6 },
};

/**
 * What is stored, over the defaults: a kind added after an organisation saved its thresholds
 * gets its default limit instead of failing validation.
 */
export function effectiveThresholds(stored: Partial<Thresholds> | undefined): Thresholds {
  if (!stored) return defaultThresholds;
  return {
    rapidActions: {
      windowMinutes: stored.rapidActions?.windowMinutes ?? defaultThresholds.rapidActions.windowMinutes,
      limits: { ...defaultThresholds.rapidActions.limits, ...stored.rapidActions?.limits },
    },
    notFoundProbing: { ...defaultThresholds.notFoundProbing, ...stored.notFoundProbing },
    newAddressThenSensitiveChange: {
      ...defaultThresholds.newAddressThenSensitiveChange,
      ...stored.newAddressThenSensitiveChange,
    },
    outlierPostings: { ...defaultThresholds.outlierPostings, ...stored.outlierPostings },
  };
}

/** The fields that differ, as `path: value` on each side, for the audit record of a change. */
export function changedThresholds(before: Thresholds, after: Thresholds): { from: string; to: string } | undefined {
  const flat = (value: unknown, path: string, into: Record<string, unknown>): Record<string, unknown> => {
    if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) flat(item, path ? `${path}.${key}` : key, into);
    else into[path] = value;
    return into;
  };
  const old = flat(before, '', {});
  const next = flat(after, '', {});
  const changed = Object.keys(next).filter((key) => old[key] !== next[key]);
  if (changed.length === 0) return undefined;
  const pick = (values: Record<string, unknown>) =>
    JSON.stringify(Object.fromEntries(changed.map((k) => [k, values[k]])));
  return { from: pick(old), to: pick(next) };
}
