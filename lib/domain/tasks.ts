import type { IsoDate } from "../schema/columns";
import type { Task } from "../schema/tabs";
import { daysBetween, firstOfYear, yearOf } from "./dates";
import { ratio, round } from "./numbers";

/** "unknown" is 待核实: a cell the light needs could not be read and the task is not overdue. */
export type TaskLight = "red" | "yellow" | "green" | "unknown";
/** Every task is in exactly one state, so status breakdowns add up to the total. */
export type TaskState = "done" | "cancelled" | "open";

/** Red when more than this many points behind plan (exactly this many is yellow). */
export const RED_BEHIND_POINTS = 30;
/** Yellow from this many points behind plan (exactly this many is yellow, anything less is not). */
export const YELLOW_BEHIND_POINTS = 10;
/** Yellow when due in this many days or fewer (0 = due today) and not yet at 100%. */
export const DUE_SOON_DAYS = 7;

/**
 * An explicit 已取消 wins over a stale 完成日期, so a task is never both done and
 * cancelled; otherwise 已完成 or a 完成日期 means done.
 */
export function taskState(task: Task): TaskState {
  if (task.status === "已取消") return "cancelled";
  if (task.status === "已完成" || task.doneOn) return "done";
  return "open";
}

/** Cells the light reads; when one is unreadable the light is 待核实 unless the task is overdue. */
const LIGHT_CELLS = ["status", "doneOn", "due", "start", "progress"] as const;

/** The task's unreadable cells that its state or light would need. */
export function unknownLightCells(task: Task): string[] {
  return LIGHT_CELLS.filter((key) => task._bad?.[key] !== undefined);
}

export function isDone(task: Task): boolean {
  return taskState(task) === "done";
}

export function isCancelled(task: Task): boolean {
  return taskState(task) === "cancelled";
}

export function isOpen(task: Task): boolean {
  return taskState(task) === "open";
}

/**
 * An approved extension: a readable 延期至 with 延期批准 filled in. An unapproved 延期至
 * (or one that cannot be read) moves nothing, so a figure never looks better than agreed.
 */
export function approvedExtension(task: Pick<Task, "extendedTo" | "extensionApprovedBy" | "_bad">): IsoDate | undefined {
  if (task.extendedTo === undefined || task._bad?.extendedTo !== undefined) return undefined;
  return task.extensionApprovedBy?.trim() ? task.extendedTo : undefined;
}

/** The deadline that counts: an approved 延期至, else 完成时限 (which stays the original on the page). */
export function effectiveDue(task: Task): IsoDate {
  return approvedExtension(task) ?? task.due;
}

/** Open and the deadline that counts strictly before today: a task due today is not yet overdue. */
export function isOverdue(task: Task, today: IsoDate): boolean {
  // Not shown done by a readable 状态 or 完成日期, and a readable deadline has passed.
  return isOpen(task) && task.due !== undefined && task._bad?.due === undefined && effectiveDue(task) < today;
}

/** 逾期天数: days past the deadline that counts for an overdue task; null when it is not overdue. */
export function overdueDays(task: Task, today: IsoDate): number | null {
  return isOverdue(task, today) ? daysBetween(effectiveDue(task), today) : null;
}

/**
 * 逾期完成: done, with a 完成日期 after the deadline that counts. A done task without a
 * 完成日期 is not called late here, but it is not on time either (see {@link isDoneOnTime}).
 */
export function isDoneLate(task: Task): boolean {
  return (
    isDone(task) &&
    task.doneOn !== undefined &&
    task._bad?.doneOn === undefined &&
    task.due !== undefined &&
    task._bad?.due === undefined &&
    task.doneOn > effectiveDue(task)
  );
}

/** Done on or before the deadline that counts, shown by a readable 完成日期. */
export function isDoneOnTime(task: Task): boolean {
  return (
    isDone(task) &&
    task.doneOn !== undefined &&
    task._bad?.doneOn === undefined &&
    task.due !== undefined &&
    task._bad?.due === undefined &&
    task.doneOn <= effectiveDue(task)
  );
}

/** 进度 as entered, 0 when blank (an unreadable 进度 makes the light 待核实 before this is asked). */
export function taskProgress(task: Task): number {
  return task.progress ?? 0;
}

/** 开始日期, or 1 January of the due year when blank. */
export function plannedStart(task: Task): IsoDate {
  return task.start ?? firstOfYear(yearOf(task.due));
}

