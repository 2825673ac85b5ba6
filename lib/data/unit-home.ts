import "server-only";
/**
 * 本单位: what one unit must do next, as far as the viewer may see it. Tasks are the ones
 * the unit leads, open, of any year (a task left over from last year is still to do).
 */
import { canForUnits, scopeOf, type Viewer } from "../auth/roles";
import { effectiveDue, monthOf, overdueDays, taskProgress, unitNamer, visitTotals } from "../domain";
import { daysBetween } from "../domain/dates";
import { openRectifications, type OpenRectification } from "../domain/rectification";
import { daysSinceUpdate, isDueWithin, isStale } from "../domain/unit-todo";
import { isOverdue } from "../domain/tasks";
import type { Task } from "../schema/tabs";
import { localTimeText } from "../clock";
import { loadDataset, timeZoneOf, today } from "./dataset";

export interface TodoTask {
  id: string;
  title: string;
  /** The original 完成时限. */
  due: string;
  extendedTo: string | null;
  overdueDays: number | null;
  /** Days to the deadline that counts (0 = today). */
  daysLeft: number;
  progress: number;
  updatedAt: string | null;
  daysSinceUpdate: number | null;
}

export interface UnitTodo {
  today: string;
  overdue: TodoTask[];
  dueSoon: TodoTask[];
  stale: TodoTask[];
  /** This month's visits of the unit; null when the role sees no visit figures. */
  visitsThisMonth: { month: number; count: number; suggestions: number; solved: number } | null;
  /** Open 整改 items of the unit's 考核 rows; null when the role may not see the unit's scores. */
  rectifications: OpenRectification[] | null;
}

function todoTask(task: Task & { due: string }, todayIso: string, timeZone: string): TodoTask {
  return {
    id: task.id,
    title: task.title,
    due: task.due,
    extendedTo: effectiveDue(task) === task.due ? null : effectiveDue(task),
    overdueDays: overdueDays(task, todayIso),
    daysLeft: daysBetween(todayIso, effectiveDue(task)),
    progress: taskProgress(task),
    updatedAt: task.updatedAt ? localTimeText(task.updatedAt, timeZone) : null,
    daysSinceUpdate: daysSinceUpdate(task, todayIso),
  };
}

export async function unitTodo(viewer: Viewer, nameOrId: string): Promise<UnitTodo> {
  const dataset = await loadDataset();
  const unit = unitNamer(dataset.units);
  const name = unit(nameOrId);
  const t = today();
  const zone = timeZoneOf(dataset);
  const v = viewer.kind === "user" && viewer.unit ? { ...viewer, unit: unit(viewer.unit) } : viewer;
  const ctx = { rankingPublic: dataset.settings.rankingPublic };
  const led = dataset.tasks.filter((x): x is Task & { due: string } => unit(x.leadUnit) === name && x.due !== undefined && x._bad?.due === undefined);
  const rows = (pick: (x: Task) => boolean) => led.filter(pick).map((x) => todoTask(x, t, zone));
  const month = t.slice(0, 7);
  const visits = dataset.visits.filter((x) => unit(x.unit) === name && x._bad?.date === undefined && x.date?.slice(0, 7) === month);
  const totals = visitTotals(visits);
  return {
    today: t,
    overdue: rows((x) => isOverdue(x, t)).sort((a, b) => (b.overdueDays ?? 0) - (a.overdueDays ?? 0)),
    dueSoon: rows((x) => isDueWithin(x, t)).sort((a, b) => a.daysLeft - b.daysLeft),
    stale: rows((x) => isStale(x, t)).sort((a, b) => (b.daysSinceUpdate ?? Infinity) - (a.daysSinceUpdate ?? Infinity)),
    visitsThisMonth:
      scopeOf(v, "visits.aggregates") === "none" ? null : { month: monthOf(t), count: totals.count, suggestions: totals.suggestions, solved: totals.solved },
    rectifications: canForUnits(v, "scores.read", [name], ctx)
      ? openRectifications(
          dataset.scores.filter((s) => unit(s.unit) === name),
          t,
        )
      : null,
  };
}
