import { describe, expect, it } from "vitest";
import { restrictScores, summarize } from "@/lib/domain/summary";
import { accountability, dataset, fullScores, meeting, score, settings, task, unit, visit } from "./factories";

const today = "2026-05-20";

/** Two years of rows: the 2026 ones carry the figures the tests expect; 2025 and 2027 ones must not leak in. */
function twoYears() {
  return dataset({
    tasks: [
      task({ due: "2026-12-31", start: "2026-05-01", progress: 50 }), // green
      task({ due: "2026-03-31" }), // overdue → red
      task({ due: "2026-05-25", progress: 80 }), // due in 5 days → yellow
      task({ due: "2026-03-31", status: "已完成" }),
      task({ due: "2026-09-30", status: "已取消" }),
      task({ due: "2025-12-31" }), // last year's, overdue: not counted for 2026
      task({ due: "2027-01-10" }),
    ],
    visits: [
      visit({ date: "2026-01-15", suggestions: 3, solved: 2 }),
      visit({ date: "2026-04-10", suggestions: 2, solved: 1, cadre: "李娜" }),
      visit({ date: "2025-12-31", suggestions: 9, solved: 9 }),
    ],
    meetings: [
      meeting({ date: "2026-02-01", kind: "专题常委会" }),
      meeting({ date: "2026-03-01", kind: "专题常委会" }),
      meeting({ date: "2026-03-15", kind: "办公室协调推进会" }),
      meeting({ date: "2025-11-01", kind: "领导小组工作例会" }),
    ],
    scores: [...fullScores("经棚镇", 95), ...fullScores("芝瑞镇", 85), score("同兴镇", "年末检查", 99), ...fullScores("经棚镇", 50, 2025)],
    accountability: [accountability("经棚镇", "2026-02-01"), accountability("芝瑞镇", "2025-06-01")],
  });
}

