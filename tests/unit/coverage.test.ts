import { describe, expect, it } from "vitest";
import { cadreCoverage, coverageByUnit, periodRange, requiredVisits, uncoveredCadres, visitCoverage } from "@/lib/domain/coverage";
import { matchVisitsToRoster } from "@/lib/schema/roster";
import { meetingFollowThrough, meetingsHeldVsRequired } from "@/lib/domain/meetings";
import { openRectifications } from "@/lib/domain/rectification";
import { summarize } from "@/lib/domain/summary";
import { DEFAULT_SETTINGS, readSettings, settingValueError } from "@/lib/schema/settings";
import type { Cadre, Score } from "@/lib/schema/tabs";
import { parseWorkbook } from "@/lib/schema/workbook";
import { dataset, meeting, settings, task, visit } from "./domain/factories";
import { headerOnlyTabs, tab, workbook } from "./schema/fixtures";

let n = 0;
function cadre(fields: Partial<Cadre> & Pick<Cadre, "name">): Cadre {
  return { id: `GB-${++n}`, tier: "科级", unit: "经棚镇", _row: 2, ...fields };
}

const perQuarter = { ...DEFAULT_SETTINGS.visitsPerQuarter, 科级: 2 };
const today = "2026-11-20";

describe("the cadre roster and visit coverage", () => {
  it("counts the month and the quarter of today, both inclusive", () => {
    expect(periodRange(today, "month")).toEqual({ start: "2026-11-01", end: "2026-11-30" });
    expect(periodRange(today, "quarter")).toEqual({ start: "2026-10-01", end: "2026-12-31" });
    expect(periodRange("2024-02-10", "month").end).toBe("2024-02-29");
  });

  it("takes 走访要求 from the roster row, else from 设置 by tier; a month owes a third, rounded up", () => {
    expect(requiredVisits(cadre({ name: "甲" }), perQuarter, "quarter")).toBe(2);
    expect(requiredVisits(cadre({ name: "甲" }), perQuarter, "month")).toBe(1);
    expect(requiredVisits(cadre({ name: "乙", required: 6 }), perQuarter, "month")).toBe(2);
    expect(requiredVisits(cadre({ name: "丙", tier: "股级" }), perQuarter, "quarter")).toBe(1);
  });

  it("matches a visit by 干部编号 first, else by name within the unit — a namesake in another unit is someone else", () => {
    const wang = cadre({ name: "王伟", unit: "经棚镇" });
    const li = cadre({ name: "李明", unit: "同兴镇" });
    const visits = [
      visit({ date: "2026-11-02", cadre: "王伟", unit: "经棚镇" }),
      visit({ date: "2026-11-03", cadre: "王伟", unit: "同兴镇" }),
      visit({ date: "2026-11-04", cadre: "李明（改名前）", unit: "同兴镇", cadreId: li.id }),
    ];
    const { byCadre, unmatched } = matchVisitsToRoster([wang, li], visits);
    expect(byCadre.get(wang.id)?.map((v) => v.date)).toEqual(["2026-11-02"]);
    expect(byCadre.get(li.id)?.map((v) => v.date)).toEqual(["2026-11-04"]);
    expect(unmatched.map((v) => v.unit)).toEqual(["同兴镇"]);
  });

  it("lists exactly the active cadres short of their requirement, with contact points and last visit", () => {
    const met = cadre({ name: "达标", contactPoints: ["甲村"] });
    const short = cadre({ name: "差一次", contactPoints: ["乙村", "丙村"] });
    const never = cadre({ name: "从未走访", tier: "嘎查村社区干部" });
    const gone = cadre({ name: "已调离", active: false });
    const visits = [
      visit({ date: "2026-10-08", cadre: "达标" }),
      visit({ date: "2026-11-10", cadre: "达标" }),
      visit({ date: "2026-11-11", cadre: "差一次" }),
      visit({ date: "2026-09-30", cadre: "差一次" }), // last quarter
      visit({ date: "2026-12-01", cadre: "差一次" }), // after today: not made yet
    ];
    const input = { cadres: [met, short, never, gone], visits, perQuarter, today, period: "quarter" as const };
    const missing = uncoveredCadres(input);
    expect(missing.map((c) => c.name)).toEqual(["差一次", "从未走访"]);
    expect(missing[0]).toMatchObject({ visits: 1, required: 2, lastVisit: "2026-11-11", contactPoints: ["乙村", "丙村"], daysSince: 9 });
    expect(missing[1]).toMatchObject({ visits: 0, required: 1, lastVisit: null });
    expect(visitCoverage(input)).toEqual({ active: 3, met: 1, rate: 0.3333 });
    // In the month, one visit is enough for a 科级 cadre (2 a quarter → 1 a month).
    expect(visitCoverage({ ...input, period: "month" })).toEqual({ active: 3, met: 2, rate: 0.6667 });
  });

  it("never lets an unreadable visit date help a cadre meet the requirement", () => {
    const c = cadre({ name: "赵六", tier: "股级" });
    const bad = visit({ date: "", cadre: "赵六", _bad: { date: { column: "日期", cell: "B2", value: "某天" } } });
    expect(cadreCoverage({ cadres: [c], visits: [bad], perQuarter, today, period: "quarter" })[0]?.met).toBe(false);
  });

  it("gives coverage per unit and none without active cadres", () => {
    const rows = coverageByUnit({
      cadres: [cadre({ name: "甲", unit: "经棚镇", tier: "股级" }), cadre({ name: "乙", unit: "同兴镇", tier: "股级" })],
      visits: [visit({ date: "2026-11-01", cadre: "甲", unit: "经棚镇" })],
      perQuarter,
      today,
      period: "quarter",
    });
    expect(rows).toEqual(
      expect.arrayContaining([
        { unit: "经棚镇", active: 1, met: 1, rate: 1 },
        { unit: "同兴镇", active: 1, met: 0, rate: 0 },
      ]),
    );
    expect(visitCoverage({ cadres: [], visits: [], perQuarter, today, period: "month" }).rate).toBeNull();
  });

  it("puts coverage in the summary's figures only when there is a roster", () => {
    expect(summarize(dataset(), { today }).figures.coverage).toBeNull();
    const s = summarize(dataset({ cadres: [cadre({ name: "王伟", tier: "股级" })], visits: [visit({ date: "2026-11-02" })] }), { today });
    expect(s.figures.coverage?.quarter).toMatchObject({ active: 1, met: 1, rate: 1, start: "2026-10-01" });
  });
});

