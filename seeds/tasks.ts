import { daysBetween } from "../lib/domain/dates";
import { tasksTab, type TaskStatus } from "../lib/schema/tabs";
import type { RowInput } from "../lib/sheets/store";
import { addDays, compareDates, isoDate, lastDayOfMonth, maxDate, minDate } from "./calendar";
import { GRASSROOTS_KINDS, KEY_TASKS, UNITS, type TaskLevel, type TaskPlan } from "./catalog";
import { workingMinutes, type SeedContext } from "./context";
import { Random } from "./random";
import { dateCell, dateTimeCell, rowOf } from "./rows";

export interface TaskDraft {
  id: string;
  keyTask: string;
  title: string;
  level: TaskLevel;
  lead: string;
  partners: readonly string[];
  leader: string;
  owner: string;
  start: string;
  due: string;
  doneOn?: string;
  progress: number;
  status: TaskStatus;
  notes?: string;
  updatedOn: string;
  updatedBy: string;
  cancelled: boolean;
  /** Fixed-schedule items open the year; they are never postponed. */
  fixed: boolean;
}

const roundTo5 = (n: number) => Math.max(0, Math.min(100, Math.round(n / 5) * 5));
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

function scheduleOf(plan: TaskPlan, year: number, rng: Random): { start: string; due: string } {
  if (plan.start && plan.due) return { start: `${year}-${plan.start}`, due: `${year}-${plan.due}` };
  if (rng.chance(0.25)) {
    // Work that runs all year, such as monthly study sessions.
    return { start: isoDate(year, 1, rng.pick([1, 15])), due: isoDate(year, 12, rng.pick([20, 31])) };
  }
  const startMonth = 1 + rng.weightedIndex([3, 3, 3, 2, 2, 1, 1, 1]);
  const start = isoDate(year, startMonth, rng.pick([1, 10, 15]));
  const dueMonth = Math.min(12, startMonth + rng.int(2, 8));
  const due = isoDate(year, dueMonth, rng.chance(0.3) ? 15 : lastDayOfMonth(year, dueMonth));
  return { start, due };
}

/** Planned progress as the dashboard computes it: the elapsed share of [start, due]. */
function plannedProgress(start: string, due: string, today: string): number {
  const span = daysBetween(start, due);
  if (span <= 0) return today >= due ? 100 : 0;
  return Math.min(100, Math.max(0, (daysBetween(start, today) * 100) / span));
}

function markDone(t: TaskDraft, doneOn: string) {
  t.status = "已完成";
  t.progress = 100;
  t.doneOn = doneOn;
  t.notes = doneOn > t.due ? `较完成时限推迟${daysBetween(t.due, doneOn)}天完成` : undefined;
  t.updatedOn = doneOn;
}

function markOverdue(t: TaskDraft, rng: Random, asOf: string) {
  t.status = "进行中";
  t.progress = roundTo5(rng.between(45, 90));
  t.doneOn = undefined;
  t.notes = rng.pick(["受天气影响进度滞后，已督促加快推进", "牵头单位人员调整，进度滞后", "配套资金未到位，正在协调", "已列入月度调度重点督办"]);
  t.updatedOn = maxDate(t.start, addDays(asOf, -rng.int(3, 20)));
}

/** Status, progress and done date as they would stand on `asOf`: mostly on track, some behind. */
function settle(t: TaskDraft, asOf: string, rng: Random) {
  const fate = rng.next();
  if (t.start > asOf) {
    t.status = "未开始";
    t.progress = 0;
    t.updatedOn = minDate(asOf, maxDate(isoDate(Number(asOf.slice(0, 4)), 1, 1), addDays(t.start, -rng.int(5, 20))));
    return;
  }
  if (t.due < asOf) {
    if (fate < 0.86) {
      const late = rng.chance(0.12) ? rng.int(1, 12) : -rng.int(0, 25);
      markDone(t, minDate(asOf, maxDate(t.start, addDays(t.due, late))));
    } else {
      markOverdue(t, rng, asOf);
    }
    return;
  }
  const planned = plannedProgress(t.start, t.due, asOf);
  t.updatedOn = maxDate(t.start, addDays(asOf, -rng.int(0, 25)));
  if (planned > 50 && fate < 0.12) {
    markDone(t, maxDate(t.start, addDays(asOf, -rng.int(0, 10))));
    return;
  }
  // Aim well inside a band so that rounding to 5% cannot tip it over the 10- or 30-point line;
  // early in the year a task not yet begun (0%) is often the only way to be behind.
  const light = (["green", "yellow", "red"] as const)[rng.weightedIndex([60, 25, 15])]!;
  const inBand = (progress: number) => {
    const behind = planned - progress;
    return light === "red" ? behind > 32 : light === "yellow" ? behind >= 12 && behind <= 28 : behind < 8;
  };
  const candidates =
    light === "red"
      ? [roundTo5(planned - rng.between(36, 55)), 0]
      : light === "yellow"
        ? [roundTo5(planned - rng.between(14, 26)), 0]
        : [Math.min(95, roundTo5(planned + rng.between(-6, 12)))];
  const progress = candidates.find(inBand);
  if (progress === undefined) {
    t.progress = Math.min(95, roundTo5(planned + rng.between(0, 10)));
  } else {
    t.progress = progress;
    if (light === "red") t.notes = "进度明显滞后，列入月度调度会重点督办";
    if (light === "yellow" && rng.chance(0.5)) t.notes = "需加快进度";
  }
  t.status = t.progress > 0 ? "进行中" : "未开始";
}

