/**
 * What the reminders say: pure functions of the rows and a date. Which lead
 * unit hears about which task (due soon, overdue, not updated), what the
 * organisation department's county digest holds, and how each is written in
 * each channel's markdown dialect within its size limit.
 */
import type { IsoDate } from "../schema/columns";
import type { Settings } from "../schema/settings";
import type { ReminderKind, Score, Task, Unit } from "../schema/tabs";
import { daysBetween, firstOfYear, yearOf } from "./dates";
import { openRectifications } from "./rectification";
import { isOpen, isOverdue } from "./tasks";

export interface ReminderLine {
  taskId: string;
  title: string;
  due: IsoDate;
  /** Days left (即将到期), days overdue (已逾期) or days since the last update (久未更新). */
  days: number;
}

/** One lead unit's list for one run; only units with something to say get one. */
export interface UnitReminder {
  unit: string;
  dueSoon: ReminderLine[];
  overdue: ReminderLine[];
  stale: ReminderLine[];
}

export interface RectificationLine {
  id: string;
  unit: string;
  deductions: string;
  fixDue: IsoDate;
  daysOverdue: number;
}

/** The organisation department's county-wide picture. */
export interface CountyDigest {
  overdueByUnit: { unit: string; lines: ReminderLine[] }[];
  /** Units leading open tasks none of which was updated this month. */
  silentUnits: string[];
  rectifications: RectificationLine[];
}

/** The date part of a 更新时间 cell ("2026-11-20T09:30:00" or "2026-11-20 09:30"). */
function dateOf(dateTime: string | undefined): IsoDate | undefined {
  const d = dateTime?.slice(0, 10);
  return d && /^\d{4}-\d{2}-\d{2}$/u.test(d) ? d : undefined;
}

/** When the task last moved: 更新时间, else 开始日期, else 1 January of its due year. */
function lastTouched(task: Task): IsoDate {
  return dateOf(task.updatedAt) ?? task.start ?? firstOfYear(yearOf(task.due));
}

const byDays = (a: ReminderLine, b: ReminderLine) => b.days - a.days || a.taskId.localeCompare(b.taskId);

/**
 * Each lead unit's notice: tasks exactly `remind.daysBefore` days before their
 * 完成时限 (7, 3 and 1 by default, so a group hears of a task three times, not
 * every day of its last week), every overdue task, and open tasks not updated
 * for `remind.staleDays` days (an overdue task is listed once, as overdue).
 */
export function unitReminders(tasks: readonly Task[], settings: Pick<Settings, "remindDaysBefore" | "remindStaleDays">, today: IsoDate): UnitReminder[] {
  const milestones = new Set(settings.remindDaysBefore);
  const byUnit = new Map<string, UnitReminder>();
  const of = (unit: string) => {
    let r = byUnit.get(unit);
    if (!r) byUnit.set(unit, (r = { unit, dueSoon: [], overdue: [], stale: [] }));
    return r;
  };
  for (const task of tasks) {
    if (!isOpen(task) || task._bad?.due !== undefined || !task.leadUnit) continue;
    const line = (days: number): ReminderLine => ({ taskId: task.id, title: task.title, due: task.due, days });
    if (isOverdue(task, today)) {
      of(task.leadUnit).overdue.push(line(daysBetween(task.due, today)));
      continue;
    }
    const left = daysBetween(today, task.due);
    if (milestones.has(left)) of(task.leadUnit).dueSoon.push(line(left));
    const idle = daysBetween(lastTouched(task), today);
    if (idle >= settings.remindStaleDays) of(task.leadUnit).stale.push(line(idle));
  }
  const out = [...byUnit.values()];
  for (const r of out) {
    r.overdue.sort(byDays);
    r.dueSoon.sort((a, b) => a.days - b.days || a.taskId.localeCompare(b.taskId));
    r.stale.sort(byDays);
  }
  return out.sort((a, b) => a.unit.localeCompare(b.unit, "zh"));
}

