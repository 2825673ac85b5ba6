import { describe, expect, it } from "vitest";
import { annualScores, effectiveWeights, methodShares, SCORE_METHOD_KEYS, taskLight, taskLightWithReason, yearsOnOffer } from "@/lib/domain";
import { SCORE_METHODS } from "@/lib/schema/tabs";
import { fullScores, score, settings, task } from "./factories";

/** Jan 1 – Apr 11 (100 days), as in tasks.test.ts: the plan is 1 point a day. */
const span = { start: "2026-01-01", due: "2026-04-11" } as const;

describe("taskLightWithReason: the light and why, from one rule", () => {
  const cases: [string, Parameters<typeof task>[0], string, ReturnType<typeof taskLightWithReason>][] = [
    ["overdue", { ...span, progress: 90 }, "2026-04-12", { light: "red", reason: "overdue" }],
    ["far behind", { ...span, progress: 5 }, "2026-02-10", { light: "red", reason: "farBehind" }],
    ["behind", { ...span, progress: 20 }, "2026-01-31", { light: "yellow", reason: "behind" }],
    ["due soon", { ...span, progress: 99 }, "2026-04-08", { light: "yellow", reason: "dueSoon" }],
    ["fine", { ...span, progress: 30 }, "2026-01-31", { light: "green", reason: "fine" }],
    ["unreadable progress", { ...span, _bad: { progress: { column: "进度", cell: "F9", value: "过半" } } }, "2026-01-31", { light: "unknown", reason: null }],
    ["done", { ...span, progress: 100, status: "已完成", doneOn: "2026-02-01" }, "2026-04-20", undefined],
  ];
  for (const [name, fields, today, expected] of cases) {
    it(`${name}: ${expected ? `${expected.light} because ${expected.reason}` : "no light"}`, () => {
      const t = task(fields);
      expect(taskLightWithReason(t, today)).toEqual(expected);
      // taskLight is the same rule.
      expect(taskLight(t, today)).toBe(expected?.light);
    });
  }
});

describe("methodShares: each method's part of the total", () => {
  const weights = effectiveWeights(settings());

  it("adds up to the annual total the ranking uses", () => {
    const scores = [score("经棚镇", "拉练抽查", 90), score("经棚镇", "日常督查", 80), score("经棚镇", "年末检查", 70), score("经棚镇", "述职评议", 60)];
    const [annual] = annualScores(scores, [], settings(), 2026);
    const shares = methodShares({ 拉练抽查: 90, 日常督查: 80, 年末检查: 70, 述职评议: 60 }, weights);
    const sum = Object.values(shares).reduce<number>((s, v) => s + (v ?? 0), 0);
    expect(sum).toBeCloseTo(annual!.total!, 1);
  });

  it("leaves out a missing method and spreads the total over the others' weights", () => {
    const shares = methodShares({ 拉练抽查: 80, 日常督查: 80, 年末检查: null, 述职评议: 80 }, weights);
    expect(shares.年末检查).toBeNull();
    expect(Object.values(shares).reduce<number>((s, v) => s + (v ?? 0), 0)).toBeCloseTo(80, 1);
  });

  it("has no shares when nothing carries weight", () => {
    const zero = { 拉练抽查: 0, 日常督查: 0, 年末检查: 0, 述职评议: 0 };
    expect(Object.values(methodShares({ 拉练抽查: 80, 日常督查: 80, 年末检查: 80, 述职评议: 80 }, zero)).every((v) => v === null)).toBe(true);
  });

  it("keys every method of the sheet", () => {
    expect(Object.keys(SCORE_METHOD_KEYS).sort()).toEqual(SCORE_METHODS.map((m) => m.label).sort());
    expect(fullScores("x", 1)).toHaveLength(Object.keys(SCORE_METHOD_KEYS).length);
  });
});

describe("yearsOnOffer", () => {
  it("offers the years with figures and the one shown, in order", () => {
    expect(yearsOnOffer([2024, 2026], 2025)).toEqual([2024, 2025, 2026]);
    expect(yearsOnOffer([2024, 2026], 2026)).toEqual([2024, 2026]);
    expect(yearsOnOffer([], 2026)).toEqual([2026]);
    // Sorted as numbers, not as text.
    expect(yearsOnOffer([999, 2026], 2100)).toEqual([999, 2026, 2100]);
  });
});
