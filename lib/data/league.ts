import "server-only";
/**
 * The unit league table as this viewer may see it. Scores follow /scores exactly: every
 * unit's when the viewer sees the whole ranking, else only their own unit's, else none;
 * accountability counts follow the accountability list's scope. Withheld values are
 * null in the rows themselves, so no page payload carries them.
 */
import { cache } from "react";
import { scopeOf, type Viewer } from "../auth/roles";
import { defaultYear, unitNamer, yearsPresent } from "../domain";
import { coverageByUnit } from "../domain/coverage";
import { leagueBaseline, leagueChanges, unitLeague, type LeagueRow } from "../domain/league";
import { signingStatus, type SigningStatus } from "../domain/letters";
import { loadDataset, today } from "./dataset";

export type LeagueTableRow = Omit<LeagueRow, "accountability"> & {
  /** null when the role may not see this unit's accountability records. */
  accountability: number | null;
  /** Changes since the last meeting snapshot as whole numbers / points; null when unknown. */
  overdueChange: number | null;
  onTimeChange: number | null;
  visitsChange: number | null;
  /** 走访覆盖率 this quarter, in percent; null when the roster has no active cadre of the unit. */
  coverage: number | null;
  /** Whether the unit's 目标责任状 of the year is signed. */
  letterSigned: boolean;
};

export interface LeagueView {
  year: number;
  years: number[];
  today: string;
  rows: LeagueTableRow[];
  /** Which columns the role sees at all. */
  scores: "all" | "own-unit" | "none";
  accountability: "all" | "own-unit" | "none";
  baselineDate: string | null;
  /** 已签订 N / 应签 M of the year's 目标责任状, and the units still to sign. */
  signing: SigningStatus;
}

export const leagueView = cache(async (viewer: Viewer, year?: number): Promise<LeagueView> => {
  const dataset = await loadDataset();
  const t = today();
  const shown = year ?? defaultYear(dataset, dataset.settings, t);
  const present = yearsPresent(dataset);
  const unit = unitNamer(dataset.units);
  const v = viewer.kind === "user" && viewer.unit ? { ...viewer, unit: unit(viewer.unit) } : viewer;
  const ownUnit = v.kind === "user" ? v.unit : undefined;
  const ctx = { rankingPublic: dataset.settings.rankingPublic };
  const wholeRanking = scopeOf(v, "scores.ranking", ctx) === "all" || scopeOf(v, "scores.read", ctx) === "all";
  const scores = wholeRanking ? "all" : scopeOf(v, "scores.read", ctx) === "own-unit" ? "own-unit" : "none";
  const accScope = scopeOf(v, "accountability.read");
  const accountability = accScope === "all" ? "all" : accScope === "own-unit" ? "own-unit" : "none";
  const baseline = leagueBaseline(dataset.snapshots, t, shown);
  const league = unitLeague(dataset, { year: shown, today: t });
  const changes = leagueChanges(league, baseline?.units);
  const coverage = new Map(
    coverageByUnit({ cadres: dataset.cadres, visits: dataset.visits, perQuarter: dataset.settings.visitsPerQuarter, today: t, period: "quarter" }).map((c) => [
      c.unit,
      c.rate === null ? null : Math.round(c.rate * 1000) / 10,
    ]),
  );
  const signing = signingStatus(dataset.units, dataset.letters, shown);
  const unsigned = new Set(signing.unsigned);
  const rows = league.map((r): LeagueTableRow => {
    const seesScore = scores === "all" || (scores === "own-unit" && r.unit === ownUnit);
    const seesAccountability = accountability === "all" || (accountability === "own-unit" && r.unit === ownUnit);
    const c = changes.get(r.unit);
    return {
      ...r,
      total: seesScore ? r.total : null,
      rank: seesScore ? r.rank : null,
      grade: seesScore ? r.grade : null,
      incomplete: seesScore ? r.incomplete : false,
      accountability: seesAccountability ? r.accountability : null,
      overdueChange: c?.overdue ?? null,
      onTimeChange: c?.onTimePercent ?? null,
      visitsChange: c?.visits ?? null,
      coverage: coverage.get(r.unit) ?? null,
      letterSigned: !unsigned.has(r.unit),
    };
  });
  return {
    year: shown,
    years: present.includes(shown) ? present : [...present, shown].sort((a, b) => a - b),
    today: t,
    rows,
    scores,
    accountability,
    baselineDate: baseline?.date ?? null,
    signing,
  };
});
