import type { IsoDate } from "../schema/columns";
import type { Grade } from "../schema/settings";
import type { Dataset } from "../schema/workbook";
import { assertIsoDate, yearOf } from "./dates";
import { coverageFigures, periodRange, type Coverage } from "./coverage";
import { meetingsByKind, meetingsHeldVsRequired, type MeetingCounts, type MeetingRequirement } from "./meetings";
import { annualScores, gradeSpread, type AnnualScore } from "./scores";
import {
  completionByLeadUnit,
  countTasks,
  overdueTasks,
  taskLight,
  tasksByKeyTask,
  type KeyTaskBreakdown,
  type LeadUnitCompletion,
  type OverdueTask,
} from "./tasks";
import { unitNamer } from "./unit-names";
import {
  cadresWithoutVisitThisQuarter,
  visitTotals,
  visitYear,
  visitsByMethod,
  visitsByMonth,
  visitsByTier,
  visitsByUnit,
  type SilentCadre,
  type VisitMethodCount,
  type VisitMonth,
  type VisitTier,
  type VisitUnit,
} from "./visits";
import { defaultYear, taskInYear, undatedRows, yearsPresent, type UndatedRow } from "./years";

/**
 * The headline figures. The first keys of `tasks`, `visits` and `meetings` are a public
 * contract (`doctor --json`, `GET /api/summary`, meeting snapshots): add keys after them, never rename.
 */
export interface Figures {
  tasks: {
    total: number;
    done: number;
    overdue: number;
    red: number;
    yellow: number;
    green: number;
    cancelled: number;
    /** Open and not overdue. */
    open: number;
    /** done / (total − cancelled) × 100, 2 decimals; null when there is nothing to do. */
    donePercent: number | null;
    /** 按期完成率: done on time / due by today × 100 (deadlines follow an approved 延期至); null when nothing is due. */
    onTimePercent: number | null;
    /** 逾期完成: done after the deadline that counts. */
    doneLate: number;
  };
  visits: {
    count: number;
    suggestions: number;
    solved: number;
    /** solved / suggestions as a fraction, 4 decimals; null when no suggestions. */
    solveRate: number | null;
    /** Distinct cadres (name within unit) who visited. */
    cadres: number;
  };
  meetings: MeetingCounts;
  /** Null when withheld from the viewer (their role sees no ranking): see {@link restrictScores}. */
  scores: ScoreFigures | null;
  accountability: { count: number };
  /**
   * Cadres who met their visit requirement ÷ active cadres on the 干部 roster, for today's
   * month and quarter (whatever year is shown); null when the spreadsheet has no roster.
   */
  coverage: CoverageFigures | null;
  /** 应开 / 实开 to date of the shown year, per meeting kind (设置 meeting.required.{类型}). */
  meetingsRequired: MeetingRequirement[];
}

export interface CoverageFigures {
  month: Coverage & { start: IsoDate; end: IsoDate };
  quarter: Coverage & { start: IsoDate; end: IsoDate };
}

export interface ScoreFigures {
  /** Mean total of complete units, 2 decimals; null when none is complete. */
  average: number | null;
  grades: Record<Grade, number>;
  incomplete: number;
  capped: number;
  units: number;
}

/**
 * How many rows of the year each figure family could not use fully (`"tasks.light"`:
 * tasks whose light is 待核实; `"visits.suggestions"`: visits whose 意见建议数 is unreadable…),
 * and `"noYear"`: rows in no year because their year-deciding date cannot be read.
 */
export interface UnknownFigures {
  "tasks.light": number;
  "tasks.completion": number;
  "visits.suggestions": number;
  "visits.solved": number;
  "meetings.kind": number;
  "scores.score": number;
  noYear: number;
}

/** The rows behind `unknown`, for 「另有 N 条数据待核实」: each row counted once. */
export interface UnknownRows {
  tasks: number;
  visits: number;
  scores: number;
  meetings: number;
  /** Distinct rows in all: the N of the note. */
  total: number;
}

