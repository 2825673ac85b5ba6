import "server-only";
/**
 * Issue 15's views — who has not visited, what meetings assigned, which 整改 are late —
 * each checking the viewer's role next to the data, as views.ts does.
 */
import { cache } from "react";
import { canForUnits, scopeOf, scopeRows, type Viewer } from "../auth/roles";
import {
  cadreCoverage,
  coverageByUnit,
  meetingFollowThrough,
  meetingsHeldVsRequired,
  openRectifications,
  periodRange,
  unitNamer,
  visitCoverage,
  yearOf,
  type AssignedTask,
  type CadreCoverage,
  type Coverage,
  type CoveragePeriod,
  type MeetingRequirement,
  type OpenRectification,
} from "../domain";
import type { Visit } from "../schema/tabs";
import { loadDataset, today } from "./dataset";
import { perParse } from "./per-parse";

export function parsePeriod(value: string | string[] | undefined): CoveragePeriod {
  return (Array.isArray(value) ? value[0] : value) === "month" ? "month" : "quarter";
}

function canonicalViewer(viewer: Viewer, unit: (u: string) => string): Viewer {
  return viewer.kind === "user" && viewer.unit ? { ...viewer, unit: unit(viewer.unit) } : viewer;
}

export interface CoverageView {
  period: CoveragePeriod;
  start: string;
  end: string;
  today: string;
  /** False when the spreadsheet has no 干部 roster (or it is empty). */
  hasRoster: boolean;
  /** The whole roster's coverage (an aggregate: every role that sees visit figures). */
  coverage: Coverage | null;
  byUnit: (Coverage & { unit: string })[] | null;
  /** 未走访名单 as far as the viewer may read visit rows (a unit: its own); null for aggregates only. */
  missing: CadreCoverage[] | null;
  ownUnitOnly: boolean;
}

/** Coverage of the roster for today's month or quarter, optionally of one unit. */
export const coverageView = cache(async (viewer: Viewer, period: CoveragePeriod, onlyUnit?: string): Promise<CoverageView> => {
  const dataset = await loadDataset();
  const t = today();
  const unit = unitNamer(dataset.units);
  const v = canonicalViewer(viewer, unit);
  const cadres = onlyUnit ? dataset.cadres.filter((c) => c.unit === unit(onlyUnit)) : dataset.cadres;
  const input = { cadres, visits: dataset.visits, perQuarter: dataset.settings.visitsPerQuarter, today: t, period };
  const aggregates = scopeOf(v, "visits.aggregates") !== "none";
  const readScope = scopeOf(v, "visits.read");
  // The same for every viewer until the next read: kept per parse (100k visits take a while).
  const key = `coverage|${period}|${t}|${onlyUnit === undefined ? "" : unit(onlyUnit)}`;
  const rows = perParse(dataset, `${key}|missing`, () => cadreCoverage(input).filter((c) => !c.met));
  return {
    period,
    ...periodRange(t, period),
    today: t,
    hasRoster: dataset.cadres.length > 0,
    coverage: aggregates ? perParse(dataset, `${key}|all`, () => visitCoverage(input)) : null,
    byUnit: aggregates ? perParse(dataset, `${key}|byUnit`, () => coverageByUnit(input)) : null,
    missing: readScope === "none" ? null : scopeRows(v, "visits.read", rows, (c) => [c.unit]),
    ownUnitOnly: readScope === "own-unit",
  };
});

export interface CadreHistory {
  cadre: { id: string; name: string; tier: string; unit: string; contactPoints: string[]; active: boolean } | null;
  /** Name-only history for a cadre not on the roster. */
  name: string;
  unit: string;
  visits: { id: string; date: string; contactPoint: string; method: string | null; suggestions: number | null; solved: number | null }[];
  quarter: CadreCoverage | null;
}

function historyRow(v: Visit) {
  return {
    id: v.id,
    date: v.date ?? "",
    contactPoint: v.contactPoint,
    method: v.method ?? null,
    suggestions: v._bad?.suggestions ? null : (v.suggestions ?? 0),
    solved: v._bad?.solved ? null : (v.solved ?? 0),
  };
}

/** One roster cadre's visits, newest first; null when unknown or not the viewer's to read. */
export async function cadreHistory(viewer: Viewer, id: string): Promise<CadreHistory | null> {
  const dataset = await loadDataset();
  const unit = unitNamer(dataset.units);
  const cadre = dataset.cadres.find((c) => c.id === id);
  if (!cadre || !canForUnits(canonicalViewer(viewer, unit), "visits.read", [cadre.unit])) return null;
  const t = today();
  const input = { cadres: [cadre], visits: dataset.visits, perQuarter: dataset.settings.visitsPerQuarter, today: t, period: "quarter" as const };
  const mine = dataset.visits.filter((v) => (v.cadreId ? v.cadreId === cadre.id : v.unit === cadre.unit && v.cadre === cadre.name));
  return {
    cadre: { id: cadre.id, name: cadre.name, tier: cadre.tier, unit: cadre.unit, contactPoints: cadre.contactPoints ?? [], active: cadre.active !== false },
    name: cadre.name,
    unit: cadre.unit,
    visits: mine.map(historyRow).sort((a, b) => b.date.localeCompare(a.date)),
    quarter: cadreCoverage(input)[0] ?? null,
  };
}

