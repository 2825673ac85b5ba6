import "server-only";
/**
 * Row-level views for the list and detail pages: each checks the viewer's role next to
 * the data, canonicalises unit names, and returns small plain rows for the client.
 * Rows belong to a year as in the summary: tasks by 完成时限, visits, meetings and
 * accountability by 日期, scores by 年度.
 */
import { cache } from "react";
import { canForUnits, scopeOf, scopeRows, type Capability, type Viewer } from "../auth/roles";
import {
  annualScores,
  approvedExtension,
  daysBetween,
  effectiveDue,
  isDoneLate,
  overdueDays,
  effectiveWeights,
  isOverdue,
  monthOf,
  plannedProgress,
  pointsBehind,
  taskLight,
  taskLightWithReason,
  taskProgress,
  taskInYear,
  taskState,
  unitNamer,
  visitTotals,
  visitsByMethod,
  visitsByMonth,
  visitsByTier,
  visitsByUnit,
  yearOf,
  yearsOnOffer,
  yearsPresent,
  type AnnualScore,
  type TaskLight,
  type TaskLightReason,
  type TaskState,
  type VisitTotals,
} from "../domain";
import type { BadCell } from "../schema/columns";
import type { Settings } from "../schema/settings";
import { SCORE_METHODS, type Accountability, type Meeting, type ScoreMethod, type Task, type Unit, type Visit } from "../schema/tabs";
import { localTimeText } from "../clock";
import { loadDataset, timeZoneOf, today } from "./dataset";
import { perParse } from "./per-parse";

export interface YearScope {
  year: number;
  /** Years with any data (and the one shown), ascending, for the year picker. */
  years: number[];
  today: string;
}

/** Plain rows: every value a string, number, boolean, null or list of strings. */
export type TaskRow = {
  id: string;
  keyTask: string;
  title: string;
  level: string | null;
  leadUnit: string;
  partnerUnits: string[];
  leader: string | null;
  owner: string | null;
  start: string | null;
  /** null when 完成时限 cannot be read (see `bad`). */
  due: string | null;
  doneOn: string | null;
  /** null when 进度 cannot be read (see `bad`). */
  progress: number | null;
  /** Planned share of the span elapsed by today, 0–100, rounded; null for done and cancelled tasks. */
  planned: number | null;
  status: string | null;
  state: TaskState;
  light: TaskLight | null;
  overdue: boolean;
  /** 逾期天数, counted from an approved 延期至 when there is one; null when not overdue. */
  overdueDays: number | null;
  /** An approved 延期至 (the deadline that counts; `due` stays the original); null when none. */
  extendedTo: string | null;
  extensionApprovedBy: string | null;
  /** 逾期完成: done after the deadline that counts. */
  doneLate: boolean;
  notes: string | null;
  updatedAt: string | null;
  /** Cells of the row that could not be read: the row is marked 数据有误 naming them. */
  bad: BadCellRow[];
};

/** Cells that could not be read, each as 「进度」F12：过半 — plain text, so lists can filter and export them. */
export type BadCellRow = string;

function badCells(row: { _bad?: Partial<Record<string, BadCell>> }): BadCellRow[] {
  return Object.values(row._bad ?? {}).flatMap((b) => (b ? [`「${b.column}」${b.cell}：${b.value === "" ? "（空）" : b.value}`] : []));
}

/** The year of a row's date; null when the date cannot be read (the row is in no year). */
function dateYear(row: { date?: string; _bad?: Partial<Record<string, unknown>> }): number | null {
  return row._bad?.date !== undefined || row.date === undefined ? null : yearOf(row.date);
}

export type VisitRow = {
  id: string;
  date: string;
  month: number | null;
  cadre: string;
  tier: string | null;
  unit: string;
  contactPoint: string;
  method: string | null;
  /** null when the cell cannot be read. */
  suggestions: number | null;
  solved: number | null;
  summary: string | null;
  evidence: string | null;
  /** The link's text when 佐证链接 was a hyperlink on other words (现场照片). */
  evidenceLabel: string | null;
  enteredBy: string | null;
  bad: BadCellRow[];
};

export type MeetingRow = {
  id: string;
  date: string;
  month: number | null;
  kind: string;
  chair: string | null;
  topics: string | null;
  taskIds: string[];
  minutes: string | null;
  /** The link's text when 纪要链接 was a hyperlink on other words. */
  minutesLabel: string | null;
};

