import ExcelJS from "exceljs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annualScores } from "@/lib/domain/scores";
import { countTasks } from "@/lib/domain/tasks";
import { visitTotals } from "@/lib/domain/visits";
import { parseWorkbook, type Dataset } from "@/lib/schema/workbook";
import { resetEnvForTests } from "@/lib/env";
import { getStore } from "@/lib/sheets";
import { resolveSeedDates, seedWorkbook, WorkbookExistsError } from "@/seeds/seed";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dutyboard-seed-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function seedAndRead(name: string, year: number, today: string): Promise<Dataset> {
  const file = path.join(dir, name);
  await seedWorkbook({ file, year, today, quiet: true });
  const store = await getStore({ backend: "xlsx", file });
  return parseWorkbook(await store.readAll());
}

describe.each([
  { when: "late in the year", today: "2026-11-20" },
  { when: "early in the year", today: "2026-02-10" },
])("the seeded workbook $when", ({ today }) => {
  const year = 2026;
  let data: Dataset;
  beforeAll(async () => {
    data = await seedAndRead(`seed-${today}.xlsx`, year, today);
  });

  it("reads back with no problems at all, the 用户 tab protected", () => {
    expect(data.problems).toEqual([]);
  });

  it("holds the article's figures: 584 visits, 337 suggestions, 185 solved, every visit dated by today", () => {
    const totals = visitTotals(data.visits.filter((v) => v.date.startsWith(`${year}-`)));
    expect({ count: totals.count, suggestions: totals.suggestions, solved: totals.solved }).toEqual({ count: 584, suggestions: 337, solved: 185 });
    expect(data.visits.filter((v) => v.date > today)).toEqual([]);
    expect(data.visits.filter((v) => (v.solved ?? 0) > (v.suggestions ?? 0))).toEqual([]);
  });

  it("holds 3 special standing-committee, 2 leading-group and 2 office meetings, none after today", () => {
    const count = (kind: string) => data.meetings.filter((m) => m.kind === kind && m.date.startsWith(`${year}-`)).length;
    expect([count("专题常委会"), count("领导小组工作例会"), count("办公室协调推进会")]).toEqual([3, 2, 2]);
    expect(data.meetings.filter((m) => m.date > today)).toEqual([]);
  });

  it("has done, overdue and cancelled tasks", () => {
    const c = countTasks(data.tasks, today);
    expect(c.total).toBeGreaterThanOrEqual(60);
    expect(c.total).toBeLessThanOrEqual(90);
    expect(c.done).toBeGreaterThanOrEqual(1);
    expect(c.overdue).toBeGreaterThanOrEqual(1);
    expect(c.cancelled).toBeGreaterThanOrEqual(1);
    expect(data.tasks.some((t) => t.status === "已延期")).toBe(true);
  });

  it("dates nothing staff entered after today", () => {
    const dates = [
      ...data.tasks.flatMap((t) => (t.doneOn ? [t.doneOn] : [])),
      ...data.scores.flatMap((s) => (s.date ? [s.date] : [])),
      ...data.accountability.map((a) => a.date),
    ];
    expect(dates.filter((d) => d > today)).toEqual([]);
  });

  it("gives every grade under the default weights, an incomplete unit and one capped by accountability", () => {
    // Computed straight from the rows, independently of the domain's scoring.
    const weights = { 拉练抽查: 20, 日常督查: 30, 年末检查: 30, 述职评议: 20 } as const;
    const methods = Object.keys(weights) as (keyof typeof weights)[];
    const units = [...new Set(data.scores.filter((s) => s.year === year).map((s) => s.unit))];
    const graded = units.map((unit) => {
      const rows = data.scores.filter((s) => s.year === year && s.unit === unit);
      const means = methods.map((m) => {
        const list = rows.filter((r) => r.method === m).map((r) => r.score);
        return list.length ? list.reduce((a, b) => a + b, 0) / list.length : undefined;
      });
      const incomplete = means.some((m) => m === undefined);
      const total = methods.reduce((s, m, i) => s + weights[m] * (means[i] ?? 0), 0) / 100;
      const grade = total >= 90 ? "好" : total >= 80 ? "较好" : total >= 70 ? "一般" : "差";
      const accountable = data.accountability.some((a) => a.unit === unit && a.date.startsWith(`${year}-`));
      return { unit, incomplete, total, grade, accountable };
    });
    const complete = graded.filter((g) => !g.incomplete);
    expect(new Set(complete.map((g) => g.grade))).toEqual(new Set(["好", "较好", "一般", "差"]));
    expect(complete.filter((g) => g.grade === "好" && !g.accountable).length).toBeGreaterThanOrEqual(1);
    expect(graded.filter((g) => g.incomplete).length).toBeGreaterThanOrEqual(1);
    expect(complete.filter((g) => g.grade === "好" && g.accountable).map((g) => g.unit)).toContain("经棚镇");

    // And the dashboard's own scoring agrees.
    const annual = annualScores(data.scores, data.accountability, data.settings, year);
    expect(new Set(annual.map((a) => a.grade).filter(Boolean))).toEqual(new Set(["好", "较好", "一般", "差"]));
    expect(annual.find((a) => a.unit === "经棚镇")).toMatchObject({ capped: true, grade: "较好" });
    expect(
      annual
        .filter((a) => a.incomplete)
        .map((a) => a.unit)
        .sort(),
    ).toEqual(["旗民政局", "浩来呼热苏木"].sort());
  });

  it("keeps last year's scores for trends", () => {
    expect(annualScores(data.scores, data.accountability, data.settings, year - 1).filter((a) => !a.incomplete)).toHaveLength(15);
  });
});

