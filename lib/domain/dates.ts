import type { IsoDate } from "../schema/columns";

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

function parts(date: IsoDate): [number, number, number] {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
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
  return parts(date)[0];
}

/** 1–12. */
export function monthOf(date: IsoDate): number {
  return parts(date)[1];
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
