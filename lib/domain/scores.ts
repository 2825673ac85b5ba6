import type { Grade, Settings } from "../schema/settings";
import { SCORE_METHODS, type Accountability, type Score, type ScoreMethod } from "../schema/tabs";
import { yearOf } from "./dates";
import { round } from "./numbers";

export const GRADES = ["好", "较好", "一般", "差"] as const satisfies readonly Grade[];
const METHODS: readonly ScoreMethod[] = SCORE_METHODS.map((m) => m.label);

export interface AnnualScore {
  unit: string;
  year: number;
  /** Mean score per method the unit has that year, 2 decimals; methods it lacks are absent. */
  means: Partial<Record<ScoreMethod, number>>;
  /** Number of score records per method present. */
  counts: Partial<Record<ScoreMethod, number>>;
  /** Weighted total on the 0–100 scale, 2 decimals, for display; null when none of its methods carries weight. */
  total: number | null;
  /** The total that grades and ranks compare (only binary noise below 1e-9 removed). */
  exactTotal: number | null;
  /** True when a weighted method is missing or a score could not be read: no grade, ranked after every complete unit. */
  incomplete: boolean;
  /** Score records of the unit that year whose 得分 or 考核方式 cannot be read: left out of the means. */
  unreadable: number;
  missing: ScoreMethod[];
  grade: Grade | null;
  /** True when an accountability record that year lowered the grade from 好 to 较好. */
  capped: boolean;
  /** Accountability records of the unit dated in the year, whether or not they capped the grade. */
  accountabilityIds: string[];
  /** 1-based; ties share a rank (1, 2, 2, 4). Incomplete units are ranked after complete ones. */
  rank: number;
}

/**
 * Weights as used: the settings' weights, or equal weights when they sum to 0 (a sheet
 * with every weight at 0 is a misconfiguration, and equal weights keep the ranking usable).
 */
export function effectiveWeights(settings: Settings): Record<ScoreMethod, number> {
  const sum = METHODS.reduce((s, m) => s + Math.max(0, settings.weights[m]), 0);
  return Object.fromEntries(METHODS.map((m) => [m, sum > 0 ? Math.max(0, settings.weights[m]) : 1])) as Record<ScoreMethod, number>;
}

/** Methods a unit must have to be complete: those with weight; a method weighted 0 cannot be missed. */
export function requiredMethods(settings: Settings): ScoreMethod[] {
  const weights = effectiveWeights(settings);
  return METHODS.filter((m) => weights[m] > 0);
}

/** Grade by the settings' cut-offs, each inclusive: a total exactly at grade.好 is 好. */
export function gradeFor(total: number, settings: Settings): Grade {
  if (total >= settings.grades.好) return "好";
  if (total >= settings.grades.较好) return "较好";
  if (total >= settings.grades.一般) return "一般";
  return "差";
}

/**
 * One entry per unit with any score in `year`, ranked: complete units by total, then
 * incomplete units by their partial total, then units with no weighted total.
 * Unit names are compared as written; canonicalise ids to names before calling.
 */
