import { describe, expect, it } from "vitest";
import { annualScores, effectiveWeights, gradeFor, gradeSpread } from "@/lib/domain/scores";
import { accountability, fullScores, score, settings } from "./factories";

/** 拉练抽查 80, 日常督查 90, 年末检查 100, 述职评议 70: 87 with the default 20/30/30/20. */
function mixedScores(unit: string, year = 2026) {
  return [score(unit, "拉练抽查", 80, year), score(unit, "日常督查", 90, year), score(unit, "年末检查", 100, year), score(unit, "述职评议", 70, year)];
}

describe("annualScores: totals", () => {
  it("weights the mean of each method by the default weights", () => {
    const [s] = annualScores(mixedScores("经棚镇"), [], settings(), 2026);
    expect(s).toMatchObject({ unit: "经棚镇", total: 87, incomplete: false, missing: [], grade: "较好", rank: 1 });
    expect(s?.means).toEqual({ 拉练抽查: 80, 日常督查: 90, 年末检查: 100, 述职评议: 70 });
  });

  it("averages several scores of the same method before weighting", () => {
    const rows = [...mixedScores("经棚镇"), score("经棚镇", "拉练抽查", 90)]; // 拉练抽查 mean 85
    const [s] = annualScores(rows, [], settings(), 2026);
    expect(s?.means.拉练抽查).toBe(85);
    expect(s?.counts.拉练抽查).toBe(2);
    expect(s?.total).toBe(88); // (85·20 + 90·30 + 100·30 + 70·20) / 100
  });

  it("uses the weights from settings", () => {
    const weights = { 拉练抽查: 40, 日常督查: 20, 年末检查: 20, 述职评议: 20 };
    const [s] = annualScores(mixedScores("经棚镇"), [], settings({ weights }), 2026);
    expect(s?.total).toBe(84); // (80·40 + 90·20 + 100·20 + 70·20) / 100
  });

  it("normalises weights that do not sum to 100", () => {
    const weights = { 拉练抽查: 1, 日常督查: 1, 年末检查: 1, 述职评议: 1 };
    const [s] = annualScores(mixedScores("经棚镇"), [], settings({ weights }), 2026);
    expect(s?.total).toBe(85);
  });

  it("falls back to equal weights when every weight is 0, instead of dividing by zero", () => {
    const weights = { 拉练抽查: 0, 日常督查: 0, 年末检查: 0, 述职评议: 0 };
    expect(effectiveWeights(settings({ weights }))).toEqual({ 拉练抽查: 1, 日常督查: 1, 年末检查: 1, 述职评议: 1 });
    const [s] = annualScores(mixedScores("经棚镇"), [], settings({ weights }), 2026);
    expect(s?.total).toBe(85);
  });

  it("does not require a method weighted 0", () => {
    const weights = { 拉练抽查: 50, 日常督查: 50, 年末检查: 0, 述职评议: 0 };
    const rows = [score("经棚镇", "拉练抽查", 80), score("经棚镇", "日常督查", 90)];
    const [s] = annualScores(rows, [], settings({ weights }), 2026);
    expect(s).toMatchObject({ incomplete: false, missing: [], total: 85, grade: "较好" });
  });

  it("gives no total, rather than NaN, to a unit whose only methods weigh 0", () => {
    const weights = { 拉练抽查: 0, 日常督查: 50, 年末检查: 50, 述职评议: 0 };
    const [s] = annualScores([score("经棚镇", "拉练抽查", 80)], [], settings({ weights }), 2026);
    expect(s).toMatchObject({ total: null, exactTotal: null, incomplete: true, grade: null, missing: ["日常督查", "年末检查"] });
  });

  it("only counts scores of the requested year", () => {
    const rows = [...fullScores("经棚镇", 90, 2026), ...fullScores("经棚镇", 60, 2025), ...fullScores("芝瑞镇", 70, 2025)];
    const result = annualScores(rows, [], settings(), 2026);
    expect(result.map((s) => [s.unit, s.total])).toEqual([["经棚镇", 90]]);
  });
});

describe("annualScores: incomplete units", () => {
  const rows = [...mixedScores("经棚镇").filter((s) => s.method !== "述职评议"), ...fullScores("芝瑞镇", 75)];
  const result = annualScores(rows, [], settings(), 2026);
  const incomplete = result.find((s) => s.unit === "经棚镇");

  it("marks a unit missing a method as incomplete and lists what is missing", () => {
    expect(incomplete).toMatchObject({ incomplete: true, missing: ["述职评议"] });
  });

  it("scores an incomplete unit over the methods it has, never counting the missing one as 0", () => {
    expect(incomplete?.total).toBe(91.25); // (80·20 + 90·30 + 100·30) / 80
  });

  it("gives an incomplete unit no grade", () => {
    expect(incomplete?.grade).toBeNull();
  });

  it("ranks an incomplete unit after complete ones, even with a higher total", () => {
    expect(result.map((s) => [s.unit, s.rank])).toEqual([
      ["芝瑞镇", 1],
      ["经棚镇", 2],
    ]);
  });
});

