/**
 * Meeting snapshots as stored in the 会议快照 tab: the 指标 JSON the app writes and how it
 * is read back (leniently), which snapshot a meeting compares with, and when to take one.
 */
import { z } from "zod";
import type { IsoDate } from "../../schema/columns";
import type { Snapshot } from "../../schema/tabs";
import { yearOf } from "../dates";
import type { Figures, Summary } from "../summary";

/**
 * A snapshot's 指标 as far as the screen reads it. Lenient on purpose: a snapshot written
 * by an older version (or by hand) still gives whatever figures it has.
 */
const count = z.number().nullable().optional();
const snapshotFiguresSchema = z.object({
  tasks: z.object({ done: count, overdue: count, red: count, yellow: count, donePercent: count, onTimePercent: count }).partial().optional(),
  visits: z.object({ count, suggestions: count, solved: count, solveRate: count }).partial().optional(),
  meetings: z.record(z.string(), z.number()).optional(),
});
export type FiguresLike = z.infer<typeof snapshotFiguresSchema>;

/** What the app writes to 指标: the same `{ year, figures }` as `GET /api/summary`. A bare figures object is read too. */
const storedSnapshotSchema = z.union([
  z.object({ year: z.number().int(), figures: snapshotFiguresSchema }),
  snapshotFiguresSchema.transform((figures) => ({ year: undefined, figures })),
]);

/** The last meeting the screen compares with. */
export interface Baseline {
  id: string;
  date: IsoDate;
}

export type SnapshotRecord = { year: number; figures: Figures };

/** The 指标 cell of a new snapshot. */
export function snapshotFiguresText(summary: Pick<Summary, "year" | "figures">): string {
  const record: SnapshotRecord = { year: summary.year, figures: summary.figures };
  return JSON.stringify(record);
}

/** A snapshot's figures, or undefined when its 指标 is not JSON the screen can read. */
export function parseSnapshotFigures(text: string): { year?: number; figures: FiguresLike } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = storedSnapshotSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The latest readable snapshot dated before today that records the year shown
 * (a snapshot without a year counts for the year of its date). A snapshot taken
 * today is the current meeting's own record, never its baseline.
 */
export function baselineSnapshot(snapshots: readonly Snapshot[], today: IsoDate, year: number): { baseline: Baseline; figures: FiguresLike } | undefined {
  const candidates = snapshots.filter((s) => s.date < today).sort((a, b) => (a.date === b.date ? b._row - a._row : a.date < b.date ? 1 : -1));
  for (const s of candidates) {
    const parsed = parseSnapshotFigures(s.figures);
    if (parsed && (parsed.year ?? yearOf(s.date)) === year) return { baseline: { id: s.id, date: s.date }, figures: parsed.figures };
  }
  return undefined;
}

/** A snapshot is taken automatically at the first screen view of a month that has none. */
export function needsMonthlySnapshot(snapshots: readonly Pick<Snapshot, "date">[], today: IsoDate): boolean {
  const month = today.slice(0, 7);
  return !snapshots.some((s) => s.date.slice(0, 7) === month);
}

/** KZ-20261120-1, -2, … : unique among the snapshots already in the sheet. */
export function nextSnapshotId(snapshots: readonly Pick<Snapshot, "id">[], today: IsoDate): string {
  const prefix = `KZ-${today.replaceAll("-", "")}-`;
  const taken = snapshots.filter((s) => s.id.startsWith(prefix)).map((s) => Number(s.id.slice(prefix.length)));
  const last = Math.max(0, ...taken.filter((n) => Number.isInteger(n)));
  return `${prefix}${last + 1}`;
}