/** The county digest, or undefined when there is nothing to report. */
export function countyDigest(tasks: readonly Task[], units: readonly Unit[], scores: readonly Score[], today: IsoDate): CountyDigest | undefined {
  const overdue = new Map<string, ReminderLine[]>();
  const leading = new Map<string, { open: number; updatedThisMonth: boolean }>();
  const month = today.slice(0, 7);
  for (const task of tasks) {
    if (!isOpen(task) || !task.leadUnit) continue;
    const lead = leading.get(task.leadUnit) ?? { open: 0, updatedThisMonth: false };
    lead.open++;
    if (dateOf(task.updatedAt)?.slice(0, 7) === month) lead.updatedThisMonth = true;
    leading.set(task.leadUnit, lead);
    if (isOverdue(task, today)) {
      const list = overdue.get(task.leadUnit) ?? [];
      list.push({ taskId: task.id, title: task.title, due: task.due, days: daysBetween(task.due, today) });
      overdue.set(task.leadUnit, list);
    }
  }
  const order = new Map(units.map((u, i) => [u.name, i]));
  const unitOrder = (a: string, b: string) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b, "zh");
  const overdueByUnit = [...overdue.entries()]
    .map(([unit, lines]) => ({ unit, lines: lines.sort(byDays) }))
    .sort((a, b) => b.lines.length - a.lines.length || unitOrder(a.unit, b.unit));
  const silentUnits = [...leading.entries()]
    .filter(([, l]) => !l.updatedThisMonth)
    .map(([unit]) => unit)
    .sort(unitOrder);
  const rectifications = openRectifications(scores, today).flatMap((r) =>
    r.daysOverdue !== null && r.fixDue !== null ? [{ id: r.id, unit: r.unit, deductions: r.deductions, fixDue: r.fixDue, daysOverdue: r.daysOverdue }] : [],
  );
  if (overdueByUnit.length === 0 && silentUnits.length === 0 && rectifications.length === 0) return undefined;
  return { overdueByUnit, silentUnits, rectifications };
}

/** The task IDs a notice covers, by the kind recorded in 提醒记录. */
export function unitReminderKinds(r: UnitReminder): { kind: ReminderKind; taskIds: string[] }[] {
  const kinds: { kind: ReminderKind; taskIds: string[] }[] = [
    { kind: "已逾期", taskIds: r.overdue.map((l) => l.taskId) },
    { kind: "即将到期", taskIds: r.dueSoon.map((l) => l.taskId) },
    { kind: "久未更新", taskIds: r.stale.map((l) => l.taskId) },
  ];
  return kinds.filter((k) => k.taskIds.length > 0);
}

export function digestKinds(d: CountyDigest): { kind: ReminderKind; taskIds: string[] }[] {
  const kinds: { kind: ReminderKind; taskIds: string[] }[] = [
    { kind: "汇总", taskIds: d.overdueByUnit.flatMap((u) => u.lines.map((l) => l.taskId)) },
    { kind: "整改逾期", taskIds: d.rectifications.map((r) => r.id) },
  ];
  return kinds.filter((k, i) => i === 0 || k.taskIds.length > 0);
}

// ---------------------------------------------------------------------------
// Writing it down, in each channel's dialect.

export type Dialect = "wecom" | "dingtalk" | "feishu" | "email";

/**
 * The most each platform takes in one message, in UTF-8 bytes: WeCom's
 * markdown content 4096; DingTalk's and Feishu's request bodies 20 000, of
 * which the JSON envelope and escaping need a share. E-mail is one message.
 */
export const MESSAGE_LIMIT_BYTES: Record<Dialect, number> = { wecom: 4096, dingtalk: 18_000, feishu: 16_000, email: Number.POSITIVE_INFINITY };

export interface RenderedMessage {
  title: string;
  /** One or more messages, each within the dialect's limit. */
  parts: string[];
}

interface Section {
  heading: string;
  lines: string[];
}

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

function heading(dialect: Dialect, text: string): string {
  if (dialect === "wecom") return `**${text}**`;
  if (dialect === "dingtalk") return `#### ${text}`;
  if (dialect === "feishu") return `**${text}**`;
  return `【${text}】`;
}

function titleLine(dialect: Dialect, text: string): string {
  if (dialect === "wecom") return `# ${text}`;
  if (dialect === "dingtalk") return `### ${text}`;
  if (dialect === "feishu") return `**${text}**`;
  return text;
}

function link(dialect: Dialect, text: string, url: string): string {
  // In a mail a bare URL ends at a space: a client would otherwise take the next character into the link.
  return dialect === "email" ? `${text}：${url} ` : `[${text}](${url})`;
}

function warn(dialect: Dialect, text: string): string {
  if (dialect === "wecom") return `<font color="warning">${text}</font>`;
  if (dialect === "dingtalk") return `<font color="#d9363e">${text}</font>`;
  if (dialect === "feishu") return `<font color='red'>${text}</font>`;
  return text;
}

function item(dialect: Dialect, text: string): string {
  return dialect === "wecom" ? `> ${text}` : `- ${text}`;
}

/** Lines joined as each dialect breaks them (DingTalk's markdown needs a blank line between paragraphs). */
function joinLines(dialect: Dialect, lines: string[]): string {
  return lines.join(dialect === "dingtalk" ? "\n\n" : "\n");
}

