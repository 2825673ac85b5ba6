import { daysBetween } from "../lib/domain/dates";
import { DEFAULT_SETTINGS } from "../lib/schema/settings";
import { scoresTab, type ScoreMethod } from "../lib/schema/tabs";
import type { RowInput } from "../lib/sheets/store";
import { addDays, fitByDate, isoDate } from "./calendar";
import { GRASSROOTS_KINDS, SCORE_DEDUCTIONS, UNITS } from "./catalog";
import type { SeedContext } from "./context";
import { Random } from "./random";
import { dateCell, rowOf } from "./rows";

/**
 * Intended weighted totals under the default weights: every grade appears, 经棚镇 is a 好
 * unit that an accountability record caps, and two units lack a method (incomplete).
 */
export const SCORE_PLANS: readonly { unit: string; target: number; missing?: ScoreMethod }[] = [
  { unit: "经棚镇", target: 93.6 },
  { unit: "宇宙地镇", target: 91.8 },
  { unit: "土城子镇", target: 87.2 },
  { unit: "同兴镇", target: 84.5 },
  { unit: "万合永镇", target: 82.1 },
  { unit: "芝瑞镇", target: 78.4 },
  { unit: "达来诺日镇", target: 91.2 },
  { unit: "新开地乡", target: 73.5 },
  { unit: "红山子乡", target: 66.8 },
  { unit: "达日罕乌拉苏木", target: 88.9 },
  { unit: "巴彦查干苏木", target: 81.4 },
  { unit: "浩来呼热苏木", target: 85, missing: "述职评议" },
  { unit: "乌兰布统苏木", target: 92.4 },
  { unit: "应昌街道", target: 85.9 },
  { unit: "西拉沐沦街道", target: 71.6 },
  { unit: "旗委宣传部", target: 89.1 },
  { unit: "旗委统战部", target: 83 },
  { unit: "旗教育局", target: 76.3 },
  { unit: "旗农牧局", target: 86.5 },
  { unit: "旗司法局", target: 68.4 },
  { unit: "旗民政局", target: 79, missing: "年末检查" },
];

const METHODS: readonly ScoreMethod[] = ["拉练抽查", "日常督查", "年末检查", "述职评议"];

/** Planned "MM-DD" of each method; drills are held twice a year at grassroots units. */
const PLANNED: Record<ScoreMethod, readonly string[]> = {
  拉练抽查: ["06-08", "09-14"],
  日常督查: ["04-20"],
  年末检查: ["12-07"],
  述职评议: ["12-24"],
};

const INSPECTOR_TEAMS: Record<ScoreMethod, string> = {
  拉练抽查: "旗党建工作领导小组拉练检查组",
  日常督查: "旗委组织部督查组",
  年末检查: "旗委年终考核组",
  述职评议: "旗委述职评议会",
};

const half = (n: number) => Math.round(n * 2) / 2;
const clampScore = (n: number) => Math.max(0, Math.min(100, n));

function gradeOf(total: number): string {
  const g = DEFAULT_SETTINGS.grades;
  return total >= g.好 ? "好" : total >= g.较好 ? "较好" : total >= g.一般 ? "一般" : "差";
}

/**
 * Per-method means around `target` whose weighted total, after rounding to half
 * points, lands in the same grade as the target.
 */
function methodMeans(target: number, methods: readonly ScoreMethod[], rng: Random): Record<ScoreMethod, number> {
  const w = DEFAULT_SETTINGS.weights;
  const weightSum = methods.reduce((s, m) => s + w[m], 0);
  const total = (s: Partial<Record<ScoreMethod, number>>) => methods.reduce((acc, m) => acc + w[m] * (s[m] ?? 0), 0) / weightSum;
  const raw = Object.fromEntries(methods.map((m) => [m, target + rng.between(-4, 4)])) as Record<ScoreMethod, number>;
  const shift = target - total(raw);
  const means = Object.fromEntries(methods.map((m) => [m, clampScore(half(raw[m] + shift))])) as Record<ScoreMethod, number>;
  // Rounding may tip a total across a grade line; nudge the heaviest method back.
  const heaviest = methods.reduce((a, b) => (w[b] > w[a] ? b : a));
  for (let i = 0; i < 20 && gradeOf(total(means)) !== gradeOf(target); i++) {
    means[heaviest] = clampScore(means[heaviest] + (total(means) < target ? 0.5 : -0.5));
  }
  return means;
}