export type AccountabilityRow = {
  id: string;
  date: string;
  month: number | null;
  unit: string;
  person: string | null;
  reason: string;
  kind: string | null;
  taskId: string | null;
};

export type ScoreRecordRow = {
  id: string;
  year: number;
  unit: string;
  method: string;
  date: string | null;
  score: number;
  inspector: string | null;
  deductions: string | null;
  fixDue: string | null;
  fixStatus: string | null;
};

/** One unit's year under 三查一述: the four method means, the weighted total and how the grade came about. */
export type AnnualScoreRow = {
  unit: string;
  rank: number;
  drill: number | null;
  routine: number | null;
  yearEnd: number | null;
  report: number | null;
  total: number | null;
  /** 好 / 较好 / 一般 / 差, or "incomplete" when a weighted method is missing. */
  grade: string;
  incomplete: boolean;
  missing: string[];
  capped: boolean;
  accountabilityIds: string[];
};

const n = <T>(v: T | undefined): T | null => (v === undefined || v === "" ? null : v);

/** An app-written time as "2026-11-11 13:38", the wall clock of the deployment's zone, the same for every language. */
function localDateTime(value: string | undefined, timeZone: string): string | null {
  return value ? localTimeText(value, timeZone) : null;
}

async function context(year: number | undefined) {
  const dataset = await loadDataset();
  const t = today();
  const present = perParse(dataset, "years", () => yearsPresent(dataset));
  // defaultYear's rule, from the years already found.
  const shown = year ?? dataset.settings.year ?? present.at(-1) ?? yearOf(t);
  const years = yearsOnOffer(present, shown);
  const unit = perParse(dataset, "unitNamer", () => unitNamer(dataset.units));
  return { dataset, unit, scope: { year: shown, years, today: t } satisfies YearScope };
}

/** The part of a viewer a row scope depends on: its role's scope, and its unit when that scope is its own unit's. */
function scopeKey(viewer: Viewer, capability: Capability): string {
  const scope = scopeOf(viewer, capability);
  return scope === "own-unit" ? `own-unit:${viewer.kind === "user" ? (viewer.unit ?? "") : ""}` : scope;
}

/** A unit viewer's own unit as a canonical name, so that an id in 用户 matches names in rows. */
function canonicalViewer(viewer: Viewer, unit: (u: string) => string): Viewer {
  return viewer.kind === "user" && viewer.unit ? { ...viewer, unit: unit(viewer.unit) } : viewer;
}

function taskRow(task: Task, unit: (u: string) => string, todayIso: string, timeZone: string): TaskRow {
  const state = taskState(task);
  return {
    id: task.id,
    keyTask: task.keyTask,
    title: task.title,
    level: n(task.level),
    leadUnit: unit(task.leadUnit),
    partnerUnits: (task.partnerUnits ?? []).map(unit),
    leader: n(task.leader),
    owner: n(task.owner),
    start: n(task.start),
    due: task._bad?.due ? null : task.due,
    doneOn: n(task.doneOn),
    progress: task._bad?.progress ? null : state === "done" && task.progress === undefined ? 100 : taskProgress(task),
    planned: state === "open" && !task._bad?.due && !task._bad?.start ? Math.round(plannedProgress(task, todayIso)) : null,
    status: n(task.status),
    state,
    light: taskLight(task, todayIso) ?? null,
    overdue: isOverdue(task, todayIso),
    overdueDays: overdueDays(task, todayIso),
    extendedTo: approvedExtension(task) ?? null,
    extensionApprovedBy: n(task.extensionApprovedBy),
    doneLate: isDoneLate(task),
    notes: n(task.notes),
    updatedAt: localDateTime(task.updatedAt, timeZone),
    bad: badCells(task),
  };
}

function visitRow(v: Visit, unit: (u: string) => string): VisitRow {
  return {
    id: v.id,
    date: v.date ?? "",
    month: dateYear(v) === null ? null : monthOf(v.date),
    cadre: v.cadre,
    tier: n(v.tier),
    unit: unit(v.unit),
    contactPoint: v.contactPoint,
    method: n(v.method),
    suggestions: v._bad?.suggestions ? null : (v.suggestions ?? 0),
    solved: v._bad?.solved ? null : (v.solved ?? 0),
    summary: n(v.summary),
    evidence: n(v.evidence),
    evidenceLabel: n(v._labels?.evidence),
    enteredBy: n(v.enteredBy),
    bad: badCells(v),
  };
}

