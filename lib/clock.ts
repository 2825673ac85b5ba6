import type { IsoDate } from "./schema/columns";

/** Today's date in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** Wall-clock "YYYY-MM-DDTHH:mm:ss" in a time zone, for times the app writes into the sheet. */
export function wallClockIn(timeZone: string, now: Date = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/u;
const ZONE_DESIGNATOR = /(?:Z|[+-]\d{2}:?\d{2})$/iu;

/**
 * A time as the wall clock "YYYY-MM-DDTHH:mm:ss" of `timeZone`: an instant (ending in Z or
 * an offset) is converted; a wall-clock time (no zone) is already what a person there
 * would type and is kept. Undefined for text that is neither. The server's own TZ never matters.
 */
export function wallClockOf(text: string, timeZone: string): string | undefined {
  const trimmed = text.trim();
  if (ZONE_DESIGNATOR.test(trimmed) && /^\d{4}-\d{2}-\d{2}T/u.test(trimmed)) {
    const instant = new Date(trimmed);
    return Number.isNaN(instant.getTime()) ? undefined : wallClockIn(timeZone, instant);
  }
  const m = WALL_CLOCK.exec(trimmed);
  if (!m) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}`;
}

/**
 * How every page, export and the audit log show a time the app keeps: "2026-11-20 13:38",
 * the wall clock of the deployment's zone. Text that is no time is shown as it is.
 */
export function localTimeText(value: string, timeZone: string): string {
  const wall = wallClockOf(value, timeZone);
  return wall ? `${wall.slice(0, 10)} ${wall.slice(11, 16)}` : value;
}