/** Splits the points lost into one to three deduction items, e.g. "党务公开不及时（扣2分）". */
function deductionsText(score: number, rng: Random): string | undefined {
  const lost = half(100 - score);
  if (lost < 0.5) return undefined;
  const count = Math.min(lost >= 6 ? 3 : lost >= 2 ? 2 : 1, Math.round(lost * 2));
  const items = rng.sample(SCORE_DEDUCTIONS, count);
  let left = lost;
  return items
    .map((item, i) => {
      const share = i === items.length - 1 ? left : Math.max(0.5, half(left * rng.between(0.3, 0.6)));
      left -= share;
      return `${item}（扣${share}分）`;
    })
    .join("；");
}

interface ScoreDraft {
  year: number;
  unit: string;
  method: ScoreMethod;
  planned: string;
  score: number;
}

function draftsFor(year: number, plans: readonly { unit: string; target: number; missing?: ScoreMethod }[], rng: Random): ScoreDraft[] {
  const grassroots = new Set(UNITS.filter((u) => GRASSROOTS_KINDS.includes(u.kind)).map((u) => u.name));
  const drafts: ScoreDraft[] = [];
  for (const plan of plans) {
    const methods = METHODS.filter((m) => m !== plan.missing);
    const means = methodMeans(plan.target, methods, rng);
    // Inspections of all units take about a week around the planned date.
    const offset = rng.int(0, 6);
    for (const method of methods) {
      const dates = grassroots.has(plan.unit) ? PLANNED[method] : PLANNED[method].slice(0, 1);
      const mean = means[method];
      // Two drills vary around their mean by the same half-points either way.
      const spread = dates.length === 2 ? Math.min(100 - mean, mean, half(rng.between(0, 3))) : 0;
      dates.forEach((d, i) => {
        drafts.push({ year, unit: plan.unit, method, planned: addDays(`${year}-${d}`, offset), score: mean + (i === 0 ? spread : -spread) });
      });
    }
  }
  return drafts;
}

/**
 * The year's 三查一述 records for the planned units, plus last year's for the
 * grassroots units so trends have something to compare with.
 */
export function buildScores(ctx: SeedContext): RowInput[] {
  const { year, asOf, people } = ctx;
  const rng = new Random(`dutyboard:scores:${year}:${asOf}`);
  const grassroots = new Set(UNITS.filter((u) => GRASSROOTS_KINDS.includes(u.kind)).map((u) => u.name));

  const previousPlans = SCORE_PLANS.filter((p) => grassroots.has(p.unit)).map((p) => ({ unit: p.unit, target: Math.min(97, p.target + rng.between(-5, 4)) }));
  const previous = draftsFor(year - 1, previousPlans, rng);
  const current = draftsFor(year, SCORE_PLANS, rng);
  const currentDates = fitByDate(
    current.map((d) => d.planned),
    year,
    asOf,
  );

  const inspectors = (method: ScoreMethod) => `${INSPECTOR_TEAMS[method]}（${rng.sample(people.orgStaff, 2).join("、")}）`;
  const ids = new Map<number, number>();
  const toRow = (d: ScoreDraft, date: string, past: boolean) => {
    const n = (ids.get(d.year) ?? 0) + 1;
    ids.set(d.year, n);
    const deductions = deductionsText(d.score, rng);
    const fixDue = deductions ? addDays(date, 30) : undefined;
    let fixStatus: string | undefined;
    if (fixDue) {
      if (past || fixDue <= asOf) fixStatus = rng.chance(0.85) ? "已整改" : "整改中";
      else fixStatus = daysBetween(date, asOf) > 10 ? "整改中" : "未整改";
      if (!past && d.score < 70) fixStatus = "未整改";
    }
    return rowOf(scoresTab, {
      id: `KH-${d.year}-${String(n).padStart(3, "0")}`,
      year: d.year,
      unit: d.unit,
      method: d.method,
      date: dateCell(date),
      score: d.score,
      inspector: inspectors(d.method),
      deductions,
      fixDue: fixDue ? dateCell(fixDue) : undefined,
      fixStatus,
    });
  };

  return [...previous.map((d) => toRow(d, d.planned, true)), ...current.map((d, i) => toRow(d, currentDates[i] ?? isoDate(year, 1, 1), false))];
}