describe("summarize", () => {
  it("keeps the public figures contract as the first keys, in order", () => {
    const { figures } = summarize(dataset(), { year: 2026, today });
    expect(Object.keys(figures).slice(0, 3)).toEqual(["tasks", "visits", "meetings"]);
    expect(Object.keys(figures.tasks).slice(0, 6)).toEqual(["total", "done", "overdue", "red", "yellow", "green"]);
    expect(Object.keys(figures.visits).slice(0, 3)).toEqual(["count", "suggestions", "solved"]);
    expect(Object.keys(figures.meetings)).toEqual(["专题常委会", "领导小组工作例会", "办公室协调推进会", "其他"]);
  });

  it("is all zeros, not missing keys, for an empty year", () => {
    const { figures } = summarize(dataset(), { year: 2026, today });
    expect(figures.tasks).toMatchObject({ total: 0, done: 0, overdue: 0, red: 0, yellow: 0, green: 0 });
    expect(figures.visits).toMatchObject({ count: 0, suggestions: 0, solved: 0, solveRate: null });
    expect(figures.meetings).toEqual({ 专题常委会: 0, 领导小组工作例会: 0, 办公室协调推进会: 0, 其他: 0 });
    expect(figures.scores).toEqual({ average: null, grades: { 好: 0, 较好: 0, 一般: 0, 差: 0 }, incomplete: 0, capped: 0, units: 0 });
  });

  it("counts only the rows belonging to the year", () => {
    const s = summarize(twoYears(), { year: 2026, today });
    expect(s.year).toBe(2026);
    expect(s.figures.tasks).toEqual({
      total: 5,
      done: 1,
      overdue: 1,
      red: 1,
      yellow: 1,
      green: 1,
      cancelled: 1,
      open: 2,
      donePercent: 25,
      // The one done task has no 完成日期, so nothing is shown done on time.
      onTimePercent: 0,
      doneLate: 0,
    });
    expect(s.figures.visits).toEqual({ count: 2, suggestions: 5, solved: 3, solveRate: 0.6, cadres: 2 });
    expect(s.figures.meetings).toEqual({ 专题常委会: 2, 领导小组工作例会: 0, 办公室协调推进会: 1, 其他: 0 });
    expect(s.figures.scores).toEqual({ average: 90, grades: { 好: 0, 较好: 2, 一般: 0, 差: 0 }, incomplete: 1, capped: 1, units: 3 });
    expect(s.figures.accountability).toEqual({ count: 1 });
  });

  it("gives another year its own figures", () => {
    const s = summarize(twoYears(), { year: 2025, today });
    expect(s.figures.tasks.total).toBe(1);
    expect(s.figures.visits).toMatchObject({ count: 1, suggestions: 9, solved: 9 });
    expect(s.figures.meetings.领导小组工作例会).toBe(1);
    expect(s.charts.ranking.map((r) => [r.unit, r.total, r.grade])).toEqual([["经棚镇", 50, "差"]]);
  });

  it("carries the chart series for the year", () => {
    const { charts } = summarize(twoYears(), { year: 2026, today });
    expect(charts.visitsByMonth).toHaveLength(12);
    expect(charts.visitsByMonth.map((m) => m.count).slice(0, 4)).toEqual([1, 0, 0, 1]);
    expect(charts.ranking.map((r) => [r.unit, r.rank, r.grade, r.capped])).toEqual([
      ["经棚镇", 1, "较好", true],
      ["芝瑞镇", 2, "较好", false],
      ["同兴镇", 3, null, false],
    ]);
    expect(charts.tasksByKeyTask).toHaveLength(1);
    expect(charts.tasksByKeyTask[0]?.total).toBe(5);
  });

  it("uses the default year when none is given", () => {
    expect(summarize(twoYears(), { today }).year).toBe(2027); // the 2027 task is the latest row
    expect(summarize(dataset({ ...twoYears(), settings: settings({ year: 2025 }) }), { today }).year).toBe(2025);
  });

  it("treats a unit written by 单位编号 and by 单位名称 as one unit", () => {
    const data = dataset({
      units: [unit("U01", "经棚镇")],
      scores: fullScores("U01", 95),
      accountability: [accountability("经棚镇", "2026-03-01")],
      visits: [visit({ date: "2026-03-01", unit: "U01" }), visit({ date: "2026-03-02", unit: "经棚镇" })],
    });
    const s = summarize(data, { year: 2026, today });
    expect(s.charts.ranking).toMatchObject([{ unit: "经棚镇", grade: "较好", capped: true }]);
    expect(s.charts.visitsByUnit.map((u) => [u.unit, u.count])).toEqual([["经棚镇", 2]]);
  });

  it("is plain JSON: it survives a round trip unchanged", () => {
    const s = summarize(twoYears(), { year: 2026, today });
    expect(JSON.parse(JSON.stringify(s))).toStrictEqual(s);
  });

  it("refuses a malformed today rather than colouring every task wrongly", () => {
    expect(() => summarize(dataset(), { year: 2026, today: "2026/05/20" })).toThrow(RangeError);
    expect(() => summarize(dataset(), { year: 2026, today: "2026-02-30" })).toThrow(RangeError);
  });
});

describe("restrictScores: the ranking follows the role", () => {
  const full = () => summarize(twoYears(), { year: 2026, today });
  const units = (s: ReturnType<typeof full>) => s.charts.ranking.map((r) => r.unit);

  it("keeps everything for a viewer who sees the whole ranking", () => {
    const all = full();
    expect(restrictScores(all, { kind: "all" })).toEqual(all);
    expect(units(all)).toEqual(["经棚镇", "芝瑞镇", "同兴镇"]);
  });

  it("keeps only the unit's own row, and withholds the figures that describe every unit", () => {
    const all = full();
    const s = restrictScores(all, { kind: "own-unit", unit: "芝瑞镇" });
    expect(units(s)).toEqual(["芝瑞镇"]);
    expect(s.figures.scores).toBeNull();
    // Everything that is not a score is untouched.
    expect({ ...s, figures: { ...s.figures, scores: undefined }, charts: { ...s.charts, ranking: [] } }).toEqual({
      ...all,
      figures: { ...all.figures, scores: undefined },
      charts: { ...all.charts, ranking: [] },
    });
  });

  it("keeps no score at all for a role without scores", () => {
    const all = full();
    const s = restrictScores(all, { kind: "none" });
    expect(s.charts.ranking).toEqual([]);
    expect(s.figures.scores).toBeNull();
    expect(s.figures.tasks).toEqual(all.figures.tasks);
  });
});
