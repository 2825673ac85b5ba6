import { describe, expect, it } from "vitest";
import { openRectifications } from "@/lib/domain/rectification";
import { daysSinceUpdate, isDueWithin, isStale } from "@/lib/domain/unit-todo";
import { score, task } from "./factories";

const today = "2026-11-20";

describe("本单位 to-dos", () => {
  it("due within 14 days: open, not overdue, today up to 14 days ahead, following an approved 延期至", () => {
    expect(isDueWithin(task({ due: "2026-11-20" }), today)).toBe(true);
    expect(isDueWithin(task({ due: "2026-12-04" }), today)).toBe(true);
    expect(isDueWithin(task({ due: "2026-12-05" }), today)).toBe(false);
    expect(isDueWithin(task({ due: "2026-11-19" }), today)).toBe(false);
    expect(isDueWithin(task({ due: "2026-11-25", status: "已完成" }), today)).toBe(false);
    expect(isDueWithin(task({ due: "2026-11-25", extendedTo: "2026-12-31", extensionApprovedBy: "张书记" }), today)).toBe(false);
  });

  it("not updated for 30 days, by the date of 更新时间; never updated counts, done tasks do not", () => {
    expect(daysSinceUpdate(task({ due: "2026-12-31", updatedAt: "2026-10-21T09:30:00" }), today)).toBe(30);
    expect(isStale(task({ due: "2026-12-31", updatedAt: "2026-10-21T09:30:00" }), today)).toBe(true);
    expect(isStale(task({ due: "2026-12-31", updatedAt: "2026-10-22T09:30:00" }), today)).toBe(false);
    expect(isStale(task({ due: "2026-12-31" }), today)).toBe(true);
    expect(isStale(task({ due: "2026-12-31", status: "已完成" }), today)).toBe(false);
  });
});

describe("openRectifications", () => {
  it("keeps rows with deductions not yet 已整改, most days past 整改时限 first, undated last", () => {
    const rows = openRectifications(
      [
        { ...score("经棚镇", "拉练抽查", 80), id: "A", deductions: "台账不全", fixDue: "2026-11-01", fixStatus: "整改中" },
        { ...score("经棚镇", "日常督查", 85), id: "B", deductions: "会议记录缺失", fixDue: "2026-10-01" },
        { ...score("经棚镇", "年末检查", 90), id: "C", deductions: "学习不足", fixStatus: "未整改" },
        { ...score("经棚镇", "述职评议", 95), id: "D", deductions: "已改", fixDue: "2026-09-01", fixStatus: "已整改" },
        { ...score("经棚镇", "述职评议", 99), id: "E" },
        { ...score("经棚镇", "拉练抽查", 88), id: "F", deductions: "未到期", fixDue: "2026-12-01" },
      ],
      today,
    );
    expect(rows.map((r) => [r.id, r.daysOverdue])).toEqual([
      ["B", 50],
      ["A", 19],
      ["F", null],
      ["C", null],
    ]);
  });
});
