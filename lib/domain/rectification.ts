/**
 * 整改: a 考核 row with deductions is open until its 整改状态 is 已整改. Pure.
 */
import type { IsoDate } from "../schema/columns";
import type { Score } from "../schema/tabs";
import { daysBetween } from "./dates";

export interface OpenRectification {
  id: string;
  unit: string;
  year: number;
  method: string;
  date: IsoDate | null;
  deductions: string;
  fixDue: IsoDate | null;
  fixStatus: string | null;
  /** Days past 整改时限 (0 or less: not yet due); null when no readable 整改时限. */
  daysPastDue: number | null;
}

/** Rows with 扣分事项 whose 整改状态 is not 已整改: overdue first (most days past 整改时限), then by 整改时限, undated last. */
export function openRectifications(scores: readonly Score[], today: IsoDate): OpenRectification[] {
  return scores
    .filter((s) => (s.deductions ?? "").trim() !== "" && s.fixStatus !== "已整改")
    .map((s) => {
      const fixDue = s.fixDue !== undefined && s._bad?.fixDue === undefined ? s.fixDue : null;
      return {
        id: s.id,
        unit: s.unit,
        year: s.year,
        method: s.method,
        date: s.date ?? null,
        deductions: (s.deductions ?? "").trim(),
        fixDue,
        fixStatus: s.fixStatus ?? null,
        daysPastDue: fixDue === null ? null : daysBetween(fixDue, today),
      };
    })
    .sort((a, b) => (b.daysPastDue ?? -Infinity) - (a.daysPastDue ?? -Infinity) || (a.id < b.id ? -1 : 1));
}
