import { describe, expect, it } from "vitest";
import { annualScores, countTasks, summarize, taskLight, visitTotals } from "@/lib/domain";
import type { BadCell } from "@/lib/schema/columns";
import type { Score, Task, Visit } from "@/lib/schema/tabs";
import { dataset, fullScores, score, settings, task, visit } from "./factories";

const today = "2026-06-01";
const bad = (column: string, value: string): BadCell => ({ column, cell: "X9", value });

/** A task whose `key` cell could not be read: the parser leaves the field out and lists it in _bad. */
function badTask(key: "progress" | "status" | "due" | "doneOn", fields: Partial<Task> & Pick<Task, "due">): Task {
  const t: Task = { ...task(fields), _bad: { [key]: bad(key, "过半") } };
  delete (t as Partial<Task>)[key];
  return t;
}

describe("a task with an unreadable cell", () => {
  const span = { start: "2026-01-01", due: "2026-12-31" };

  it("is 待核实 when its 进度 cannot be read and it is not overdue", () => {
    expect(taskLight(badTask("progress", span), today)).toBe("unknown");
  });

  it("is overdue (red) when its 完成时限 has passed and no readable 状态 or 完成日期 shows it done", () => {
    expect(taskLight(badTask("progress", { due: "2026-05-01" }), today)).toBe("red");
    expect(taskLight(badTask("status", { due: "2026-05-01" }), today)).toBe("red");
    expect(taskLight(badTask("status", { due: "2026-05-01", doneOn: "2026-04-30" }), today)).toBeUndefined();
  });

  it("is 待核实 and still counted when its 完成时限 cannot be read", () => {
    const t = badTask("due", { due: "2026-12-31", progress: 0 });
    expect(taskLight(t, today)).toBe("unknown");
    const counts = countTasks([t, task({ ...span, progress: 50 })], today);
    expect(counts).toMatchObject({ total: 2, unknown: 1, red: 0, overdue: 0 });
  });

  it("stays in the year's total and is said so, whatever year is shown", () => {
    const tasks = [task({ due: "2026-03-31", status: "已完成" }), badTask("progress", span), badTask("due", { due: "2026-12-31" })];
    const s = summarize(dataset({ tasks }), { year: 2026, today });
    expect(s.figures.tasks.total).toBe(3);
    expect(s.figures.tasks.donePercent).toBeCloseTo(33.33, 2);
    expect(s.unknown["tasks.light"]).toBe(2);
    expect(s.unknown.noYear).toBe(1);
    expect(s.unknownRows.total).toBe(2);
    expect(summarize(dataset({ tasks }), { year: 2025, today }).figures.tasks.total).toBe(1);
  });
});

describe("a visit with an unreadable count", () => {
  it("counts as a visit, leaves the cell out of the sum, and the solve rate only uses readable pairs", () => {
    const unreadable: Visit = { ...visit({ date: "2026-03-01", solved: 5 }), _bad: { suggestions: bad("意见建议数", "若干") } };
    const totals = visitTotals([visit({ date: "2026-03-01", suggestions: 4, solved: 2 }), unreadable]);
    expect(totals).toEqual({ count: 2, suggestions: 4, solved: 7, solveRate: 0.5, unknown: { suggestions: 1, solved: 0 } });
  });

  it("whose 日期 cannot be read is in no year, and every year's summary says how many", () => {
    const undated: Visit = { ...visit({ date: "2026-03-01", suggestions: 3 }), _bad: { date: bad("日期", "三月") } };
    delete (undated as Partial<Visit>).date;
    const visits = [visit({ date: "2026-03-01", suggestions: 1 }), undated];
    for (const year of [2025, 2026]) {
      const s = summarize(dataset({ visits }), { year, today });
      expect(s.unknown.noYear).toBe(1);
      expect(s.figures.visits.count).toBe(year === 2026 ? 1 : 0);
    }
    expect(summarize(dataset({ visits }), { today }).years).toEqual([2026]);
  });
});

describe("a score with an unreadable 得分", () => {
  it("is left out of the unit's mean and marks the unit incomplete", () => {
    const unreadable: Score = { ...score("甲", "日常督查", 0), _bad: { score: bad("得分", "优") } };
    delete (unreadable as Partial<Score>).score;
    const [row] = annualScores([...fullScores("甲", 90), unreadable], [], settings(), 2026);
    expect(row).toMatchObject({ unit: "甲", incomplete: true, unreadable: 1, grade: null });
    expect(row?.means["日常督查"]).toBe(90);
  });
});
