import { describe, expect, it } from "vitest";
import { quarterRange } from "@/lib/domain/dates";
import { meetingsByKind } from "@/lib/domain/meetings";
import { defaultYear, yearsPresent } from "@/lib/domain/years";
import { accountability, dataset, meeting, score, settings, task, visit } from "./factories";

describe("meetingsByKind", () => {
  it("has all four kinds in the sheet's order, zero when none were held", () => {
    const counts = meetingsByKind([meeting({ date: "2026-04-01", kind: "专题常委会" })], 2026);
    expect(counts).toEqual({ 专题常委会: 1, 领导小组工作例会: 0, 办公室协调推进会: 0, 其他: 0 });
    expect(Object.keys(counts)).toEqual(["专题常委会", "领导小组工作例会", "办公室协调推进会", "其他"]);
  });

  it("counts only meetings dated in the year", () => {
    const meetings = [
      meeting({ date: "2025-12-31", kind: "其他" }),
      meeting({ date: "2026-01-01", kind: "其他" }),
      meeting({ date: "2026-12-31", kind: "其他" }),
      meeting({ date: "2027-01-01", kind: "其他" }),
    ];
    expect(meetingsByKind(meetings, 2026).其他).toBe(2);
  });
});

describe("years", () => {
  const data = dataset({
    tasks: [task({ due: "2024-06-30" })],
    visits: [visit({ date: "2026-02-01" })],
    meetings: [meeting({ date: "2025-03-01", kind: "其他" })],
    scores: [score("经棚镇", "年末检查", 90, 2023)],
    accountability: [accountability("经棚镇", "2026-05-01")],
  });

  it("lists every year any row belongs to, ascending and once each", () => {
    expect(yearsPresent(data)).toEqual([2023, 2024, 2025, 2026]);
  });

  it("defaults to the 设置 year when set", () => {
    expect(defaultYear(data, settings({ year: 2024 }), "2027-01-15")).toBe(2024);
  });

  it("otherwise defaults to the latest year in the data, not today's", () => {
    expect(defaultYear(data, settings(), "2027-01-15")).toBe(2026);
    expect(defaultYear(dataset({ scores: [score("经棚镇", "年末检查", 90, 2028)] }), settings(), "2026-01-15")).toBe(2028);
  });

  it("falls back to today's year when there is no data", () => {
    expect(defaultYear(dataset(), settings(), "2027-01-15")).toBe(2027);
  });
});

describe("quarterRange", () => {
  it("spans the quarter's first to last day", () => {
    expect(quarterRange("2026-01-01")).toEqual({ start: "2026-01-01", end: "2026-03-31" });
    expect(quarterRange("2026-05-20")).toEqual({ start: "2026-04-01", end: "2026-06-30" });
    expect(quarterRange("2026-09-30")).toEqual({ start: "2026-07-01", end: "2026-09-30" });
    expect(quarterRange("2026-12-31")).toEqual({ start: "2026-10-01", end: "2026-12-31" });
  });
});
