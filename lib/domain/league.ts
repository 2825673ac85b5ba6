/**
 * The unit league table (/units): every unit side by side for a year, and the per-unit
 * figures a meeting snapshot keeps so the table can show ↑/↓ since the last meeting. Pure.
 */
import { z } from "zod";
import type { IsoDate } from "../schema/columns";
import type { Snapshot } from "../schema/tabs";
import { yearOf } from "./dates";
import { round } from "./numbers";
import { annualScores } from "./scores";
import { baselineSnapshot } from "./screen";
import { summarize, type SummaryInput } from "./summary";
import { completionByLeadUnit, isOverdue } from "./tasks";
import { unitNamer } from "./unit-names";
import { visitTotals, visitYear } from "./visits";
import { taskInYear } from "./years";

export interface LeagueRow {
  unit: string;
  kind: string | null;
  /** Tasks of the year the unit leads. */
  tasksLed: number;
  /** 按期完成率 of its led tasks due by today, 0–100; null when none is due yet. */
  onTimePercent: number | null;
  /** Led tasks overdue today. */
  overdue: number;
  visits: number;
  suggestions: number;
  solved: number;
  /** The year's annual score (null when it has none or it is incomplete), its rank and grade. */
  total: number | null;
  rank: number | null;
  grade: string | null;
  incomplete: boolean;
  /** Accountability records of the unit dated in the year. */
  accountability: number;
}

/** Every unit of the 单位 tab, then any other unit a task, visit or score names, in that order. */
export function unitLeague(dataset: SummaryInput, options: { year: number; today: IsoDate }): LeagueRow[] {
  const { year, today } = options;
  const unit = unitNamer(dataset.units);
  const tasks = dataset.tasks.filter((t) => taskInYear(t, year)).map((t) => ({ ...t, leadUnit: unit(t.leadUnit) }));
  const visits = dataset.visits.filter((v) => visitYear(v) === year).map((v) => ({ ...v, unit: unit(v.unit) }));
  const scores = dataset.scores.map((s) => ({ ...s, unit: unit(s.unit) }));
  const accountability = dataset.accountability.map((a) => ({ ...a, unit: unit(a.unit) }));
  const ranking = new Map(annualScores(scores, accountability, dataset.settings, year).map((r) => [r.unit, r]));
  const completion = new Map(completionByLeadUnit(tasks, today).map((c) => [c.unit, c]));
  const kinds = new Map(dataset.units.map((u) => [u.name, u.kind ?? null]));
  const names = [...new Set([...dataset.units.map((u) => u.name), ...tasks.map((t) => t.leadUnit), ...visits.map((v) => v.unit), ...ranking.keys()])].filter(
    Boolean,
  );
  return names.map((name) => {
    const led = tasks.filter((t) => t.leadUnit === name);
    const own = visitTotals(visits.filter((v) => v.unit === name));
    const score = ranking.get(name);
    return {
      unit: name,
      kind: kinds.get(name) ?? null,
      tasksLed: led.length,
      onTimePercent: completion.get(name)?.onTimePercent ?? null,
      overdue: led.filter((t) => isOverdue(t, today)).length,
      visits: own.count,
      suggestions: own.suggestions,
      solved: own.solved,
      total: score?.total ?? null,
      rank: score ? score.rank : null,
      grade: score?.grade ?? null,
      incomplete: score?.incomplete ?? false,
      accountability: accountability.filter((a) => a.unit === name && a._bad?.date === undefined && a.date !== undefined && yearOf(a.date) === year).length,
    };
  });
}

/** What a snapshot keeps per unit: the figures the table compares. No scores (they follow the role). */
export type UnitSnapshotFigures = Record<string, { overdue: number; onTimePercent: number | null; visits: number }>;

export function unitSnapshotFigures(rows: readonly LeagueRow[]): UnitSnapshotFigures {
  return Object.fromEntries(rows.map((r) => [r.unit, { overdue: r.overdue, onTimePercent: r.onTimePercent, visits: r.visits }]));
}

const unitsSchema = z.record(
  z.string(),
  z.object({ overdue: z.number().nullable().optional(), onTimePercent: z.number().nullable().optional(), visits: z.number().nullable().optional() }),
);

/** The last meeting snapshot's per-unit figures (the same baseline as the overview's 环比), when it recorded them. */
export function leagueBaseline(
  snapshots: readonly Snapshot[],
  today: IsoDate,
  year: number,
): { date: IsoDate; units: z.infer<typeof unitsSchema> } | undefined {
  const base = baselineSnapshot(snapshots, today, year);
  const snapshot = base && snapshots.find((s) => s.id === base.baseline.id && s.date === base.baseline.date);
  if (!snapshot) return undefined;
  try {
    const parsed = unitsSchema.safeParse((JSON.parse(snapshot.figures) as { units?: unknown }).units);
    return parsed.success ? { date: snapshot.date, units: parsed.data } : undefined;
  } catch {
    return undefined;
  }
}

export interface LeagueChange {
  overdue: number | null;
  onTimePercent: number | null;
  visits: number | null;
}

/** Each unit's change since the baseline; null where the baseline lacks the unit or the figure. */
export function leagueChanges(rows: readonly LeagueRow[], baseline: z.infer<typeof unitsSchema> | undefined): Map<string, LeagueChange> {
  const diff = (now: number | null, before: number | null | undefined, digits = 0) =>
    now === null || before === null || before === undefined ? null : round(now - before, digits);
  return new Map(
    rows.map((r) => {
      const b = baseline?.[r.unit];
      return [r.unit, { overdue: diff(r.overdue, b?.overdue), onTimePercent: diff(r.onTimePercent, b?.onTimePercent, 2), visits: diff(r.visits, b?.visits) }];
    }),
  );
}

/**
 * A meeting snapshot's 指标: the headline `{ year, figures }` (as `GET /api/summary`) and,
 * beside them, each unit's figures for the league table's ↑/↓.
 */
export function meetingSnapshotText(dataset: SummaryInput, today: IsoDate, year?: number): string {
  const summary = summarize(dataset, { today, year });
  return JSON.stringify({ year: summary.year, figures: summary.figures, units: unitSnapshotFigures(unitLeague(dataset, { year: summary.year, today })) });
}
