import { describe, expect, it } from "vitest";
import { daysBetween } from "@/lib/domain/dates";
import { openRectifications } from "@/lib/domain/rectification";
import { countyDigest, MESSAGE_LIMIT_BYTES, renderDigest, renderUnitReminder, unitReminders, type Dialect } from "@/lib/domain/reminders";
import { RatePacer } from "@/lib/reminders/send";
import type { Score } from "@/lib/schema/tabs";
import { score, settings, task, unit } from "./factories";

const TODAY = "2026-11-20";
const url = (id: string) => `https://db.example/tasks/${id}`;
const later = (days: number) => {
  const d = new Date(Date.UTC(2026, 10, 20 + days));
  return d.toISOString().slice(0, 10);
};

describe("unitReminders", () => {
  it("lists a lead unit's tasks due exactly daysBefore days ahead, every overdue one with its days, and open tasks idle staleDays", () => {
    const s = settings();
    const tasks = [
      task({ id: "D7", leadUnit: "经棚镇", due: later(7), updatedAt: `${TODAY}T08:00:00` }),
      task({ id: "D5", leadUnit: "经棚镇", due: later(5), updatedAt: `${TODAY}T08:00:00` }),
      task({ id: "D1", leadUnit: "经棚镇", due: later(1), updatedAt: `${TODAY}T08:00:00` }),
      task({ id: "O3", leadUnit: "经棚镇", due: later(-3), updatedAt: `${later(-60)}T08:00:00` }),
      task({ id: "S", leadUnit: "芝瑞镇", due: later(90), updatedAt: `${later(-s.remindStaleDays)}T08:00:00` }),
      task({ id: "F", leadUnit: "芝瑞镇", due: later(90), updatedAt: `${later(-s.remindStaleDays + 1)}T08:00:00` }),
      task({ id: "done", leadUnit: "宇宙地镇", due: later(-3), status: "已完成" }),
      task({ id: "cancelled", leadUnit: "宇宙地镇", due: later(1), status: "已取消" }),
    ];
    const out = unitReminders(tasks, s, TODAY);
    expect(out.map((r) => r.unit)).toEqual(["经棚镇", "芝瑞镇"]);
    const [jp, zr] = out;
    expect(jp!.dueSoon.map((l) => [l.taskId, l.days])).toEqual([
      ["D1", 1],
      ["D7", 7],
    ]);
    expect(jp!.overdue.map((l) => [l.taskId, l.days])).toEqual([["O3", 3]]);
    expect(jp!.stale).toEqual([]); // overdue is said once, as overdue
    expect(zr!.stale.map((l) => [l.taskId, l.days])).toEqual([["S", s.remindStaleDays]]);
  });

  it("follows remind.daysBefore from 设置", () => {
    const tasks = [task({ id: "D5", leadUnit: "经棚镇", due: later(5), updatedAt: `${TODAY}T08:00:00` })];
    expect(unitReminders(tasks, settings(), TODAY)).toEqual([]);
    expect(unitReminders(tasks, settings({ remindDaysBefore: [5] }), TODAY)[0]!.dueSoon.map((l) => l.taskId)).toEqual(["D5"]);
  });
});