function meetingRow(m: Meeting): MeetingRow {
  return {
    id: m.id,
    date: m.date ?? "",
    month: dateYear(m) === null ? null : monthOf(m.date),
    kind: m.kind ?? "",
    chair: n(m.chair),
    topics: n(m.topics),
    taskIds: m.taskIds ?? [],
    minutes: n(m.minutes),
    minutesLabel: n(m._labels?.minutes),
  };
}

function accountabilityRow(a: Accountability, unit: (u: string) => string): AccountabilityRow {
  return {
    id: a.id,
    date: a.date ?? "",
    month: dateYear(a) === null ? null : monthOf(a.date),
    unit: unit(a.unit),
    person: n(a.person),
    reason: a.reason,
    kind: n(a.kind),
    taskId: n(a.taskId),
  };
}

function annualRow(s: AnnualScore): AnnualScoreRow {
  const mean = (m: ScoreMethod) => s.means[m] ?? null;
  return {
    unit: s.unit,
    rank: s.rank,
    drill: mean("拉练抽查"),
    routine: mean("日常督查"),
    yearEnd: mean("年末检查"),
    report: mean("述职评议"),
    total: s.total,
    grade: s.grade ?? "incomplete",
    incomplete: s.incomplete,
    missing: s.missing,
    capped: s.capped,
    accountabilityIds: s.accountabilityIds,
  };
}

// ——— tasks ———

export const tasksView = cache(async (_viewer: Viewer, year?: number) => {
  const { dataset, unit, scope } = await context(year);
  // Every signed-in role reads every task (SPEC roles: task list and details).
  const rows = perParse(dataset, `taskRows|${scope.year}|${scope.today}`, () =>
    dataset.tasks.filter((t) => taskInYear(t, scope.year)).map((t) => taskRow(t, unit, scope.today, timeZoneOf(dataset))),
  );
  return { ...scope, rows };
});

export interface TaskDetail {
  task: TaskRow;
  /** Points behind plan (negative when ahead); null for done and cancelled tasks. */
  behind: number | null;
  /** Days past the due date, for overdue tasks. */
  daysOverdue: number | null;
  /** null when 完成时限 cannot be read. */
  daysLeft: number | null;
  /** Which rule gave the light, so the page can say why. */
  lightReason: TaskLightReason | null;
  meetings: MeetingRow[];
  /** Accountability records naming the task, as far as the viewer may see them; null when the role sees none. */
  accountability: AccountabilityRow[] | null;
  today: string;
}

export async function taskDetail(viewer: Viewer, id: string): Promise<TaskDetail | null> {
  const dataset = await loadDataset();
  const task = dataset.tasks.find((t) => t.id === id);
  if (!task) return null;
  const unit = unitNamer(dataset.units);
  const t = today();
  const row = taskRow(task, unit, t, timeZoneOf(dataset));
  const v = canonicalViewer(viewer, unit);
  const canSeeAccountability = scopeOf(v, "accountability.read") !== "none";
  const behind = row.state === "open" && row.planned !== null && row.progress !== null ? pointsBehind(task, t) : null;
  const daysLeft = task._bad?.due || task.due === undefined ? null : daysBetween(t, effectiveDue(task));
  const lightReason = taskLightWithReason(task, t)?.reason ?? null;
  return {
    task: row,
    behind,
    daysOverdue: row.overdueDays,
    daysLeft,
    lightReason,
    meetings: dataset.meetings
      .filter((m) => (m.taskIds ?? []).includes(task.id))
      .map(meetingRow)
      .sort((a, b) => a.date.localeCompare(b.date)),
    accountability: canSeeAccountability
      ? scopeRows(
          v,
          "accountability.read",
          dataset.accountability.filter((a) => a.taskId === task.id).map((a) => accountabilityRow(a, unit)),
          (a) => [a.unit],
        )
      : null,
    today: t,
  };
}

// ——— visits ———

export interface VisitAggregates {
  totals: VisitTotals & { cadres: number };
  byMonth: ReturnType<typeof visitsByMonth>;
  byUnit: ReturnType<typeof visitsByUnit>;
  byTier: ReturnType<typeof visitsByTier>;
  byMethod: ReturnType<typeof visitsByMethod>;
}

