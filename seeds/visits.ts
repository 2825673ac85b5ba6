import { daysBetween } from "../lib/domain/dates";
import { visitsTab, type CadreTier, type VisitMethod } from "../lib/schema/tabs";
import type { RowInput } from "../lib/sheets/store";
import { addDays, compareDates, isoDate, lastDayOfMonth, minDate, weekday } from "./calendar";
import { VISIT_TOPICS } from "./catalog";
import { workingMinutes, type SeedContext } from "./context";
import type { Cadre } from "./people";
import { Random } from "./random";
import { dateCell, dateTimeCell, rowOf } from "./rows";

/** The year totals the source article reports; the sample reproduces them exactly. */
export const VISIT_TOTALS = { visits: 584, suggestions: 337, solved: 185 } as const;

/** Relative visit activity per month: quiet around the Spring Festival, busy in spring and autumn. */
const MONTH_WEIGHTS = [5, 3, 9, 10, 10, 9, 8, 8, 10, 9, 10, 9] as const;

/** Public holidays with fixed dates ("MM-DD"): hardly anyone visits then. */
const HOLIDAYS = new Set(["01-01", "05-01", "05-02", "05-03", "05-04", "05-05", "10-01", "10-02", "10-03", "10-04", "10-05", "10-06", "10-07"]);

const TIER_WEIGHTS: Record<CadreTier, number> = { 处级: 1.3, 科级: 1, 站所长: 0.5, 股级: 0.4, 嘎查村社区干部: 0.35 };

const METHODS: readonly { method: VisitMethod; weight: number; suggestiveness: number }[] = [
  { method: "登门走访", weight: 40, suggestiveness: 1.2 },
  { method: "座谈", weight: 25, suggestiveness: 1.6 },
  { method: "调研指导", weight: 20, suggestiveness: 1 },
  { method: "宣讲", weight: 12, suggestiveness: 0.35 },
  { method: "其他", weight: 3, suggestiveness: 0.8 },
];

/** Most a single visit collects; the article's 337 over 584 visits is well below. */
const MAX_SUGGESTIONS_PER_VISIT = 5;

interface VisitDraft {
  date: string;
  cadre: Cadre;
  contactPoint: string;
  method: VisitMethod;
  suggestiveness: number;
  suggestions: number;
  solved: number;
}

/** Each day from 1 January to `asOf` with its share of the visits: weekends and holidays quiet, months by MONTH_WEIGHTS. */
function visitDays(year: number, asOf: string): { dates: string[]; weights: number[] } {
  const first = isoDate(year, 1, 1);
  const dates: string[] = [];
  const weights: number[] = [];
  for (let i = 0; i <= daysBetween(first, asOf); i++) {
    const date = addDays(first, i);
    const month = Number(date.slice(5, 7));
    const day = weekday(date);
    dates.push(date);
    const quiet = HOLIDAYS.has(date.slice(5)) ? 0.1 : day === 0 || day === 6 ? 0.25 : 1;
    weights.push(((MONTH_WEIGHTS[month - 1] ?? 1) / lastDayOfMonth(year, month)) * quiet);
  }
  return { dates, weights };
}

/** Hands out `total` units one at a time, each to a visit drawn by `weightOf` (0 = full). */
function distribute(visits: VisitDraft[], total: number, rng: Random, weightOf: (v: VisitDraft) => number, add: (v: VisitDraft) => void) {
  for (let i = 0; i < total; i++) {
    const weights = visits.map(weightOf);
    add(visits[rng.weightedIndex(weights)]!);
  }
}

function summaryOf(v: VisitDraft, rng: Random): string {
  const topic = rng.pick(VISIT_TOPICS);
  const place = v.contactPoint;
  const opening: Record<VisitMethod, string> = {
    登门走访: `入户走访${place}党员群众，了解${topic}情况`,
    座谈: `在${place}召开党员群众座谈会，围绕${topic}听取意见`,
    调研指导: `到${place}调研指导${topic}工作`,
    宣讲: `在${place}宣讲党的创新理论和惠民政策`,
    其他: `电话回访${place}群众，跟进${topic}问题办理`,
  };
  const parts = [opening[v.method]];
  if (v.suggestions > 0) parts.push(`收集意见建议${v.suggestions}条`);
  if (v.solved > 0) parts.push(`现场或协调解决实际问题${v.solved}个`);
  return `${parts.join("，")}。`;
}

/**
 * Exactly 584 visits with 337 suggestions and 185 problems solved, all dated from
 * 1 January to `asOf` (densely when `asOf` is early in the year), solved ≤ suggestions on every visit.
 */
export function buildVisits(ctx: SeedContext): RowInput[] {
  const { year, asOf, people } = ctx;
  const rng = new Random(`dutyboard:visits:${year}:${asOf}`);
  const days = visitDays(year, asOf);
  const activity = people.cadres.map((c) => TIER_WEIGHTS[c.tier] * rng.between(0.4, 1.6));

  const visits: VisitDraft[] = [];
  for (let i = 0; i < VISIT_TOTALS.visits; i++) {
    const cadre = people.cadres[rng.weightedIndex(activity)]!;
    const m = METHODS[rng.weightedIndex(METHODS.map((x) => x.weight))]!;
    visits.push({
      date: days.dates[rng.weightedIndex(days.weights)]!,
      cadre,
      contactPoint: rng.pick(cadre.contactPoints),
      method: m.method,
      suggestiveness: m.suggestiveness,
      suggestions: 0,
      solved: 0,
    });
  }
  // Stable: visits of one day keep the order they were drawn in.
  visits.sort((a, b) => compareDates(a.date, b.date));

  distribute(
    visits,
    VISIT_TOTALS.suggestions,
    rng,
    (v) => (v.suggestions < MAX_SUGGESTIONS_PER_VISIT ? v.suggestiveness : 0),
    (v) => v.suggestions++,
  );
  // Older suggestions have had more time to be resolved.
  const span = Math.max(1, daysBetween(isoDate(year, 1, 1), asOf));
  distribute(
    visits,
    VISIT_TOTALS.solved,
    rng,
    (v) => (v.suggestions - v.solved) * (1.5 - daysBetween(isoDate(year, 1, 1), v.date) / span),
    (v) => v.solved++,
  );

  return visits.map((v, i) => {
    const id = `ZF-${year}-${String(i + 1).padStart(4, "0")}`;
    const enteredOn = minDate(asOf, addDays(v.date, rng.weightedIndex([3, 4, 2, 1])));
    return rowOf(visitsTab, {
      id,
      date: dateCell(v.date),
      cadre: v.cadre.name,
      tier: v.cadre.tier,
      unit: v.cadre.unit,
      contactPoint: v.contactPoint,
      method: v.method,
      suggestions: v.suggestions,
      solved: v.solved,
      summary: summaryOf(v, rng),
      evidence: rng.chance(0.35) ? `https://oa.example.gov.cn/evidence/${year}/${id}` : undefined,
      enteredBy: ctx.loginFor(v.cadre.unit),
      enteredAt: dateTimeCell(enteredOn, workingMinutes(rng)),
    });
  });
}