/** Sections packed into messages under the limit; a section split over two messages repeats its heading. */
function pack(dialect: Dialect, title: string, intro: string[], sections: Section[]): RenderedMessage {
  const limit = MESSAGE_LIMIT_BYTES[dialect];
  const reserve = 64; // room for "（续 12/12）" added to the title once the count is known
  const parts: string[][] = [];
  let current: string[] = [];
  // Bytes of the current part as joined, kept as lines are added (joining it again per line is quadratic).
  let used = 0;
  const separator = bytes(joinLines(dialect, ["", ""]));
  const add = (line: string) => {
    used += (current.length > 0 ? separator : 0) + bytes(line);
    current.push(line);
  };
  const fits = (...lines: string[]) => used + lines.reduce((n, l) => n + separator + bytes(l), 0) + reserve <= limit;
  const start = (first: boolean) => {
    current = [];
    used = 0;
    parts.push(current);
    add(titleLine(dialect, first ? title : `${title}（续）`));
    if (first) intro.forEach(add);
  };
  start(true);
  for (const section of sections) {
    const head = heading(dialect, section.heading);
    if (!fits(head, section.lines[0] ?? "")) start(false);
    add(head);
    for (const line of section.lines) {
      if (!fits(line)) {
        start(false);
        add(heading(dialect, `${section.heading}（续）`));
      }
      add(line);
    }
  }
  const n = parts.length;
  const texts = parts.map((lines, i) => {
    if (n > 1) lines[0] = titleLine(dialect, `${title}（${i + 1}/${n}）`);
    return joinLines(dialect, lines);
  });
  return { title, parts: texts };
}

export type TaskUrl = (taskId: string) => string;

/** A lead unit's message: overdue first, then due soon, then not updated. */
export function renderUnitReminder(r: UnitReminder, dialect: Dialect, url: TaskUrl, today: IsoDate): RenderedMessage {
  const line = (l: ReminderLine, tail: string) => item(dialect, `${link(dialect, `${l.taskId} ${l.title}`, url(l.taskId))}（完成时限 ${l.due}）${tail}`);
  const sections: Section[] = [];
  if (r.overdue.length > 0)
    sections.push({ heading: `已逾期 ${r.overdue.length} 项`, lines: r.overdue.map((l) => line(l, `，${warn(dialect, `逾期 ${l.days} 天`)}`)) });
  if (r.dueSoon.length > 0) sections.push({ heading: `即将到期 ${r.dueSoon.length} 项`, lines: r.dueSoon.map((l) => line(l, `，还剩 ${l.days} 天`)) });
  if (r.stale.length > 0) sections.push({ heading: `久未更新 ${r.stale.length} 项`, lines: r.stale.map((l) => line(l, `，已 ${l.days} 天未更新`)) });
  return pack(dialect, `${r.unit}：党建任务提醒（${today}）`, ["请牵头单位及时推进并在看板更新进度。"], sections);
}

/** The organisation department's digest: overdue by unit, silent units, overdue 整改. */
export function renderDigest(d: CountyDigest, dialect: Dialect, url: TaskUrl, today: IsoDate): RenderedMessage {
  const total = d.overdueByUnit.reduce((n, u) => n + u.lines.length, 0);
  const sections: Section[] = [];
  for (const u of d.overdueByUnit) {
    sections.push({
      heading: `${u.unit}：逾期 ${u.lines.length} 项`,
      lines: u.lines.map((l) => item(dialect, `${link(dialect, `${l.taskId} ${l.title}`, url(l.taskId))}，${warn(dialect, `逾期 ${l.days} 天`)}`)),
    });
  }
  if (d.silentUnits.length > 0) sections.push({ heading: `本月无任务更新的单位 ${d.silentUnits.length} 个`, lines: [item(dialect, d.silentUnits.join("、"))] });
  if (d.rectifications.length > 0) {
    sections.push({
      heading: `整改逾期 ${d.rectifications.length} 项`,
      lines: d.rectifications.map((r) =>
        item(dialect, `${r.unit}：${r.deductions}（记录 ${r.id}，整改时限 ${r.fixDue}，${warn(dialect, `逾期 ${r.daysOverdue} 天`)}）`),
      ),
    });
  }
  return pack(dialect, `全旗党建任务督办汇总（${today}）`, [`逾期任务共 ${total} 项，涉及 ${d.overdueByUnit.length} 个单位。`], sections);
}

/** A 催办 by hand: one task, to its lead unit (and its 责任人 by e-mail). */
export function renderUrge(
  task: Pick<Task, "id" | "title" | "due" | "leadUnit" | "owner" | "progress">,
  dialect: Dialect,
  url: string,
  today: IsoDate,
): RenderedMessage {
  const days = daysBetween(task.due, today);
  const state = days > 0 ? warn(dialect, `已逾期 ${days} 天`) : days === 0 ? "今天到期" : `还剩 ${-days} 天`;
  const lines = [
    item(dialect, link(dialect, `${task.id} ${task.title}`, url)),
    item(dialect, `完成时限 ${task.due}，${state}；当前进度 ${task.progress ?? 0}%`),
    ...(task.owner ? [item(dialect, `责任人：${task.owner}`)] : []),
  ];
  return pack(dialect, `催办：${task.leadUnit}`, ["组织部请牵头单位加快推进以下任务，并在看板更新进度。"], [{ heading: "督办事项", lines }]);
}
