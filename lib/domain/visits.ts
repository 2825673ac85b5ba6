import type { IsoDate } from "../schema/columns";
import { CADRE_TIERS, VISIT_METHODS, type CadreTier, type Visit, type VisitMethod } from "../schema/tabs";
import { monthOf, quarterRange, yearOf } from "./dates";
import { ratio, round } from "./numbers";

export interface VisitTotals {
  count: number;
  suggestions: number;
  solved: number;
  /** solved / suggestions as a fraction (0.5489 = 54.89%), 4 decimals; null when no suggestions. */
  solveRate: number | null;
}

/** A blank 意见建议数 or 解决问题数 counts as 0. */
export function visitTotals(visits: readonly Visit[]): VisitTotals {
  let suggestions = 0;
  let solved = 0;
  for (const v of visits) {
    suggestions += v.suggestions ?? 0;
    solved += v.solved ?? 0;
  }
  const rate = ratio(solved, suggestions);
  return { count: visits.length, suggestions, solved, solveRate: rate === null ? null : round(rate, 4) };
}

export function visitsInYear(visits: readonly Visit[], year: number): Visit[] {
  return visits.filter((v) => yearOf(v.date) === year);
}

export interface VisitMonth extends VisitTotals {
  /** 1–12. */
  month: number;
}

/** Always 12 entries, January first, zero for months without visits. */
export function visitsByMonth(visits: readonly Visit[], year: number): VisitMonth[] {
  const months: Visit[][] = Array.from({ length: 12 }, () => []);
  for (const v of visits) if (yearOf(v.date) === year) months[monthOf(v.date) - 1]?.push(v);
  return months.map((group, i) => ({ month: i + 1, ...visitTotals(group) }));
}

export interface VisitUnit extends VisitTotals {
  unit: string;
  /** Distinct cadres of the unit who visited. */
  cadres: number;
}

/** Per 所属单位, most visits first; ties keep sheet order. */
export function visitsByUnit(visits: readonly Visit[]): VisitUnit[] {
  const groups = new Map<string, Visit[]>();
  for (const v of visits) {
    const group = groups.get(v.unit);
    if (group) group.push(v);
    else groups.set(v.unit, [v]);
  }
  return [...groups]
    .map(([unit, group]) => ({ unit, ...visitTotals(group), cadres: new Set(group.map((v) => v.cadre)).size }))
    .sort((a, b) => b.count - a.count);
}

export interface VisitTier extends VisitTotals {
  /** null collects visits whose 干部层级 is blank. */
  tier: CadreTier | null;
}

/** Every tier in the sheet's order, zero when none; a trailing null entry only when some tier is blank. */
export function visitsByTier(visits: readonly Visit[]): VisitTier[] {
  const rows: VisitTier[] = CADRE_TIERS.map(({ label }) => ({ tier: label, ...visitTotals(visits.filter((v) => v.tier === label)) }));
  const blank = visits.filter((v) => v.tier === undefined);
  if (blank.length > 0) rows.push({ tier: null, ...visitTotals(blank) });
  return rows;
}

export interface VisitMethodCount extends VisitTotals {
  /** null collects visits whose 方式 is blank. */
  method: VisitMethod | null;
}

/** Every method in the sheet's order, zero when none; a trailing null entry only when some method is blank. */
export function visitsByMethod(visits: readonly Visit[]): VisitMethodCount[] {
  const rows: VisitMethodCount[] = VISIT_METHODS.map(({ label }) => ({ method: label, ...visitTotals(visits.filter((v) => v.method === label)) }));
  const blank = visits.filter((v) => v.method === undefined);
  if (blank.length > 0) rows.push({ method: null, ...visitTotals(blank) });
  return rows;
}

export interface SilentCadre {
  cadre: string;
  unit: string;
  tier: CadreTier | null;
  lastVisit: IsoDate;
  visitsThisYear: number;
}

/**
 * Cadres who visited earlier in today's year but not in today's quarter, longest silent first.
 * A cadre is a name within a unit, since two units may each have a 王伟.
 */
export function cadresWithoutVisitThisQuarter(visits: readonly Visit[], today: IsoDate): SilentCadre[] {
  const { start, end } = quarterRange(today);
  const year = yearOf(today);
  const cadres = new Map<string, SilentCadre & { thisQuarter: boolean }>();
  for (const v of visits) {
    if (yearOf(v.date) !== year) continue;
    const key = `${v.unit}\u0000${v.cadre}`;
    const seen = cadres.get(key) ?? { cadre: v.cadre, unit: v.unit, tier: null, lastVisit: v.date, visitsThisYear: 0, thisQuarter: false };
    seen.visitsThisYear += 1;
    if (v.date >= seen.lastVisit) {
      seen.lastVisit = v.date;
      seen.tier = v.tier ?? seen.tier;
    }
    if (v.date >= start && v.date <= end) seen.thisQuarter = true;
    cadres.set(key, seen);
  }
  return [...cadres.values()]
    .filter((c) => !c.thisQuarter)
    .map(({ thisQuarter: _, ...c }) => c)
    .sort((a, b) => (a.lastVisit < b.lastVisit ? -1 : a.lastVisit > b.lastVisit ? 1 : 0));
}