describe("openRectifications and the county digest", () => {
  const fix = (unitName: string, fields: Partial<Score>): Score => ({ ...score(unitName, "日常督查", 80), deductions: "台账不全", ...fields });

  it("keeps rows with deductions not yet 已整改, overdue first", () => {
    const rows = [
      fix("A", { fixDue: later(5) }),
      fix("B", { fixDue: later(-2) }),
      fix("C", { fixDue: later(-9) }),
      fix("D", { fixStatus: "已整改", fixDue: later(-9) }),
      fix("E", { deductions: "" }),
      fix("F", {}),
    ];
    expect(openRectifications(rows, TODAY).map((r) => [r.unit, r.daysOverdue !== null])).toEqual([
      ["C", true],
      ["B", true],
      ["A", false],
      ["F", false],
    ]);
  });

  it("gives overdue tasks by unit, units with nothing updated this month, and overdue 整改", () => {
    const tasks = [
      task({ id: "O1", leadUnit: "经棚镇", due: later(-1), updatedAt: `${TODAY}T08:00:00` }),
      task({ id: "O2", leadUnit: "芝瑞镇", due: later(-4), updatedAt: "2026-10-02T08:00:00" }),
      task({ id: "O3", leadUnit: "芝瑞镇", due: later(-2), updatedAt: "2026-10-02T08:00:00" }),
    ];
    const d = countyDigest(tasks, [unit("U1", "经棚镇"), unit("U2", "芝瑞镇")], [fix("芝瑞镇", { fixDue: later(-3) })], TODAY)!;
    expect(d.overdueByUnit.map((u) => [u.unit, u.lines.map((l) => l.taskId)])).toEqual([
      ["芝瑞镇", ["O2", "O3"]],
      ["经棚镇", ["O1"]],
    ]);
    expect(d.silentUnits).toEqual(["芝瑞镇"]);
    expect(d.rectifications.map((r) => [r.unit, r.daysOverdue])).toEqual([["芝瑞镇", 3]]);
    expect(countyDigest([], [], [], TODAY)).toBeUndefined();
  });
});

describe("messages", () => {
  const many = Array.from({ length: 300 }, (_, i) => ({
    taskId: `RW-2026-${String(i).padStart(3, "0")}`,
    title: "推进基层党组织标准化规范化建设工作落实情况",
    due: later(-i - 1),
    days: i + 1,
  }));

  it("split within each platform's limit, every task in exactly one part, with absolute links", () => {
    for (const dialect of ["wecom", "dingtalk", "feishu"] as Dialect[]) {
      const m = renderUnitReminder({ unit: "经棚镇", overdue: many, dueSoon: [], stale: [] }, dialect, url, TODAY);
      expect(m.parts.length, dialect).toBeGreaterThan(1);
      for (const part of m.parts) expect(Buffer.byteLength(part), dialect).toBeLessThanOrEqual(MESSAGE_LIMIT_BYTES[dialect]);
      const linked = m.parts.flatMap((p) => [...p.matchAll(/\]\(https:\/\/db\.example\/tasks\/([^)]+)\)/gu)].map((x) => x[1]));
      expect(linked).toEqual(many.map((l) => l.taskId));
      expect(m.parts[1]).toContain(`（2/${m.parts.length}）`);
    }
  });

  it("are written in each dialect: WeCom font colour, DingTalk headings, Feishu lark_md, plain mail", () => {
    const r = { unit: "经棚镇", overdue: many.slice(0, 1), dueSoon: [], stale: [] };
    expect(renderUnitReminder(r, "wecom", url, TODAY).parts[0]).toContain('<font color="warning">逾期 1 天</font>');
    expect(renderUnitReminder(r, "dingtalk", url, TODAY).parts[0]).toMatch(/^### 经棚镇：党建任务提醒/u);
    expect(renderUnitReminder(r, "feishu", url, TODAY).parts[0]).toContain("[RW-2026-000 ");
    const mail = renderUnitReminder(r, "email", url, TODAY);
    expect(mail.parts).toHaveLength(1);
    expect(mail.parts[0]).toContain("https://db.example/tasks/RW-2026-000 ");
    expect(
      renderDigest({ overdueByUnit: [{ unit: "经棚镇", lines: many.slice(0, 2) }], silentUnits: [], rectifications: [] }, "wecom", url, TODAY).parts[0],
    ).toContain("逾期任务共 2 项");
    expect(daysBetween(TODAY, later(3))).toBe(3);
  });
});

describe("RatePacer", () => {
  it("lets 20 messages a minute through and holds the 21st until the first is a minute old", () => {
    let now = 0;
    const pacer = new RatePacer(20, 60_000, () => now);
    for (let i = 0; i < 20; i++) {
      expect(pacer.delay()).toBe(0);
      void pacer.take();
      now += 1_000;
    }
    expect(pacer.delay()).toBe(60_000 - 20_000);
    now = 60_000;
    expect(pacer.delay()).toBe(0);
  });
});
