/**
 * 环比 over the year: the month-by-month course of overdue tasks and completion, read
 * from the meeting snapshots (one a month, taken at the month's first view or by hand).
 */
import type { IsoDate } from "../schema/columns";
import type { Snapshot } from "../schema/tabs";
import { monthOf, yearOf } from "./dates";
import { parseSnapshotFigures, type FiguresLike } from "./screen";

export interface TrendPoint {
  month: number;
  /** The snapshot's date, or today for the live point. */
  date: IsoDate;
  overdue: number | null;
  /** 完成率, 0–100. */
  donePercent: number | null;
  /** 按期完成率, 0–100; null in snapshots written before it was recorded. */
  onTimePercent: number | null;
  /** True for today's figures rather than a stored snapshot. */
  live: boolean;
}

function point(date: IsoDate, f: FiguresLike, live: boolean): TrendPoint {
  return {
    month: monthOf(date),
    date,
    overdue: f.tasks?.overdue ?? null,
    donePercent: f.tasks?.donePercent ?? null,
    onTimePercent: f.tasks?.onTimePercent ?? null,
    live,
  };
}

/**
 * One point per month of `year`: the month's latest readable snapshot that records that
 * year, and today's figures as the point of today's month (they are newer than any snapshot).
 */
export function snapshotTrend(
  snapshots: readonly Pick<Snapshot, "date" | "figures" | "_row">[],
  year: number,
  current?: { today: IsoDate; figures: FiguresLike },
): TrendPoint[] {
  const byMonth = new Map<number, { date: IsoDate; row: number; figures: FiguresLike }>();
  for (const s of snapshots) {
    const parsed = parseSnapshotFigures(s.figures);
    if (!parsed || (parsed.year ?? yearOf(s.date)) !== year || yearOf(s.date) !== year) continue;
    const month = monthOf(s.date);
    const held = byMonth.get(month);
    if (!held || s.date > held.date || (s.date === held.date && s._row > held.row)) byMonth.set(month, { date: s.date, row: s._row, figures: parsed.figures });
  }
  const points = [...byMonth.values()].map((m) => point(m.date, m.figures, false));
  if (current && yearOf(current.today) === year) {
    const live = point(current.today, current.figures, true);
    return [...points.filter((p) => p.month !== live.month), live].sort((a, b) => a.month - b.month);
  }
  return points.sort((a, b) => a.month - b.month);
}
