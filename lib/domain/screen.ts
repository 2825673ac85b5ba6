/**
 * The meeting screen's content as plain JSON: headline figures with the change since the
 * last meeting snapshot, key-task progress, the red list, visits by month, the ranking and
 * the year's meetings, cut into slides. Pure: the server computes it, the client only draws it.
 */
import { z } from "zod";
import type { IsoDate } from "../schema/columns";
import type { Grade } from "../schema/settings";
import type { Meeting, MeetingKind, Snapshot, Task } from "../schema/tabs";
import { MEETING_KINDS } from "../schema/tabs";
import { monthOf, yearOf } from "./dates";
import { round } from "./numbers";
import type { Figures, Summary } from "./summary";
import { approvedExtension, overdueDays, pointsBehind, taskLight, taskProgress } from "./tasks";
import { unitNamer } from "./unit-names";
import { taskInYear } from "./years";

// ---------------------------------------------------------------------------
// Headline figures and their change since the last meeting

/**
 * A snapshot's 指标 as far as the screen reads it. Lenient on purpose: a snapshot written
 * by an older version (or by hand) still gives whatever figures it has.
 */
const count = z.number().nullable().optional();
const snapshotFiguresSchema = z.object({
  tasks: z.object({ done: count, overdue: count, red: count, yellow: count, donePercent: count, onTimePercent: count }).partial().optional(),
  visits: z.object({ count, suggestions: count, solved: count, solveRate: count }).partial().optional(),
  meetings: z.record(z.string(), z.number()).optional(),
});
export type FiguresLike = z.infer<typeof snapshotFiguresSchema>;

/** What the app writes to 指标: the same `{ year, figures }` as `GET /api/summary`. A bare figures object is read too. */
const storedSnapshotSchema = z.union([
  z.object({ year: z.number().int(), figures: snapshotFiguresSchema }),
  snapshotFiguresSchema.transform((figures) => ({ year: undefined, figures })),
]);

export type HeadlineKey = "donePercent" | "done" | "overdue" | "red" | "yellow" | "visits" | "suggestions" | "solved" | "solveRate" | "meetings";

interface HeadlineDef {
  key: HeadlineKey;
  /** Which way is good news: a rise in overdue tasks is shown as bad. */
  better: "up" | "down";
  /** percent values are 0–100 and their change is in percentage points. */
  kind: "count" | "percent";
  value(f: FiguresLike): number | null;
}

const sumOf = (record: Record<string, number> | undefined) => (record ? Object.values(record).reduce((a, b) => a + b, 0) : null);

const HEADLINE: readonly HeadlineDef[] = [
  { key: "donePercent", better: "up", kind: "percent", value: (f) => f.tasks?.donePercent ?? null },
  { key: "done", better: "up", kind: "count", value: (f) => f.tasks?.done ?? null },
  { key: "overdue", better: "down", kind: "count", value: (f) => f.tasks?.overdue ?? null },
  { key: "red", better: "down", kind: "count", value: (f) => f.tasks?.red ?? null },
  { key: "yellow", better: "down", kind: "count", value: (f) => f.tasks?.yellow ?? null },
  { key: "visits", better: "up", kind: "count", value: (f) => f.visits?.count ?? null },
  { key: "suggestions", better: "up", kind: "count", value: (f) => f.visits?.suggestions ?? null },
  { key: "solved", better: "up", kind: "count", value: (f) => f.visits?.solved ?? null },
  {
    key: "solveRate",
    better: "up",
    kind: "percent",
    value: (f) => (f.visits?.solveRate === null || f.visits?.solveRate === undefined ? null : round(f.visits.solveRate * 100, 2)),
  },
  { key: "meetings", better: "up", kind: "count", value: (f) => sumOf(f.meetings) },
];

export interface HeadlineFigure {
  key: HeadlineKey;
  value: number | null;
  /** value − the baseline's value; null when there is no baseline or either side is missing. */
  delta: number | null;
  better: "up" | "down";
  kind: "count" | "percent";
}

/** The last meeting the screen compares with. */
export interface Baseline {
  id: string;
  date: IsoDate;
}

export type SnapshotRecord = { year: number; figures: Figures };

