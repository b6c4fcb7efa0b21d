/**
 * Banking days as the Federal Reserve keeps them (https://www.frbservices.org/about/holiday-schedules):
 * weekdays that are none of its eleven holidays. A holiday on a Sunday is observed the Monday after;
 * one on a Saturday is not moved: the Reserve Banks open the Friday before, unlike the federal
 * government's calendar (which is why @18f/us-federal-holidays, OPM's rule by default and unmaintained
 * since 18F closed, is not used; eleven rules are shorter than its options). Dates are ISO days, UTC.
 */

const dayMs = 86_400_000;
const at = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day));
const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The n-th (1-based) given weekday of a month, or its last with n = -1. */
function nthWeekday(year: number, month: number, weekday: number, n: number): Date {
  if (n < 0) {
    const last = at(year, month + 1, 0);
    return new Date(last.getTime() - ((last.getUTCDay() - weekday + 7) % 7) * dayMs);
  }
  const first = at(year, month, 1);
  return new Date(first.getTime() + (((weekday - first.getUTCDay() + 7) % 7) + (n - 1) * 7) * dayMs);
}

const monday = 1;
const thursday = 4;

/** The Federal Reserve's holidays of a year, on the day it observes them (Saturdays not observed). */
export function fedHolidays(year: number): { readonly date: string; readonly name: string }[] {
  const rules: [string, Date][] = [
    ["New Year's Day", at(year, 1, 1)],
    ['Birthday of Martin Luther King, Jr.', nthWeekday(year, 1, monday, 3)],
    ["Washington's Birthday", nthWeekday(year, 2, monday, 3)],
    ['Memorial Day', nthWeekday(year, 5, monday, -1)],
    ...(year >= 2021 ? [['Juneteenth National Independence Day', at(year, 6, 19)] as [string, Date]] : []),
    ['Independence Day', at(year, 7, 4)],
    ['Labor Day', nthWeekday(year, 9, monday, 1)],
    ['Columbus Day', nthWeekday(year, 10, monday, 2)],
    ['Veterans Day', at(year, 11, 11)],
    ['Thanksgiving Day', nthWeekday(year, 11, thursday, 4)],
    ['Christmas Day', at(year, 12, 25)],
  ];
  return rules.flatMap(([name, date]) => {
    if (date.getUTCDay() === 6) return [];
    const observed = date.getUTCDay() === 0 ? new Date(date.getTime() + dayMs) : date;
    return [{ date: iso(observed), name }];
  });
}

const holidaysByYear = new Map<number, Set<string>>();
function isFedHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  let holidays = holidaysByYear.get(year);
  if (!holidays) holidaysByYear.set(year, (holidays = new Set(fedHolidays(year).map((each) => each.date))));
  return holidays.has(date);
}

export function isBankingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isFedHoliday(date);
}

/** The date itself if it is a banking day, else the first banking day after it. */
export function nextBankingDay(date: string): string {
  let day = date;
  while (!isBankingDay(day)) day = iso(new Date(Date.parse(`${day}T00:00:00Z`) + dayMs));
  return day;
}

/** The banking day `days` banking days after `date` (weekends and Fed holidays not counted). */
export function addBankingDays(date: string, days: number): string {
  let day = date;
  for (let left = days; left > 0; left -= 1)
    day = nextBankingDay(iso(new Date(Date.parse(`${day}T00:00:00Z`) + dayMs)));
  return day;
}

/** `hours` later counting only the hours of banking days (UTC): a wait that weekends and holidays do not shorten. */
export function bankingHoursLater(from: Date, hours: number): Date {
  let time = from.getTime();
  let left = hours * 3_600_000;
  while (left > 0) {
    const dayStart = Math.floor(time / dayMs) * dayMs;
    if (isBankingDay(iso(new Date(dayStart)))) {
      const taken = Math.min(left, dayStart + dayMs - time);
      time += taken;
      left -= taken;
    } else time = dayStart + dayMs;
  }
  return new Date(time);
}