export function annualScores(scores: readonly Score[], accountability: readonly Accountability[], settings: Settings, year: number): AnnualScore[] {
  const weights = effectiveWeights(settings);
  const required = requiredMethods(settings);

  const byUnit = new Map<string, Map<ScoreMethod, number[]>>();
  const unreadable = new Map<string, number>();
  for (const s of scores) {
    if (s._bad?.year !== undefined || s.year !== year) continue;
    const methods = byUnit.get(s.unit) ?? new Map<ScoreMethod, number[]>();
    byUnit.set(s.unit, methods);
    if (s._bad?.score !== undefined || s._bad?.method !== undefined) {
      unreadable.set(s.unit, (unreadable.get(s.unit) ?? 0) + 1);
      continue;
    }
    methods.set(s.method, [...(methods.get(s.method) ?? []), s.score]);
  }

  const unranked = [...byUnit].map(([unit, methods]): Omit<AnnualScore, "rank"> => {
    const means: Partial<Record<ScoreMethod, number>> = {};
    const counts: Partial<Record<ScoreMethod, number>> = {};
    let weighted = 0;
    let weightSum = 0;
    for (const method of METHODS) {
      const list = methods.get(method);
      if (!list) continue;
      const mean = list.reduce((a, b) => a + b, 0) / list.length;
      means[method] = round(mean, 2);
      counts[method] = list.length;
      weighted += weights[method] * mean;
      weightSum += weights[method];
    }
    const exactTotal = weightSum > 0 ? round(weighted / weightSum, 9) : null;
    const missing = required.filter((m) => !methods.has(m));
    const unreadableScores = unreadable.get(unit) ?? 0;
    const incomplete = missing.length > 0 || unreadableScores > 0;
    const accountabilityIds = accountability.filter((a) => a._bad?.date === undefined && a.unit === unit && yearOf(a.date) === year).map((a) => a.id);
    const uncapped = !incomplete && exactTotal !== null ? gradeFor(exactTotal, settings) : null;
    const capped = uncapped === "好" && accountabilityIds.length > 0;
    return {
      unit,
      year,
      means,
      counts,
      total: exactTotal === null ? null : round(exactTotal, 2),
      exactTotal,
      incomplete,
      unreadable: unreadableScores,
      missing,
      grade: capped ? "较好" : uncapped,
      capped,
      accountabilityIds,
    };
  });

  const tier = (s: Omit<AnnualScore, "rank">) => (s.exactTotal === null ? 2 : s.incomplete ? 1 : 0);
  const sorted = unranked.sort((a, b) => tier(a) - tier(b) || (b.exactTotal ?? 0) - (a.exactTotal ?? 0));
  const ranked: AnnualScore[] = [];
  sorted.forEach((s, i) => {
    const prev = ranked[i - 1];
    const tied = prev !== undefined && tier(prev) === tier(s) && prev.exactTotal === s.exactTotal;
    ranked.push({ ...s, rank: tied ? prev.rank : i + 1 });
  });
  return ranked;
}

export interface GradeSpread {
  /** Complete units per grade. */
  grades: Record<Grade, number>;
  incomplete: number;
  capped: number;
  /** Units with any score that year, complete or not. */
  units: number;
  /** Mean total of complete units, 2 decimals; null when no unit is complete. */
  average: number | null;
}

export function gradeSpread(annual: readonly AnnualScore[]): GradeSpread {
  const grades = Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<Grade, number>;
  const totals: number[] = [];
  for (const s of annual) {
    if (s.grade) grades[s.grade] += 1;
    if (!s.incomplete && s.exactTotal !== null) totals.push(s.exactTotal);
  }
  return {
    grades,
    incomplete: annual.filter((s) => s.incomplete).length,
    capped: annual.filter((s) => s.capped).length,
    units: annual.length,
    average: totals.length > 0 ? round(totals.reduce((a, b) => a + b, 0) / totals.length, 2) : null,
  };
}

/** Column keys of the four methods, in the sheet's order (tables, charts and dictionaries use these). */
export const SCORE_METHOD_KEYS: Record<ScoreMethod, "drill" | "routine" | "yearEnd" | "report"> = {
  拉练抽查: "drill",
  日常督查: "routine",
  年末检查: "yearEnd",
  述职评议: "report",
};

/**
 * Each method's share of a unit's total: weight × mean over the weights of the methods the unit
 * has (as annualScores weighs them), 2 decimals; null for a method it lacks. The shares add up to the total.
 */
export function methodShares(
  means: Readonly<Record<ScoreMethod, number | null>>,
  weights: Readonly<Record<ScoreMethod, number>>,
): Record<ScoreMethod, number | null> {
  const present = METHODS.filter((m) => means[m] !== null);
  const sum = present.reduce((s, m) => s + weights[m], 0);
  return Object.fromEntries(
    METHODS.map((m) => {
      const mean = means[m];
      return [m, mean === null || sum === 0 ? null : Math.round(((mean * weights[m]) / sum) * 100) / 100];
    }),
  ) as Record<ScoreMethod, number | null>;
}
