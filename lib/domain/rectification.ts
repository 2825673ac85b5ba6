import type { IsoDate } from "../schema/columns";
import type { Score } from "../schema/tabs";
import { daysBetween } from "./dates";

export interface OpenRectification {
  id: string;
  year: number;
  unit: string;
  method: string;
  date: IsoDate | null;
  deductions: string;
  /** null when 整改时限 is blank or cannot be read (`fixDueUnknown`). */
  fixDue: IsoDate | null;
  fixDueUnknown: boolean;
  /** 未整改 / 整改中; null when blank or unreadable (still open: only 已整改 closes it). */
  fixStatus: string | null;
  /** Days past 整改时限 (> 0) when overdue, else null. */
  daysOverdue: number | null;
}

/**
 * The 整改 list: 考核 rows with 扣分事项 whose 整改状态 is not 已整改 — an unreadable
 * 整改状态 keeps the row open. Overdue ones first, most days past 整改时限 first; then the
 * others by 整改时限 (none last), then by 记录编号.
 */
export function openRectifications(scores: readonly Score[], today: IsoDate): OpenRectification[] {
  return scores
    .filter((s) => (s.deductions ?? "").trim() !== "" && !(s.fixStatus === "已整改" && s._bad?.fixStatus === undefined))
    .map((s) => {
      const fixDueUnknown = s._bad?.fixDue !== undefined;
      const fixDue = fixDueUnknown ? null : (s.fixDue ?? null);
      const days = fixDue === null ? 0 : daysBetween(fixDue, today);
      return {
        id: s.id,
        year: s.year,
        unit: s.unit,
        method: s.method,
        date: s.date ?? null,
        deductions: (s.deductions ?? "").trim(),
        fixDue,
        fixDueUnknown,
        fixStatus: s._bad?.fixStatus === undefined ? (s.fixStatus ?? null) : null,
        daysOverdue: days > 0 ? days : null,
      };
    })
    .sort(
      (a, b) =>
        (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0) ||
        (a.fixDue === null ? 1 : 0) - (b.fixDue === null ? 1 : 0) ||
        (a.fixDue ?? "").localeCompare(b.fixDue ?? "") ||
        a.id.localeCompare(b.id),
    );
}
