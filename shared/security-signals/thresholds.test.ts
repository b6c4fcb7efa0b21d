import { describe, expect, it } from 'vitest';
import { changedThresholds, defaultThresholds, effectiveThresholds, thresholdsSchema } from './thresholds';

describe('signal thresholds', () => {
  it('the defaults are valid thresholds', () => {
    expect(thresholdsSchema.parse(defaultThresholds)).toEqual(defaultThresholds);
  });

  it('a kind added after an organisation saved its thresholds gets its default', () => {
    const saved = structuredClone(defaultThresholds) as { rapidActions: { limits: Record<string, number> } };
    delete saved.rapidActions.limits.approval;
    saved.rapidActions.limits.export = 3;
    const effective = effectiveThresholds(saved as typeof defaultThresholds);
    expect(effective.rapidActions.limits).toMatchObject({ approval: 40, export: 3 });
  });

  it('names each changed field with its old and new value, and nothing else', () => {
    const next = structuredClone(defaultThresholds);
    next.notFoundProbing.limit = 5;
    next.outlierPostings.deviations = 4;
    expect(changedThresholds(defaultThresholds, next)).toEqual({
      from: JSON.stringify({ 'notFoundProbing.limit': 20, 'outlierPostings.deviations': 6 }),
      to: JSON.stringify({ 'notFoundProbing.limit': 5, 'outlierPostings.deviations': 4 }),
    });
    expect(changedThresholds(defaultThresholds, structuredClone(defaultThresholds))).toBeUndefined();
  });

  it('refuses thresholds that would switch a signal off or fire on everything', () => {
    const zero = { ...defaultThresholds, notFoundProbing: { windowMinutes: 10, limit: 0 } };
    const loose = { ...defaultThresholds, outlierPostings: { minimumSamples: 1, deviations: 6 } };
    expect(thresholdsSchema.safeParse(zero).success).toBe(false);
    expect(thresholdsSchema.safeParse(loose).success).toBe(false);
  });
});
