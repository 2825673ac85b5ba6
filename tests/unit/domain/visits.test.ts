import { describe, expect, it } from "vitest";
import { cadresWithoutVisitThisQuarter, visitTotals, visitsByMethod, visitsByMonth, visitsByTier, visitsByUnit } from "@/lib/domain/visits";
import { visit } from "./factories";

describe("visitTotals", () => {
  it("sums suggestions and solved and divides them for the solve rate", () => {
    const totals = visitTotals([
      visit({ date: "2026-03-01", suggestions: 3, solved: 1 }),
      visit({ date: "2026-03-02", suggestions: 1, solved: 1 }),
      visit({ date: "2026-03-03" }), // blank counts as 0
    ]);
    expect(totals).toEqual({ count: 3, suggestions: 4, solved: 2, solveRate: 0.5, unknown: { suggestions: 0, solved: 0 } });
  });

  it("has no solve rate, rather than 0 or NaN, when there were no suggestions", () => {
    expect(visitTotals([visit({ date: "2026-03-01", suggestions: 0, solved: 0 })]).solveRate).toBeNull();
    expect(visitTotals([]).solveRate).toBeNull();
  });

  it("rounds the solve rate to 4 decimals (the article's year: 185 / 337)", () => {
    expect(visitTotals([visit({ date: "2026-03-01", suggestions: 337, solved: 185 })]).solveRate).toBe(0.549);
  });
});

describe("visitsByMonth", () => {
  it("always has 12 months, zero-filled, and only the given year", () => {
    const months = visitsByMonth(
      [
        visit({ date: "2026-01-31", suggestions: 2, solved: 1 }),
        visit({ date: "2026-12-01" }),
        visit({ date: "2026-12-31" }),
        visit({ date: "2025-12-15" }),
        visit({ date: "2027-01-01" }),
      ],
      2026,
    );
    expect(months).toHaveLength(12);
    expect(months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(months.map((m) => m.count)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(months[0]).toEqual({ month: 1, count: 1, suggestions: 2, solved: 1, solveRate: 0.5, unknown: { suggestions: 0, solved: 0 } });
    expect(months[1]).toEqual({ month: 2, count: 0, suggestions: 0, solved: 0, solveRate: null, unknown: { suggestions: 0, solved: 0 } });
  });
});

describe("visits by unit, tier and method", () => {
  const visits = [
    visit({ date: "2026-03-01", unit: "经棚镇", cadre: "王伟", tier: "科级", method: "座谈" }),
    visit({ date: "2026-03-02", unit: "芝瑞镇", cadre: "李娜", tier: "处级", method: "登门走访" }),
    visit({ date: "2026-03-03", unit: "芝瑞镇", cadre: "李娜", tier: "处级", method: "登门走访" }),
    visit({ date: "2026-03-04", unit: "芝瑞镇", cadre: "赵强" }),
  ];

  it("counts by unit, most visits first, with distinct cadres", () => {
    expect(visitsByUnit(visits).map((u) => [u.unit, u.count, u.cadres])).toEqual([
      ["芝瑞镇", 3, 2],
      ["经棚镇", 1, 1],
    ]);
  });

  it("lists every tier in order, zero-filled, and blank tiers apart", () => {
    expect(visitsByTier(visits).map((t) => [t.tier, t.count])).toEqual([
      ["处级", 2],
      ["科级", 1],
      ["站所长", 0],
      ["股级", 0],
      ["嘎查村社区干部", 0],
      [null, 1],
    ]);
  });

  it("lists every method in order, zero-filled, with no blank entry when none is blank", () => {
    expect(visitsByMethod(visits.slice(0, 3)).map((m) => [m.method, m.count])).toEqual([
      ["登门走访", 2],
      ["座谈", 1],
      ["调研指导", 0],
      ["宣讲", 0],
      ["其他", 0],
    ]);
  });
});

describe("cadresWithoutVisitThisQuarter", () => {
  const today = "2026-05-20"; // Q2: 2026-04-01 … 2026-06-30

  it("lists cadres seen this year but not this quarter, with unit and last visit, longest silent first", () => {
    const visits = [
      visit({ date: "2026-02-10", cadre: "王伟", unit: "经棚镇", tier: "科级" }),
      visit({ date: "2026-03-31", cadre: "王伟", unit: "经棚镇", tier: "科级" }),
      visit({ date: "2026-01-05", cadre: "李娜", unit: "芝瑞镇" }),
      visit({ date: "2026-02-01", cadre: "赵强", unit: "芝瑞镇" }),
      visit({ date: "2026-04-01", cadre: "赵强", unit: "芝瑞镇" }), // first day of the quarter
      visit({ date: "2025-11-01", cadre: "孙丽", unit: "同兴镇" }), // last year only: not listed
    ];
    expect(cadresWithoutVisitThisQuarter(visits, today)).toEqual([
      { cadre: "李娜", unit: "芝瑞镇", tier: null, lastVisit: "2026-01-05", visitsThisYear: 1 },
      { cadre: "王伟", unit: "经棚镇", tier: "科级", lastVisit: "2026-03-31", visitsThisYear: 2 },
    ]);
  });

  it("tells apart cadres of the same name in different units", () => {
    const visits = [visit({ date: "2026-02-10", cadre: "王伟", unit: "经棚镇" }), visit({ date: "2026-05-10", cadre: "王伟", unit: "芝瑞镇" })];
    expect(cadresWithoutVisitThisQuarter(visits, today).map((c) => c.unit)).toEqual(["经棚镇"]);
  });

  it("counts a visit on the quarter's last day as this quarter", () => {
    const visits = [visit({ date: "2026-01-10" }), visit({ date: "2026-06-30" })];
    expect(cadresWithoutVisitThisQuarter(visits, "2026-06-30")).toEqual([]);
  });
});
