import type { IsoDate } from "../schema/columns";
import { CADRE_TIERS, VISIT_METHODS, type CadreTier, type Visit, type VisitMethod } from "../schema/tabs";
import { monthOf, quarterRange, yearOf } from "./dates";
import { ratio, round } from "./numbers";

export interface VisitTotals {
  count: number;
  /** Sum of the readable 意见建议数 (an unreadable cell is left out, counted in `unknown`). */
  suggestions: number;
  solved: number;
  /**
   * solved / suggestions as a fraction (0.5489 = 54.89%), 4 decimals, over the visits whose
   * both cells are readable — so an unreadable 意见建议数 cannot raise it; null when no suggestions.
   */
  solveRate: number | null;
  /** Visits whose cell could not be read: they count as visits, their cell is in no sum. */
  unknown: { suggestions: number; solved: number };
}

/** A blank 意见建议数 or 解决问题数 counts as 0; an unreadable one is left out and counted as unknown. */
export function visitTotals(visits: readonly Visit[]): VisitTotals {
  let suggestions = 0;
  let solved = 0;
  let pairSuggestions = 0;
  let pairSolved = 0;
  const unknown = { suggestions: 0, solved: 0 };
  for (const v of visits) {
    const badSuggestions = v._bad?.suggestions !== undefined;
    const badSolved = v._bad?.solved !== undefined;
    if (badSuggestions) unknown.suggestions += 1;
    else suggestions += v.suggestions ?? 0;
    if (badSolved) unknown.solved += 1;
    else solved += v.solved ?? 0;
    if (!badSuggestions && !badSolved) {
      pairSuggestions += v.suggestions ?? 0;
      pairSolved += v.solved ?? 0;
    }
  }
  const rate = ratio(pairSolved, pairSuggestions);
  return { count: visits.length, suggestions, solved, solveRate: rate === null ? null : round(rate, 4), unknown };
}

/** The year a visit belongs to by its 日期; null when the date cannot be read. */
export function visitYear(v: Pick<Visit, "date" | "_bad">): number | null {
  return v._bad?.date !== undefined || v.date === undefined ? null : yearOf(v.date);
}

export interface VisitMonth extends VisitTotals {
  /** 1–12. */
  month: number;
}

/** Always 12 entries, January first, zero for months without visits. */
export function visitsByMonth(visits: readonly Visit[], year: number): VisitMonth[] {
  const months: Visit[][] = Array.from({ length: 12 }, () => []);
  for (const v of visits) if (visitYear(v) === year) months[monthOf(v.date) - 1]?.push(v);
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
    if (visitYear(v) !== year) continue;
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