/**
 * Share (0–100) of [start, due] elapsed by today. A span of zero or less (start on
 * or after due, a sheet error) plans nothing before the due date and everything from it,
 * which is what an instantaneous task would plan.
 */
export function plannedProgress(task: Task, today: IsoDate): number {
  const start = plannedStart(task);
  const due = effectiveDue(task);
  const span = daysBetween(start, due);
  if (span <= 0) return today >= due ? 100 : 0;
  const elapsed = daysBetween(start, today);
  // Multiply before dividing so whole-percent plans come out exact (30, not 30.000000000000004).
  return Math.min(100, Math.max(0, (elapsed * 100) / span));
}

/**
 * Points behind plan (negative when ahead), to 1e-6 of a point so that binary noise
 * such as 40.1 − 10.1 = 30.000000000000004 cannot tip a boundary.
 */
export function pointsBehind(task: Task, today: IsoDate): number {
  return round(plannedProgress(task, today) - taskProgress(task), 6);
}

/**
 * Red/yellow/green for open tasks; undefined for done and cancelled ones.
 * - red: overdue (due < today), or behind > 30 points;
 * - yellow: 10 ≤ behind ≤ 30, or due in 0–7 days (inclusive) with progress < 100;
 * - green: everything else (behind < 10 and not due within 7 days, or already at 100).
 */
export function taskLight(task: Task, today: IsoDate): TaskLight | undefined {
  return taskLightWithReason(task, today)?.light;
}

/** Which rule of `taskLight` gave the light: the page says why from this, never from its own thresholds. */
export type TaskLightReason = "overdue" | "farBehind" | "behind" | "dueSoon" | "fine";

/** The light and the rule that gave it (null for 待核实, where no rule could be applied); undefined for done and cancelled tasks. */
export function taskLightWithReason(task: Task, today: IsoDate): { light: TaskLight; reason: TaskLightReason | null } | undefined {
  if (!isOpen(task)) return undefined;
  if (isOverdue(task, today)) return { light: "red", reason: "overdue" };
  if (unknownLightCells(task).length > 0) return { light: "unknown", reason: null };
  const behind = pointsBehind(task, today);
  if (behind > RED_BEHIND_POINTS) return { light: "red", reason: "farBehind" };
  if (behind >= YELLOW_BEHIND_POINTS) return { light: "yellow", reason: "behind" };
  const daysLeft = daysBetween(today, effectiveDue(task));
  if (daysLeft <= DUE_SOON_DAYS && taskProgress(task) < 100) return { light: "yellow", reason: "dueSoon" };
  return { light: "green", reason: "fine" };
}

export interface TaskCounts {
  total: number;
  done: number;
  cancelled: number;
  /** Open and not overdue. `done + open + overdue + cancelled = total`. */
  open: number;
  overdue: number;
  /** Lights of open tasks (overdue ones are red): `red + yellow + green + unknown = open + overdue`. */
  red: number;
  yellow: number;
  green: number;
  /** 待核实: open, not overdue, and a cell the light needs is unreadable. */
  unknown: number;
  /** done / (total − cancelled) × 100, 2 decimals; null when nothing is left to do. */
  donePercent: number | null;
  /** Not cancelled, readable, and the deadline that counts is today or earlier: what 按期完成率 is of. */
  dueByToday: number;
  /** Done on time among {@link dueByToday}. */
  onTime: number;
  /** 逾期完成: done after the deadline that counts (whenever due). */
  doneLate: number;
  /** 按期完成率 = onTime / dueByToday × 100, 2 decimals; null when nothing is due yet. */
  onTimePercent: number | null;
}

/** Whether a task is due by today for 按期完成率: not cancelled, its deadline and done state readable. */
function dueByToday(task: Task, today: IsoDate): boolean {
  const readable = task._bad?.due === undefined && task._bad?.status === undefined && task._bad?.doneOn === undefined && task.due !== undefined;
  return readable && !isCancelled(task) && effectiveDue(task) <= today;
}