function aggregates(visits: readonly Visit[], year: number): VisitAggregates {
  return {
    totals: { ...visitTotals(visits), cadres: new Set(visits.map((v) => JSON.stringify([v.unit, v.cadre]))).size },
    byMonth: visitsByMonth(visits, year),
    byUnit: visitsByUnit(visits),
    byTier: visitsByTier(visits),
    byMethod: visitsByMethod(visits),
  };
}

/**
 * The year's visit figures for everyone with `visits.aggregates`, and the rows only for
 * `visits.read` (a unit: its own unit's rows). `rows` is null when the role sees no rows.
 */
export const visitsView = cache(async (viewer: Viewer, year?: number) => {
  const { dataset, unit, scope } = await context(year);
  const visits = perParse(dataset, `visits|${scope.year}`, () =>
    dataset.visits.filter((v) => dateYear(v) === scope.year).map((v) => ({ ...v, unit: unit(v.unit) })),
  );
  const v = canonicalViewer(viewer, unit);
  const readScope = scopeOf(v, "visits.read");
  const rows =
    readScope === "none"
      ? null
      : perParse(dataset, `visitRows|${scope.year}|${scopeKey(v, "visits.read")}`, () =>
          scopeRows(v, "visits.read", visits, (x) => [x.unit]).map((x) => visitRow(x, unit)),
        );
  const writeScope = scopeOf(v, "visits.write");
  // The rows the viewer may edit, as the edit page and the action decide it.
  const editableUnits: "all" | string[] = writeScope === "all" ? "all" : writeScope === "own-unit" && v.kind === "user" && v.unit ? [v.unit] : [];
  return {
    ...scope,
    aggregates: scopeOf(v, "visits.aggregates") === "none" ? null : perParse(dataset, `visitAggregates|${scope.year}`, () => aggregates(visits, scope.year)),
    rows,
    ownUnitOnly: readScope === "own-unit",
    editableUnits,
  };
});

// ——— meetings ———

export const meetingsView = cache(async (_viewer: Viewer, year?: number) => {
  const { dataset, scope } = await context(year);
  // Every signed-in role reads every meeting; the titles of the tasks it assigned make it findable by subject.
  const titles = new Map(dataset.tasks.map((t) => [t.id, t.title]));
  const rows = dataset.meetings
    .filter((m) => dateYear(m) === scope.year)
    .map((m) => {
      const row = meetingRow(m);
      return { ...row, taskTitles: row.taskIds.map((id) => titles.get(id) ?? id) };
    });
  return { ...scope, rows };
});

// ——— scores ———

export interface ScoresView extends YearScope {
  /** The ranking rows the viewer may see: all, or only its own unit's. */
  annual: AnnualScoreRow[];
  /** True when the viewer sees every unit's result (admin, leader, or a unit when ranking.public). */
  wholeRanking: boolean;
  /** Units ranked that year, for "rank n of m". */
  rankedUnits: number;
  records: ScoreRecordRow[];
  ownUnitOnly: boolean;
  weights: Record<ScoreMethod, number>;
  grades: Settings["grades"];
}

export const scoresView = cache(async (viewer: Viewer, year?: number): Promise<ScoresView> => {
  const { dataset, unit, scope } = await context(year);
  const scores = dataset.scores.map((s) => ({ ...s, unit: unit(s.unit) }));
  const accountability = dataset.accountability.map((a) => ({ ...a, unit: unit(a.unit) }));
  const ranking = annualScores(scores, accountability, dataset.settings, scope.year);
  const v = canonicalViewer(viewer, unit);
  const ctx = { rankingPublic: dataset.settings.rankingPublic };
  const wholeRanking = scopeOf(v, "scores.ranking", ctx) === "all" || scopeOf(v, "scores.read", ctx) === "all";
  const annual = (wholeRanking ? ranking : scopeRows(v, "scores.read", ranking, (r) => [r.unit], ctx)).map(annualRow);
  const records = scopeRows(
    v,
    "scores.read",
    scores.filter((s) => s.year === scope.year),
    (s) => [s.unit],
    ctx,
  ).map((s) => ({
    id: s.id,
    year: s.year,
    unit: s.unit,
    method: s.method,
    date: n(s.date),
    score: s.score,
    inspector: n(s.inspector),
    deductions: n(s.deductions),
    fixDue: n(s.fixDue),
    fixStatus: n(s.fixStatus),
  }));
  const weights = effectiveWeights(dataset.settings);
  const sum = SCORE_METHODS.reduce((s, m) => s + weights[m.label], 0);
  const normalised = Object.fromEntries(SCORE_METHODS.map((m) => [m.label, sum > 0 ? Math.round((weights[m.label] * 10000) / sum) / 100 : 0])) as Record<
    ScoreMethod,
    number
  >;
  return {
    ...scope,
    annual,
    wholeRanking,
    rankedUnits: ranking.length,
    records,
    ownUnitOnly: scopeOf(v, "scores.read", ctx) === "own-unit",
    weights: normalised,
    grades: dataset.settings.grades,
  };
});

