import { describe, expect, it } from "vitest";
import { completionByLeadUnit, countTasks, isCancelled, isDone, isOverdue, overdueTasks, plannedProgress, taskLight, tasksByKeyTask } from "@/lib/domain/tasks";
import { task } from "./factories";

// 2026-01-01 → 2026-04-11 is exactly 100 days, so day k of the span plans k%.
const span = { start: "2026-01-01", due: "2026-04-11" } as const;
const day30 = "2026-01-31"; // plans 30%
const day40 = "2026-02-10"; // plans 40%

describe("task state", () => {
  it("is done when 状态 is 已完成 or a 完成日期 is set", () => {
    expect(isDone(task({ due: "2026-06-30", status: "已完成" }))).toBe(true);
    expect(isDone(task({ due: "2026-06-30", status: "进行中", doneOn: "2026-05-01" }))).toBe(true);
    expect(isDone(task({ due: "2026-06-30", status: "进行中" }))).toBe(false);
  });

  it("is cancelled, not done, when 已取消 even with a stale 完成日期", () => {
    const t = task({ due: "2026-06-30", status: "已取消", doneOn: "2026-05-01" });
    expect(isCancelled(t)).toBe(true);
    expect(isDone(t)).toBe(false);
  });

  it("is overdue only when open and due strictly before today", () => {
    expect(isOverdue(task({ due: "2026-03-31" }), "2026-04-01")).toBe(true);
    expect(isOverdue(task({ due: "2026-03-31" }), "2026-03-31")).toBe(false);
    expect(isOverdue(task({ due: "2026-03-31", status: "已完成" }), "2026-04-01")).toBe(false);
    expect(isOverdue(task({ due: "2026-03-31", doneOn: "2026-04-05" }), "2026-04-10")).toBe(false);
    expect(isOverdue(task({ due: "2026-03-31", status: "已取消" }), "2026-04-01")).toBe(false);
    expect(isOverdue(task({ due: "2026-03-31", status: "已延期" }), "2026-04-01")).toBe(true);
  });
});

describe("plannedProgress", () => {
  it("is the elapsed share of [start, due]", () => {
    expect(plannedProgress(task(span), "2026-01-01")).toBe(0);
    expect(plannedProgress(task(span), day30)).toBe(30);
    expect(plannedProgress(task(span), "2026-04-11")).toBe(100);
  });

  it("clamps to 0 before the start and 100 after the due date", () => {
    expect(plannedProgress(task({ start: "2026-03-01", due: "2026-06-30" }), "2026-01-15")).toBe(0);
    expect(plannedProgress(task(span), "2026-12-31")).toBe(100);
  });

  it("starts on 1 January of the due year when 开始日期 is blank", () => {
    expect(plannedProgress(task({ due: "2026-04-11" }), day30)).toBe(30);
    // Even when today is in another year.
    expect(plannedProgress(task({ due: "2027-04-11" }), "2026-12-01")).toBe(0);
  });

  it("handles a start on or after the due date without NaN: nothing planned before due, all from due", () => {
    const backwards = task({ start: "2026-05-01", due: "2026-04-11" });
    expect(plannedProgress(backwards, "2026-04-10")).toBe(0);
    expect(plannedProgress(backwards, "2026-04-11")).toBe(100);
    const sameDay = task({ start: "2026-04-11", due: "2026-04-11" });
    expect(plannedProgress(sameDay, "2026-04-10")).toBe(0);
    expect(plannedProgress(sameDay, "2026-04-11")).toBe(100);
    // Due on 1 January with no start: the default start equals due.
    expect(plannedProgress(task({ due: "2026-01-01" }), "2025-12-20")).toBe(0);
  });
});