export function countTasks(tasks: readonly Task[], today: IsoDate): TaskCounts {
  const c = { total: 0, done: 0, cancelled: 0, open: 0, overdue: 0, red: 0, yellow: 0, green: 0, unknown: 0 };
  for (const task of tasks) {
    c.total += 1;
    const state = taskState(task);
    if (state === "done") c.done += 1;
    else if (state === "cancelled") c.cancelled += 1;
    else if (isOverdue(task, today)) c.overdue += 1;
    else c.open += 1;
    const light = taskLight(task, today);
    if (light) c[light] += 1;
  }
  const due = tasks.filter((t) => dueByToday(t, today));
  const onTime = due.filter(isDoneOnTime).length;
  return {
    ...c,
    donePercent: percent(c.done, c.total - c.cancelled),
    dueByToday: due.length,
    onTime,
    doneLate: tasks.filter(isDoneLate).length,
    onTimePercent: percent(onTime, due.length),
  };
}

function percent(part: number, whole: number): number | null {
  const r = ratio(part, whole);
  return r === null ? null : round(r * 100, 2);
}

function groupInOrder<K>(tasks: readonly Task[], keyOf: (task: Task) => K): Map<K, Task[]> {
  const groups = new Map<K, Task[]>();
  for (const task of tasks) {
    const key = keyOf(task);
    const group = groups.get(key);
    if (group) group.push(task);
    else groups.set(key, [task]);
  }
  return groups;
}

export interface KeyTaskBreakdown extends TaskCounts {
  keyTask: string;
}

/** Status breakdown per 重点任务, in the order the key tasks first appear in the sheet. */
export function tasksByKeyTask(tasks: readonly Task[], today: IsoDate): KeyTaskBreakdown[] {
  return [...groupInOrder(tasks, (t) => t.keyTask)].map(([keyTask, group]) => ({ keyTask, ...countTasks(group, today) }));
}

export interface LeadUnitCompletion {
  unit: string;
  /** Every task the unit leads, whenever due. */
  total: number;
  /** Tasks due by today (完成时限 ≤ today), not cancelled: what the completion rate is of. */
  dueByToday: number;
  cancelled: number;
  /** Done among the tasks due by today. */
  done: number;
  /** done / dueByToday × 100, 2 decimals; null when nothing is due yet. */
  donePercent: number | null;
  /** Done on or before 完成时限, among the tasks due by today. */
  onTime: number;
  /** onTime / dueByToday × 100, 2 decimals; null when nothing is due yet. */
  onTimePercent: number | null;
  /** Tasks whose 完成时限 or done state cannot be read: in no rate, said beside it. */
  unknown: number;
}

/**
 * Completion per 牵头单位 (partner units are not counted) of the tasks due by today — a unit
 * whose only task is due next week is not 0 % — best done % first; ties keep sheet order,
 * and units with nothing due yet come last.
 */
export function completionByLeadUnit(tasks: readonly Task[], today: IsoDate): LeadUnitCompletion[] {
  const rows = [...groupInOrder(tasks, (t) => t.leadUnit)].map(([unit, group]) => {
    const cancelled = group.filter(isCancelled).length;
    const readable = group.filter((t) => t._bad?.due === undefined && t._bad?.status === undefined && t._bad?.doneOn === undefined && t.due !== undefined);
    const due = readable.filter((t) => dueByToday(t, today));
    const done = due.filter(isDone);
    const onTime = done.filter(isDoneOnTime).length;
    return {
      unit,
      total: group.length,
      dueByToday: due.length,
      cancelled,
      done: done.length,
      donePercent: percent(done.length, due.length),
      onTime,
      onTimePercent: percent(onTime, due.length),
      unknown: group.length - readable.length,
    };
  });
  return rows.sort((a, b) => (b.donePercent ?? -1) - (a.donePercent ?? -1));
}

export interface OverdueTask {
  id: string;
  keyTask: string;
  title: string;
  leadUnit: string;
  /** The original 完成时限. */
  due: IsoDate;
  /** An approved 延期至, when there is one: the overdue days count from it. */
  extendedTo: IsoDate | null;
  daysOverdue: number;
  progress: number;
}

/** Overdue tasks, longest overdue first. */
export function overdueTasks(tasks: readonly Task[], today: IsoDate): OverdueTask[] {
  return tasks
    .filter((t): t is Task & { due: IsoDate } => isOverdue(t, today))
    .map((t) => ({
      id: t.id,
      keyTask: t.keyTask,
      title: t.title,
      leadUnit: t.leadUnit,
      due: t.due,
      extendedTo: approvedExtension(t) ?? null,
      daysOverdue: daysBetween(effectiveDue(t), today),
      progress: taskProgress(t),
    }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue);
}
