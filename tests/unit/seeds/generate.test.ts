import { describe, expect, it } from "vitest";
import { TABS, type MeetingKind } from "@/lib/schema/tabs";
import type { RowInput, TabContent } from "@/lib/sheets/store";
import { generateSampleData, MEETING_TOTALS, VISIT_TOTALS } from "@/seeds/generate";
import { Random } from "@/seeds/random";

const LATE = { year: 2026, today: "2026-11-20" };
const EARLY = { year: 2026, today: "2026-02-10" };

function tab(tabs: TabContent[], key: string): RowInput[] {
  const found = tabs.find((t) => t.spec.key === key);
  if (!found) throw new Error(`no tab ${key}`);
  return found.rows;
}

const dateOf = (cell: RowInput[string] | undefined) => (cell && typeof cell === "object" && "date" in cell ? cell.date : undefined);
const sum = (rows: RowInput[], key: string) => rows.reduce((s, r) => s + Number(r[key] ?? 0), 0);

describe("generateSampleData", () => {
  it("gives the same data, byte for byte, for the same year and date", () => {
    const a = generateSampleData(LATE);
    const b = generateSampleData(LATE);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("gives different visits for a different date but the same people", () => {
    const late = generateSampleData(LATE);
    const early = generateSampleData(EARLY);
    expect(tab(early, "visits")).not.toEqual(tab(late, "visits"));
    expect(tab(early, "units")).toEqual(tab(late, "units"));
  });

  it("lays out one tab per spec in TABS order, audit empty, snapshots of earlier months, a title row above the tasks", () => {
    const tabs = generateSampleData(LATE);
    expect(tabs.map((t) => t.spec.key)).toEqual(TABS.map((t) => t.key));
    expect(tab(tabs, "audit")).toEqual([]);
    // One meeting snapshot on the 1st of each earlier month (Feb … Oct for 20 November), none of today's month.
    expect(tab(tabs, "snapshots").map((r) => dateOf(r.date))).toEqual(["02", "03", "04", "05", "06", "07", "08", "09", "10"].map((m) => `2026-${m}-01`));
    expect(tabs.find((t) => t.spec.key === "tasks")?.titleRows).toEqual(["2026年度党建工作任务分工台账"]);
    expect(tabs.find((t) => t.spec.key === "users")?.protect).toBe(true);
  });

  it("writes only columns the tabs have, and every row has a unique ID", () => {
    for (const t of generateSampleData(LATE)) {
      const keys = new Set(Object.keys(t.spec.columns));
      for (const row of t.rows) for (const k of Object.keys(row)) expect(keys.has(k), `${t.spec.title}.${k}`).toBe(true);
      const ids = t.rows.map((r) => r[t.spec.idColumn]);
      expect(new Set(ids).size, t.spec.title).toBe(ids.length);
    }
  });

  it.each([LATE, EARLY, { year: 2026, today: "2026-01-01" }, { year: 2025, today: "2026-03-01" }])(
    "reproduces the article's visit totals for $year as of $today, none after today",
    ({ year, today }) => {
      const visits = tab(generateSampleData({ year, today }), "visits");
      expect(visits).toHaveLength(VISIT_TOTALS.visits);
      expect(sum(visits, "suggestions")).toBe(VISIT_TOTALS.suggestions);
      expect(sum(visits, "solved")).toBe(VISIT_TOTALS.solved);
      for (const v of visits) {
        const date = dateOf(v.date)!;
        expect(date >= `${year}-01-01` && date <= today && date <= `${year}-12-31`, `${String(v.id)} ${date}`).toBe(true);
        expect(Number(v.solved)).toBeLessThanOrEqual(Number(v.suggestions));
      }
    },
  );

  it.each([LATE, EARLY])("holds the article's meetings 3 / 2 / 2, dated by $today", ({ year, today }) => {
    const meetings = tab(generateSampleData({ year, today }), "meetings");
    const count = (kind: MeetingKind) => meetings.filter((m) => m.kind === kind).length;
    expect({ 专题常委会: count("专题常委会"), 领导小组工作例会: count("领导小组工作例会"), 办公室协调推进会: count("办公室协调推进会") }).toEqual(
      MEETING_TOTALS,
    );
    for (const m of meetings) expect(dateOf(m.date)! <= today).toBe(true);
  });

  it("spreads a full year's visits over every month, fewer around the Spring Festival", () => {
    const visits = tab(generateSampleData({ year: 2025, today: "2025-12-31" }), "visits");
    const byMonth = Array.from({ length: 12 }, (_, i) => visits.filter((v) => Number(dateOf(v.date)!.slice(5, 7)) === i + 1).length);
    expect(byMonth.every((n) => n > 0)).toBe(true);
    expect(byMonth[1]!).toBeLessThan(Math.min(...byMonth.slice(2)));
  });

  it("names every unit the other tabs mention in the 单位 tab", () => {
    const tabs = generateSampleData(LATE);
    const units = new Set(tab(tabs, "units").map((u) => u.name));
    const mentioned = [
      ...tab(tabs, "tasks").flatMap((t) => [
        t.leadUnit,
        ...String(t.partnerUnits ?? "")
          .split("、")
          .filter(Boolean),
      ]),
      ...tab(tabs, "visits").map((v) => v.unit),
      ...tab(tabs, "scores").map((s) => s.unit),
      ...tab(tabs, "accountability").map((a) => a.unit),
      ...tab(tabs, "users")
        .map((u) => u.unit)
        .filter((u) => u !== undefined),
    ];
    expect(mentioned.filter((u) => !units.has(u))).toEqual([]);
    expect(units.size).toBe(30);
  });

  it("has the 15 grassroots units of 克什克腾旗 and a demo user for every role", () => {
    const tabs = generateSampleData(LATE);
    const kinds = tab(tabs, "units").map((u) => u.kind);
    expect(kinds.filter((k) => k === "镇")).toHaveLength(7);
    expect(kinds.filter((k) => k === "乡")).toHaveLength(2);
    expect(kinds.filter((k) => k === "苏木")).toHaveLength(4);
    expect(kinds.filter((k) => k === "街道")).toHaveLength(2);
    const users = tab(tabs, "users");
    expect(users.filter((u) => ["admin", "leader", "unit", "viewer"].includes(String(u.login))).map((u) => [u.login, u.role, u.unit ?? null])).toEqual([
      ["admin", "管理员", "旗委组织部"],
      ["leader", "领导", null],
      ["unit", "单位", "经棚镇"],
      ["viewer", "查看", "旗委办公室"],
    ]);
    expect(users.some((u) => u.active === "否")).toBe(true);
    expect(users.map((u) => u.name)).toEqual(expect.arrayContaining(["巴图", "乌日娜"]));
  });

  it("refers meetings and accountability records to tasks that exist", () => {
    const tabs = generateSampleData(LATE);
    const taskIds = new Set(tab(tabs, "tasks").map((t) => t.id));
    const refs = [
      ...tab(tabs, "meetings").flatMap((m) => String(m.taskIds).split("、")),
      ...tab(tabs, "accountability").flatMap((a) => (a.taskId ? [a.taskId] : [])),
    ];
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((id) => !taskIds.has(id))).toEqual([]);
  });

  it("refuses a today before the year begins", () => {
    expect(() => generateSampleData({ year: 2026, today: "2025-12-31" })).toThrow(RangeError);
    expect(() => generateSampleData({ year: 2026, today: "2026-02-30" })).toThrow(RangeError);
  });
});

describe("Random", () => {
  it("is a pure function of its seed", () => {
    const draw = (seed: string) => {
      const r = new Random(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw("a")).toEqual(draw("a"));
    expect(draw("a")).not.toEqual(draw("b"));
    expect(draw("a").every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("gives the snapshots figures as the app computes them, so the overview shows 环比 at once", () => {
    const tabs = generateSampleData(LATE);
    const snapshots = tab(tabs, "snapshots").map(
      (r) =>
        JSON.parse(String(r.figures)) as {
          year: number;
          figures: { tasks: { done: number; donePercent: number }; visits: { count: number } };
          units: Record<string, unknown>;
        },
    );
    expect(snapshots.every((s) => s.year === 2026)).toBe(true);
    // Figures grow month by month: done tasks and visits never go down.
    for (let i = 1; i < snapshots.length; i += 1) {
      expect(snapshots[i]!.figures.tasks.done).toBeGreaterThanOrEqual(snapshots[i - 1]!.figures.tasks.done);
      expect(snapshots[i]!.figures.visits.count).toBeGreaterThanOrEqual(snapshots[i - 1]!.figures.visits.count);
    }
    expect(snapshots.at(-1)!.figures.visits.count).toBeLessThan(584);
    expect(Object.keys(snapshots[0]!.units)).toContain("经棚镇");
    // In February there is no earlier month worth a snapshot (1 January has no figures yet).
    expect(tab(generateSampleData(EARLY), "snapshots")).toEqual([]);
  });
});
