import { describe, expect, it } from "vitest";
import { snapshotTrend } from "@/lib/domain/snapshot-trend";

const snap = (date: string, tasks: Record<string, number>, row = 2, year = 2026) => ({
  date,
  _row: row,
  figures: JSON.stringify({ year, figures: { tasks } }),
});

describe("snapshotTrend", () => {
  it("gives one point per month of the year, the month's latest snapshot, in month order", () => {
    const points = snapshotTrend(
      [
        snap("2026-03-01", { overdue: 2, donePercent: 20 }),
        snap("2026-02-01", { overdue: 1, donePercent: 10 }),
        snap("2026-03-15", { overdue: 4, donePercent: 25, onTimePercent: 80 }),
        snap("2025-12-01", { overdue: 9 }, 2, 2025),
      ],
      2026,
    );
    expect(points.map((p) => [p.month, p.overdue, p.donePercent, p.onTimePercent])).toEqual([
      [2, 1, 10, null],
      [3, 4, 25, 80],
    ]);
  });

  it("uses today's figures for today's month, after the snapshots", () => {
    const points = snapshotTrend([snap("2026-10-01", { overdue: 3 }), snap("2026-11-01", { overdue: 5 })], 2026, {
      today: "2026-11-20",
      figures: { tasks: { overdue: 7, donePercent: 50 } },
    });
    expect(points.map((p) => [p.month, p.overdue, p.live])).toEqual([
      [10, 3, false],
      [11, 7, true],
    ]);
  });

  it("skips a snapshot whose 指标 cannot be read", () => {
    expect(snapshotTrend([{ date: "2026-05-01", _row: 3, figures: "不是JSON" }], 2026)).toEqual([]);
  });
});