// ——— accountability ———

export const accountabilityView = cache(async (viewer: Viewer, year?: number) => {
  const { dataset, unit, scope } = await context(year);
  const v = canonicalViewer(viewer, unit);
  const rows = scopeRows(
    v,
    "accountability.read",
    dataset.accountability.filter((a) => dateYear(a) === scope.year).map((a) => accountabilityRow(a, unit)),
    (a) => [a.unit],
  );
  return { ...scope, rows, ownUnitOnly: scopeOf(v, "accountability.read") === "own-unit" };
});

// ——— one unit ———

export interface UnitDetail extends YearScope {
  name: string;
  info: Pick<Unit, "id" | "kind" | "parent" | "secretary" | "contact"> | null;
  /** Tasks of the year the unit leads or takes part in. */
  tasks: (TaskRow & { role: "lead" | "partner" })[];
  /** The unit's visits that year when the viewer may read them; otherwise only the totals. */
  visits: VisitRow[] | null;
  visitTotals: (VisitTotals & { cadres: number }) | null;
  /** Its 三查一述 result when the viewer may see it. */
  score: AnnualScoreRow | null;
  scoreVisible: boolean;
  rankedUnits: number;
  accountability: AccountabilityRow[] | null;
}

function allowed(viewer: Viewer, capability: Capability, unitName: string, context: { rankingPublic?: boolean } = {}): boolean {
  return canForUnits(viewer, capability, [unitName], context);
}

export async function unitDetail(viewer: Viewer, nameOrId: string, year?: number): Promise<UnitDetail | null> {
  const { dataset, unit, scope } = await context(year);
  const name = unit(nameOrId);
  const info = dataset.units.find((u) => u.name === name) ?? null;
  const tasks = dataset.tasks
    .filter((t) => taskInYear(t, scope.year))
    .map((t) => taskRow(t, unit, scope.today, timeZoneOf(dataset)))
    .flatMap((t): (TaskRow & { role: "lead" | "partner" })[] =>
      t.leadUnit === name ? [{ ...t, role: "lead" }] : t.partnerUnits.includes(name) ? [{ ...t, role: "partner" }] : [],
    );
  const mentioned =
    info !== null ||
    dataset.tasks.some((t) => unit(t.leadUnit) === name || (t.partnerUnits ?? []).some((p) => unit(p) === name)) ||
    dataset.visits.some((v) => unit(v.unit) === name) ||
    dataset.scores.some((s) => unit(s.unit) === name);
  if (!mentioned) return null;

  const v = canonicalViewer(viewer, unit);
  const ctx = { rankingPublic: dataset.settings.rankingPublic };
  const visits = dataset.visits.filter((x) => dateYear(x) === scope.year && unit(x.unit) === name).map((x) => ({ ...x, unit: name }));
  const ranking = annualScores(
    dataset.scores.map((s) => ({ ...s, unit: unit(s.unit) })),
    dataset.accountability.map((a) => ({ ...a, unit: unit(a.unit) })),
    dataset.settings,
    scope.year,
  );
  const scoreVisible = allowed(v, "scores.read", name, ctx);
  const own = ranking.find((r) => r.unit === name);
  return {
    ...scope,
    name,
    info: info && { id: info.id, kind: info.kind, parent: info.parent, secretary: info.secretary, contact: info.contact },
    tasks,
    visits: allowed(v, "visits.read", name) ? visits.map((x) => visitRow(x, unit)) : null,
    visitTotals: scopeOf(v, "visits.aggregates") === "none" ? null : { ...visitTotals(visits), cadres: new Set(visits.map((x) => x.cadre)).size },
    score: scoreVisible && own ? annualRow(own) : null,
    scoreVisible,
    rankedUnits: ranking.length,
    accountability: allowed(v, "accountability.read", name)
      ? dataset.accountability.filter((a) => dateYear(a) === scope.year && unit(a.unit) === name).map((a) => accountabilityRow(a, unit))
      : null,
  };
}
