import { describe, expect, it } from 'vitest';
import { addBankingDays, bankingHoursLater, fedHolidays, isBankingDay, nextBankingDay } from './banking-days';

/** The Federal Reserve's published holiday schedules (frbservices.org/about/holiday-schedules). */
const published = {
  2026: [
    ["New Year's Day", '2026-01-01'],
    ['Birthday of Martin Luther King, Jr.', '2026-01-19'],
    ["Washington's Birthday", '2026-02-16'],
    ['Memorial Day', '2026-05-25'],
    ['Juneteenth National Independence Day', '2026-06-19'],
    // Independence Day falls on Saturday, July 4: not observed (the Reserve Banks open Friday the 3rd).
    ['Labor Day', '2026-09-07'],
    ['Columbus Day', '2026-10-12'],
    ['Veterans Day', '2026-11-11'],
    ['Thanksgiving Day', '2026-11-26'],
    ['Christmas Day', '2026-12-25'],
  ],
  2027: [
    ["New Year's Day", '2027-01-01'],
    ['Birthday of Martin Luther King, Jr.', '2027-01-18'],
    ["Washington's Birthday", '2027-02-15'],
    ['Memorial Day', '2027-05-31'],
    // Juneteenth falls on Saturday, June 19: not observed.
    ['Independence Day', '2027-07-05'],
    ['Labor Day', '2027-09-06'],
    ['Columbus Day', '2027-10-11'],
    ['Veterans Day', '2027-11-11'],
    ['Thanksgiving Day', '2027-11-25'],
    // Christmas falls on Saturday, December 25: not observed.
  ],
} as const;

describe('banking days (the Federal Reserve calendar)', () => {
  for (const [year, holidays] of Object.entries(published))
    describe(`${year}`, () => {
      for (const [name, date] of holidays)
        it(`${name} is observed on ${date}, not a banking day`, () => {
          expect(fedHolidays(Number(year))).toContainEqual({ name, date });
          expect(isBankingDay(date)).toBe(false);
        });
      it('has exactly the published holidays', () => {
        expect(fedHolidays(Number(year)).map((each) => each.date)).toEqual(holidays.map(([, date]) => date));
      });
    });

  it('does not move a Saturday holiday to the Friday before (the federal government does; the Fed does not)', () => {
    for (const friday of ['2026-07-03', '2027-06-18', '2027-12-24', '2027-12-31'])
      expect(isBankingDay(friday)).toBe(true);
  });

  it('moves a Sunday holiday to the Monday after', () => {
    expect(isBankingDay('2027-07-05')).toBe(false);
    expect(isBankingDay('2027-07-06')).toBe(true);
  });

  it('skips weekends and holidays when counting forward', () => {
    expect(nextBankingDay('2026-11-26')).toBe('2026-11-27');
    expect(nextBankingDay('2026-12-25')).toBe('2026-12-28');
    expect(nextBankingDay('2026-12-01')).toBe('2026-12-01');
    expect(addBankingDays('2026-11-24', 3)).toBe('2026-11-30');
    expect(addBankingDays('2026-12-23', 3)).toBe('2026-12-29');
    expect(addBankingDays('2027-01-15', 1)).toBe('2027-01-19');
  });

  it('counts a wait in hours of banking days only', () => {
    // Wednesday 09:00 before Thanksgiving: 15 hours that day, Friday's 24, then 9 on Monday.
    expect(bankingHoursLater(new Date('2026-11-25T09:00:00Z'), 48).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(bankingHoursLater(new Date('2026-12-04T15:00:00Z'), 48).toISOString()).toBe('2026-12-08T15:00:00.000Z');
    // Entered on a Saturday: the wait starts Monday.
    expect(bankingHoursLater(new Date('2026-12-05T10:00:00Z'), 24).toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(bankingHoursLater(new Date('2026-12-05T10:00:00Z'), 0).toISOString()).toBe('2026-12-05T10:00:00.000Z');
  });
});