describe("meetings followed through", () => {
  it("counts 实开 to date against 应开 from 设置", () => {
    const meetings = [
      meeting({ date: "2026-03-01", kind: "专题常委会" }),
      meeting({ date: "2026-11-30", kind: "专题常委会" }), // after today
      meeting({ date: "2025-12-01", kind: "专题常委会" }),
    ];
    const rows = meetingsHeldVsRequired(meetings, { 专题常委会: 4 }, 2026, today);
    expect(rows.find((r) => r.kind === "专题常委会")).toEqual({ kind: "专题常委会", required: 4, held: 1 });
    expect(rows.find((r) => r.kind === "其他")?.required).toBeNull();
  });

  it("states each assigned task: done, overdue with its days, open, or not in the task table", () => {
    const done = task({ id: "T-1", due: "2026-05-01", status: "已完成" });
    const late = task({ id: "T-2", due: "2026-11-10" });
    const open = task({ id: "T-3", due: "2026-12-10" });
    const result = meetingFollowThrough({ taskIds: ["T-1", "T-2", "T-3", "T-9"] }, [done, late, open], today);
    expect(result.tasks.map((t) => [t.id, t.state, t.daysOverdue])).toEqual([
      ["T-1", "done", null],
      ["T-2", "overdue", 10],
      ["T-3", "open", null],
      ["T-9", "missing", null],
    ]);
    expect(result).toMatchObject({ total: 4, done: 1, overdue: 1 });
  });
});

