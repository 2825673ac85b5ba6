import { dayNumber, daysBetween } from "../lib/domain/dates";

const DAY_MS = 86_400_000;

/** The ISO date of a day number (days since 1970-01-01). */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a >= b ? a : b;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Planned dates as they would have fallen by `asOf`: unchanged when the last one has
 * already passed, otherwise squeezed proportionally into [1 January, asOf], so that a
 * demo seeded in February still shows the whole year's events, in their order.
 */
export function fitByDate(planned: readonly string[], year: number, asOf: string): string[] {
  const first = isoDate(year, 1, 1);
  const last = planned.reduce(maxDate, first);
  if (last <= asOf) return [...planned];
  const span = daysBetween(first, asOf);
  const plannedSpan = daysBetween(first, last);
  return planned.map((p) => addDays(first, Math.floor((daysBetween(first, p) * span) / plannedSpan)));
}

/** Orders ISO dates by code unit, independent of the locale (localeCompare is not). */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
