import type { IsoDate } from "../schema/columns";
import type { Settings } from "../schema/settings";
import type { Dataset } from "../schema/workbook";
import { yearOf } from "./dates";

type YearSources = Pick<Dataset, "tasks" | "visits" | "meetings" | "scores" | "accountability">;

/** Years any figure can be shown for, ascending: tasks by 完成时限, visits/meetings/accountability by 日期, scores by 年度. */
export function yearsPresent(dataset: YearSources): number[] {
  const years = new Set<number>([
    ...dataset.tasks.map((t) => yearOf(t.due)),
    ...dataset.visits.map((v) => yearOf(v.date)),
    ...dataset.meetings.map((m) => yearOf(m.date)),
    ...dataset.accountability.map((a) => yearOf(a.date)),
    ...dataset.scores.map((s) => s.year),
  ]);
  return [...years].sort((a, b) => a - b);
}

/** The 设置 tab's `year`, else the latest year in the data, else today's year. */
export function defaultYear(dataset: YearSources, settings: Pick<Settings, "year">, today: IsoDate): number {
  if (settings.year !== undefined) return settings.year;
  return yearsPresent(dataset).at(-1) ?? yearOf(today);
}
