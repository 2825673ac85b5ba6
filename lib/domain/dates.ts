import type { IsoDate } from "../schema/columns";

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** The number in `s[from..to)`, all ASCII digits, else -1. (Figures over 100k rows call this millions of times: no regex.) */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function field(date: IsoDate, from: number, to: number): number {
  const n = date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45 ? digits(date, from, to) : -1;
  if (n < 0) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return n;
}

function parts(date: IsoDate): [number, number, number] {
  if (!ISO_DATE.test(date)) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return [field(date, 0, 4), field(date, 5, 7), field(date, 8, 10)];
}

/** Whole days since 1970-01-01; UTC, so no daylight-saving day is ever 23 or 25 hours long. */
export function dayNumber(date: IsoDate): number {
  const [y, m, d] = parts(date);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** `to − from` in whole days: positive when `to` is later. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

export function yearOf(date: IsoDate): number {
  return field(date, 0, 4);
}

/** 1–12. */
export function monthOf(date: IsoDate): number {
  return field(date, 5, 7);
}

/** 1–4. */
export function quarterOf(date: IsoDate): number {
  return Math.floor((monthOf(date) - 1) / 3) + 1;
}

export function firstOfYear(year: number): IsoDate {
  return `${String(year).padStart(4, "0")}-01-01`;
}

/** First and last day of the quarter containing `date`, both inclusive. */
export function quarterRange(date: IsoDate): { start: IsoDate; end: IsoDate } {
  const year = yearOf(date);
  const firstMonth = (quarterOf(date) - 1) * 3 + 1;
  const y = String(year).padStart(4, "0");
  const start = `${y}-${String(firstMonth).padStart(2, "0")}-01`;
  // Day 0 of the following month is the last day of the quarter's third month.
  const end = new Date(Date.UTC(year, firstMonth + 2, 0)).toISOString().slice(0, 10);
  return { start, end };
}

/** Throws on anything but a real calendar date, so a bad `today` fails loudly rather than colouring every task. */
export function assertIsoDate(date: IsoDate): IsoDate {
  const [y, m, d] = parts(date);
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return date;
}
