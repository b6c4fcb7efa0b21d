import { describe, expect, it } from 'vitest';
import { parseSchedule } from './ncrontab';

const from = new Date('2025-01-01T00:00:00Z');
const next = (schedule: string, count = 2) =>
  parseSchedule(schedule, 'f')
    .nextRuns(count, from)
    .map((d) => d.toISOString());

describe('NCRONTAB schedules', () => {
  it('reads six fields with seconds first, in UTC', () => {
    expect(next('30 0 3 * * *')).toEqual(['2025-01-01T03:00:30.000Z', '2025-01-02T03:00:30.000Z']);
    expect(next('*/15 * * * * *')).toEqual(['2025-01-01T00:00:15.000Z', '2025-01-01T00:00:30.000Z']);
  });

  it('reads five fields as minute-level schedules', () => {
    expect(next('0 4 * * 1')).toEqual(['2025-01-06T04:00:00.000Z', '2025-01-13T04:00:00.000Z']);
  });

  it('requires day of month and day of week to both match, as NCrontab does', () => {
    expect(next('0 0 3 13 * 5')).toEqual(['2025-06-13T03:00:00.000Z', '2026-02-13T03:00:00.000Z']);
  });

  it('refuses a malformed schedule naming the function', () => {
    expect(() => parseSchedule('every night', 'nightly-close')).toThrow(
      /timer function nightly-close: "every night" is not an NCRONTAB schedule/,
    );
    expect(() => parseSchedule('0 0 0 1 1 * 2030', 'f')).toThrow(/not an NCRONTAB schedule/);
  });
});