/** The 指标 cell of a new snapshot. */
export function snapshotFiguresText(summary: Pick<Summary, "year" | "figures">): string {
  const record: SnapshotRecord = { year: summary.year, figures: summary.figures };
  return JSON.stringify(record);
}

/** A snapshot's figures, or undefined when its 指标 is not JSON the screen can read. */
export function parseSnapshotFigures(text: string): { year?: number; figures: FiguresLike } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = storedSnapshotSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The latest readable snapshot dated before today that records the year shown
 * (a snapshot without a year counts for the year of its date). A snapshot taken
 * today is the current meeting's own record, never its baseline.
 */
export function baselineSnapshot(
  snapshots: readonly Snapshot[],
  today: IsoDate,
  year: number,
): { baseline: Baseline; figures: FiguresLike } | undefined {
  const candidates = snapshots.filter((s) => s.date < today).sort((a, b) => (a.date === b.date ? b._row - a._row : a.date < b.date ? 1 : -1));
  for (const s of candidates) {
    const parsed = parseSnapshotFigures(s.figures);
    if (parsed && (parsed.year ?? yearOf(s.date)) === year) return { baseline: { id: s.id, date: s.date }, figures: parsed.figures };
  }
  return undefined;
}

/** The headline figures with their change since `previous` (the baseline's figures). */
export function headlineFigures(current: Figures, previous?: FiguresLike): HeadlineFigure[] {
  return HEADLINE.map((def) => {
    const value = def.value(current);
    const before = previous ? def.value(previous) : null;
    const delta = value === null || before === null ? null : round(value - before, def.kind === "percent" ? 2 : 0);
    return { key: def.key, value, delta, better: def.better, kind: def.kind };
  });
}

/** Whether a change is good news, bad news, or no change. */
export function deltaTone(figure: Pick<HeadlineFigure, "delta" | "better">): "good" | "bad" | "flat" {
  if (figure.delta === null || figure.delta === 0) return "flat";
  return (figure.delta > 0) === (figure.better === "up") ? "good" : "bad";
}

// ---------------------------------------------------------------------------
// Snapshots the app writes

/** A snapshot is taken automatically at the first screen view of a month that has none. */
export function needsMonthlySnapshot(snapshots: readonly Pick<Snapshot, "date">[], today: IsoDate): boolean {
  const month = today.slice(0, 7);
  return !snapshots.some((s) => s.date.slice(0, 7) === month);
}

/** KZ-20261120-1, -2, … : unique among the snapshots already in the sheet. */
export function nextSnapshotId(snapshots: readonly Pick<Snapshot, "id">[], today: IsoDate): string {
  const prefix = `KZ-${today.replaceAll("-", "")}-`;
  const taken = snapshots.filter((s) => s.id.startsWith(prefix)).map((s) => Number(s.id.slice(prefix.length)));
  const last = Math.max(0, ...taken.filter((n) => Number.isInteger(n)));
  return `${prefix}${last + 1}`;
}

// ---------------------------------------------------------------------------
// The other slides' content

export interface KeyTaskProgress {
  keyTask: string;
  total: number;
  done: number;
  green: number;
  yellow: number;
  red: number;
  /** 待核实: a cell the light needs cannot be read. */
  unknown: number;
  cancelled: number;
  donePercent: number | null;
}

export interface RedTask {
  id: string;
  keyTask: string;
  title: string;
  leadUnit: string;
  /** 责任领导. */
  leader: string | null;
  owner: string | null;
  /** The original 完成时限. */
  due: IsoDate;
  /** An approved 延期至, when there is one: overdue days count from it. */
  extendedTo: IsoDate | null;
  progress: number;
  /** Days past the deadline that counts when overdue, else null (the task is red for being far behind plan). */
  overdueDays: number | null;
  /** Points behind plan, whole points. */
  behind: number;
}