export interface Charts {
  tasksByKeyTask: KeyTaskBreakdown[];
  completionByLeadUnit: LeadUnitCompletion[];
  visitsByMonth: VisitMonth[];
  visitsByUnit: VisitUnit[];
  visitsByTier: VisitTier[];
  visitsByMethod: VisitMethodCount[];
  ranking: AnnualScore[];
}

export interface Summary {
  year: number;
  today: IsoDate;
  /** Years with any data, ascending, for a year picker. */
  years: number[];
  figures: Figures;
  /** Per figure family, rows whose needed cell could not be read (public beside `figures`). */
  unknown: UnknownFigures;
  unknownRows: UnknownRows;
  /** Rows whose year-deciding date cannot be read (in no year's figures by date). */
  undated: UndatedRow[];
  charts: Charts;
  lists: {
    overdueTasks: OverdueTask[];
    /** About today's quarter, whatever `year` is shown. */
    cadresWithoutVisitThisQuarter: SilentCadre[];
  };
}

export type SummaryInput = Pick<Dataset, "units" | "tasks" | "visits" | "meetings" | "scores" | "accountability" | "settings"> &
  Partial<Pick<Dataset, "cadres">>;

/** Coverage of the roster for today's month and quarter; null without a roster. */
export function rosterCoverage(dataset: Pick<SummaryInput, "cadres" | "visits" | "settings">, today: IsoDate): CoverageFigures | null {
  if (!dataset.cadres || dataset.cadres.length === 0) return null;
  const c = coverageFigures({ cadres: dataset.cadres, visits: dataset.visits, perQuarter: dataset.settings.visitsPerQuarter, today });
  return { month: { ...c.month, ...periodRange(today, "month") }, quarter: { ...c.quarter, ...periodRange(today, "quarter") } };
}

/**
 * Every figure and chart series for one year, plain JSON. Rows belong to a year by
 * 完成时限 (tasks), 日期 (visits, meetings, accountability) or 年度 (scores).
 * `year` defaults to {@link defaultYear}.
 */
