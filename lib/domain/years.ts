import type { IsoDate } from "../schema/columns";
import type { Settings } from "../schema/settings";
import type { Dataset } from "../schema/workbook";
import { yearOf } from "./dates";

type YearSources = Pick<Dataset, "tasks" | "visits" | "meetings" | "scores" | "accountability">;

/** True when a row's year-deciding cell is unknown. */
const badAt = (row: { _bad?: Partial<Record<string, unknown>> }, key: string) => row._bad?.[key] !== undefined;

/**
 * A task belongs to the year of its 完成时限; a task whose 完成时限 cannot be read belongs to
 * every year, counted there as 待核实 — left out, it could make a year look better than it is.
 */
export function taskInYear(task: Pick<Dataset["tasks"][number], "due" | "_bad">, year: number): boolean {
  return badAt(task, "due") || task.due === undefined || yearOf(task.due) === year;
}

/** Rows whose year-deciding cell (走访/会议/问责 日期, 考核 年度, 任务 完成时限) cannot be read: in no year's figures by date. */
export interface UndatedRow {
  tab: "tasks" | "visits" | "meetings" | "scores" | "accountability";
  id?: string;
  row: number;
}

export function undatedRows(dataset: YearSources): UndatedRow[] {
  const of = (tab: UndatedRow["tab"], rows: readonly { id?: string; _row: number; _bad?: Partial<Record<string, unknown>> }[], key: string): UndatedRow[] =>
    rows.filter((r) => badAt(r, key)).map((r) => ({ tab, row: r._row, ...(r.id && { id: r.id }) }));
  return [
    ...of("tasks", dataset.tasks, "due"),
    ...of("visits", dataset.visits, "date"),
    ...of("meetings", dataset.meetings, "date"),
    ...of("scores", dataset.scores, "year"),
    ...of("accountability", dataset.accountability, "date"),
  ];
}

/** Years any figure can be shown for, ascending: tasks by 完成时限, visits/meetings/accountability by 日期, scores by 年度. */
export function yearsPresent(dataset: YearSources): number[] {
  const dated = <R extends { _bad?: Partial<Record<string, unknown>> }>(rows: readonly R[], key: string) => rows.filter((r) => !badAt(r, key));
  const years = new Set<number>([
    ...dated(dataset.tasks, "due").map((t) => yearOf(t.due)),
    ...dated(dataset.visits, "date").map((v) => yearOf(v.date)),
    ...dated(dataset.meetings, "date").map((m) => yearOf(m.date)),
    ...dated(dataset.accountability, "date").map((a) => yearOf(a.date)),
    ...dated(dataset.scores, "year").map((s) => s.year),
  ]);
  return [...years].sort((a, b) => a - b);
}

/** The 设置 tab's `year`, else the latest year in the data, else today's year. */
export function defaultYear(dataset: YearSources, settings: Pick<Settings, "year">, today: IsoDate): number {
  if (settings.year !== undefined) return settings.year;
  return yearsPresent(dataset).at(-1) ?? yearOf(today);
}

/** The years a page offers: those with figures, plus the one shown (it may have none yet), ascending. */
export function yearsOnOffer(present: readonly number[], shown: number): number[] {
  return present.includes(shown) ? [...present] : [...present, shown].sort((a, b) => a - b);
}