/** Open red tasks: overdue ones first (longest overdue first), then the furthest behind plan. */
export function redTasks(tasks: readonly Task[], today: IsoDate, unitName: (unit: string) => string = (u) => u): RedTask[] {
  return tasks
    .filter((t): t is Task & { due: IsoDate } => taskLight(t, today) === "red")
    .map((t) => ({
      id: t.id,
      keyTask: t.keyTask,
      title: t.title,
      leadUnit: unitName(t.leadUnit),
      leader: t.leader ?? null,
      owner: t.owner ?? null,
      due: t.due,
      extendedTo: approvedExtension(t) ?? null,
      progress: taskProgress(t),
      overdueDays: overdueDays(t, today),
      behind: Math.max(0, Math.round(pointsBehind(t, today))),
    }))
    .sort((a, b) => (b.overdueDays ?? -1) - (a.overdueDays ?? -1) || b.behind - a.behind || (a.id < b.id ? -1 : 1));
}

export interface MonthFigures {
  month: number;
  visits: number;
  suggestions: number;
  solved: number;
}

export interface RankedUnit {
  rank: number;
  unit: string;
  total: number | null;
  grade: Grade | null;
  incomplete: boolean;
  capped: boolean;
}

export interface HeldMeeting {
  id: string;
  date: IsoDate;
  kind: MeetingKind;
  chair: string | null;
  topics: string | null;
}

export interface ScreenData {
  year: number;
  today: IsoDate;
  /** When the figures were known to be current (an ISO instant). */
  asOf: string;
  /** The spreadsheet could not be read: these are the last good figures. */
  stale: boolean;
  timeZone: string;
  rotateSeconds: number;
  freshnessSeconds: number;
  headline: HeadlineFigure[];
  baseline: Baseline | null;
  keyTasks: KeyTaskProgress[];
  redTasks: RedTask[];
  visits: { months: MonthFigures[]; count: number; suggestions: number; solved: number; solveRate: number | null };
  ranking: RankedUnit[];
  /** Null when withheld from the viewer; the ranking then holds only what they may see (their own unit, or nothing). */
  scores: { average: number | null; grades: Record<Grade, number>; incomplete: number; units: number } | null;
  meetings: { counts: { kind: MeetingKind; count: number; required?: number | null }[]; total: number; latest: HeldMeeting[] };
  /** 走访覆盖率 of the roster (this month, this quarter); null without a roster. */
  coverage?: { month: { met: number; active: number; rate: number | null }; quarter: { met: number; active: number; rate: number | null } } | null;
  /** Rows the figures could not use fully (「另有 N 条数据待核实」), and rows in no year. */
  unknown: { rows: number; noYear: number };
}

/** What the screen's JSON route returns: the data and a version that changes only when a figure does. */
/** `appraisal`: 已收回 N / M 票 of each open 述职评议 session — a count, never a result. */
export type ScreenPayload = ScreenData & { version: string; appraisal?: { title: string; received: number; total: number }[] };

export interface ScreenInput {
  summary: Summary;
  tasks: readonly Task[];
  units: Parameters<typeof unitNamer>[0];
  meetings: readonly Meeting[];
  snapshots: readonly Snapshot[];
  settings: { rotateSeconds: number; freshnessSeconds: number };
  asOf: string;
  stale: boolean;
  timeZone: string;
}

/** How many of the year's meetings the meetings slide lists, latest first. */
export const LATEST_MEETINGS = 5;