describe("openRectifications", () => {
  const row = (fields: Partial<Score>): Score => ({ id: `KH-${++n}`, year: 2026, unit: "经棚镇", method: "日常督查", score: 80, _row: 2, ...fields });

  it("keeps 考核 rows with deductions not yet 已整改, overdue first by days past 整改时限", () => {
    const rows = [
      row({ id: "A", deductions: "台账不全", fixDue: "2026-11-15", fixStatus: "整改中" }),
      row({ id: "B", deductions: "会议记录缺失", fixDue: "2026-10-01", fixStatus: "未整改" }),
      row({ id: "C", deductions: "已改", fixDue: "2026-09-01", fixStatus: "已整改" }),
      row({ id: "D" }), // no deduction
      row({ id: "E", deductions: "学习不到位", fixDue: "2026-12-31" }),
      row({ id: "F", deductions: "无时限" }),
    ];
    const list = openRectifications(rows, today);
    expect(list.map((r) => [r.id, r.daysOverdue])).toEqual([
      ["B", 50],
      ["A", 5],
      ["E", null],
      ["F", null],
    ]);
  });

  it("keeps a row open when its 整改状态 cannot be read", () => {
    const bad = row({ deductions: "x", fixStatus: "已整改", _bad: { fixStatus: { column: "整改状态", cell: "J2", value: "差不多" } } });
    expect(openRectifications([bad], today)).toHaveLength(1);
  });
});

describe("settings for coverage and meetings", () => {
  it("reads visit.perQuarter.{层级} and meeting.required.{类型}, and validates a value before it is stored", () => {
    const parsed = {
      rows: [
        { key: "visit.perQuarter.处级", value: "3", _row: 2 },
        { key: "meeting.required.专题常委会", value: "4", _row: 3 },
        { key: "visit.perQuarter.科级", value: "两次", _row: 4 },
      ],
      problems: [],
      usable: true,
    };
    const { settings: s, problems } = readSettings(parsed, "设置");
    expect(s.visitsPerQuarter.处级).toBe(3);
    expect(s.visitsPerQuarter.科级).toBe(DEFAULT_SETTINGS.visitsPerQuarter.科级);
    expect(s.meetingsRequired.专题常委会).toBe(4);
    expect(problems.map((p) => p.rowId)).toEqual(["visit.perQuarter.科级"]);
    expect(settingValueError("weight.拉练抽查", "二十")).toEqual({ expect: "number", min: 0, max: 100 });
    expect(settingValueError("weight.拉练抽查", "25")).toBeUndefined();
    expect(settings().meetingsRequired).toEqual({});
  });
});

describe("the 干部 tab in the workbook", () => {
  it("is optional; when present, a visit by someone not on it is a warning on 数据体检 and still counted", () => {
    const base = headerOnlyTabs();
    expect(parseWorkbook(workbook(Object.values(base))).problems).toEqual([]);
    const visits = tab("走访", [
      ["走访编号", "日期", "干部姓名", "所属单位", "联系点"],
      ["ZF-1", "2026-11-02", "王伟", "经棚镇", "前进村"],
      ["ZF-2", "2026-11-03", "李四", "经棚镇", "前进村"],
    ]);
    // Header two rows down under a title, columns in another order: found by name.
    const cadres = tab("干部", [
      ["2026年干部名册"],
      null,
      ["姓名", "干部编号", "所属单位", "干部层级", "联系点"],
      ["王伟", "GB-1", "经棚镇", "科级", "前进村、四合村"],
    ]);
    const dataset = parseWorkbook(workbook([...Object.values({ ...base, 走访: visits }), cadres]));
    expect(dataset.cadres).toMatchObject([{ id: "GB-1", name: "王伟", contactPoints: ["前进村", "四合村"] }]);
    expect(dataset.visits).toHaveLength(2);
    expect(dataset.problems.map((p) => [p.code, p.rowId, p.severity])).toEqual([["unknown-cadre", "ZF-2", "warning"]]);
  });
});
