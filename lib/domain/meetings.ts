import type { IsoDate } from "../schema/columns";
import { MEETING_KINDS, type Meeting, type MeetingKind, type Task } from "../schema/tabs";
import { daysBetween, yearOf } from "./dates";
import { isOverdue, taskState } from "./tasks";

export type MeetingCounts = Record<MeetingKind, number>;

/** Meetings of the year per 类型: all four kinds, in the sheet's order, zero when none were held. */
export function meetingsByKind(meetings: readonly Meeting[], year: number): MeetingCounts {
  const counts = Object.fromEntries(MEETING_KINDS.map(({ label }) => [label, 0])) as MeetingCounts;
  // A meeting whose 类型 cannot be read is in no kind's count (see unknownFigures).
  for (const m of meetings) if (m._bad?.date === undefined && m._bad?.kind === undefined && yearOf(m.date) === year) counts[m.kind] += 1;
  return counts;
}

export interface MeetingRequirement {
  kind: MeetingKind;
  /** 设置 meeting.required.{类型}; null when 设置 requires none. */
  required: number | null;
  /** 实开: meetings of the kind held in the year up to today. */
  held: number;
}

/** 应开 / 实开 to date for every kind, in the sheet's order. */
export function meetingsHeldVsRequired(
  meetings: readonly Meeting[],
  required: Partial<Record<MeetingKind, number>>,
  year: number,
  today: IsoDate,
): MeetingRequirement[] {
  return MEETING_KINDS.map(({ label }) => ({
    kind: label,
    required: required[label] ?? null,
    held: meetings.filter((m) => m._bad?.date === undefined && m._bad?.kind === undefined && m.kind === label && yearOf(m.date) === year && m.date <= today)
      .length,
  }));
}

export type AssignedTaskState = "done" | "overdue" | "open" | "cancelled" | "missing";

export interface AssignedTask {
  id: string;
  /** null when the 任务 tab has no such ID. */
  title: string | null;
  state: AssignedTaskState;
  /** Days past 完成时限 for an overdue task. */
  daysOverdue: number | null;
  due: IsoDate | null;
}

/** What a meeting assigned (交办任务) and where each task stands today. */
export function meetingFollowThrough(
  meeting: Pick<Meeting, "taskIds">,
  tasks: readonly Task[],
  today: IsoDate,
): { tasks: AssignedTask[]; total: number; done: number; overdue: number } {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const rows = (meeting.taskIds ?? []).map((id): AssignedTask => {
    const task = byId.get(id);
    if (!task) return { id, title: null, state: "missing", daysOverdue: null, due: null };
    const due = task._bad?.due === undefined ? (task.due ?? null) : null;
    const state = taskState(task);
    if (state !== "open") return { id, title: task.title, state, daysOverdue: null, due };
    return isOverdue(task, today) && due
      ? { id, title: task.title, state: "overdue", daysOverdue: daysBetween(due, today), due }
      : { id, title: task.title, state: "open", daysOverdue: null, due };
  });
  return { tasks: rows, total: rows.length, done: rows.filter((r) => r.state === "done").length, overdue: rows.filter((r) => r.state === "overdue").length };
}
