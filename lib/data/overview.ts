import "server-only";
/**
 * What the overview shows beside the summary: the change since the last meeting snapshot,
 * the month-by-month trend from the snapshots, the 红灯 list (the meeting screen's own),
 * and the units a reader can filter the overview to. Same year and unit as the summary.
 */
import { cache } from "react";
import { currentViewer } from "../auth/access";
import { taskInYear, unitNamer } from "../domain";
import { baselineSnapshot, headlineFigures, redTasks, type Baseline, type HeadlineFigure, type RedTask } from "../domain/screen";
import { snapshotTrend, type TrendPoint } from "../domain/snapshot-trend";
import { loadDataset } from "./dataset";
import { loadSummary } from "./summary";

export interface OverviewExtras {
  /** Null when no snapshot of the year is older than today, or the overview is of one unit (snapshots are county-wide). */
  baseline: Baseline | null;
  headline: HeadlineFigure[];
  trend: TrendPoint[];
  redTasks: RedTask[];
}

/** Unit names a `/?unit=` may name: the 单位 tab's and any unit that leads a task or made a visit. */
export const knownUnits = cache(async (): Promise<string[]> => {
  const dataset = await loadDataset();
  const unit = unitNamer(dataset.units);
  const names = new Set([...dataset.units.map((u) => u.name), ...dataset.tasks.map((t) => unit(t.leadUnit)), ...dataset.visits.map((v) => unit(v.unit))]);
  return [...names].filter(Boolean);
});

/** The overview's unit filter as a canonical name, or undefined for the whole county (and for a name no row knows). */
export async function overviewUnit(value: string | string[] | undefined): Promise<{ unit?: string; unknown?: string }> {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return {};
  const dataset = await loadDataset();
  const name = unitNamer(dataset.units)(raw);
  return (await knownUnits()).includes(name) ? { unit: name } : { unknown: raw };
}

export const loadOverviewExtras = cache(async (year?: number, unit?: string): Promise<OverviewExtras> => {
  // Nothing here is role-dependent (no scores), but the caller's page has checked the role: read as that viewer anyway.
  await currentViewer();
  const [dataset, summary] = await Promise.all([loadDataset(), loadSummary(year, unit)]);
  const name = unitNamer(dataset.units);
  const base = unit === undefined ? baselineSnapshot(dataset.snapshots, summary.today, summary.year) : undefined;
  return {
    baseline: base?.baseline ?? null,
    headline: headlineFigures(summary.figures, base?.figures),
    trend: unit === undefined ? snapshotTrend(dataset.snapshots, summary.year, { today: summary.today, figures: summary.figures }) : [],
    redTasks: redTasks(
      dataset.tasks.filter((t) => taskInYear(t, summary.year) && (unit === undefined || name(t.leadUnit) === unit)),
      summary.today,
      name,
    ),
  };
});
