/**
 * The meeting screen's content as plain JSON: headline figures with the change since the
 * last meeting snapshot, key-task progress, the red list, visits by month, the ranking and
 * the year's meetings, cut into slides. Pure: the server computes it, the client only draws it.
 */
import type { IsoDate } from "../../schema/columns";
import type { Grade } from "../../schema/settings";
import type { Meeting, MeetingKind, Snapshot, Task } from "../../schema/tabs";
import { MEETING_KINDS } from "../../schema/tabs";
import { monthOf, yearOf } from "../dates";
import type { Summary } from "../summary";
import { approvedExtension, overdueDays, pointsBehind, taskLight, taskProgress } from "../tasks";
import { unitNamer } from "../unit-names";
import { taskInYear } from "../years";
import { type HeadlineFigure, headlineFigures } from "./deltas";
import { type Baseline, baselineSnapshot } from "./snapshots";

export { deltaTone, type HeadlineFigure, type HeadlineKey, headlineFigures } from "./deltas";
export { pageOf, RANKING_PAGE_SIZE, RED_LIST_PAGE_SIZE, type Slide, slidesOf } from "./slides";
export {
  type Baseline,
  baselineSnapshot,
  type FiguresLike,
  needsMonthlySnapshot,
  nextSnapshotId,
  parseSnapshotFigures,
  snapshotFiguresText,
} from "./snapshots";

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
    scores: figures.scores && {
      average: figures.scores.average,
      grades: figures.scores.grades,
      incomplete: figures.scores.incomplete,
      units: figures.scores.units,
    },
    meetings: {
      counts: MEETING_KINDS.map(({ label }) => ({
        kind: label,
        count: figures.meetings[label],
        required: figures.meetingsRequired.find((r) => r.kind === label)?.required ?? null,
      })),
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
