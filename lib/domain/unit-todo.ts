/**
 * What a unit must do next (本单位): its overdue tasks, those due soon, and those not
 * updated for a while. Of the tasks it leads, open ones only. Pure.
 */
import type { IsoDate } from "../schema/columns";
import type { Task } from "../schema/tabs";
import { daysBetween } from "./dates";
import { effectiveDue, isOpen, isOverdue } from "./tasks";

/** Due within this many days (today included) counts as due soon on a unit's page. */
export const UNIT_DUE_SOON_DAYS = 14;
/** Not updated for this many days counts as stale (SPEC `remind.staleDays` default). */
export const UNIT_STALE_DAYS = 30;

/** Open, not overdue, and the deadline that counts is today or within `days` days. */
export function isDueWithin(task: Task, today: IsoDate, days = UNIT_DUE_SOON_DAYS): boolean {
  if (!isOpen(task) || task.due === undefined || task._bad?.due !== undefined || isOverdue(task, today)) return false;
  const left = daysBetween(today, effectiveDue(task));
  return left >= 0 && left <= days;
}

/** Days since 更新时间 (its date part), or null when never updated or unreadable. */
export function daysSinceUpdate(task: Task, today: IsoDate): number | null {
  if (!task.updatedAt || task._bad?.updatedAt !== undefined) return null;
  return daysBetween(task.updatedAt.slice(0, 10), today);
}

/** Open and not updated for `days` days or more; a task never updated counts too. */
export function isStale(task: Task, today: IsoDate, days = UNIT_STALE_DAYS): boolean {
  if (!isOpen(task)) return false;
  const since = daysSinceUpdate(task, today);
  return since === null || since >= days;
}