export function screenData(input: ScreenInput): ScreenData {
  const { summary } = input;
  const { year, today, figures, charts } = summary;
  const unitName = unitNamer(input.units);
  const baseline = baselineSnapshot(input.snapshots, today, year);
  // Months after today's are empty by definition: leave them off rather than draw zeros.
  const lastMonth = year < yearOf(today) ? 12 : year > yearOf(today) ? 0 : monthOf(today);
  const meetingsOfYear = input.meetings.filter((m) => m._bad?.date === undefined && yearOf(m.date) === year);
  return {
    year,
    today,
    asOf: input.asOf,
    stale: input.stale,
    timeZone: input.timeZone,
    rotateSeconds: input.settings.rotateSeconds,
    freshnessSeconds: input.settings.freshnessSeconds,
    headline: headlineFigures(figures, baseline?.figures),
    baseline: baseline?.baseline ?? null,
    keyTasks: charts.tasksByKeyTask.map((k) => ({
      keyTask: k.keyTask,
      total: k.total,
      done: k.done,
      green: k.green,
      yellow: k.yellow,
      red: k.red,
      unknown: k.unknown,
      cancelled: k.cancelled,
      donePercent: k.donePercent,
    })),
    redTasks: redTasks(
      input.tasks.filter((t) => taskInYear(t, year)),
      today,
      unitName,
    ),
    visits: {
      months: charts.visitsByMonth.slice(0, lastMonth).map((m) => ({ month: m.month, visits: m.count, suggestions: m.suggestions, solved: m.solved })),
      count: figures.visits.count,
      suggestions: figures.visits.suggestions,
      solved: figures.visits.solved,
      solveRate: figures.visits.solveRate,
    },
    ranking: charts.ranking.map((r) => ({ rank: r.rank, unit: r.unit, total: r.total, grade: r.grade, incomplete: r.incomplete, capped: r.capped })),
    scores: figures.scores && { average: figures.scores.average, grades: figures.scores.grades, incomplete: figures.scores.incomplete, units: figures.scores.units },
    meetings: {
      counts: MEETING_KINDS.map(({ label }) => ({ kind: label, count: figures.meetings[label], required: figures.meetingsRequired.find((r) => r.kind === label)?.required ?? null })),
      total: Object.values(figures.meetings).reduce((a, b) => a + b, 0),
      latest: [...meetingsOfYear]
        .sort((a, b) => (a.date === b.date ? b._row - a._row : a.date < b.date ? 1 : -1))
        .slice(0, LATEST_MEETINGS)
        .map((m) => ({ id: m.id, date: m.date, kind: m.kind, chair: m.chair ?? null, topics: m.topics ?? null })),
    },
    coverage: figures.coverage && {
      month: { met: figures.coverage.month.met, active: figures.coverage.month.active, rate: figures.coverage.month.rate },
      quarter: { met: figures.coverage.quarter.met, active: figures.coverage.quarter.active, rate: figures.coverage.quarter.rate },
    },
    unknown: { rows: summary.unknownRows.total, noYear: summary.unknown.noYear },
  };
}

// ---------------------------------------------------------------------------
// Slides

export type SlideKind = "headline" | "keyTasks" | "redList" | "visits" | "ranking" | "meetings";

export interface Slide {
  /** Stable across refreshes, so the show stays on the same slide when figures change. */
  id: string;
  kind: SlideKind;
  /** 0-based page of a list that does not fit one slide. */
  page: number;
  pages: number;
}

/** Rows of the red list per slide at most: what stays legible from the back of a room. */
export const RED_LIST_PAGE_SIZE = 6;
/** Units per ranking slide, in two columns. */
export const RANKING_PAGE_SIZE = 24;

function paged(kind: SlideKind, rows: number, size: number): Slide[] {
  const pages = Math.max(1, Math.ceil(rows / size));
  return Array.from({ length: pages }, (_, page) => ({ id: pages === 1 ? kind : `${kind}-${page + 1}`, kind, page, pages }));
}

/** The show's slides in order. Long lists take as many slides as they need. */
export function slidesOf(data: Pick<ScreenData, "redTasks" | "ranking"> & Partial<Pick<ScreenData, "scores">>): Slide[] {
  // A viewer who may see no score gets no ranking slide at all, not an empty one.
  const ranking = data.scores !== null || data.ranking.length > 0;
  return [
    { id: "headline", kind: "headline", page: 0, pages: 1 },
    { id: "keyTasks", kind: "keyTasks", page: 0, pages: 1 },
    ...paged("redList", data.redTasks.length, RED_LIST_PAGE_SIZE),
    { id: "visits", kind: "visits", page: 0, pages: 1 },
    ...(ranking ? paged("ranking", data.ranking.length, RANKING_PAGE_SIZE) : []),
    { id: "meetings", kind: "meetings", page: 0, pages: 1 },
  ];
}

/** The rows of a paged list that one slide shows: the pages share the rows evenly (8 rows are 4 + 4, not 6 + 2). */
export function pageOf<T>(rows: readonly T[], slide: Pick<Slide, "page">, size: number): T[] {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const base = Math.floor(rows.length / pages);
  const extra = rows.length % pages; // the first `extra` pages take one row more
  const start = slide.page * base + Math.min(slide.page, extra);
  return rows.slice(start, start + base + (slide.page < extra ? 1 : 0));
}
