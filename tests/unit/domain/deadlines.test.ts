import { describe, expect, it } from "vitest";
import { redTasks } from "@/lib/domain/screen";
import {
  approvedExtension,
  completionByLeadUnit,
  countTasks,
  effectiveDue,
  isDoneLate,
  isDoneOnTime,
  isOverdue,
  overdueDays,
  overdueTasks,
  taskLight,
} from "@/lib/domain/tasks";
import { task } from "./factories";

describe("逾期天数", () => {
  it("counts the days past 完成时限 for an open overdue task, from 1 the day after", () => {
    expect(overdueDays(task({ due: "2026-03-31" }), "2026-04-01")).toBe(1);
    expect(overdueDays(task({ due: "2026-03-31" }), "2026-04-10")).toBe(10);
  });

  it("is null when the task is not overdue: due today, ahead, done or cancelled", () => {
    expect(overdueDays(task({ due: "2026-03-31" }), "2026-03-31")).toBeNull();
    expect(overdueDays(task({ due: "2026-03-31", status: "已完成" }), "2026-04-10")).toBeNull();
    expect(overdueDays(task({ due: "2026-03-31", status: "已取消" }), "2026-04-10")).toBeNull();
  });
});

describe("逾期完成 and 按期完成率", () => {
  it("a task finished after 完成时限 is 逾期完成, not on time", () => {
    const late = task({ due: "2026-03-31", status: "已完成", doneOn: "2026-04-03" });
    expect(isDoneLate(late)).toBe(true);
    expect(isDoneOnTime(late)).toBe(false);
    const onTime = task({ due: "2026-03-31", status: "已完成", doneOn: "2026-03-31" });
    expect(isDoneLate(onTime)).toBe(false);
    expect(isDoneOnTime(onTime)).toBe(true);
  });

  it("a late completion counts against 按期完成率 but still counts as done", () => {
    const today = "2026-06-01";
    const onTime = task({ due: "2026-03-31", doneOn: "2026-03-20" });
    const late = task({ due: "2026-03-31", doneOn: "2026-04-20" });
    const both = countTasks([onTime, late], today);
    expect(both.done).toBe(2);
    expect(both.onTime).toBe(1);
    expect(both.doneLate).toBe(1);
    expect(both.onTimePercent).toBe(50);
    expect(countTasks([onTime, { ...late, doneOn: "2026-03-30" }], today).onTimePercent).toBe(100);
  });

  it("is of the tasks due by today, cancelled ones left out; null when nothing is due yet", () => {
    const today = "2026-06-01";
    const tasks = [
      task({ due: "2026-03-31", doneOn: "2026-03-01" }),
      task({ due: "2026-04-30" }),
      task({ due: "2026-04-30", status: "已取消" }),
      task({ due: "2026-12-31" }),
    ];
    const c = countTasks(tasks, today);
    expect(c.dueByToday).toBe(2);
    expect(c.onTimePercent).toBe(50);
    expect(countTasks([task({ due: "2026-12-31" })], today).onTimePercent).toBeNull();
  });

  it("per lead unit follows the same rule", () => {
    const [row] = completionByLeadUnit([task({ due: "2026-03-31", doneOn: "2026-04-02" }), task({ due: "2026-03-31", doneOn: "2026-03-02" })], "2026-06-01");
    expect(row?.done).toBe(2);
    expect(row?.onTimePercent).toBe(50);
  });
});

describe("延期至 with 延期批准", () => {
  const extended = { due: "2026-03-31", extendedTo: "2026-06-30", extensionApprovedBy: "张书记" } as const;

  it("an approved extension is the deadline that counts; 完成时限 stays the original", () => {
    const t = task(extended);
    expect(approvedExtension(t)).toBe("2026-06-30");
    expect(effectiveDue(t)).toBe("2026-06-30");
    expect(t.due).toBe("2026-03-31");
  });

  it("moves overdue and the light: not overdue before the new date, overdue after it", () => {
    const t = task({ ...extended, start: "2026-01-01", progress: 80 });
    expect(isOverdue(t, "2026-04-10")).toBe(false);
    expect(taskLight(t, "2026-04-10")).toBe("green");
    expect(isOverdue(t, "2026-07-02")).toBe(true);
    expect(overdueDays(t, "2026-07-02")).toBe(2);
    expect(taskLight(t, "2026-07-02")).toBe("red");
    expect(overdueTasks([t], "2026-07-02")[0]).toMatchObject({ due: "2026-03-31", extendedTo: "2026-06-30", daysOverdue: 2 });
  });

  it("without 延期批准 (or unreadable) moves nothing", () => {
    const unapproved = task({ due: "2026-03-31", extendedTo: "2026-06-30" });
    expect(effectiveDue(unapproved)).toBe("2026-03-31");
    expect(isOverdue(unapproved, "2026-04-10")).toBe(true);
    const blank = task({ ...extended, extensionApprovedBy: "  " });
    expect(isOverdue(blank, "2026-04-10")).toBe(true);
    const bad = task({ ...extended, _bad: { extendedTo: { column: "延期至", cell: "R2", value: "下月", hint: "" } } as never });
    expect(isOverdue(bad, "2026-04-10")).toBe(true);
  });

  it("a completion after 完成时限 but by the approved 延期至 is on time", () => {
    const t = task({ ...extended, doneOn: "2026-05-15" });
    expect(isDoneLate(t)).toBe(false);
    expect(countTasks([t], "2026-07-10").onTimePercent).toBe(100);
    expect(isDoneLate({ ...t, doneOn: "2026-07-01" })).toBe(true);
  });
});

describe("红灯 list", () => {
  it("lists overdue tasks worst first, then far-behind ones, with 逾期天数, 责任领导 and 责任人", () => {
    const today = "2026-06-01";
    const rows = redTasks(
      [
        task({ id: "A", due: "2026-05-30", leader: "李旗长", owner: "王伟" }),
        task({ id: "B", due: "2026-04-30", leader: "赵书记", owner: "刘洋" }),
        task({ id: "C", start: "2026-01-01", due: "2026-07-01", progress: 5 }),
        task({ id: "D", start: "2026-01-01", due: "2026-12-31", progress: 40 }),
      ],
      today,
    );
    expect(rows.map((r) => r.id)).toEqual(["B", "A", "C"]);
    expect(rows[0]).toMatchObject({ overdueDays: 32, leader: "赵书记", owner: "刘洋" });
    expect(rows[2]?.overdueDays).toBeNull();
  });
});