describe("taskLight", () => {
  it("is green when fewer than 10 points behind", () => {
    expect(taskLight(task({ ...span, progress: 30 }), day30)).toBe("green");
    expect(taskLight(task({ ...span, progress: 20.01 }), day30)).toBe("green"); // 9.99 behind
  });

  it("is yellow at exactly 10 points behind", () => {
    expect(taskLight(task({ ...span, progress: 20 }), day30)).toBe("yellow");
  });

  it("is yellow at exactly 30 points behind and red just past it", () => {
    expect(taskLight(task({ ...span, progress: 10 }), day40)).toBe("yellow");
    expect(taskLight(task({ ...span, progress: 9.99 }), day40)).toBe("red"); // 30.01 behind
  });

  it("treats a blank 进度 as 0", () => {
    expect(taskLight(task(span), day30)).toBe("yellow"); // 30 behind
    expect(taskLight(task(span), "2026-02-01")).toBe("red"); // 31 behind
  });

  it("is not fooled by binary noise at a boundary", () => {
    // 1000-day span: day 164 plans 16.4%; 16.4 − 6.4 is 9.999999999999998 in floating point.
    const long = task({ start: "2026-01-01", due: "2028-09-27", progress: 6.4 });
    expect(plannedProgress(long, "2026-06-14")).toBe(16.4);
    expect(16.4 - 6.4).toBeLessThan(10);
    expect(taskLight(long, "2026-06-14")).toBe("yellow");
  });

  it("is yellow when due in 7 days and under 100%, even when on plan", () => {
    // 2026-04-04: 7 days left, plans 93%.
    expect(taskLight(task({ ...span, progress: 95 }), "2026-04-04")).toBe("yellow");
  });

  it("is green when due in 8 days and on plan", () => {
    // 2026-04-03: 8 days left, plans 92%.
    expect(taskLight(task({ ...span, progress: 95 }), "2026-04-03")).toBe("green");
  });

  it("is yellow on the due date itself, which is not yet overdue", () => {
    expect(taskLight(task({ ...span, progress: 95 }), "2026-04-11")).toBe("yellow");
  });

  it("is green when due soon but already at 100%", () => {
    expect(taskLight(task({ ...span, progress: 100 }), "2026-04-08")).toBe("green");
  });

  it("is red once overdue, whatever the progress", () => {
    expect(taskLight(task({ ...span, progress: 100 }), "2026-04-12")).toBe("red");
  });

  it("has no light for done or cancelled tasks", () => {
    expect(taskLight(task({ ...span, status: "已完成" }), "2026-05-01")).toBeUndefined();
    expect(taskLight(task({ ...span, doneOn: "2026-04-01" }), "2026-05-01")).toBeUndefined();
    expect(taskLight(task({ ...span, status: "已取消" }), "2026-05-01")).toBeUndefined();
  });
});

describe("task counts", () => {
  const today = "2026-06-01";
  const tasks = [
    task({ keyTask: "A", leadUnit: "甲", due: "2026-12-31", start: "2026-05-01", progress: 50 }), // green
    task({ keyTask: "A", leadUnit: "甲", due: "2026-03-31" }), // overdue, red
    task({ keyTask: "B", leadUnit: "乙", due: "2026-03-31", status: "已完成" }),
    task({ keyTask: "A", leadUnit: "乙", due: "2026-03-31", doneOn: "2026-03-30" }),
    task({ keyTask: "B", leadUnit: "丙", due: "2026-12-31", status: "已取消" }),
  ];

  it("partitions tasks into done, open, overdue and cancelled, with lights for open ones", () => {
    expect(countTasks(tasks, today)).toEqual({
      total: 5,
      done: 2,
      cancelled: 1,
      open: 1,
      overdue: 1,
      red: 1,
      yellow: 0,
      green: 1,
      unknown: 0,
      donePercent: 50,
      // Due by today: the overdue one and the two done ones; only one of those has a 完成日期 by its deadline.
      dueByToday: 3,
      onTime: 1,
      doneLate: 0,
      onTimePercent: 33.33,
    });
  });

  it("breaks status down per key task in sheet order", () => {
    const rows = tasksByKeyTask(tasks, today);
    expect(rows.map((r) => r.keyTask)).toEqual(["A", "B"]);
    expect(rows[0]).toMatchObject({ keyTask: "A", total: 3, done: 1, open: 1, overdue: 1, cancelled: 0 });
    expect(rows[1]).toMatchObject({ keyTask: "B", total: 2, done: 1, cancelled: 1, donePercent: 100 });
  });

  it("reports completion by lead unit of the tasks due by today, with the on-time rate beside it", () => {
    // 甲's task due 12-31 is not yet due: only its overdue task counts. 乙's 已完成 without a date is done, not shown on time.
    expect(completionByLeadUnit(tasks, today)).toEqual([
      { unit: "乙", total: 2, dueByToday: 2, cancelled: 0, done: 2, donePercent: 100, onTime: 1, onTimePercent: 50, unknown: 0 },
      { unit: "甲", total: 2, dueByToday: 1, cancelled: 0, done: 0, donePercent: 0, onTime: 0, onTimePercent: 0, unknown: 0 },
      { unit: "丙", total: 1, dueByToday: 0, cancelled: 1, done: 0, donePercent: null, onTime: 0, onTimePercent: null, unknown: 0 },
    ]);
  });

  it("does not put a unit whose only task is due next week at 0 %", () => {
    const rows = completionByLeadUnit([task({ leadUnit: "丁", due: "2026-06-08", progress: 80 })], today);
    expect(rows).toEqual([{ unit: "丁", total: 1, dueByToday: 0, cancelled: 0, done: 0, donePercent: null, onTime: 0, onTimePercent: null, unknown: 0 }]);
  });

  it("lists overdue tasks, longest overdue first", () => {
    const list = overdueTasks([task({ id: "x", due: "2026-05-20" }), task({ id: "y", due: "2026-05-01" })], today);
    expect(list.map((t) => [t.id, t.daysOverdue])).toEqual([
      ["y", 31],
      ["x", 12],
    ]);
  });
});
