/**
 * 目标责任状: what a unit's target-responsibility letter says, and who has signed.
 * Pure functions of the rows and settings; rendering (PDF, .docx) happens elsewhere.
 */
import type { Settings } from "../schema/settings";
import { TASK_LEVELS, type Letter, type Task, type Unit } from "../schema/tabs";
import { yearOf } from "./dates";
import { effectiveWeights } from "./scores";

export type LetterRole = "牵头" | "参加";

export interface LetterTask {
  id: string;
  title: string;
  role: LetterRole;
  due?: string;
  owner?: string;
}

export interface LetterGroup {
  keyTask: string;
  level: string;
  tasks: LetterTask[];
}

export interface LetterContent {
  year: number;
  unit: string;
  secretary?: string;
  title: string;
  /** The party setting the targets. */
  issuer: string;
  groups: LetterGroup[];
  /** Every task of the letter once (lead first, then partner, by ID). */
  taskIds: string[];
  clauses: string[];
  /** The unit's tasks whose 完成时限 cannot be read: in no year's letter until fixed (待核实). */
  unreadable: number;
}

export const LETTER_ISSUER = "中共克什克腾旗委员会";
const NO_LEVEL = "未定层级";

export function letterTitle(year: number): string {
  return `${year}年度全面从严治党目标责任状`;
}

/** The year a task belongs to: its 完成时限's (a task whose due date cannot be read belongs to none). */
function taskYear(task: Task): number | undefined {
  return task.due ? yearOf(task.due) : undefined;
}

/** The unit's tasks of the year, as lead and as partner, grouped by 重点任务 and 责任层级 in sheet order. */
export function letterTasks(tasks: readonly Task[], unit: string, year: number): LetterGroup[] {
  const groups = new Map<string, LetterGroup>();
  const levelOrder = (level: string) => {
    const i = TASK_LEVELS.findIndex((l) => l.label === level);
    return i < 0 ? TASK_LEVELS.length : i;
  };
  for (const task of tasks) {
    if (task.status === "已取消" || taskYear(task) !== year) continue;
    const role: LetterRole | undefined = task.leadUnit === unit ? "牵头" : task.partnerUnits?.includes(unit) ? "参加" : undefined;
    if (!role) continue;
    const level = task.level ?? NO_LEVEL;
    const key = `${task.keyTask}\n${level}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { keyTask: task.keyTask, level, tasks: [] }));
    group.tasks.push({ id: task.id, title: task.title, role, ...(task.due && { due: task.due }), ...(task.owner && { owner: task.owner }) });
  }
  const keyTaskOrder = [...new Set([...groups.values()].map((g) => g.keyTask))];
  return [...groups.values()]
    .sort((a, b) => keyTaskOrder.indexOf(a.keyTask) - keyTaskOrder.indexOf(b.keyTask) || levelOrder(a.level) - levelOrder(b.level))
    .map((g) => ({ ...g, tasks: [...g.tasks].sort((a, b) => (a.role === b.role ? 0 : a.role === "牵头" ? -1 : 1)) }));
}

/** The assessment clause, from 设置: the 三查一述 weights, the grade cut-offs and the 问责 cap. */
export function assessmentClauses(settings: Settings): string[] {
  const w = effectiveWeights(settings);
  const sum = Object.values(w).reduce((s, v) => s + v, 0);
  const pct = (v: number) => `${Math.round((v / (sum || 1)) * 1000) / 10}%`;
  const g = settings.grades;
  return [
    `年度考核实行“三查一述”：拉练抽查占 ${pct(w.拉练抽查)}、日常督查占 ${pct(w.日常督查)}、年末检查占 ${pct(w.年末检查)}、述职评议占 ${pct(w.述职评议)}，按加权得分计算年度总分。`,
    `年度总分 ${g.好} 分及以上为“好”，${g.较好} 分及以上为“较好”，${g.一般} 分及以上为“一般”，${g.一般} 分以下为“差”。`,
    "年度内被问责的单位，考核等次最高为“较好”；对工作不力、任务未完成的，依规依纪追究责任。",
    "本责任状一式两份，双方各执一份，自签订之日起生效，有效期至当年年底。",
  ];
}

export function letterFor(input: { units: readonly Unit[]; tasks: readonly Task[]; settings: Settings }, unit: string, year: number): LetterContent {
  const groups = letterTasks(input.tasks, unit, year);
  const secretary = input.units.find((u) => u.name === unit)?.secretary;
  const all = groups.flatMap((g) => g.tasks);
  return {
    year,
    unit,
    ...(secretary && { secretary }),
    title: letterTitle(year),
    issuer: LETTER_ISSUER,
    groups,
    taskIds: [...all.filter((t) => t.role === "牵头"), ...all.filter((t) => t.role === "参加")].map((t) => t.id),
    clauses: assessmentClauses(input.settings),
    unreadable: input.tasks.filter((t) => (t._bad?.due !== undefined || !t.due) && (t.leadUnit === unit || t.partnerUnits?.includes(unit))).length,
  };
}

export interface SigningStatus {
  year: number;
  /** Units that must sign: every unit in 单位. */
  due: number;
  signed: number;
  unsigned: string[];
}

/**
 * 已签订 N / 应签 M: a unit has signed its letter for the year when a 责任状 row of
 * that year names it with a 签订日期 (a row without a readable date is not yet signed).
 */
export function signingStatus(units: readonly Pick<Unit, "name">[], letters: readonly Letter[], year: number): SigningStatus {
  const signed = new Set(letters.filter((l) => l.year === year && l.signedOn).map((l) => l.unit));
  const names = units.map((u) => u.name);
  return { year, due: names.length, signed: names.filter((n) => signed.has(n)).length, unsigned: names.filter((n) => !signed.has(n)) };
}
