import type { IsoDate } from "../schema/columns";
import type { Grade } from "../schema/settings";
import type { Dataset } from "../schema/workbook";
import { assertIsoDate, yearOf } from "./dates";
import { meetingsByKind, type MeetingCounts } from "./meetings";
import { annualScores, gradeSpread, type AnnualScore } from "./scores";
import {
  completionByLeadUnit,
  countTasks,
  overdueTasks,
  tasksByKeyTask,
  type KeyTaskBreakdown,
  type LeadUnitCompletion,
  type OverdueTask,
} from "./tasks";
import { unitNamer } from "./unit-names";
import {
  cadresWithoutVisitThisQuarter,
  visitTotals,
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
import { defaultYear, yearsPresent } from "./years";

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
}

export interface ScoreFigures {
  /** Mean total of complete units, 2 decimals; null when none is complete. */
  average: number | null;
  grades: Record<Grade, number>;
  incomplete: number;
  capped: number;
  units: number;
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
  charts: Charts;
  lists: {
    overdueTasks: OverdueTask[];
    /** About today's quarter, whatever `year` is shown. */
    cadresWithoutVisitThisQuarter: SilentCadre[];
  };
}

export type SummaryInput = Pick<Dataset, "units" | "tasks" | "visits" | "meetings" | "scores" | "accountability" | "settings">;

/**
 * Every figure and chart series for one year, plain JSON. Rows belong to a year by
 * 完成时限 (tasks), 日期 (visits, meetings, accountability) or 年度 (scores).
 * `year` defaults to {@link defaultYear}.
 */
export function summarize(dataset: SummaryInput, options: { year?: number; today: IsoDate }): Summary {
  const today = assertIsoDate(options.today);
  const year = options.year ?? defaultYear(dataset, dataset.settings, today);
  const unit = unitNamer(dataset.units);

  const tasks = dataset.tasks
    .filter((t) => yearOf(t.due) === year)
    .map((t) => ({ ...t, leadUnit: unit(t.leadUnit), ...(t.partnerUnits && { partnerUnits: t.partnerUnits.map(unit) }) }));
  const allVisits = dataset.visits.map((v) => ({ ...v, unit: unit(v.unit) }));
  const visits = allVisits.filter((v) => yearOf(v.date) === year);
  const scores = dataset.scores.map((s) => ({ ...s, unit: unit(s.unit) }));
  const accountability = dataset.accountability.map((a) => ({ ...a, unit: unit(a.unit) }));

  const taskCounts = countTasks(tasks, today);
  const visitCounts = visitTotals(visits);
  const ranking = annualScores(scores, accountability, dataset.settings, year);
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
    },
    visits: {
      count: visitCounts.count,
      suggestions: visitCounts.suggestions,
      solved: visitCounts.solved,
      solveRate: visitCounts.solveRate,
      cadres: new Set(visits.map((v) => JSON.stringify([v.unit, v.cadre]))).size,
    },
    meetings: meetingsByKind(dataset.meetings, year),
    scores: {
      average: spread.average,
      grades: spread.grades,
      incomplete: spread.incomplete,
      capped: spread.capped,
      units: spread.units,
    },
    accountability: { count: accountability.filter((a) => yearOf(a.date) === year).length },
  };

  return {
    year,
    today,
    years: yearsPresent(dataset),
    figures,
    charts: {
      tasksByKeyTask: tasksByKeyTask(tasks, today),
      completionByLeadUnit: completionByLeadUnit(tasks),
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