describe("annualScores: grades", () => {
  it("grades by the default cut-offs, each inclusive", () => {
    const s = settings();
    expect(gradeFor(90, s)).toBe("好");
    expect(gradeFor(89.99, s)).toBe("较好");
    expect(gradeFor(80, s)).toBe("较好");
    expect(gradeFor(70, s)).toBe("一般");
    expect(gradeFor(69.99, s)).toBe("差");
  });

  it("grades by the cut-offs from settings", () => {
    const grades = { 好: 85, 较好: 75, 一般: 60 };
    const result = annualScores([...mixedScores("经棚镇"), ...fullScores("芝瑞镇", 60)], [], settings({ grades }), 2026);
    expect(result.map((s) => [s.unit, s.grade])).toEqual([
      ["经棚镇", "好"], // 87
      ["芝瑞镇", "一般"],
    ]);
  });

  it("compares the exact total, not the rounded one", () => {
    const [s] = annualScores(fullScores("经棚镇", 89.996), [], settings(), 2026);
    expect(s?.total).toBe(90);
    expect(s?.grade).toBe("较好");
  });
});

describe("annualScores: accountability cap", () => {
  it("caps a 95 at 较好 when the unit was held accountable that year", () => {
    const w = accountability("经棚镇", "2026-03-15", { id: "W-1" });
    const [s] = annualScores(fullScores("经棚镇", 95), [w], settings(), 2026);
    expect(s).toMatchObject({ total: 95, grade: "较好", capped: true, accountabilityIds: ["W-1"] });
  });

  it("does not cap for an accountability record of the previous year", () => {
    const w = accountability("经棚镇", "2025-12-31");
    const [s] = annualScores(fullScores("经棚镇", 95), [w], settings(), 2026);
    expect(s).toMatchObject({ grade: "好", capped: false, accountabilityIds: [] });
  });

  it("does not cap for another unit's accountability record", () => {
    const [s] = annualScores(fullScores("经棚镇", 95), [accountability("芝瑞镇", "2026-03-15")], settings(), 2026);
    expect(s).toMatchObject({ grade: "好", capped: false });
  });

  it("lists the records but does not flag a cap when the grade was below 好 anyway", () => {
    const w = accountability("经棚镇", "2026-03-15", { id: "W-2" });
    const [s] = annualScores(fullScores("经棚镇", 82), [w], settings(), 2026);
    expect(s).toMatchObject({ grade: "较好", capped: false, accountabilityIds: ["W-2"] });
  });

  it("still ranks a capped unit by its total", () => {
    const w = accountability("经棚镇", "2026-03-15");
    const result = annualScores([...fullScores("经棚镇", 95), ...fullScores("芝瑞镇", 91)], [w], settings(), 2026);
    expect(result.map((s) => [s.unit, s.rank, s.grade])).toEqual([
      ["经棚镇", 1, "较好"],
      ["芝瑞镇", 2, "好"],
    ]);
  });
});

describe("annualScores: ranking", () => {
  it("shares a rank between equal totals and skips the next (1, 2, 2, 4)", () => {
    const rows = [...fullScores("甲", 80), ...fullScores("乙", 85), ...fullScores("丙", 90), ...fullScores("丁", 85)];
    const result = annualScores(rows, [], settings(), 2026);
    expect(result.map((s) => [s.unit, s.rank])).toEqual([
      ["丙", 1],
      ["乙", 2],
      ["丁", 2],
      ["甲", 4],
    ]);
  });

  it("separates totals that round to the same display value", () => {
    const result = annualScores([...fullScores("甲", 85.001), ...fullScores("乙", 85.004)], [], settings(), 2026);
    expect(result.map((s) => [s.unit, s.total, s.rank])).toEqual([
      ["乙", 85, 1],
      ["甲", 85, 2],
    ]);
  });

  it("shares ranks among tied incomplete units too, numbering on after the complete ones", () => {
    const rows = [...fullScores("甲", 70), score("乙", "拉练抽查", 60), score("丙", "拉练抽查", 60)];
    expect(annualScores(rows, [], settings(), 2026).map((s) => [s.unit, s.rank])).toEqual([
      ["甲", 1],
      ["乙", 2],
      ["丙", 2],
    ]);
  });
});

describe("gradeSpread", () => {
  it("counts complete units per grade, incomplete ones apart, and averages complete totals", () => {
    const rows = [...fullScores("甲", 95), ...fullScores("乙", 85), ...fullScores("丙", 60), ...fullScores("丁", 92), score("戊", "年末检查", 99)];
    const w = accountability("丁", "2026-06-01");
    const spread = gradeSpread(annualScores(rows, [w], settings(), 2026));
    expect(spread).toEqual({
      grades: { 好: 1, 较好: 2, 一般: 0, 差: 1 },
      incomplete: 1,
      capped: 1,
      units: 5,
      average: 83, // (95 + 85 + 60 + 92) / 4
    });
  });

  it("has no average when no unit is complete", () => {
    expect(gradeSpread(annualScores([score("戊", "年末检查", 99)], [], settings(), 2026)).average).toBeNull();
  });
});
