/**
 * Meeting snapshots of the months before `asOf`, as the app would have taken them on the
 * 1st of each month, so a new user sees 环比 and a trend on the first run. Each is computed
 * by the app's own rule (meetingSnapshotText) from the rows as they stood that day: rows
 * dated later left out, tasks done later still open with their progress scaled back.
 */
import { daysBetween } from "../lib/domain/dates";
import { meetingSnapshotText } from "../lib/domain/league";
import type { SummaryInput } from "../lib/domain/summary";
import { DEFAULT_SETTINGS } from "../lib/schema/settings";
import { snapshotsTab } from "../lib/schema/tabs";
import type { CellInput, RowInput } from "../lib/sheets/store";
import { isoDate } from "./calendar";
import { dateCell, rowOf } from "./rows";

type Plain = Record<string, string | number | boolean | null> & { _row: number };

function plain(row: RowInput, index: number): Plain {
  const cell = (v: CellInput) => (v !== null && typeof v === "object" ? ("date" in v ? v.date : v.dateTime) : v);
  return { ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cell(v)])), _row: index + 2 };
}

/** A task as it stood on `day`: done only if done before it, its progress scaled back to that day. */
function taskOn(task: Plain, day: string): Plain | undefined {
  const { partnerUnits: _partners, ...t } = task;
  const start = String(t.start ?? day);
  if (start >= day && t.status !== "已取消") return { ...t, status: "未开始", progress: 0, doneOn: null };
  if (t.doneOn && String(t.doneOn) < day) return t;
  if (t.status === "已取消") return t;
  const updated = String(t.doneOn ?? String(t.updatedAt ?? day).slice(0, 10));
  const span = Math.max(1, daysBetween(start, updated));
  const share = Math.min(1, Math.max(0, daysBetween(start, day) / span));
  const progress = Math.round((Number(t.progress ?? 0) * share) / 5) * 5;
  return { ...t, status: progress > 0 ? "进行中" : "未开始", progress, doneOn: null };
}

export function seedSnapshots(
  tabs: { units: RowInput[]; tasks: RowInput[]; visits: RowInput[]; meetings: RowInput[]; scores: RowInput[]; accountability: RowInput[] },
  year: number,
  asOf: string,
): RowInput[] {
  const lastMonth = Number(asOf.slice(0, 4)) > year ? 13 : Number(asOf.slice(5, 7));
  const all = {
    units: tabs.units.map(plain),
    tasks: tabs.tasks.map(plain),
    visits: tabs.visits.map(plain),
    meetings: tabs.meetings.map(plain),
    scores: tabs.scores.map(plain),
    accountability: tabs.accountability.map(plain),
  };
  const before = (rows: Plain[], day: string) => rows.filter((r) => r.date !== undefined && r.date !== null && String(r.date) < day);
  const rows: RowInput[] = [];
  for (let month = 2; month < lastMonth; month += 1) {
    const day = isoDate(year, month, 1);
    const dataset = {
      units: all.units,
      tasks: all.tasks.flatMap((t) => taskOn(t, day) ?? []),
      visits: before(all.visits, day),
      meetings: before(all.meetings, day),
      scores: before(all.scores, day),
      accountability: before(all.accountability, day),
      settings: DEFAULT_SETTINGS,
    } as unknown as SummaryInput;
    rows.push(rowOf(snapshotsTab, { id: `KZ-${day.replaceAll("-", "")}-1`, date: dateCell(day), figures: meetingSnapshotText(dataset, day, year) }));
  }
  return rows;
}
