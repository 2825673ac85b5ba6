import { describe, expect, it } from "vitest";
import { overdueDays } from "@/lib/domain/tasks";
import { task } from "./factories";

describe("overdueDays", () => {
  it("counts whole days past 完成时限 for an open task, from 1 the day after", () => {
    expect(overdueDays(task({ due: "2026-03-31" }), "2026-04-01")).toBe(1);
    expect(overdueDays(task({ due: "2026-03-31" }), "2026-05-01")).toBe(31);
  });

  it("is null when the task is not overdue: due today or later, done or cancelled", () => {
    expect(overdueDays(task({ due: "2026-03-31" }), "2026-03-31")).toBeNull();
    expect(overdueDays(task({ due: "2026-03-31", status: "已完成" }), "2026-04-10")).toBeNull();
    expect(overdueDays(task({ due: "2026-03-31", status: "已取消" }), "2026-04-10")).toBeNull();
  });
});
