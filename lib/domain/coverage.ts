import type { IsoDate } from "../schema/columns";
import { CADRE_TIERS, type Cadre, type CadreTier, type Visit } from "../schema/tabs";
import { daysBetween, quarterRange } from "./dates";
import { ratio, round } from "./numbers";
import { matchVisitsToRoster } from "../schema/roster";

/** The stretch a requirement is counted over: today's calendar month, or today's quarter. */
export type CoveragePeriod = "month" | "quarter";

/** First and last day of today's month or quarter, both inclusive. */
export function periodRange(today: IsoDate, period: CoveragePeriod): { start: IsoDate; end: IsoDate } {
  if (period === "quarter") return quarterRange(today);
  const [y, m] = today.split("-").map(Number) as [number, number];
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { start: `${today.slice(0, 7)}-01`, end };
}

/**
 * Visits a cadre owes in the period: the roster's 走访要求 (visits per quarter), else
 * 设置 visit.perQuarter.{层级}; a month owes a third of the quarter, rounded up.
 */
export function requiredVisits(
  cadre: Pick<Cadre, "required" | "tier" | "_bad">,
  perQuarter: Readonly<Record<CadreTier, number>>,
  period: CoveragePeriod,
): number {
  const own = cadre._bad?.required === undefined ? cadre.required : undefined;
  const quarterly = own ?? perQuarter[cadre.tier] ?? 0;
  return period === "quarter" ? quarterly : Math.ceil(quarterly / 3);
}

/** A roster row counts unless 在岗 says 否 (blank means 是). */
export function isActiveCadre(cadre: Pick<Cadre, "active">): boolean {
  return cadre.active !== false;
}

export interface CadreCoverage {
  id: string;
  name: string;
  tier: CadreTier;
  unit: string;
  contactPoints: string[];
  /** Visits owed in the period. */
  required: number;
  /** Visits with a readable date inside the period. */
  visits: number;
  /** The latest readable visit date on or before today, any period; null when never. */
  lastVisit: IsoDate | null;
  /** Days since the last visit; null when never. */
  daysSince: number | null;
  met: boolean;
}

export interface CoverageInput {
  cadres: readonly Cadre[];
  visits: readonly Visit[];
  perQuarter: Readonly<Record<CadreTier, number>>;
  today: IsoDate;
  period: CoveragePeriod;
}

const tierOrder = new Map<string, number>(CADRE_TIERS.map((t, i) => [t.label, i]));

/**
 * The active cadres and their visits, once per roster and visits list (the same arrays give the
 * same answer: the month, the quarter, the list and the per-unit figures of one read share it —
 * matching 100,000 visits to the roster is the costly part). Pure; callers must not change it.
 */
const matched = new WeakMap<readonly Visit[], WeakMap<readonly Cadre[], { active: Cadre[]; byCadre: Map<string, Visit[]> }>>();

function matchedActive(cadres: readonly Cadre[], visits: readonly Visit[]): { active: Cadre[]; byCadre: Map<string, Visit[]> } {
  let byRoster = matched.get(visits);
  if (!byRoster) {
    byRoster = new WeakMap();
    matched.set(visits, byRoster);
  }
  let hit = byRoster.get(cadres);
  if (!hit) {
    const active = cadres.filter(isActiveCadre);
    hit = { active, byCadre: matchVisitsToRoster(active, visits).byCadre };
    byRoster.set(cadres, hit);
  }
  return hit;
}

/**
 * Every active roster cadre with the visits made in the period and whether they met
 * their requirement. A visit whose 日期 cannot be read is in no period: it cannot help a
 * cadre meet the requirement (no bad cell makes coverage look better).
 */
export function cadreCoverage({ cadres, visits, perQuarter, today, period }: CoverageInput): CadreCoverage[] {
  const { start, end } = periodRange(today, period);
  const { active, byCadre } = matchedActive(cadres, visits);
  return active
    .map((c) => {
      const dated = (byCadre.get(c.id) ?? []).filter((v) => v._bad?.date === undefined && v.date !== undefined && v.date <= today);
      const inPeriod = dated.filter((v) => v.date >= start && v.date <= end).length;
      const lastVisit = dated.reduce<IsoDate | null>((last, v) => (last === null || v.date > last ? v.date : last), null);
      const required = requiredVisits(c, perQuarter, period);
      return {
        id: c.id,
        name: c.name,
        tier: c.tier,
        unit: c.unit,
        contactPoints: c.contactPoints ?? [],
        required,
        visits: inPeriod,
        lastVisit,
        daysSince: lastVisit === null ? null : daysBetween(lastVisit, today),
        met: inPeriod >= required,
      };
    })
    .sort(
      (a, b) =>
        a.unit.localeCompare(b.unit, "zh") ||
        (tierOrder.get(a.tier) ?? 9) - (tierOrder.get(b.tier) ?? 9) ||
        a.name.localeCompare(b.name, "zh") ||
        a.id.localeCompare(b.id),
    );
}

/** 未走访名单: active cadres with fewer visits in the period than required, by unit and tier. */
export function uncoveredCadres(input: CoverageInput): CadreCoverage[] {
  return cadreCoverage(input).filter((c) => !c.met);
}

export interface Coverage {
  /** Active cadres on the roster. */
  active: number;
  /** Of them, those who met their requirement in the period. */
  met: number;
  /** met / active as a fraction, 4 decimals; null when the roster has no active cadre. */
  rate: number | null;
}

function coverageOf(rows: readonly CadreCoverage[]): Coverage {
  const met = rows.filter((c) => c.met).length;
  const rate = ratio(met, rows.length);
  return { active: rows.length, met, rate: rate === null ? null : round(rate, 4) };
}

/** Coverage: cadres who met their requirement ÷ active cadres. */
export function visitCoverage(input: CoverageInput): Coverage {
  return coverageOf(cadreCoverage(input));
}

/** Coverage per 所属单位 of the roster, units in name order. */
export function coverageByUnit(input: CoverageInput): (Coverage & { unit: string })[] {
  const groups = new Map<string, CadreCoverage[]>();
  for (const c of cadreCoverage(input)) groups.set(c.unit, [...(groups.get(c.unit) ?? []), c]);
  return [...groups].map(([unit, rows]) => ({ unit, ...coverageOf(rows) }));
}

/** Month and quarter coverage together, as the doctor and the summary report them. */
export function coverageFigures(input: Omit<CoverageInput, "period">): { month: Coverage; quarter: Coverage } {
  return { month: visitCoverage({ ...input, period: "month" }), quarter: visitCoverage({ ...input, period: "quarter" }) };
}