export function summarize(dataset: SummaryInput, options: { year?: number; today: IsoDate; unit?: string }): Summary {
  const today = assertIsoDate(options.today);
  const year = options.year ?? defaultYear(dataset, dataset.settings, today);
  const unit = unitNamer(dataset.units);
  // One unit's overview (`/?unit=`): the tasks it leads, its visits, its score and records; meetings stay the county's.
  const only = options.unit === undefined ? undefined : unit(options.unit);
  const mine = (name: string) => only === undefined || name === only;

  // Unit cells are names already (parseWorkbook); only a hand-built dataset may still hold IDs.
  const tasks = dataset.tasks
    .filter((t) => taskInYear(t, year))
    .map((t) => ({ ...t, leadUnit: unit(t.leadUnit), ...(t.partnerUnits && { partnerUnits: t.partnerUnits.map(unit) }) }))
    .filter((t) => mine(t.leadUnit));
  const allVisits = dataset.visits.map((v) => ({ ...v, unit: unit(v.unit) })).filter((v) => mine(v.unit));
  const visits = allVisits.filter((v) => visitYear(v) === year);
  const scores = dataset.scores.map((s) => ({ ...s, unit: unit(s.unit) }));
  const accountability = dataset.accountability.map((a) => ({ ...a, unit: unit(a.unit) })).filter((a) => mine(a.unit));
  const meetingsOfYear = dataset.meetings.filter((m) => m._bad?.date === undefined && yearOf(m.date) === year);

  const taskCounts = countTasks(tasks, today);
  const visitCounts = visitTotals(visits);
  // Ranked among every unit (the rank stays the county's), then kept to the one unit when filtered.
  const ranking = annualScores(
    scores,
    dataset.accountability.map((a) => ({ ...a, unit: unit(a.unit) })),
    dataset.settings,
    year,
  ).filter((r) => mine(r.unit));
  const spread = gradeSpread(ranking);

  const figures: Figures = {
    tasks: {
      total: taskCounts.total,
      done: taskCounts.done,
      overdue: taskCounts.overdue,
      red: taskCounts.red,
      yellow: taskCounts.yellow,
      green: taskCounts.green,
      cancelled: taskCounts.cancelled,
      open: taskCounts.open,
      donePercent: taskCounts.donePercent,
      onTimePercent: taskCounts.onTimePercent,
      doneLate: taskCounts.doneLate,
    },
    visits: {
      count: visitCounts.count,
      suggestions: visitCounts.suggestions,
      solved: visitCounts.solved,
      solveRate: visitCounts.solveRate,
      cadres: new Set(visits.map((v) => JSON.stringify([v.unit, v.cadre]))).size,
    },
    meetings: meetingsByKind(meetingsOfYear, year),
    scores: {
      average: spread.average,
      grades: spread.grades,
      incomplete: spread.incomplete,
      capped: spread.capped,
      units: spread.units,
    },
    accountability: { count: accountability.filter((a) => a._bad?.date === undefined && yearOf(a.date) === year).length },
    coverage: rosterCoverage({ ...dataset, visits: allVisits }, today),
    meetingsRequired: meetingsHeldVsRequired(dataset.meetings, dataset.settings.meetingsRequired, year, today),
  };

  const undated = undatedRows(dataset);
  const unknownTasks = tasks.filter((t) => taskLight(t, today) === "unknown" || (t._bad?.status ?? t._bad?.doneOn) !== undefined);
  const unknownVisits = visits.filter((v) => v._bad?.suggestions !== undefined || v._bad?.solved !== undefined);
  const unknownScores = scores.filter((s) => mine(s.unit) && s._bad?.year === undefined && s.year === year && (s._bad?.score ?? s._bad?.method) !== undefined);
  const unknownMeetings = meetingsOfYear.filter((m) => m._bad?.kind !== undefined);
  const unknown: UnknownFigures = {
    "tasks.light": taskCounts.unknown,
    "tasks.completion": unknownTasks.length,
    "visits.suggestions": visitCounts.unknown.suggestions,
    "visits.solved": visitCounts.unknown.solved,
    "meetings.kind": unknownMeetings.length,
    "scores.score": unknownScores.length,
    noYear: undated.length,
  };
  // A task in no year (unreadable 完成时限) is already among the year's 待核实 tasks: counted once.
  const undatedOthers = undated.filter((r) => r.tab !== "tasks").length;
  const unknownRows: UnknownRows = {
    tasks: unknownTasks.length,
    visits: unknownVisits.length,
    scores: unknownScores.length,
    meetings: unknownMeetings.length,
    total: unknownTasks.length + unknownVisits.length + unknownScores.length + unknownMeetings.length + undatedOthers,
  };

  return {
    year,
    today,
    years: yearsPresent(dataset),
    figures,
    unknown,
    unknownRows,
    undated,
    charts: {
      tasksByKeyTask: tasksByKeyTask(tasks, today),
      completionByLeadUnit: completionByLeadUnit(tasks, today),
      visitsByMonth: visitsByMonth(visits, year),
      visitsByUnit: visitsByUnit(visits),
      visitsByTier: visitsByTier(visits),
      visitsByMethod: visitsByMethod(visits),
      ranking,
    },
    lists: {
      overdueTasks: overdueTasks(tasks, today),
      cadresWithoutVisitThisQuarter: cadresWithoutVisitThisQuarter(allVisits, today),
    },
  };
}

/** Which scores a summary keeps: every unit's, one unit's own, or none (lib/auth/roles scoreVisibility). */
export type ScoreView = { kind: "all" } | { kind: "own-unit"; unit: string } | { kind: "none" };

/**
 * The summary as a viewer may see it. Scores are the only role-dependent part: the
 * ranking keeps only the viewer's own unit (or nothing), and the score figures
 * (average, grade spread), which describe every unit, are withheld unless the whole
 * ranking is visible.
 */
export function restrictScores(summary: Summary, view: ScoreView): Summary {
  if (view.kind === "all") return summary;
  return {
    ...summary,
    figures: { ...summary.figures, scores: null },
    charts: { ...summary.charts, ranking: view.kind === "own-unit" ? summary.charts.ranking.filter((r) => r.unit === view.unit) : [] },
  };
}
