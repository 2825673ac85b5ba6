import { describe, expect, it } from "vitest";
import { leagueBaseline, leagueChanges, meetingSnapshotText, unitLeague } from "@/lib/domain/league";
import { parseSnapshotFigures } from "@/lib/domain/screen";
import { accountability, dataset, fullScores, settings, task, unit, visit } from "./factories";

const today = "2026-06-01";

function input() {
  return dataset({
    units: [unit("U1", "经棚镇"), unit("U2", "芝瑞镇")],
    tasks: [
      task({ leadUnit: "经棚镇", due: "2026-03-31", doneOn: "2026-03-20" }),
      task({ leadUnit: "经棚镇", due: "2026-03-31", doneOn: "2026-04-20" }),
      task({ leadUnit: "经棚镇", due: "2026-05-01" }),
      task({ leadUnit: "U2", due: "2026-12-31" }),
    ],
    visits: [
      visit({ date: "2026-02-01", unit: "经棚镇", suggestions: 2, solved: 1 }),
      visit({ date: "2026-03-01", unit: "芝瑞镇", suggestions: 1, solved: 1 }),
    ],
    scores: [...fullScores("经棚镇", 95), ...fullScores("芝瑞镇", 85)],
    accountability: [accountability("经棚镇", "2026-02-01")],
    settings: settings(),
  });
}

describe("unitLeague", () => {
  it("puts every unit side by side: tasks led, 按期完成率 (late completions count against it), overdue, visits, score and records", () => {
    const rows = unitLeague(input(), { year: 2026, today });
    expect(rows.map((r) => r.unit)).toEqual(["经棚镇", "芝瑞镇"]);
    expect(rows[0]).toMatchObject({ tasksLed: 3, onTimePercent: 33.33, overdue: 1, visits: 1, suggestions: 2, solved: 1, grade: "较好", accountability: 1 });
    expect(rows[1]).toMatchObject({ tasksLed: 1, onTimePercent: null, overdue: 0, visits: 1, total: 85, accountability: 0 });
  });

  it("shows the change since the last snapshot that recorded the units", () => {
    const data = input();
    const earlier = { ...data, tasks: data.tasks.slice(0, 2) };
    const snapshots = [{ id: "KZ-20260501-1", date: "2026-05-01", figures: meetingSnapshotText(earlier, "2026-05-01", 2026), _row: 2 }];
    expect(parseSnapshotFigures(snapshots[0]!.figures)?.figures.tasks?.done).toBe(2);
    const base = leagueBaseline(snapshots, today, 2026);
    expect(base?.date).toBe("2026-05-01");
    const changes = leagueChanges(unitLeague(data, { year: 2026, today }), base?.units);
    expect(changes.get("经棚镇")).toEqual({ overdue: 1, onTimePercent: -16.67, visits: 0 });
    expect(leagueChanges(unitLeague(data, { year: 2026, today }), undefined).get("经棚镇")).toEqual({ overdue: null, onTimePercent: null, visits: null });
  });
});