describe("seedWorkbook", () => {
  it("puts the task tab's header below its title row and protects the 用户 sheet", async () => {
    const file = path.join(dir, "layout.xlsx");
    await seedWorkbook({ file, year: 2026, today: "2026-06-30", quiet: true });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const tasks = wb.getWorksheet("任务")!;
    expect(tasks.getCell("A1").value).toBe("2026年度党建工作任务分工台账");
    expect(tasks.getCell("A2").value).toBe("任务编号");
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "单位",
      "任务",
      "走访",
      "会议",
      "考核",
      "问责",
      "用户",
      "设置",
      "操作日志",
      "会议快照",
      "提醒记录",
      "干部",
      "责任状",
      "测评",
      "测评票",
      "测评码",
    ]);
    // exceljs reads <sheetProtection> into this field but leaves it out of its types.
    const protection = (ws: ExcelJS.Worksheet) => (ws as unknown as { sheetProtection?: { sheet?: boolean } | null }).sheetProtection;
    expect(protection(wb.getWorksheet("用户")!)?.sheet).toBe(true);
    expect(protection(tasks)?.sheet).toBeFalsy();
  });

  it("refuses to overwrite an existing workbook without force, and replaces it with force", async () => {
    const file = path.join(dir, "existing.xlsx");
    const first = await seedWorkbook({ file, year: 2026, today: "2026-03-01", quiet: true });
    expect(first.target).toBe(file);
    expect(first.usersProtected).toBe(true);
    const before = await stat(file);

    await expect(seedWorkbook({ file, year: 2026, today: "2026-09-01", quiet: true })).rejects.toBeInstanceOf(WorkbookExistsError);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);

    const forced = await seedWorkbook({ file, year: 2026, today: "2026-09-01", force: true, quiet: true });
    expect(forced.today).toBe("2026-09-01");
    expect(forced.tabs.find((t) => t.title === "走访")?.rows).toBe(584);
  });
});

describe("resolveSeedDates", () => {
  const now = new Date("2026-05-03T20:00:00Z"); // already 4 May in Beijing
  const saved = { today: process.env.DUTYBOARD_TODAY, zone: process.env.APP_TIME_ZONE };
  beforeAll(() => {
    delete process.env.DUTYBOARD_TODAY;
    process.env.APP_TIME_ZONE = "Asia/Shanghai";
    resetEnvForTests();
  });
  afterAll(() => {
    if (saved.today === undefined) delete process.env.DUTYBOARD_TODAY;
    else process.env.DUTYBOARD_TODAY = saved.today;
    if (saved.zone === undefined) delete process.env.APP_TIME_ZONE;
    else process.env.APP_TIME_ZONE = saved.zone;
    resetEnvForTests();
  });

  it("defaults to the current date in Beijing and its year", () => {
    expect(resolveSeedDates({}, now)).toEqual({ year: 2026, today: "2026-05-04" });
  });

  it("clamps today into the chosen year", () => {
    expect(resolveSeedDates({ year: 2025 }, now)).toEqual({ year: 2025, today: "2025-12-31" });
    expect(resolveSeedDates({ year: 2027 }, now)).toEqual({ year: 2027, today: "2027-01-01" });
    expect(resolveSeedDates({ today: "2024-07-01" }, now)).toEqual({ year: 2024, today: "2024-07-01" });
  });
});