/**
 * The items of the seven key tasks with a believable spread of states on `asOf`:
 * done, on track, behind, overdue, two postponed and two cancelled.
 */
export function buildTasks(ctx: SeedContext): TaskDraft[] {
  const { year, asOf, people } = ctx;
  const rng = new Random(`dutyboard:tasks:${year}:${asOf}`);
  const kindOf = new Map(UNITS.map((u) => [u.name, u.kind]));
  const isGrassroots = (unit: string) => GRASSROOTS_KINDS.includes(kindOf.get(unit) ?? "其他");

  const tasks: TaskDraft[] = [];
  for (const key of KEY_TASKS) {
    for (const plan of key.items) {
      const { start, due } = scheduleOf(plan, year, rng);
      const village = people.villageSecretariesOf.get(plan.lead);
      const owner =
        plan.level === "基层党支部及书记" && village?.[0]
          ? village[0].name
          : plan.level !== "旗委及领导小组" && isGrassroots(plan.lead)
            ? (people.headOf.get(plan.lead) ?? "")
            : (people.contactOf.get(plan.lead) ?? "");
      const leader = plan.level === "旗委及领导小组" || !isGrassroots(plan.lead) ? people.leaders[key.leader] : (people.secretaryOf.get(plan.lead) ?? "");
      tasks.push({
        id: `RW-${year}-${String(tasks.length + 1).padStart(3, "0")}`,
        keyTask: key.name,
        title: plan.title,
        level: plan.level,
        lead: plan.lead,
        partners: plan.partners ?? [],
        leader,
        owner,
        start,
        due,
        progress: 0,
        status: "未开始",
        updatedOn: asOf,
        updatedBy: ctx.loginFor(plan.lead),
        cancelled: plan.cancelled !== undefined,
        fixed: plan.start !== undefined,
      });
    }
  }

  const plans = KEY_TASKS.flatMap((k) => k.items);
  tasks.forEach((t, i) => {
    settle(t, asOf, rng);
    const reason = plans[i]?.cancelled;
    if (reason) {
      t.status = "已取消";
      t.progress = t.start <= asOf ? roundTo5(rng.between(0, 30)) : 0;
      t.doneOn = undefined;
      t.notes = reason;
    }
  });

  // Two items whose deadline was moved by the leading group, preferably ones already late.
  const movable = tasks.filter((t) => !t.fixed && !t.cancelled && t.status !== "已完成" && t.start <= asOf);
  const nearDue = movable.filter((t) => daysBetween(asOf, t.due) <= 45);
  const postponed = [...nearDue.filter((t) => t.due < asOf), ...nearDue.filter((t) => t.due >= asOf)].slice(0, 2);
  for (const t of postponed) {
    const originalDue = t.due;
    t.due = minDate(isoDate(year, 12, 31), addDays(originalDue, 45 + rng.int(0, 30)));
    t.status = "已延期";
    t.progress = Math.max(t.progress, roundTo5(rng.between(40, 70)));
    t.notes = `原定${monthDay(originalDue)}完成，经领导小组同意延期至${monthDay(t.due)}`;
  }

  ensureDoneAndOverdue(tasks, asOf, rng);

  return tasks;
}

/** The demo always shows at least one done and one overdue item when the calendar allows it. */
function ensureDoneAndOverdue(tasks: TaskDraft[], asOf: string, rng: Random) {
  const settled = tasks.filter((t) => !t.cancelled && t.status !== "已延期");
  const byDue = (a: TaskDraft, b: TaskDraft) => compareDates(a.due, b.due);
  if (!settled.some((t) => t.status === "已完成")) {
    const target = settled.filter((t) => t.start < asOf).sort(byDue)[0];
    if (target) markDone(target, minDate(target.due, addDays(asOf, -1)));
  }
  if (!settled.some((t) => t.status !== "已完成" && t.due < asOf)) {
    const done = settled.filter((t) => t.status === "已完成");
    const latestPastDue = done
      .filter((t) => t.due < asOf)
      .sort(byDue)
      .at(-1);
    // Only when another done item remains.
    if (latestPastDue && done.length >= 2) markOverdue(latestPastDue, rng, asOf);
  }
}

export function taskRows(tasks: readonly TaskDraft[], rng: Random): RowInput[] {
  return tasks.map((t) =>
    rowOf(tasksTab, {
      id: t.id,
      keyTask: t.keyTask,
      title: t.title,
      level: t.level,
      leadUnit: t.lead,
      partnerUnits: t.partners.length > 0 ? t.partners.join("、") : undefined,
      leader: t.leader,
      owner: t.owner,
      start: dateCell(t.start),
      due: dateCell(t.due),
      doneOn: t.doneOn ? dateCell(t.doneOn) : undefined,
      progress: t.progress,
      status: t.status,
      notes: t.notes,
      updatedAt: dateTimeCell(t.updatedOn, workingMinutes(rng)),
      updatedBy: t.updatedBy,
    }),
  );
}