/** Every visit to one contact point the viewer may read, newest first, with who went. */
export async function contactPointHistory(viewer: Viewer, point: string) {
  const dataset = await loadDataset();
  const unit = unitNamer(dataset.units);
  const v = canonicalViewer(viewer, unit);
  if (scopeOf(v, "visits.read") === "none") return null;
  const visits = scopeRows(
    v,
    "visits.read",
    dataset.visits.filter((x) => x.contactPoint === point),
    (x) => [x.unit],
  );
  const cadres = dataset.cadres.filter((c) => (c.contactPoints ?? []).includes(point) && canForUnits(v, "visits.read", [c.unit]));
  return {
    point,
    cadres: cadres.map((c) => ({ id: c.id, name: c.name, unit: c.unit, tier: c.tier })),
    visits: visits.map((x) => ({ ...historyRow(x), cadre: x.cadre, unit: x.unit })).sort((a, b) => b.date.localeCompare(a.date)),
  };
}

/** The visit form's pick-lists: roster names and contact points already used, for the units the viewer may write. */
export async function visitFormSuggestions(viewer: Viewer): Promise<{ cadres: string[]; contactPoints: string[] }> {
  const dataset = await loadDataset();
  const unit = unitNamer(dataset.units);
  const v = canonicalViewer(viewer, unit);
  if (scopeOf(v, "visits.write") === "none") return { cadres: [], contactPoints: [] };
  const mayWrite = (u: string) => canForUnits(v, "visits.write", [u]);
  const roster = dataset.cadres.filter((c) => c.active !== false && mayWrite(c.unit));
  const cadres = [...new Set(roster.map((c) => c.name))];
  const points = new Set([...roster.flatMap((c) => c.contactPoints ?? []), ...dataset.visits.filter((x) => mayWrite(x.unit)).map((x) => x.contactPoint)]);
  return { cadres, contactPoints: [...points].filter(Boolean).sort((a, b) => a.localeCompare(b, "zh")) };
}

export type RectificationRow = OpenRectification;

/**
 * The 整改 list as far as the viewer may see 考核 rows (a unit: its own; viewer and screen: none).
 * null when the role sees no scores.
 */
export const rectificationsView = cache(async (viewer: Viewer, onlyUnit?: string): Promise<RectificationRow[] | null> => {
  const dataset = await loadDataset();
  const unit = unitNamer(dataset.units);
  const v = canonicalViewer(viewer, unit);
  const ctx = { rankingPublic: dataset.settings.rankingPublic };
  if (scopeOf(v, "scores.read", ctx) === "none") return null;
  const scores = dataset.scores.filter((s) => !onlyUnit || s.unit === unit(onlyUnit));
  return scopeRows(v, "scores.read", openRectifications(scores, today()), (r) => [r.unit], ctx);
});

/** 应开 / 实开 to date for a year (every signed-in role and the screen: meeting counts are not sensitive). */
export async function meetingRequirements(year?: number): Promise<{ year: number; rows: MeetingRequirement[] }> {
  const dataset = await loadDataset();
  const t = today();
  const y = year ?? yearOf(t);
  return { year: y, rows: meetingsHeldVsRequired(dataset.meetings, dataset.settings.meetingsRequired, y, t) };
}

export interface MeetingDetail {
  id: string;
  date: string;
  kind: string;
  chair: string | null;
  topics: string | null;
  minutes: string | null;
  tasks: AssignedTask[];
  total: number;
  done: number;
  overdue: number;
  today: string;
}

/** One meeting and where what it assigned stands (meetings.read: every signed-in role). */
export async function meetingDetail(viewer: Viewer, id: string): Promise<MeetingDetail | null> {
  if (scopeOf(viewer, "meetings.read") === "none") return null;
  const dataset = await loadDataset();
  const m = dataset.meetings.find((x) => x.id === id);
  if (!m) return null;
  const t = today();
  const follow = meetingFollowThrough(m, dataset.tasks, t);
  return {
    id: m.id,
    date: m.date ?? "",
    kind: m.kind ?? "",
    chair: m.chair ?? null,
    topics: m.topics ?? null,
    minutes: m.minutes ?? null,
    ...follow,
    today: t,
  };
}

/** 交办 N 项 · 已完成 M · 逾期 K per meeting id, for the meetings table. */
export async function meetingFollowCounts(): Promise<Map<string, { total: number; done: number; overdue: number }>> {
  const dataset = await loadDataset();
  const t = today();
  return new Map(
    dataset.meetings.map((m) => {
      const f = meetingFollowThrough(m, dataset.tasks, t);
      return [m.id, { total: f.total, done: f.done, overdue: f.overdue }];
    }),
  );
}
