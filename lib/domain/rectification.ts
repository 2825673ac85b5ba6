import type { IsoDate } from "../schema/columns";
import type { Score } from "../schema/tabs";
import { daysBetween } from "./dates";

/** A 考核 row with deductions still to put right. */
export interface OpenRectification {
  score: Score;
  /** Days past 整改时限; 0 or less while still in time, null without a 整改时限. */
  daysOverdue: number | null;
  overdue: boolean;
}

/**
 * 考核 rows with 扣分事项 whose 整改状态 is not 已整改, overdue first (the longest
 * overdue first), then by 整改时限, those without one last.
 */
export function openRectifications(scores: readonly Score[], today: IsoDate): OpenRectification[] {
  const open = scores
    .filter((s) => (s.deductions ?? "").trim() !== "" && s.fixStatus !== "已整改")
    .map((score): OpenRectification => {
      const daysOverdue = score.fixDue ? daysBetween(score.fixDue, today) : null;
      return { score, daysOverdue, overdue: daysOverdue !== null && daysOverdue > 0 };
    });
  return open.sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.daysOverdue === null || b.daysOverdue === null) return a.daysOverdue === null ? (b.daysOverdue === null ? 0 : 1) : -1;
    return b.daysOverdue - a.daysOverdue || a.score.id.localeCompare(b.score.id);
  });
}
